"""The Wijksafari page in a real browser (offline): the route is drawn along the demo streets.

``ASSETMAP_SAVE_SCREENSHOTS=1`` also writes ``docs/wijksafari.png`` (1280 x 900) for the README.
"""

from __future__ import annotations

import os
import re

import pytest

from tests.conftest import ROOT
from tests.e2e.conftest import folium_frame, offline_context, screenshot_on_failure

pytestmark = pytest.mark.e2e

SAVE_DOCS = os.environ.get("ASSETMAP_SAVE_SCREENSHOTS") == "1"
ROUTE = 'path.leaflet-interactive[stroke="#D55E00"]'


def test_route_drawn_along_streets(demo_app, browser):
    ctx = offline_context(browser, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    try:
        page.goto(f"{demo_app.url}/wijksafari", wait_until="domcontentloaded")
        page.get_by_text("Een wijksafari plannen").first.wait_for(timeout=60_000)
        frame = folium_frame(page, ROUTE, timeout_s=60)
        assert frame is not None, [f.url for f in page.frames]
        d = frame.locator(ROUTE).first.get_attribute("d")
        vertices = len(re.findall(r"[ML]", d))
        # 4 stops, a round trip: a straight-line tour has 5 points; along streets many more
        assert vertices > 12, d
        assert frame.locator(".am-stop").count() == 4
        assert frame.locator("path.am-streets").count() > 0
        assert "Let op" not in page.content()
        external = [u for u in ctx.external if "tile" not in u and "pdok" not in u]
        assert not external, external
        page.wait_for_timeout(1000)
        if SAVE_DOCS:
            page.evaluate("window.scrollTo(0, 0)")
            page.wait_for_timeout(300)
            page.screenshot(path=str(ROOT / "docs" / "wijksafari.png"))
    except Exception:
        screenshot_on_failure(page, "wijksafari")
        raise
    finally:
        ctx.close()


def test_chosen_stops_stay_visible_on_a_phone(demo_app, browser):
    """At 390 px the list box shows only a few of the chosen stops; the line under it shows
    every one of them, in order, inside the screen's width."""
    ctx = offline_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True,
                          has_touch=True)
    page = ctx.new_page()
    try:
        page.goto(f"{demo_app.url}/wijksafari", wait_until="domcontentloaded")
        page.get_by_text("Een wijksafari plannen").first.wait_for(timeout=60_000)
        line = page.get_by_text(re.compile(r"^Gekozen \(4\): 1\. ")).first
        line.wait_for(timeout=30_000)
        assert line.is_visible()
        text = line.inner_text()
        assert [f"{k}." in text for k in range(1, 5)] == [True] * 4
        box = line.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 391
    except Exception:
        screenshot_on_failure(page, "wijksafari-chosen-390")
        raise
    finally:
        ctx.close()
