"""The worksheet: grid labels as real text in the margins, the table, the evening's QR code,
and a layout where every cell is a square and nothing overlaps."""

from __future__ import annotations

import time

import pytest
from pypdf import PdfReader

from assetmap.cli import main
from assetmap.paper_grid import PaperGrid, stored_grid
from assetmap.printing.layout import PT_PER_MM
from assetmap.printing.worksheet import HEADERS, SheetStyle, plan_sheet
from assetmap.store import GpkgStore


def _words(pdf) -> list[tuple[str, float, float]]:
    """Every piece of text on page 1 with where it starts (mm from the lower left)."""
    out: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            out.append((text.strip(), x / PT_PER_MM, y / PT_PER_MM))

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return out


# the demo wijk (nine buurten) is about as tall as wide: the sheet turns landscape so that
# the table fits beside the map
@pytest.mark.parametrize(("paper", "width_pt"), [("A4", 841.9), ("A3", 1190.6)])
def test_grid_labels_are_text_in_the_margins(demo_path, tmp_path, capsys, paper, width_pt):
    out = tmp_path / f"werkblad-{paper}.pdf"
    t0 = time.perf_counter()
    assert main(["print", str(demo_path), "--worksheet", "--paper", paper, "--qr",
                 "http://192.168.1.20:8501/", "--out", str(out)]) == 0
    seconds = time.perf_counter() - t0
    assert "Werkblad geschreven" in capsys.readouterr().out
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(width_pt, abs=0.5)
    with GpkgStore(demo_path) as s:
        grid = stored_grid(s)  # the print kept its grid with the project
        code = s.evenings()["join_code"].iloc[0]  # the open evening of the demo
    assert (grid.cols, grid.rows) == (10, 12)
    words = _words(out)
    found = {w for w, _, _ in words}
    letters = [chr(ord("A") + i) for i in range(grid.cols)]
    numbers = [str(i) for i in range(1, grid.rows + 1)]
    assert set(letters) <= found and set(numbers) <= found
    assert set(HEADERS) <= found and {"C4", "J12"} <= found
    # the letters stand above and below the map, the numbers left and right of it, in a row
    cells = [(w, x, y) for w, x, y in words if w in {"A1", "J12"}]
    (x_a1, y_a1), (x_j8, y_j8) = [(x, y) for w, x, y in sorted(cells)]
    tops = [(x, y) for w, x, y in words if w in letters and y > y_a1]
    lefts = [(x, y) for w, x, y in words if w in numbers and x < x_a1]
    assert len(tops) == grid.cols and len(lefts) == grid.rows
    ones = [(x, y) for w, x, y in words if w in numbers and len(w) == 1 and x < x_a1]
    assert len({round(y) for _, y in tops}) == 1 and len({round(x) for x, _ in ones}) == 1
    assert [x for x, _ in tops] == sorted(x for x, _ in tops)
    text = reader.pages[0].extract_text()
    assert f"code {code}" in text and f"avond={code}" in text and "Zo vul je het in" in text
    assert b"/Subtype /Image" in out.read_bytes()  # the QR code
    if paper == "A3":
        print(f"\nworksheet A3 PDF: {seconds:.2f} s (CLI in-process, with the project read)")


def test_worksheet_png_and_grid_file(demo_path, tmp_path, capsys):
    from PIL import Image

    assert main(["print", str(demo_path), "--worksheet", "--dpi", "40", "--out",
                 str(tmp_path / "w.png"), "--grid", str(tmp_path / "grid.geojson"),
                 "--orientation", "landscape"]) == 0
    out = capsys.readouterr().out
    assert "Zonder QR-code" in out and "Raster geschreven" in out
    with Image.open(tmp_path / "w.png") as im:
        assert im.size[0] > im.size[1]
    import json

    feats = json.loads((tmp_path / "grid.geojson").read_text())["features"]
    assert len(feats) == 120 and feats[0]["properties"]["cell"] == "A1"


