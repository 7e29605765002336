"""The approval queue at 1280 px (issue 14 item 5): cards in words with a small map, no JSON;
approve from a card and a selection with 'Gekozen goedkeuren'."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from shapely.geometry import Point

from assetmap import evening
from assetmap.store import GpkgStore
from tests.e2e.conftest import (
    facilitator_login,
    offline_context,
    screenshot_on_failure,
    start_app,
    stop_app,
)

pytestmark = pytest.mark.e2e
PASSWORD = "wachtwoord-voor-de-test"
SHOTS = Path(os.environ.get("ASSETMAP_SHOTS", "/tmp/evening-ux-shots"))


@pytest.fixture(scope="module")
def queue_app(tmp_path_factory, demo_master):
    tmp = tmp_path_factory.mktemp("queue")
    project = tmp / "demo.gpkg"
    shutil.copyfile(demo_master, project)
    with GpkgStore(project) as s:
        code = s.evenings()["join_code"].iloc[0]
        for i, name in enumerate(["Bankje aan het water", "Moestuin Oost"]):
            evening.submit(s, "meeting_places", {"name": name, "kind": "park_plein",
                                                 "geometry": Point(5.3370 + i / 1000, 51.9498)},
                           token=f"queue-test-token-{i:04d}", evening_code=code, limiter=None)
    app = start_app(project, tmp, {"ASSETMAP_FACILITATOR_PASSWORD": PASSWORD})
    yield app
    stop_app(app)


def test_approve_from_a_card(queue_app, browser):
    app = queue_app
    with GpkgStore(app.project) as s:
        q = evening.queue(s)
    assert len(q) >= 3
    first = q.iloc[0]
    ctx = offline_context(browser, viewport={"width": 1280, "height": 900})
    f = ctx.new_page()
    try:
        facilitator_login(f, app.url, PASSWORD)
        cards = f.locator("[class*='st-key-card_']")
        cards.first.wait_for(timeout=30_000)
        f.get_by_text("Alle avonden en losse bijdragen").click()
        f.locator(f".st-key-card_{first['id']}").wait_for(timeout=20_000)
        assert f.locator("[data-testid='stJson']").count() == 0
        assert f.get_by_text("{").count() == 0
        card = f.locator(f".st-key-card_{first['id']}")
        assert card.locator("svg.am-mini").count() == 1  # the small map of its spot
        text = card.inner_text()
        assert "Buurt: " in text and "BU9999" not in text and "toegevoegd" in text
        SHOTS.mkdir(parents=True, exist_ok=True)
        f.screenshot(path=str(SHOTS / "queue.png"))
        n_before = cards.count()
        card.get_by_role("button", name="Goedkeuren").click()
        card.wait_for(state="detached", timeout=20_000)
        with GpkgStore(app.project) as s:
            assert s.get(first["layer"], first["id"])["status"] == "approved"
        # a selection: tick two cards, approve them in one go
        rest = [c for c in q["id"].tolist()[1:3]]
        for rid in rest:
            f.locator(f".st-key-card_{rid}").get_by_text("Kies", exact=True).first.click()
            f.wait_for_timeout(400)
        f.get_by_role("button", name="Gekozen goedkeuren (2)").click(timeout=20_000)
        for rid in rest:
            f.locator(f".st-key-card_{rid}").wait_for(state="detached", timeout=20_000)
        assert cards.count() == n_before - 3
        with GpkgStore(app.project) as s:
            assert {s.get(la, r)["status"] for la, r in zip(q["layer"][1:3], rest,
                                                            strict=True)} == {"approved"}
    except Exception:
        screenshot_on_failure(f, "queue")
        raise
    finally:
        ctx.close()
