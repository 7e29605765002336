"""The Analyse page on a phone (390 px): the buurten fill the map, the legend is folded, no
two map labels overlap, and the page does not scroll sideways."""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import folium_frame, offline_context, screenshot_on_failure

pytestmark = pytest.mark.e2e

_LABELS = """() => Array.from(document.querySelectorAll('.am-label span, .am-area-label span'))
  .filter(e => getComputedStyle(e).visibility !== 'hidden' && e.getBoundingClientRect().width)
  .map(e => { const r = e.getBoundingClientRect();
              return [e.textContent, r.left, r.top, r.right, r.bottom]; })"""


def _overlap(a, b) -> bool:
    return not (a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2])


@pytest.mark.parametrize("size", [(390, 844), (1280, 900)], ids=["phone", "laptop"])
def test_analyse_map_fits_the_buurten(demo_app, browser, size):
    w, h = size
    ctx = offline_context(browser, viewport={"width": w, "height": h},
                          is_mobile=w < 500, has_touch=w < 500)
    page = ctx.new_page()
    try:
        page.goto(demo_app.url + "/analyse", wait_until="domcontentloaded")
        page.get_by_text("Wat is er per buurt").wait_for(timeout=45_000)
        frame = folium_frame(page, ".am-analysis-legend")
        assert frame is not None, "no Analyse map drawn"
        time.sleep(1.0)  # fitBounds and the label check run right after drawing
        legend_open = frame.evaluate(
            "() => document.querySelector('.am-analysis-legend details').open")
        assert legend_open is (w >= 600)  # folded on a phone, open on a laptop
        # the buurten fill the map: inside it, spanning most of its width or height
        box = frame.evaluate("""() => {
          const m = document.querySelector('.leaflet-container').getBoundingClientRect();
          const ps = Array.from(document.querySelectorAll('path.leaflet-interactive'))
            .map(p => p.getBoundingClientRect()).filter(r => r.width > 0);
          return [m.left, m.right, m.top, m.bottom, Math.min(...ps.map(r => r.left)),
                  Math.max(...ps.map(r => r.right)), Math.min(...ps.map(r => r.top)),
                  Math.max(...ps.map(r => r.bottom))]; }""")
        mleft, mright, mtop, mbottom, pleft, pright, ptop, pbottom = box
        assert pleft >= mleft - 1 and pright <= mright + 1, box
        assert ptop >= mtop - 1 and pbottom <= mbottom + 1, box
        assert max((pright - pleft) / (mright - mleft),
                   (pbottom - ptop) / (mbottom - mtop)) > 0.7, box
        labels = frame.evaluate(_LABELS)
        assert len(labels) >= 5, labels
        for i, a in enumerate(labels):
            assert mleft - 1 <= a[1] and a[3] <= mright + 1, a  # not cut off
            for b in labels[i + 1:]:
                assert not _overlap(a, b), (a, b)
        # a tap on "Legenda" opens (or folds) it
        frame.locator(".am-analysis-legend summary").click()
        assert frame.locator(".am-analysis-legend .am-legend-title").is_visible() is (w < 600)
        sw = page.evaluate("document.documentElement.scrollWidth")
        assert sw <= w + 1, f"page is {sw}px wide on a {w}px screen"
        page.get_by_text("onbekend").first.wait_for(timeout=5_000)  # the sentences' words
    except Exception:
        screenshot_on_failure(page, f"analyse-{w}x{h}")
        raise
    finally:
        ctx.close()
