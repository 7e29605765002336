"""AppTest of the Kaart page: it opens the project from ASSETMAP_PROJECT and shows it."""

from __future__ import annotations

import pytest

from tests.app.conftest import open_page
from tests.conftest import ROOT


@pytest.fixture
def app(demo_env):
    return open_page()


def test_kaart_page_shows_project(app, demo_path):
    assert app.title[0].value == "Wat heeft de buurt?"
    sidebar = " ".join(c.value for c in app.sidebar.caption)
    assert demo_path.name in sidebar
    assert app.selectbox(key="kaart_buurt").options[0] == "Alle buurten"
    assert len(app.selectbox(key="kaart_buurt").options) == 10


def test_filter_by_buurt_and_search(app):
    app.selectbox(key="kaart_buurt").select("BU99990104").run()
    assert not app.exception
    app.text_input(key="kaart_search").input("bakkerij").run()
    assert not app.exception


def _counts(app) -> dict[str, list[str]]:
    """The counts table of the Kaart page: buurt name -> its cells, from the HTML table."""
    import re

    html = next(h.proto.body for h in app.html if "am-scroll" in h.proto.body)
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', html)
    return {name: re.findall(r"<td>(.*?)</td>", cells) for name, cells in rows}


def test_counts_table(app):
    # an HTML table a screen reader reads (st.dataframe is a canvas); columns: Inwoners, then
    # Ontmoetingsplekken, Talenten, Verenigingen, Lokale ondernemers, Wensen en signalen
    counts = _counts(app)
    assert len(counts) == 9
    assert counts["Oude Kern"][0] == "3&#46;180"  # 3.180 (the "." as an entity)
    assert counts["De Akkers"][0] == "onbekend"
    assert counts["De Akkers"][1] == "0"
    assert counts["Spoorkwartier"][3] == "0"
    assert counts["Spoorkwartier"][2] == "9"
    assert counts["De Akkers"][2] == "&lt;3"  # one talent: hidden below 3


def test_counts_table_gives_no_private_talent_away(app):
    """Oude Kern has 5 public talents on the map and 1 private one: the table says 5, as the
    map's tooltip does (a 6 next to 5 points would tell that one person there is private)."""
    assert _counts(app)["Oude Kern"][2] == "5"
    assert _counts(app)["Parkzoom"][2] == "3"


def test_language_switch(app):
    app.sidebar.radio[0].set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "What does the neighbourhood have?"


def test_missing_project_shows_dutch_error(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSETMAP_PROJECT", str(tmp_path / "weg.gpkg"))
    monkeypatch.chdir(ROOT)
    at = open_page()
    assert "kan niet worden geopend" in at.error[0].value
