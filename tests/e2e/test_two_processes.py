"""Two app processes on one PostGIS project, as behind a proxy with sticky sessions: a phone on
process A adds a place and the projector on process B shows it within the refresh interval;
wrong passwords on A delay the same person's login on B, not someone else's.

Both processes trust 127.0.0.1 as their proxy (``ASSETMAP_TRUSTED_PROXY``); the browsers send
the client address a proxy would add (``X-Forwarded-For``).
"""

from __future__ import annotations

import time

import pytest

from assetmap.store import Actor, open_store
from assetmap.store.transfer import copy_project
from tests.e2e.conftest import (
    facilitator_login,
    offline_context,
    screenshot_on_failure,
    start_app,
    stop_app,
)
from tests.e2e.test_evening_flow import add_place_by_tapping, submit
from tests.store.conftest import pg_cluster  # noqa: F401 - the fixture, for this module

pytestmark = pytest.mark.e2e
PASSWORD = "wachtwoord-voor-twee"
REFRESH_S = 2


@pytest.fixture(scope="module")
def two_apps(tmp_path_factory, demo_master, pg_cluster):  # noqa: F811
    tmp = tmp_path_factory.mktemp("two")
    url = f"{pg_cluster.url}?project=twee_processen"
    copy_project(demo_master, url)
    with open_store(url) as s:
        ev = s.create_evening("Twee servers", "2026-12-03", auto_approve=True,
                              actor=Actor.system("opbouwwerker"))
    env = {"ASSETMAP_PROJECT": url, "ASSETMAP_FACILITATOR_PASSWORD": PASSWORD,
           "ASSETMAP_REFRESH_S": str(REFRESH_S), "ASSETMAP_TRUSTED_PROXY": "127.0.0.1",
           "ASSETMAP_LOGIN_DELAY_S": "60"}
    apps = []
    try:
        for name in ("a", "b"):
            (tmp / name).mkdir()
            apps.append(start_app(tmp / "unused.gpkg", tmp / name, env))
        a, b = apps
        a.code = b.code = ev["join_code"]
        yield a, b
    finally:
        for app in apps:
            stop_app(app)


def test_phone_on_a_shows_on_projector_of_b(two_apps, browser):
    a, b = two_apps
    phone = offline_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True,
                            has_touch=True, extra_http_headers={"X-Forwarded-For": "203.0.113.20"})
    wall = offline_context(browser, viewport={"width": 1280, "height": 800})
    p, w = phone.new_page(), wall.new_page()
    try:
        w.goto(f"{b.url}/themaavond?avond={b.code}", wait_until="domcontentloaded")
        w.get_by_text(b.code, exact=True).first.wait_for(timeout=45_000)
        add_place_by_tapping(p, f"{a.url}/?avond={a.code}", "Plein van proces A")
        assert w.get_by_text("Plein van proces A").count() == 0
        submit(p)
        p.get_by_text("Dank je wel").wait_for(timeout=30_000)
        saved_at = time.time()
        w.get_by_text("Plein van proces A").first.wait_for(timeout=(REFRESH_S + 8) * 1000)
        assert time.time() - saved_at <= REFRESH_S + 8
    except Exception:
        screenshot_on_failure(p, "two-processes-phone")
        screenshot_on_failure(w, "two-processes-wall")
        raise
    finally:
        phone.close()
        wall.close()


def test_wrong_passwords_on_a_delay_login_on_b(two_apps, browser):
    a, b = two_apps
    same = {"X-Forwarded-For": "198.51.100.7"}
    on_a = offline_context(browser, viewport={"width": 1280, "height": 800},
                           extra_http_headers=same)
    on_b = offline_context(browser, viewport={"width": 1280, "height": 800},
                           extra_http_headers=same)
    other = offline_context(browser, viewport={"width": 1280, "height": 800},
                            extra_http_headers={"X-Forwarded-For": "198.51.100.8"})
    pa, pb, po = on_a.new_page(), on_b.new_page(), other.new_page()
    try:
        facilitator_login(pa, a.url, "fout-1")
        pa.get_by_text("Dat wachtwoord klopt niet.").wait_for(timeout=20_000)
        for i in (2, 3):
            pa.get_by_role("textbox", name="Wachtwoord opbouwwerker").fill(f"fout-{i}")
            pa.get_by_role("button", name="Inloggen").click()
            time.sleep(1.0)  # let the rerun finish before the next attempt
        # the same person on process B, now with the right password: delayed
        facilitator_login(pb, b.url, PASSWORD)
        pb.get_by_text("Te vaak een verkeerd wachtwoord").wait_for(timeout=20_000)
        # someone else on B is not held up
        facilitator_login(po, b.url, PASSWORD)
        po.get_by_text("Je bent ingelogd").wait_for(timeout=20_000)
    except Exception:
        for name, pg in (("a", pa), ("b", pb), ("other", po)):
            screenshot_on_failure(pg, f"two-processes-login-{name}")
        raise
    finally:
        for c in (on_a, on_b, other):
            c.close()
