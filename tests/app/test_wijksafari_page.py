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


# ---------------------------------------------------------------- saved routes
def _saved_list(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_facilitator_saves_changes_and_reopens_a_route(app, demo_path):
    from tests.app.conftest import login

    login(app)
    planned = _metrics(app)
    chosen = app.multiselect(key="safari_stops").value
    app.text_input(key="safari_save_name").input("Rondje <b>test</b>")
    app.button(key="saved_save_as").click().run()
    assert not app.exception and not app.error
    assert "is bewaard" in app.success[0].value
    assert "**Rondje \\<b\\>test\\</b\\>**" in _saved_list(app)  # in the list, as typed
    with open_store(demo_path) as store:
        (rec,) = store.routes().to_dict("records")
    assert rec["status"] == "approved" and rec["created_by"] == "opbouwwerker"
    assert rec["total_m"] / 1000 == pytest.approx(float(planned["Afstand"][:-3]
                                                        .replace(",", ".")), abs=0.006)
    # change the planner (fewer stops, easy pace), then open the saved route again
    app.multiselect(key="safari_stops").set_value(chosen[:2]).run()
    app.radio(key="safari_pace").set_value("easy").run()
    assert _metrics(app) != planned
    app.button(key=f"saved_open_{rec['id']}").click().run()
    assert not app.exception
    assert sorted(app.multiselect(key="safari_stops").value) == sorted(chosen)
    assert app.radio(key="safari_pace").value == "normal"
    assert _metrics(app) == planned
    assert "Rondje" in app.info[0].value  # 'you are looking at the saved route …'
    # save a change under the same name: still one route, now step-free
    app.checkbox(key="safari_step_free").check().run()
    app.button(key="saved_save").click().run()
    assert not app.exception and not app.error
    with open_store(demo_path) as store:
        (again,) = store.routes().to_dict("records")
    assert again["id"] == rec["id"] and again["step_free"] is True


def test_resident_at_an_evening_proposes_a_route(demo_env, demo_path):
    from assetmap.store import Actor

    with open_store(demo_path) as store:
        code = store.create_evening("Buurtavond", "2026-12-03", auto_approve=True,
                                    actor=Actor.system())["join_code"]
    at = open_page("wijksafari", query={"avond": code})
    assert "Bewaar als nieuwe route" not in [b.label for b in at.button]  # no facilitator
    at.text_input(key="saved_propose_name").input("De route van de bewoners")
    next(b for b in at.button if b.label == "Stel deze route voor").click().run()
    assert not at.exception and not at.error
    assert "wacht nu op een opbouwwerker" in at.success[0].value
    assert "wacht op goedkeuring" in _saved_list(at)  # the resident sees their own proposal
    with open_store(demo_path) as store:
        (rec,) = store.routes().to_dict("records")
    assert rec["status"] == "pending" and rec["evening_id"] is not None
    # someone else (no evening link) does not see it until a facilitator approves it
    other = open_page("wijksafari")
    assert "De route van de bewoners" not in _saved_list(other)
    assert "Bewaarde routes (0)" in [e.label for e in other.expander]
    from tests.app.conftest import login

    fac = login(open_page("wijksafari"))
    assert "wacht op goedkeuring" in _saved_list(fac)
    fac.button(key=f"saved_approve_{rec['id']}").click().run()
    assert not fac.exception and "is goedgekeurd" in fac.success[0].value
    assert "De route van de bewoners** · _door bewoners_" in _saved_list(open_page("wijksafari"))


def test_a_removed_stop_is_named_when_reopening(demo_env, demo_path):
    from assetmap import saved_routes
    from assetmap.store import Actor

    with open_store(demo_path) as store:
        cands = routing.stop_candidates(store)
        ids = cands[cands["layer"] == "meeting_places"]["id"].tolist()[:4]
        net = routing.load_network(store)
        route = routing.plan_route(net, routing.stops_from_ids(cands, ids))
        rec = saved_routes.save(store, "Langs de scholen", route, actor=Actor.system())
        store.delete("meeting_places", ids[2], actor=Actor.system())
    at = open_page("wijksafari")
    at.button(key=f"saved_open_{rec['id']}").click().run()
    assert not at.exception
    assert "1 stop bestaat niet meer" in at.warning[0].value
    assert sorted(at.multiselect(key="safari_stops").value) == sorted(
        i for i in ids if i != ids[2])
    assert len(at.dataframe[0].value) == 4  # three stops and back to the start


def test_chosen_stops_stay_visible_and_the_card_has_the_routes_title(app, monkeypatch):
    from assetmap import printing

    chosen = app.multiselect(key="safari_stops").value
    caption = [c.value for c in app.caption if c.value.startswith("Gekozen (")]
    assert caption and caption[0].startswith(f"Gekozen ({len(chosen)}): 1. ")
    assert caption[0].count(" · ") == len(chosen) - 1  # every chosen stop, in order
    titles = []
    real = printing.route_card

    def spy(route, out, *, title="Wijksafari", **kw):
        titles.append(title)
        return real(route, out, title=title, **kw)

    monkeypatch.setattr(printing, "route_card", spy)
    app.button(key="safari_card").click().run()
    assert not app.exception
    table = app.dataframe[0].value
    assert titles == [f"Wijksafari vanaf {table.iloc[0]['Plek']}"]  # not the page's title
