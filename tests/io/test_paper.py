"""Rows from paper worksheets: the cells they fill, kinds, the per-row report, storage."""

from __future__ import annotations

import pytest

from assetmap import cli, paper_grid, schema
from assetmap.io import paper
from assetmap.store import GpkgStore
from tests.io.conftest import snapshot, write


def _every_row(grid: paper_grid.PaperGrid, kinds: list[str]) -> str:
    """A paper spreadsheet with one row per cell of ``grid``, kinds in turn."""
    lines = ["cel;soort;naam;omschrijving"]
    for k, cell in enumerate(grid.labels()):
        kind = kinds[k % len(kinds)]
        written = cell.lower() if k % 3 == 0 else (f"{cell[0]} {cell[1:]}" if k % 3 == 1
                                                   else cell)
        lines.append(f"{written};{kind};Plek {cell};Gezien op papier")
    return "\n".join(lines) + "\n"


def test_every_cell_filled_lies_in_its_polygon_of_grid_geojson(demo_path, tmp_path, capsys):
    grid_file = tmp_path / "grid.geojson"
    assert cli.main(["print", str(demo_path), "--worksheet", "--out", str(tmp_path / "w.pdf"),
                     "--grid", str(grid_file)]) == 0
    assert "raster van 10 x 12 hokjes van 250 m"  # nine buurten in capsys.readouterr().out
    cells = paper_grid.read_cells(grid_file).set_index("cell")
    with GpkgStore(demo_path) as s:
        grid = paper_grid.stored_grid(s)
    rows = write(tmp_path / "rijen.csv", _every_row(grid, [
        "ontmoetingsplek", "Talenten", "vereniging", "ONDERNEMERS", "ont", "ver"]),
        encoding="cp1252")
    assert cli.main(["import-paper", str(demo_path), str(rows), "--grid", str(grid_file),
                     "--status", "approved", "--sheet", "Tafel 1"]) == 0
    out = capsys.readouterr().out
    with GpkgStore(demo_path) as s:
        b = s.buurten().set_index("code")
        stored = {layer: s.read(layer) for layer in schema.ASSET_LAYERS}
    # talents sit in their buurt: cells that touch no buurt are reported, the rest stored
    talent_cells = [c for k, c in enumerate(grid.labels()) if k % 6 == 1]
    lost = [c for c in talent_cells if not b.intersects(cells.geometry[c]).any()]
    assert f"{120 - len(lost)} geïmporteerd, {len(lost)} afgewezen (van 120 rijen)" in out
    checked = 0
    for layer, g in stored.items():
        g = g[g["source"] == "paper"]
        assert set(g["created_by"]) == {"papier:tafel-1"} and set(g["status"]) == {"approved"}
        for _, row in g.iterrows():
            cell = row["source_ref"].split(":")[1]
            assert row["name"] == f"Plek {cell}" or row["display_name"] == f"Plek {cell}"
            poly = cells.geometry[cell]
            if layer == "talents":  # at the buurt of the cell, which holds its centre or most
                buurt = b.geometry[row["buurt_code"]]
                assert buurt.intersects(poly)
                assert row.geometry.distance(buurt.representative_point()) < 1e-6
            else:
                assert poly.contains(row.geometry), (layer, cell)
            checked += 1
    assert checked == 120 - len(lost)


def test_kinds_in_plain_dutch(monkeypatch):
    for word, layer in [("ontmoetingsplek", "meeting_places"), ("Ontmoetingsplekken",
                        "meeting_places"), ("TALENT", "talents"), ("talenten", "talents"),
                        ("vereniging", "associations"), ("Verenigingen", "associations"),
                        ("ondernemer", "entrepreneurs"), ("ondernemers", "entrepreneurs"),
                        ("ont", "meeting_places"), ("ond", "entrepreneurs"),
                        ("meeting_places", "meeting_places")]:
        assert paper.parse_kind(word) == layer, word
    for word in ("", "on", "kroeg", "o"):
        assert paper.parse_kind(word) is None, word
    if "wishes" not in schema.LAYERS:  # wens is a kind once the wishes layer exists
        assert paper.parse_kind("wens") is None and "wens" not in paper.kinds()
        monkeypatch.setitem(schema.LAYERS, "wishes", schema.LAYERS["talents"])
    assert paper.parse_kind("Wensen") == "wishes" and paper.parse_kind("wen") == "wishes"


