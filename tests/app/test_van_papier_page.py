"""AppTest of Van papier: a facilitator types three rows of a worksheet and saves them."""

from __future__ import annotations

from assetmap import paper_grid
from assetmap.store import GpkgStore
from tests.app.conftest import login, open_page

ROWS = {  # what the facilitator types (row position -> column -> text)
    0: {"cel": "c4", "soort": "Ontmoetingsplek", "naam": "Bankje bij de vijver",
        "omschrijving": "Hier zitten ouderen in de zon"},
    1: {"cel": "G7", "soort": "tal", "naam": "Mira", "omschrijving": "Kleding naaien"},
    2: {"cel": "B 2", "soort": "verenigingen", "naam": "Jeu de boules Molenbuurt"},
}


def test_only_for_facilitators(demo_env):
    at = open_page("van_papier")
    assert at.title[0].value == "Van papier: werkbladen intypen"
    assert "alleen voor opbouwwerkers" in at.info[0].value
    assert len(at.data_editor) == 0


def test_type_three_rows_and_save(demo_env):
    at = login(open_page("van_papier"))
    (editor,) = at.data_editor
    assert editor.editing_mode == "dynamic" and list(editor.value.columns) == [
        "cel", "soort", "naam", "omschrijving"]
    at.text_input(key="paper_sheet").input("Tafel 3")
    at.radio(key="paper_status").set_value("approved")
    at.session_state["paper_rows_0"] = {"edited_rows": ROWS, "added_rows": [],
                                        "deleted_rows": []}
    at.button(key="paper_check").click().run()  # "Toon op de kaart": the cells on the map
    assert not at.exception, at.exception
    assert "3 cellen gekleurd." in [c.value for c in at.caption]
    assert "Alle rijen zijn goed." in [c.value for c in at.caption]
    save = at.button(key="paper_save")
    assert save.label == "Sla de goede rijen op"
    save.click().run()
    assert not at.exception, at.exception
    assert "3 geïmporteerd, 0 afgewezen (van 3 rijen)" in at.success[0].value
    assert at.session_state["paper_gen"] == 1  # a new, empty editor for the next sheet

    with GpkgStore(demo_env) as store:
        cells = paper_grid.project_grid(store, save=False)[0].cells().set_index("cell")
        got = {}
        for layer in ("meeting_places", "talents", "associations"):
            g = store.read(layer)
            got[layer] = g[g["source"] == "paper"]
        assert [len(g) for g in got.values()] == [1, 1, 1]
        for g in got.values():  # one contributor per sheet: papier:<evening code>-<sheet>
            (who,) = set(g["created_by"])
            assert who.startswith("papier:") and who.endswith("-tafel-3")
            assert set(g["status"]) == {"approved"} and g["evening_id"].notna().all()
        place, club = got["meeting_places"].iloc[0], got["associations"].iloc[0]
        assert place["name"] == "Bankje bij de vijver" and place["source_ref"].startswith(
            "papier:C4:")
        assert cells.geometry["C4"].contains(place.geometry)
        assert cells.geometry["B2"].contains(club.geometry)
        talent = got["talents"].iloc[0]
        assert talent["display_name"] == "Mira" and talent["name"] == "Kleding naaien"
        # a talent sits at its buurt's representative point: the buurt of the cell's centre
        buurt = store.buurten().set_index("code").geometry[talent["buurt_code"]]
        assert buurt.contains(cells.geometry["G7"].centroid)
        assert talent.geometry.distance(buurt.representative_point()) < 1e-6
        assert len({g["created_by"].iloc[0] for g in got.values()}) == 1  # one sheet


def test_bad_rows_are_listed_and_not_saved(demo_env):
    at = login(open_page("van_papier"))
    at.session_state["paper_rows_0"] = {"edited_rows": {
        0: {"cel": "Z99", "soort": "ontmoetingsplek", "naam": "Ver weg"},
        1: {"cel": "C4", "soort": "kroeg", "naam": "Café"},
        2: {"cel": "C4", "soort": "ondernemer", "naam": ""}}, "added_rows": [],
        "deleted_rows": []}
    at.button(key="paper_check").click().run()
    assert not at.exception, at.exception
    assert "3 rijen kunnen nog niet worden opgeslagen:" in at.warning[0].value
    (table,) = [d for d in at.dataframe if d.editing_mode == "read_only"]
    reasons = list(table.value["Waarom niet geïmporteerd"])
    assert "Cel: 'Z99' staat niet op het raster" in reasons[0]
    assert "Soort: 'kroeg' kennen we niet" in reasons[1]
    assert "Naam: leeg" in reasons[2]
    at.button(key="paper_save").click().run()  # nothing good to save: nothing stored
    assert "0 geïmporteerd, 3 afgewezen (van 3 rijen)" in at.warning[0].value
    with GpkgStore(demo_env) as store:
        assert not any((store.read(layer)["source"] == "paper").any()
                       for layer in ("meeting_places", "entrepreneurs"))
