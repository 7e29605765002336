"""At 1920 px (issue 14 items 1 and 7): the projector link opens a clean full-screen view (no
sidebar, no mode switch) with a QR code that phones can open or a visible warning; the deep
links the README uses (``/kaart``, ``/toevoegen?avond=CODE``) never show 'Page not found'."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import evening_server, offline_context, screenshot_on_failure, stop_app

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("ASSETMAP_SHOTS", "/tmp/evening-ux-shots"))
WALL = {"width": 1920, "height": 1080}


def fresh_app(tmp_path, demo_master, env=None):
    return evening_server(tmp_path, demo_master, env)


def no_page_not_found(page, wait_ms: int = 2500) -> None:
    page.wait_for_timeout(wait_ms)  # the popup comes a moment after the page draws
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_text("no corresponding file").count() == 0


@pytest.mark.parametrize("link", ["/kaart", "/toevoegen?avond={code}"])
def test_deep_links_on_a_fresh_server_show_no_page_not_found(tmp_path, demo_master, browser,
                                                            link):
    app = fresh_app(tmp_path, demo_master)
    ctx = offline_context(browser, viewport=WALL)
    page = ctx.new_page()
    try:
        page.goto(app.url + link.format(code=app.code), wait_until="domcontentloaded")
        expect = "Wat heeft de buurt?" if link == "/kaart" else "Je doet mee aan de themaavond"
        page.get_by_text(expect).first.wait_for(timeout=45_000)
        no_page_not_found(page)
    except Exception:
        screenshot_on_failure(page, "deep-link")
        raise
    finally:
        ctx.close()
        stop_app(app)


def test_projector_is_clean_and_its_qr_code_works_or_warns(tmp_path, demo_master, browser):
    app = fresh_app(tmp_path, demo_master)  # listens on 127.0.0.1 only: it must warn
    ctx = offline_context(browser, viewport=WALL)
    page = ctx.new_page()
    try:
        page.goto(f"{app.url}/themaavond?avond={app.code}", wait_until="domcontentloaded")
        page.get_by_text(app.code, exact=True).first.wait_for(timeout=45_000)
        page.wait_for_timeout(3000)
        no_page_not_found(page, 0)
        assert not page.locator("[data-testid='stSidebar']").is_visible()
        assert page.get_by_text("Weergave").count() == 0  # no Scherm/Goedkeuren/Avonden
        assert page.get_by_text("Telefoons kunnen dit adres niet openen").count() == 1
        assert page.get_by_text("make run HOST=0.0.0.0").count() == 1
        assert page.get_by_role("img", name="Scan en doe mee").count() == 0  # no dead QR code
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "projector-loopback.png"))
    except Exception:
        screenshot_on_failure(page, "projector")
        raise
    finally:
        ctx.close()
        stop_app(app)


def test_projector_qr_code_with_a_public_address(tmp_path, demo_master, browser):
    app = fresh_app(tmp_path, demo_master, {"ASSETMAP_PUBLIC_URL": "http://192.168.1.20:8501"})
    ctx = offline_context(browser, viewport=WALL)
    page = ctx.new_page()
    try:
        page.goto(f"{app.url}/themaavond?avond={app.code}", wait_until="domcontentloaded")
        page.get_by_text(f"http://192.168.1.20:8501/?avond={app.code}").wait_for(timeout=45_000)
        assert page.get_by_text("Telefoons kunnen dit adres niet openen").count() == 0
        page.locator("[data-testid='stImage'] img").first.wait_for(timeout=45_000)  # the QR
        assert not page.locator("[data-testid='stSidebar']").is_visible()
        page.wait_for_timeout(1500)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "projector.png"))
    except Exception:
        screenshot_on_failure(page, "projector-public")
        raise
    finally:
        ctx.close()
        stop_app(app)
