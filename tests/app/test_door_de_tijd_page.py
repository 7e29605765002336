"""AppTest of Door de tijd on the demo: two moments, sentences, map, charts, who was heard."""

from __future__ import annotations

import pytest

from tests.app.conftest import login, open_page


@pytest.fixture
def app(demo_env):
    return open_page("door_de_tijd")


def _text(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_first_evening_to_now(app):
    sel_from = app.selectbox(key="dt_from")
    assert sel_from.value == 0 and "ontmoeten in de wijk" in sel_from.format_func(0)
    assert app.selectbox(key="dt_to").format_func(app.selectbox(key="dt_to").value) == "Nu"
    text = _text(app)
    assert "Sinds de themaavond van 24 september kwamen er" in text
    assert "De Akkers heeft er nog steeds geen" in text
    # the northern row had no evening yet either
    assert ("In Parkzoom, De Akkers, Watertoren, Bleekveld, Nieuw Noord en Singelrand is nog "
            "bijna niemand gehoord") in text
    html = app.get("iframe")[0].proto.srcdoc if app.get("iframe") else ""
    assert html == "" or "ChangeLayer" not in html  # the map is a component, drawn below
    tables = [df.value for df in app.dataframe]
    counts, heard = tables[0], tables[1]
    mol = counts[(counts["Buurt"] == "Molenbuurt") & (counts["Laag"] == "Ontmoetingsplekken")]
    assert mol[["Toen", "Nu"]].iloc[0].tolist() == ["4", "4"]  # the pending one: not public
    akkers = heard[heard["Buurt"] == "De Akkers"].iloc[0]
    assert akkers["Stemmen"] == "<3" and akkers["Met telefoon"] == "<3"
    assert not app.toggle  # the private view is for workers only


def test_a_date_and_the_worker_view(app):
    app.selectbox(key="dt_from").set_value(len(app.selectbox(key="dt_from").options) - 1).run()
    assert not app.exception
    app.date_input(key="dt_from_date").set_value("2026-09-10").run()
    assert "Sinds 10 september kwamen er" in _text(app)
    app.switch_page("pages/themaavond.py").run()
    app.radio(key="ev_mode").set_value("manage").run()
    login(app)
    app.switch_page("pages/door_de_tijd.py").run()
    assert not app.exception
    app.toggle(key="dt_private").set_value(True).run()
    heard = app.dataframe[1].value
    assert heard[heard["Buurt"] == "De Akkers"].iloc[0]["Stemmen"] == "1"
