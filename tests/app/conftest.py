"""Shared AppTest helpers: open the real entrypoint on a page, log in as a facilitator."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PASSWORD = "opbouwwerker-wachtwoord"


@pytest.fixture
def demo_env(demo_path, monkeypatch):
    """The app opens a fresh copy of the demo project; a facilitator password is set."""
    monkeypatch.setenv("ASSETMAP_PROJECT", str(demo_path))
    monkeypatch.setenv("ASSETMAP_FACILITATOR_PASSWORD", PASSWORD)
    monkeypatch.chdir(ROOT)
    return demo_path


def open_page(page: str | None = None, *, query: dict[str, str] | None = None,
              timeout: float = 90) -> AppTest:
    """Run ``streamlit_app.py`` (as users do) on ``pages/<page>.py`` and check it raised nothing."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=timeout)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    if page:
        at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def login(at: AppTest, password: str = PASSWORD) -> AppTest:
    """Log in with the facilitator form on the current page."""
    at.text_input(key="login_pw").input(password)
    next(b for b in at.button if b.label == "Inloggen").click().run()
    assert not at.exception, at.exception
    return at
