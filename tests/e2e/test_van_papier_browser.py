"""Van papier in a real browser, keyboard only: three rows of a worksheet typed into the data
editor (Tab, Enter, arrow keys), shown on the map, saved. Screenshot: test-artifacts/
van-papier.png (1280x900)."""

from __future__ import annotations

import shutil

import pytest

from assetmap import schema
from assetmap.store import GpkgStore
from tests.e2e.conftest import (
    ARTIFACTS,
    folium_frame,
    offline_context,
    screenshot_on_failure,
    start_app,
    stop_app,
)

pytestmark = pytest.mark.e2e
PASSWORD = "papier-wachtwoord"
ROWS = [("C4", "ont", "Bankje bij de vijver", "Zitten in de zon"),
        ("g7", "talent", "Mira", "Kleding naaien"),
        ("B 2", "verenigingen", "Jeu de boules", "Elke woensdag")]


@pytest.fixture(scope="module")
def paper_app(tmp_path_factory, demo_master):
    tmp = tmp_path_factory.mktemp("papier")
    project = tmp / "demo.gpkg"
    shutil.copyfile(demo_master, project)
    app = start_app(project, tmp, env_extra={"ASSETMAP_FACILITATOR_PASSWORD": PASSWORD})
    yield app
    stop_app(app)


def _idle(page) -> None:
    page.wait_for_timeout(300)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=60_000)


def _focused(page) -> dict:
    return page.evaluate("() => ({tag: document.activeElement.tagName, "
                         "id: document.activeElement.getAttribute('data-testid') || '', "
                         "text: (document.activeElement.innerText || '').trim()})")


def _tab_to(page, test: callable, limit: int = 20) -> None:
    for _ in range(limit):
        if test(_focused(page)):
            return
        page.keyboard.press("Tab")
        page.wait_for_timeout(80)
    raise AssertionError(f"Tab never reached the target; focus on {_focused(page)}")


def test_type_a_worksheet_with_the_keyboard(paper_app, browser):
    ctx = offline_context(browser, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    try:
        page.goto(paper_app.url + "/van_papier", wait_until="domcontentloaded")
        pw = page.get_by_label("Wachtwoord")
        pw.wait_for(timeout=60_000)
        pw.focus()  # from here on only the keyboard
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        sheet = page.get_by_placeholder("bijvoorbeeld: tafel 3")
        sheet.wait_for(timeout=60_000)
        _idle(page)
        _tab_to(page, lambda f: f["tag"] == "INPUT" and page.evaluate(
            "() => document.activeElement.placeholder") == "bijvoorbeeld: tafel 3")
        page.keyboard.type("Tafel 3")
        page.keyboard.press("Tab")
        _idle(page)
        _tab_to(page, lambda f: f["id"] == "data-grid-canvas")  # the first cell is selected
        for row in ROWS:
            for k, value in enumerate(row):
                # the grid opens its editor on the first key: slow enough for a busy machine
                page.keyboard.type(value, delay=80)
                page.wait_for_timeout(150)
                page.keyboard.press("Tab" if k < 3 else "Enter")  # Enter: the next row
                page.wait_for_timeout(300)
            for _ in range(3):
                page.keyboard.press("ArrowLeft")  # back to the first column
        page.keyboard.press("Escape")
        _tab_to(page, lambda f: f["text"].endswith("Toon op de kaart"))
        page.keyboard.press("Enter")
        page.get_by_text("3 cellen gekleurd.").wait_for(timeout=60_000)
        page.get_by_text("Alle rijen zijn goed.").wait_for(timeout=30_000)
        frame = folium_frame(page, "path.leaflet-interactive[fill='#E69F00']", at_least=3)
        assert frame is not None, "the cells of the rows are not coloured on the map"
        assert frame.locator("path.leaflet-interactive[fill-opacity='0.45']").count() == 3
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "van-papier.png"))
        _tab_to(page, lambda f: f["text"].endswith("Sla de goede rijen op"))
        page.keyboard.press("Enter")
        page.get_by_text("3 geïmporteerd, 0 afgewezen (van 3 rijen)").wait_for(timeout=60_000)
        assert not [u for u in ctx.external if "tile" not in u], ctx.external
    except Exception:
        screenshot_on_failure(page, "van-papier-failure")
        raise
    finally:
        ctx.close()
    with GpkgStore(paper_app.project) as store:
        got = {layer: store.read(layer) for layer in schema.ASSET_LAYERS}
    paper = {k: g[g["source"] == "paper"] for k, g in got.items()}
    assert list(paper["meeting_places"]["name"]) == ["Bankje bij de vijver"]
    assert list(paper["talents"]["display_name"]) == ["Mira"]
    assert list(paper["associations"]["description"]) == ["Elke woensdag"]
    refs = sorted(r.split(":")[1] for g in paper.values() for r in g["source_ref"])
    assert refs == ["B2", "C4", "G7"]
    assert {w for g in paper.values() for w in g["created_by"]} == {
        next(iter(paper["talents"]["created_by"]))}
