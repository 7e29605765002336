"""Verbinden in real browsers, the whole loop of issue 15: a phone adds a wish at a theme
evening, the facilitator approves it, opens Verbinden and accepts a suggestion; the line is on
the map (Kaart) and the tie is counted on Analyse."""

from __future__ import annotations

import shutil

import pytest

from assetmap.analysis.ties import ties_of_store
from assetmap.store import GpkgStore
from tests.e2e.conftest import (
    facilitator_login,
    folium_frame,
    offline_context,
    screenshot_on_failure,
    start_app,
    stop_app,
)

pytestmark = pytest.mark.e2e
PASSWORD = "wachtwoord-voor-verbinden"
WISH = "Samen tuinieren bij de school"
PARKZOOM = "BU99990103"


@pytest.fixture(scope="module")
def connect_app(tmp_path_factory, demo_master):
    tmp = tmp_path_factory.mktemp("connect")
    project = tmp / "demo.gpkg"
    shutil.copyfile(demo_master, project)
    with GpkgStore(project) as s:
        code = s.evenings()["join_code"].iloc[0]
        lines_before = int(s.links()["to_layer"].ne("institution").sum())
    app = start_app(project, tmp, {"ASSETMAP_FACILITATOR_PASSWORD": PASSWORD})
    app.code, app.lines_before = code, lines_before
    yield app
    stop_app(app)


def choose(p, box: str, option: str) -> None:
    """Pick ``option`` in the select box labelled ``box`` (again when a rerun closed it)."""
    for _ in range(4):
        p.get_by_role("combobox", name=box).click(timeout=30_000)
        try:
            p.get_by_role("option", name=option).click(timeout=5_000)
            return
        except Exception:  # noqa: BLE001 - the page reran and closed the list: open it again
            p.keyboard.press("Escape")
    raise AssertionError(f"could not choose {option!r} in {box!r}")


def add_wish_on_phone(p, url: str) -> None:
    p.goto(url, wait_until="domcontentloaded")
    p.get_by_text("Je doet mee aan de themaavond").wait_for(timeout=45_000)
    p.get_by_text("Wensen en signalen", exact=True).first.click()
    p.get_by_text("Alleen de buurt kiezen").click(timeout=20_000)
    choose(p, "In welke buurt?", "Parkzoom")
    p.get_by_role("textbox", name="Naam *").fill(WISH)
    choose(p, "Thema", "Groen en natuur")
    p.get_by_role("button", name="Opslaan").click()
    p.get_by_text("Dank je wel").wait_for(timeout=30_000)


def test_wish_approved_connected_drawn_and_counted(connect_app, browser):
    app = connect_app
    phone = offline_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True,
                            has_touch=True)
    fac = offline_context(browser, viewport={"width": 1280, "height": 900})
    p, f = phone.new_page(), fac.new_page()
    try:
        add_wish_on_phone(p, f"{app.url}/?avond={app.code}")
        assert p.evaluate("document.documentElement.scrollWidth") <= 391

        # the facilitator approves it from the moderation queue
        facilitator_login(f, app.url, PASSWORD)
        queued = f.locator("[class*='st-key-card_']").filter(has_text=WISH)
        queued.wait_for(timeout=30_000)
        queued.get_by_role("button", name="Goedkeuren").click()
        queued.wait_for(state="detached", timeout=20_000)

        # Verbinden (same session, still logged in): accept the gardener for the new wish
        f.get_by_role("link", name="Verbinden").click()
        f.get_by_text("Verbinden: wie kan met wie?").wait_for(timeout=30_000)
        card = f.locator('[data-testid="stVerticalBlock"]').filter(
            has_text=WISH).last
        row = card.locator('[data-testid="stHorizontalBlock"]').filter(
            has=f.get_by_text("Tuinieren", exact=True))
        row.get_by_role("button", name="Maak verbinding").click(timeout=20_000)
        f.get_by_text(f"Verbonden: Tuinieren en {WISH}").wait_for(timeout=20_000)

        # the line on the map
        f.get_by_role("link", name="Kaart").click()
        frame = folium_frame(f, "path.am-link", at_least=app.lines_before + 1)
        assert frame is not None, "the new connection is not drawn on the map"
        assert frame.locator("path.am-link-bridging").count() >= 1

        # the tie counted on Analyse: Parkzoom is no longer without a bridging tie
        f.get_by_role("link", name="Analyse").click()
        f.get_by_text("Verbindingen: bonding, bridging en linking").wait_for(timeout=60_000)
        f.get_by_text("Linking: naar een instelling").wait_for(timeout=20_000)
        assert f.get_by_text("Parkzoom heeft geen verbindingen naar buiten").count() == 0
        with GpkgStore(app.project) as s:
            row = ties_of_store(s).table.loc[PARKZOOM]
            link = s.links().iloc[-1]
        assert row["bridging"] == 1 and link["tie"] == "bridging"
        assert link["kind"] == "helps_with" and link["status"] == "approved"
    except Exception:
        for name, pg in (("phone", p), ("facilitator", f)):
            screenshot_on_failure(pg, f"connect-{name}")
        raise
    finally:
        phone.close()
        fac.close()
