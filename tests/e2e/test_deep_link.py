"""A fresh server whose first visitor opens a deep link still runs the entrypoint."""

from __future__ import annotations

import shutil

import pytest

from tests.e2e.conftest import offline_context, start_app, stop_app

pytestmark = pytest.mark.e2e


def test_first_visit_to_a_page_url_gets_the_full_app(tmp_path, demo_master, browser):
    project = tmp_path / "demo.gpkg"
    shutil.copyfile(demo_master, project)
    app = start_app(project, tmp_path)
    ctx = offline_context(browser, viewport={"width": 1280, "height": 800})
    try:
        page = ctx.new_page()
        page.goto(app.url + "/kaart", wait_until="domcontentloaded")
        page.get_by_text("Wat heeft de buurt?").wait_for(timeout=45_000)
        # the sidebar of the entrypoint (language switch, project) is there
        page.get_by_text("Taal / Language").wait_for(timeout=20_000)
        assert page.get_by_text("demo.gpkg").count() >= 1
    finally:
        ctx.close()
        stop_app(app)