@pytest.mark.parametrize(("args", "message"), [
    (["--evening", "ZZZZZZ"], "ZZZZZZ"),
    (["--buurt", "BU99990104"], "--buurt"),
    (["--paper", "A5"], "A5"),
])
def test_worksheet_bad_arguments_one_line_exit_2(demo_path, tmp_path, capsys, args, message):
    rc = main(["print", str(demo_path), "--worksheet", "--out", str(tmp_path / "x.pdf"), *args])
    err = capsys.readouterr().err
    assert rc == 2 and message in err and err.count("\n") == 1
    assert not (tmp_path / "x.pdf").exists()


def test_grid_and_evening_need_worksheet(demo_path, tmp_path, capsys):
    rc = main(["print", str(demo_path), "--grid", "g.geojson", "--out", str(tmp_path / "x.pdf")])
    assert rc == 2 and "--worksheet" in capsys.readouterr().err


@pytest.mark.parametrize("paper", ["A4", "A3"])
@pytest.mark.parametrize(("cols", "rows"), [(10, 8), (12, 4), (4, 12), (7, 7), (12, 1)])
def test_plan_square_cells_nothing_overlaps(paper, cols, rows):
    grid = PaperGrid(28992, 0, 0, 100, cols, rows)
    ss = SheetStyle.for_paper(paper)
    for orientation in (None, "portrait", "landscape"):
        plan = plan_sheet(grid, paper, orientation, info_below=70, info_beside=35)
        fr, c = plan.frame, plan.page.content
        assert fr.w / cols == pytest.approx(fr.h / rows)  # square cells
        assert plan.rows >= ss.min_rows
        with_bands = (fr.x0 - ss.band, fr.y0 - ss.band, fr.x1 + ss.band, fr.y1 + ss.band)
        for box in (with_bands, (plan.table.x0, plan.table.y0, plan.table.x1, plan.table.y1),
                    (plan.info.x0, plan.info.y0, plan.info.x1, plan.info.y1)):
            assert c.x0 - 1e-6 <= box[0] and box[2] <= c.x1 + 1e-6
            assert c.y0 - 1e-6 <= box[1] and box[3] <= c.y1 + 1e-6
        t = plan.table
        assert t.y1 <= with_bands[1] or t.x0 >= with_bands[2]  # below or beside the map
        assert plan.table.h >= (plan.rows + 1) * ss.row_mm
    # no orientation asked: the one with the larger cells
    auto = plan_sheet(grid, paper)
    sizes = [plan_sheet(grid, paper, o).cell_size(grid) for o in ("portrait", "landscape")]
    assert auto.cell_size(grid) == pytest.approx(max(sizes))


def test_wide_grid_prints_landscape_tall_grid_portrait():
    assert plan_sheet(PaperGrid(28992, 0, 0, 100, 12, 2), "A4").page.landscape
    assert not plan_sheet(PaperGrid(28992, 0, 0, 100, 4, 12), "A4").page.landscape


def test_worksheet_in_english(demo_path, tmp_path, capsys):
    """``print --worksheet --lang en``: the sheet's own words in English (issue #18 item 1);
    the kinds stay the Dutch words the import of typed sheets reads."""
    out = tmp_path / "worksheet.pdf"
    assert main(["print", str(demo_path), "--worksheet", "--lang", "en", "--out",
                 str(out)]) == 0
    said = capsys.readouterr().out
    assert "Worksheet written" in said and "QR code" in said
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    for en in ("Worksheet: what does the neighbourhood have?", "How to fill it in",
               "Find the place on the map", "number", "cell", "kind", "Street",
               "Neighbourhood boundary", "No contact details on paper"):
        assert en in text, en
    for nl in ("Zo vul je het in", "Zoek de plek", "Buurtgrens", "Straat"):
        assert nl not in text, nl


def test_worksheet_errors_in_english(demo_path):
    from assetmap.errors import NotFoundError
    from assetmap.printing.worksheet import find_evening

    with GpkgStore(demo_path) as s, pytest.raises(NotFoundError) as e:
        find_evening(s, "ZZZZ")
    assert e.value.text("nl") == "Geen themaavond met code 'ZZZZ' in dit project."
    assert e.value.text("en") == "No theme evening with code 'ZZZZ' in this project."
