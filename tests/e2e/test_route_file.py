"""``assetmap route … --map route.html``: one file that works offline, opened from disk
(``file://``) in Chromium on a phone viewport. Stop names with script in them stay text.
"""

from __future__ import annotations

import re
import shutil

import pytest

from assetmap import cli, routing
from assetmap.store import Actor, GpkgStore
from assetmap.webmap import script_json
from tests.e2e.conftest import offline_context, screenshot_on_failure

pytestmark = pytest.mark.e2e

HOSTILE = ["Buurtcafe ${alert(1)}", "</script><script>alert(3)</script>",
           "`;alert(2)//", "<img src=x onerror=alert(4)>"]


@pytest.fixture(scope="module")
def route_file(tmp_path_factory, demo_master):
    """The demo project with hostile names on four meeting places, and the route past them
    written with ``--map``."""
    tmp = tmp_path_factory.mktemp("routefile")
    project = tmp / "demo.gpkg"
    shutil.copyfile(demo_master, project)
    with GpkgStore(project) as s:
        c = routing.stop_candidates(s)
        ids = c[c["layer"] == "meeting_places"]["id"].tolist()[:4]
        for rid, name in zip(ids, HOSTILE, strict=True):
            s.update("meeting_places", rid, {"name": name}, actor=Actor.system())
    out = tmp / "route.html"
    rc = cli.main(["route", str(project), "--stops", ",".join(ids), "--start-time", "14:00",
                   "--title", "Rondje <b>${alert(5)}</b>", "--map", str(out)])
    assert rc == 0
    return out


def test_one_file_no_external_urls(route_file):
    html = route_file.read_text(encoding="utf-8")
    # no script, style sheet or image from anywhere else: Leaflet is inside the file
    assert not re.search(r"<(script|link|img)\b[^>]*\b(src|href)=[\"']?(https?:)?//", html, re.I)
    assert "tile.openstreetmap.org" not in html  # tiles are off unless asked for
    # every name is in the page's JSON data only (a "<" escaped as \u003c), nowhere else:
    # not in a tooltip, not in a JavaScript template literal
    data = re.findall(r"^\s*var data = (\{.*\});$", html, re.M)
    assert len(data) == 1 and "</" not in data[0]
    rest = html.replace(data[0], "")
    for name in HOSTILE:
        assert name not in rest and script_json(name)[1:-1] in data[0]


def test_offline_on_a_phone_numbered_and_literal(route_file, browser):
    ctx = offline_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True,
                          has_touch=True)
    page = ctx.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(route_file.as_uri(), wait_until="load")
        page.locator(".am-stop").first.wait_for(timeout=15_000)
        # four numbered stops on the map, the path along the streets, the buurten under it
        assert page.locator(".am-stop").all_inner_texts() == ["1", "2", "3", "4"]
        path = page.locator('path.leaflet-interactive[stroke="#D55E00"]').first
        assert len(re.findall(r"[ML]", path.get_attribute("d"))) > 10
        assert page.locator("path.am-streets").count() > 0
        assert page.title() == "Rondje <b>${alert(5)}</b>"
        assert page.locator("h1").inner_text() == "Rondje <b>${alert(5)}</b>"
        # the list under the map: every name exactly as typed, with its time
        names = page.locator(".am-route-item .am-route-name").all_inner_texts()
        assert sorted(names[:4]) == sorted(HOSTILE) and names[4] == names[0]
        assert "14:00" in page.locator(".am-route-list").inner_text()
        # a tap on a stop: its popup with number, name, arrival and minutes there
        page.locator(".am-route-show").nth(1).click()
        pop = page.locator(".leaflet-popup-content .am-route-pop")
        pop.wait_for(timeout=5_000)
        text = pop.inner_text()
        assert f"2. {names[1]}" in text and "Aankomst 14:" in text and "10 min blijven" in text
        assert not dialogs, dialogs
        external = [u for u in ctx.external if not u.startswith("file:")]
        assert not external, external
    except Exception:
        screenshot_on_failure(page, "route-file")
        raise
    finally:
        ctx.close()