def test_report_per_row_good_rows_stored_together(testdam, tmp_path):
    grid, _ = paper_grid.project_grid(testdam)
    csv = ("\ufeffCel,Soort,Naam,Omschrijving\n"
           "B2,ontmoetingsplek,Bankje,Zitten\n"
           "Q99,vereniging,Ver weg,\n"
           "B3,kroeg,Café,\n"
           "B4,ondernemer,,\n"
           "C2,talent,Anna,Taarten bakken\n"
           "C3,ondernemer,=HYPERLINK(\"x\"),\n"
           ",,,\n")
    rep = paper.import_paper(testdam, write(tmp_path / "r.csv", csv), grid.cells(),
                             status="pending", sheet="Tafel 2")
    assert rep.summary() == "2 geïmporteerd, 4 afgewezen (van 6 rijen)"
    reasons = {p.row: p.reason for p in rep.rejected}
    assert "Cel: 'Q99' staat niet op het raster" in reasons[3]
    assert "Soort: 'kroeg' kennen we niet. Kies uit: ontmoetingsplek" in reasons[4]
    assert reasons[5].startswith("Naam: leeg")
    assert "spreadsheetformule" in reasons[7]
    assert rep.backup is not None
    g = testdam.read("meeting_places")
    assert list(g["name"]) == ["Bankje"] and list(g["source"]) == ["paper"]
    assert list(g["status"]) == ["pending"] and list(g["created_by"]) == ["papier:tafel-2"]
    # the same file again: its rows are known, nothing is added twice
    again = paper.import_paper(testdam, tmp_path / "r.csv", grid.cells(), sheet="Tafel 2")
    assert again.imported == 0 and again.duplicates == 2


def test_all_or_nothing_when_storing_fails(testdam):
    import pandas as pd

    cells = paper_grid.project_grid(testdam)[0].cells()
    df = pd.DataFrame({"cel": ["B2", "C2", "B3"], "soort": ["ontmoetingsplek", "talent",
                                                            "ondernemer"],
                       "naam": ["Plein", "Ali", "Bakker"], "omschrijving": ["", "Fietsen", ""]})
    placer = paper_grid.CellPlacer(cells, testdam.buurten())
    batch = paper.prepare(df, placer, area=testdam.area(), sheet="blad")
    assert len(batch.rows) == 3
    before = snapshot(testdam)
    batch.rows[-1].record["geometry"] = "geen punt"  # the last group fails inside the write
    with pytest.raises(Exception):  # noqa: B017 - whatever the store raises
        paper.write(testdam, batch, backup=False)
    assert snapshot(testdam) == before  # the first groups were rolled back too
    with pytest.raises(Exception, match="approved"):
        paper.write(testdam, batch, status="hidden")


def test_cli_nothing_imported_and_no_grid(project, tmp_path, capsys):
    rows = write(tmp_path / "r.csv", "cel;soort;naam;omschrijving\nA1;talent;;\n")
    assert cli.main(["import-paper", str(project.path), str(rows)]) == 2
    err = capsys.readouterr().err
    assert "nog geen raster" in err and err.count("\n") == 1
    paper_grid.project_grid(project)
    assert cli.main(["import-paper", str(project.path), str(rows)]) == 2
    out, err = capsys.readouterr()
    assert "Naam: leeg" in out
    assert err.strip() == "fout: niets geïmporteerd (zie de redenen hierboven)"
    assert cli.main(["import-paper", str(project.path), str(tmp_path / "weg.csv")]) == 2
    err = capsys.readouterr().err
    assert "weg.csv" in err and err.count("\n") == 1
