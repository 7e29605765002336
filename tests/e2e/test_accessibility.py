"""axe-core (WCAG 2.2 AA rules) on every page at 1280 and 390 px: no serious or critical
violation in our own markup. Violations that sit in Streamlit's own components and that we
cannot change are listed in ``STREAMLIT_OWN`` (and in the README), each with its reason.

The axe script comes with the ``axe-playwright-python`` package (no CDN); the browser is the
offline one of the other browser tests.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import offline_context, screenshot_on_failure

pytestmark = pytest.mark.e2e

PAGES = ["", "lijst", "toevoegen", "themaavond", "analyse", "verbinden", "door_de_tijd",
         "wijksafari", "afdrukken", "van_papier", "beheer", "privacy"]
# rule id -> why it is Streamlit's own markup (the README lists the same)
STREAMLIT_OWN: dict[str, str] = {}


def _settled(page, timeout_s: float = 30) -> None:
    """Wait until no element is faded as stale (a map's first value reruns the page): axe
    would count the fading as low contrast."""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        busy = page.evaluate("document.querySelectorAll('[data-stale=\"true\"]').length + "
                             "document.querySelectorAll('[data-testid=stStatusWidget]').length")
        if not busy:
            time.sleep(0.5)
            return
        time.sleep(0.5)


@pytest.fixture(scope="module")
def axe():
    mod = pytest.importorskip("axe_playwright_python.sync_playwright")
    return mod.Axe()


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_violations_on_any_page(demo_app, browser, axe, width):
    ctx = offline_context(browser, viewport={"width": width, "height": 900},
                          is_mobile=width < 500, has_touch=width < 500)
    found: list[str] = []
    try:
        for path in PAGES:
            page = ctx.new_page()
            try:
                page.goto(f"{demo_app.url}/{path}", wait_until="domcontentloaded")
                # the page has run (the projector page has no h1 before a login) and the
                # page styles of ui/style.py are in
                page.wait_for_function(
                    "document.querySelectorAll('[data-testid=stElementContainer]').length > 1"
                    " && document.querySelector('[data-testid=stHtml]') !== null",
                    timeout=60_000)
                time.sleep(2.0)  # widgets settle after the first script run
                _settled(page)
                res = axe.run(page, options={"resultTypes": ["violations"]})
                for v in res.response["violations"]:
                    if v["impact"] in ("serious", "critical") and v["id"] not in STREAMLIT_OWN:
                        targets = [n["target"] for n in v["nodes"][:3]]
                        found.append(f"/{path} {v['id']} ({v['impact']}): {targets}")
            except Exception:
                screenshot_on_failure(page, f"axe-{path or 'kaart'}-{width}")
                raise
            finally:
                page.close()
    finally:
        ctx.close()
    assert not found, "\n".join(found)
