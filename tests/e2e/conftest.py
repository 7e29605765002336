"""Browser tests: a real ``streamlit run`` on 127.0.0.1 and the system Chromium via Playwright.

The browser resolves no host name (``--host-resolver-rules``), so it can reach only 127.0.0.1: a
passing test proves the page needs no internet (no CDN).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, require_chromium

ARTIFACTS = ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    def __init__(self, url: str, project: Path, proc: subprocess.Popen, log: Path) -> None:
        self.url, self.project, self.proc, self.log = url, project, proc, log


def start_app(project: Path, tmp: Path, env_extra: dict[str, str] | None = None, *,
              script: Path | None = None, cwd: Path | None = None) -> App:
    """``streamlit run`` of ``script`` (default: the app, in the repository with its
    .streamlit/config.toml) on ``project``; returns once the server answers."""
    port = free_port()
    env = {**os.environ, "ASSETMAP_PROJECT": str(project), **(env_extra or {})}
    log = tmp / "streamlit.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script or ROOT / "streamlit_app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=cwd or ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit stopped: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return App(url, project, proc, log)
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"streamlit did not start: {log.read_text()}")


def stop_app(app: App) -> None:
    app.proc.terminate()
    try:
        app.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        app.proc.kill()


def evening_server(tmp: Path, demo_master: Path, env_extra: dict[str, str] | None = None) -> App:
    """A copy of the demo project in ``tmp`` on its own server; ``app.code`` is the join code
    of its first evening."""
    from assetmap.store import GpkgStore

    project = tmp / "demo.gpkg"
    shutil.copyfile(demo_master, project)
    with GpkgStore(project) as s:
        code = s.evenings()["join_code"].iloc[0]
    app = start_app(project, tmp, env_extra)
    app.code = code
    return app


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory, demo_master):
    tmp = tmp_path_factory.mktemp("app")
    project = tmp / "demo.gpkg"
    shutil.copyfile(demo_master, project)
    app = start_app(project, tmp)
    yield app
    stop_app(app)


@pytest.fixture(scope="module")
def browser():
    exe = require_chromium()
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage",
            # no internet: every host name fails to resolve, only 127.0.0.1 is reachable
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=args, headless=True)
        yield b
        b.close()


def offline_context(browser, **kw):
    """A browser context in a browser that resolves no host but 127.0.0.1 (see ``browser``).

    ``ctx.external`` lists every request that tried to leave the machine.
    """
    ctx = browser.new_context(**kw)
    external: list[str] = []

    def note(req):
        if not req.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:",
                                   "about:")):
            external.append(req.url)

    ctx.on("request", note)
    ctx.external = external  # type: ignore[attr-defined]
    return ctx


def folium_frame(page, selector: str, *, at_least: int = 1, timeout_s: float = 45):
    """The st_folium iframe once ``selector`` matches ``at_least`` elements in it, or ``None``.

    Streamlit loads a component's iframe only once it is scrolled into view.
    """
    deadline = time.time() + timeout_s
    page.wait_for_selector("iframe", state="attached", timeout=timeout_s * 1000)
    page.locator("iframe").first.scroll_into_view_if_needed(timeout=timeout_s * 1000)
    while time.time() < deadline:
        for f in page.frames:
            if "st_folium" in f.url:
                try:
                    if f.locator(".leaflet-container").count() and \
                            f.locator(selector).count() >= at_least:
                        return f
                except Exception:  # noqa: BLE001 - frame still loading; try again
                    pass
        time.sleep(0.3)
    return None


def tap_map(page, *, dx: float = 0, dy: float = 0,
            offsets=((0, 0), (35, 25), (-40, -30), (55, -45), (-60, 40), (20, 70))) -> None:
    """Tap the location map of Toevoegen until the page says 'Gekozen plek'.

    A tap on an existing marker opens its popup instead of picking a place: then tap elsewhere.
    """
    frame = folium_frame(page, "path.leaflet-interactive", at_least=5)
    assert frame is not None, "map did not draw"
    box = frame.locator(".leaflet-container").bounding_box()
    for ox, oy in offsets:
        frame.locator(".leaflet-container").click(
            position={"x": box["width"] / 2 + dx + ox, "y": box["height"] / 2 + dy + oy})
        try:
            page.get_by_text("Gekozen plek").wait_for(timeout=6_000)
            return
        except Exception:  # noqa: BLE001 - a marker was hit; close its popup, tap elsewhere
            close = frame.locator(".leaflet-popup-close-button")
            if close.count():
                close.first.dispatch_event("click")
            continue
    raise AssertionError("could not pick a location")


def screenshot_on_failure(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    p = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(p), full_page=True)
    return p


def _single(locator, timeout_s: float = 30) -> None:
    """Wait until ``locator`` is one visible element: while Streamlit reruns, the old copy of a
    widget can stand next to the new one (two password fields, a strict-mode error)."""
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if locator.count() == 1 and locator.is_visible():
            return
        time.sleep(0.2)
    raise AssertionError(f"not exactly one {locator} after {timeout_s} s")


def facilitator_login(page, url: str, password: str) -> None:
    """Open the Themaavond page, switch to 'Goedkeuren' and log in with ``password``."""
    page.goto(f"{url}/themaavond", wait_until="domcontentloaded")
    page.get_by_text("Goedkeuren", exact=True).first.click(timeout=45_000)
    box = page.get_by_role("textbox", name="Wachtwoord opbouwwerker")
    _single(box)
    for _ in range(5):  # the rerun of the switch can replace the field while it is filled
        box.fill(password)
        page.wait_for_timeout(300)
        if box.count() == 1 and box.input_value() == password:
            break
        _single(box)
    button = page.get_by_role("button", name="Inloggen")
    _single(button)
    button.click()
