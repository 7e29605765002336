"""AppTest of the Wijksafari page on the demo project (its streets are the network)."""

from __future__ import annotations

import pytest

from assetmap import routing
from assetmap.store import open_store
from tests.app.conftest import open_page
from tests.conftest import ROOT


@pytest.fixture
def app(demo_env):
    return open_page("wijksafari")


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_default_route_along_streets(app, demo_path):
    assert app.title[0].value == "Een wijksafari plannen"
    chosen = app.multiselect(key="safari_stops").value
    assert len(chosen) == 4
    assert not app.warning  # the demo has streets: no straight-line warning
    m = _metrics(app)
    assert m["Afstand"].endswith("km") and "," in m["Afstand"]
    # the page's figures are those of the planner on the same network
    with open_store(demo_path) as store:
        cands = routing.stop_candidates(store)
        net = routing.load_network(store)
    r = routing.plan_route(net, routing.stops_from_ids(cands, chosen), start=chosen[0])
    assert m["Afstand"] == f"{r.total_m / 1000:.2f} km".replace(".", ",")
    assert m["Lopen"] == routing.format_duration(r.walk_min)
    table = app.dataframe[0].value
    assert len(table) == 5 and table.iloc[0]["Plek"] == table.iloc[-1]["Plek"]


def test_more_stops_slower_pace_updates(app):
    before = _metrics(app)
    opts = app.multiselect(key="safari_stops").options
    app.multiselect(key="safari_stops").select(opts[10]).run()
    assert not app.exception
    after = _metrics(app)
    assert after["Afstand"] != before["Afstand"]
    app.radio(key="safari_pace").set_value("easy").run()
    slow = _metrics(app)
    assert slow["Afstand"] == after["Afstand"]
    assert slow["Lopen"] != after["Lopen"]


def test_manual_order_and_end(app):
    app.radio(key="safari_order").set_value("manual").run()
    assert not app.exception
    assert len(app.dataframe) == 2  # the numbering table and the schedule
    assert list(app.dataframe[0].value["Nr."]) == [1, 2, 3, 4]
    app.checkbox(key="safari_round").uncheck().run()
    assert not app.exception
    table = app.dataframe[-1].value
    assert len(table) == 4 and table.iloc[0]["Plek"] != table.iloc[-1]["Plek"]


def test_too_few_stops(app):
    first = app.multiselect(key="safari_stops").value[0]
    app.multiselect(key="safari_stops").set_value([first]).run()
    assert not app.exception
    assert "minstens twee" in app.info[0].value


def test_english(demo_env, monkeypatch):
    monkeypatch.setenv("ASSETMAP_LANG", "en")
    at = open_page("wijksafari")
    assert at.title[0].value == "Plan a walking tour"
    assert "Distance" in _metrics(at)


def test_click_on_the_map_adds_a_stop(app, demo_path):
    with open_store(demo_path) as store:
        cands = routing.stop_candidates(store)
    chosen = app.multiselect(key="safari_stops").value
    other = cands[~cands["id"].isin(chosen) & (cands["layer"] == "associations")].iloc[0]
    # what st_folium reports after a click on that marker (a few metres off: the marker icon)
    app.session_state["safari_map"] = {"last_object_clicked": {
        "lat": other.geometry.y + 0.00005, "lng": other.geometry.x}}
    app.run()
    assert not app.exception
    assert app.multiselect(key="safari_stops").value == [*chosen, other["id"]]
    assert len(app.dataframe[0].value) == 6
    app.run()  # the same click again does not add it twice
    assert len(app.multiselect(key="safari_stops").value) == 5


def test_route_card_and_downloads(app):
    labels = [b.label for b in app.get("download_button")]
    assert labels[:2] == ["Download GPX (voor een wandel-app)", "Download JSON"]
    app.button(key="safari_card").click().run()
    assert not app.exception
    labels = [b.label for b in app.get("download_button")]
    assert "Download de routekaart" in labels


def test_project_without_streets_warns_straight_lines(project, monkeypatch):
    from shapely.geometry import Point

    from assetmap.store import Actor

    for i, (x, y) in enumerate([(5.002, 52.002), (5.008, 52.008), (5.015, 52.004)]):
        project.add("meeting_places", {"name": f"Plek {i}", "kind": "overig",
                                       "geometry": Point(x, y)},
                    actor=Actor.system(), status="approved")
    monkeypatch.setenv("ASSETMAP_PROJECT", str(project.path))
    monkeypatch.chdir(ROOT)
    at = open_page("wijksafari")
    assert len(at.multiselect(key="safari_stops").value) == 3
    assert "rechte lijnen" in at.warning[0].value


def test_step_free_checkbox(app):
    before = _metrics(app)
    box = app.checkbox(key="safari_step_free")
    assert box.label == "Zonder trappen (rolstoel, rollator, kinderwagen)" and not box.value
    assert not app.caption or "toegankelijkheid" not in " ".join(c.value for c in app.caption)
    box.check().run()
    assert not app.exception and not app.error
    after = _metrics(app)
    assert after["Lopen"] == before["Lopen"]  # the demo streets have no steps; same tempo
    notes = [c.value for c in app.caption if "toegankelijkheid" in c.value]
    assert notes and "stukken zonder informatie over toegankelijkheid" in notes[0]
