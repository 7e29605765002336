"""The Kaart page in a real browser, offline, on a laptop and on a phone."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import offline_context, screenshot_on_failure

pytestmark = pytest.mark.e2e


def map_frame(page, timeout_s: float = 45):
    """The st_folium iframe once Leaflet has drawn markers in it."""
    import time

    deadline = time.time() + timeout_s
    # Streamlit loads a component's iframe once it is scrolled into view
    page.wait_for_selector("iframe", state="attached", timeout=timeout_s * 1000)
    page.locator("iframe").first.scroll_into_view_if_needed(timeout=timeout_s * 1000)
    while time.time() < deadline:
        for f in page.frames:
            if "st_folium" in f.url:
                try:
                    if f.locator(".leaflet-container").count() and \
                            f.locator(".leaflet-marker-icon").count() > 10:
                        return f
                except Exception:  # noqa: BLE001 - frame still loading; try again
                    pass
        time.sleep(0.5)
    return None


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["laptop", "phone"])
def test_kaart_draws_markers_offline(demo_app, browser, size):
    w, h = size
    ctx = offline_context(browser, viewport={"width": w, "height": h},
                          is_mobile=w < 500, has_touch=w < 500)
    page = ctx.new_page()
    try:
        page.goto(demo_app.url + "/", wait_until="domcontentloaded")
        page.get_by_text("Wat heeft de buurt?").wait_for(timeout=45_000)
        frame = map_frame(page)
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
