"""The Kaart page in a real browser, offline, on a laptop and on a phone."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import folium_frame, offline_context, screenshot_on_failure

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["laptop", "phone"])
def test_kaart_draws_markers_offline(demo_app, browser, size):
    w, h = size
    ctx = offline_context(browser, viewport={"width": w, "height": h},
                          is_mobile=w < 500, has_touch=w < 500)
    page = ctx.new_page()
    try:
        page.goto(demo_app.url + "/", wait_until="domcontentloaded")
        page.get_by_text("Wat heeft de buurt?").wait_for(timeout=45_000)
        frame = folium_frame(page, ".leaflet-marker-icon", at_least=11)
        assert frame is not None, ("no Leaflet map with markers drawn",
                                   [f.url for f in page.frames])
        markers = frame.locator(".leaflet-marker-icon.am-icon").count()
        assert markers >= 40  # public entries of the demo
        assert frame.locator(".am-legend").count() == 1
        assert frame.locator(".leaflet-control-layers").count() == 1
        assert frame.locator("path.leaflet-interactive").count() >= 5  # buurt polygons
        # nothing but map tiles was asked from the internet
        external = [u for u in ctx.external if "tile" not in u and "pdok" not in u]
        assert not external, external
        # no horizontal scrolling on a phone
        sw = page.evaluate("document.documentElement.scrollWidth")
        assert sw <= w + 1, f"page is {sw}px wide on a {w}px screen"
        # a popup opens and shows escaped text
        frame.locator(".leaflet-marker-icon.am-meeting_places").first.dispatch_event("click")
        frame.locator(".am-pop-title").first.wait_for(timeout=10_000)
    except Exception:
        screenshot_on_failure(page, f"kaart-{w}x{h}")
        raise
    finally:
        ctx.close()
