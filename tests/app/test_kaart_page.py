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


def test_counts_table(app):
    df = app.dataframe[0].value
    assert list(df.index) == [f"BU9999010{i}" for i in range(1, 10)]
    assert df.loc["BU99990105", "Ontmoetingsplekken"] == 0
    assert df.loc["BU99990104", "Verenigingen"] == 0
    assert df.loc["BU99990104", "Talenten"] == "9"
    assert df.loc["BU99990105", "Talenten"] == "<3"  # one talent: hidden below 3


def test_language_switch(app):
    app.sidebar.radio[0].set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "What does the neighbourhood have?"


def test_missing_project_shows_dutch_error(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSETMAP_PROJECT", str(tmp_path / "weg.gpkg"))
    monkeypatch.chdir(ROOT)
    at = open_page()
    assert "kan niet worden geopend" in at.error[0].value
