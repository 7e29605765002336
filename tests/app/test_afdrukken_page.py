"""AppTest of the Afdrukken page: options, a PNG preview and a PDF download."""

from __future__ import annotations

import pytest

from tests.app.conftest import open_page


@pytest.fixture
def app(demo_env):
    return open_page("afdrukken")


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_page_shows_options(app):
    assert app.title[0].value == "Kaart afdrukken"
    assert app.radio(key="print_paper").options == ["A4", "A3"]
    assert app.radio(key="print_orientation").options == ["Staand", "Liggend"]
    assert len(app.selectbox(key="print_buurt").options) == 10
    assert app.selectbox(key="print_buurt").options[0] == "Alle buurten"
    assert len(app.multiselect(key="print_layers").value) == 4
    assert app.text_input(key="print_map_title").value == "Wat heeft de buurt?"


def test_make_print_gives_preview_and_pdf(app):
    app.radio(key="print_paper").set_value("A3")
    app.radio(key="print_orientation").set_value("landscape")
    app.selectbox(key="print_buurt").select("BU99990104")
    app.text_input(key="print_map_title").input("Spoorkwartier op papier")
    _button(app, "Maak de afdruk").click().run()
    assert not app.exception, app.exception
    assert not app.error
    result = app.session_state["print_result"]
    assert result["pdf"].startswith(b"%PDF")
    assert result["preview"].startswith(b"\x89PNG")
    assert result["opts"]["buurt"] == "BU99990104" and result["opts"]["paper"] == "A3"
    from io import BytesIO

    from pypdf import PdfReader

    page = PdfReader(BytesIO(result["pdf"])).pages[0]
    assert float(page.mediabox.width) == pytest.approx(1190.55, abs=0.5)
    assert "Spoorkwartier op papier" in page.extract_text()
    assert len(app.get("image")) == 1
    (dl,) = app.get("download_button")
    assert dl.label == "Download PDF"


def test_no_layers_warns(app):
    app.multiselect(key="print_layers").set_value([])
    _button(app, "Maak de afdruk").click().run()
    assert not app.exception
    assert "Kies minstens één laag." in app.warning[0].value


def _english_everywhere(monkeypatch) -> None:
    """English for every ``lang()`` of the UI, also where AppTest formats the radio labels
    outside the script run (where the session's language is not known). Every ui module is
    imported first and patched too, and monkeypatch puts all of them back: a module imported
    while only ``ui.i18n.lang`` was patched would keep the English function for the rest of
    the test process (that made later tests on the same worker English)."""
    import importlib
    import pkgutil

    import ui
    import ui.i18n

    real = ui.i18n.lang
    mods = [importlib.import_module(f"ui.{m.name}") for m in pkgutil.iter_modules(ui.__path__)]
    for mod in [ui.i18n, *mods]:
        if getattr(mod, "lang", None) is real:
            monkeypatch.setattr(mod, "lang", lambda: "en")


def test_print_in_english_mode_is_english(demo_env, monkeypatch):
    """Issue #18 item 1: in English mode the print is English (legend, list, footer)."""
    from io import BytesIO

    from pypdf import PdfReader

    _english_everywhere(monkeypatch)
    app = open_page("afdrukken")
    assert app.title[0].value == "Print a map"
    _button(app, "Make the print").click().run()
    assert not app.exception, app.exception
    text = " ".join(p.extract_text() for p in
                    PdfReader(BytesIO(app.session_state["print_result"]["pdf"])).pages)
    assert "Meeting places" in text and "Legend" in text and "No contact details" in text
    assert "Ontmoetingsplekken" not in text and "Legenda" not in text
