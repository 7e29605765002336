"""A room of phones at a theme evening: server CPU per phone flow, ours against a bare page.

Each wave starts a fresh ``streamlit run`` on a fresh copy of the demo project with a new open
evening. One phone first runs the whole flow alone on the cold server (first-load imports and
caches: ``cold_flow_cpu_s``), then one more alone on the warm server (``solo_usable_s``,
``solo_save_s``: the latency floor). Then N phones (Playwright driving /usr/bin/chromium,
390x844, touch; each its own browser context, i.e. a fresh phone without cookies or cache) are
released together and each runs the real flow:

1. open ``/?avond=CODE``; *usable* = the "Naam *" box is there and the map has drawn;
2. tap the map until the page says "Gekozen plek";
3. fill in "Naam *", choose "Park of plein" as "Soort plek *";
4. press "Opslaan" and wait for "Dank je wel" (*save* time).

Server CPU: utime + stime of the Streamlit process and its children from ``/proc/<pid>/stat``,
read before the wave and again once the server is idle after it, divided by the completed
flows; the browsers are other processes and do not count. Bytes to one phone: the first phone of
the wave counts over the Chrome DevTools protocol every HTTP response (``encodedDataLength``:
headers + body as sent) and every websocket frame it receives (``kb_to_phone_ws``: payload
before any websocket compression). Lost: flows that saw "Dank je wel" whose entry is not in the
store afterwards. Errors: failed or timed-out flows, exceptions shown on a page, tracebacks in
the server log. ``server_open_files``: file handles of the server after the wave;
``server_peak_mb``: its peak resident memory.

The simulated phones share this 2-core machine with the server, so they run at the lowest CPU
priority (``nice 19``), and at most ``MAX_OPEN`` of them (default 20, env
``ASSETMAP_BENCH_MAX_OPEN``) are in flight at once; the others start as soon as one finishes.
So the 30 and 60 waves are 30 and 60 flows with 20 phones in the room at a time. Latencies are
timed from each phone's own start; under load they are mostly the browsers' own rendering on
this machine (compare the solo figures), the CPU figures are the server's alone.

The baseline (``benchmarks/baseline_app.py``, Streamlit's default config) goes through the same
flow in the same run. Knobs for working on it: ``ASSETMAP_BENCH_WAVES`` (e.g. ``10,30``),
``ASSETMAP_BENCH_APPS`` (``ours``, ``baseline`` or both), ``ASSETMAP_BENCH_PROFILE`` (a folder:
``py-spy record --gil`` of the server during each wave, as speedscope JSON; needs py-spy).
"""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import Result

ROOT = Path(__file__).resolve().parent.parent
WAVES = (10, 30, 60)
MAX_OPEN = int(os.environ.get("ASSETMAP_BENCH_MAX_OPEN", "20"))
GOAL_RATIO = 1.5
GOAL_CPU_S = 0.5
TIMEOUT_MS = 180_000
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TAPS = ((0, 0), (35, 25), (-40, -30), (55, -45), (-60, 40), (20, 70), (-25, 80), (70, 10))


# ---------------------------------------------------------------------------- server CPU


def _ticks(pid: int) -> tuple[int, int]:
    """(own utime+stime, reaped children's cutime+cstime) of ``pid`` in clock ticks."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def _descendants(pid: int) -> list[int]:
    parent: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat", encoding="ascii") as fh:
                    parent[int(d)] = int(fh.read().rsplit(")", 1)[1].split()[2])
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        out += kids
        todo += kids
    return out


def server_cpu_s(pid: int) -> float:
    """CPU seconds used so far by the server process and its children (live or reaped)."""
    own, reaped = _ticks(pid)
    live = 0
    for c in _descendants(pid):
        try:
            live += _ticks(c)[0]
        except OSError:
            continue
    return (own + reaped + live) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> int | None:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    return None


def wait_idle(pid: int, *, quiet_s: float = 1.0, timeout_s: float = 30.0) -> float:
    """Wait until the server used < 2 % of a core for ``quiet_s``; its CPU seconds then."""
    deadline = time.monotonic() + timeout_s
    last = server_cpu_s(pid)
    while time.monotonic() < deadline:
        time.sleep(quiet_s)
        now = server_cpu_s(pid)
        if now - last < 0.02 * quiet_s:
            return now
        last = now
    return last


# ---------------------------------------------------------------------------- one phone


async def _map_frame(page: Any, timeout_s: float) -> Any:
    """The st_folium frame once Leaflet has drawn paths (buurten, streets or circles)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for f in page.frames:
            if "st_folium" in f.url:
                try:
                    if await f.locator("path.leaflet-interactive").count():
                        return f
                except Exception:  # noqa: BLE001 - frame still loading; look again
                    pass
        await asyncio.sleep(0.2)
    raise TimeoutError("the map did not draw")


async def _tap(page: Any, frame: Any, i: int) -> None:
    """Tap the map (a different spot per phone) until the page says 'Gekozen plek'."""
    box = await frame.locator(".leaflet-container").bounding_box()
    dx, dy = (i % 7 - 3) * 9, (i // 7 % 5 - 2) * 9
    for ox, oy in TAPS:
        await frame.locator(".leaflet-container").click(
            position={"x": box["width"] / 2 + dx + ox, "y": box["height"] / 2 + dy + oy})
        try:
            await page.get_by_text("Gekozen plek").wait_for(timeout=20_000)
            return
        except Exception:  # noqa: BLE001 - a marker took the tap: tap elsewhere
            continue
    raise RuntimeError("could not choose a place")


async def _choose(page: Any, label: str, option: str) -> None:
    """Pick ``option`` in the select box ``label`` (open it again if a rerun closed it)."""
    box = page.get_by_role("combobox", name=label)
    for _ in range(5):
        await box.click()
        await box.press("ArrowDown")
        try:
            await page.get_by_role("option", name=option).click(timeout=5_000)
            return
        except Exception:  # noqa: BLE001 - the menu closed under us: open it again
            await page.keyboard.press("Escape")
    raise RuntimeError(f"could not choose {option!r}")


class _Bytes:
    """Bytes one page receives: HTTP responses (headers + body) and websocket frames."""

    def __init__(self) -> None:
        self.http = 0
        self.ws = 0

    async def attach(self, ctx: Any, page: Any) -> None:
        cdp = await ctx.new_cdp_session(page)
        cdp.on("Network.loadingFinished", self._http)
        cdp.on("Network.webSocketFrameReceived", self._ws)
        await cdp.send("Network.enable")

    def _http(self, ev: dict[str, Any]) -> None:
        self.http += int(ev.get("encodedDataLength") or 0)

    def _ws(self, ev: dict[str, Any]) -> None:
        r = ev.get("response") or {}
        data = r.get("payloadData") or ""
        self.ws += len(base64.b64decode(data)) if r.get("opcode") == 2 else len(data.encode())


async def _phone(browser: Any, url: str, i: int, name: str, slots: asyncio.Semaphore,
                 *, count_bytes: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"i": i, "name": name, "ok": False}
    async with slots:
        ctx = await browser.new_context(**PHONE)
        page = await ctx.new_page()
        counter = _Bytes() if count_bytes else None
        try:
            if counter is not None:
                await counter.attach(ctx, page)
            t0 = time.perf_counter()
            await page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT_MS)
            name_box = page.get_by_role("textbox", name="Naam *")
            await name_box.wait_for(timeout=TIMEOUT_MS)
            frame = await _map_frame(page, TIMEOUT_MS / 1000)
            out["usable_s"] = time.perf_counter() - t0
            await _tap(page, frame, i)
            await name_box.fill(name)
            await _choose(page, "Soort plek *", "Park of plein")
            t1 = time.perf_counter()
            await page.get_by_role("button", name="Opslaan").click()
            await page.get_by_text("Dank je wel").first.wait_for(timeout=TIMEOUT_MS)
            out["save_s"] = time.perf_counter() - t1
            out["flow_s"] = time.perf_counter() - t0
            out["ok"] = True
            if await page.locator('[data-testid="stException"]').count():
                out["ok"], out["error"] = False, "exception shown on the page"
            await asyncio.sleep(0.5)  # what the page does right after the thank-you counts too
        except Exception as exc:  # noqa: BLE001 - a failed phone is a figure, not a crash
            out["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
            if os.environ.get("ASSETMAP_BENCH_SHOTS"):
                shot = Path(os.environ["ASSETMAP_BENCH_SHOTS"]) / f"{name}.png"
                shot.parent.mkdir(parents=True, exist_ok=True)
                try:
                    await page.screenshot(path=str(shot), full_page=True)
                except Exception:  # noqa: BLE001 - the page may be gone
                    pass
        finally:
            if counter is not None:
                out["bytes_http"], out["bytes_ws"] = counter.http, counter.ws
            await ctx.close()
    return out


def _niced_chromium() -> str:
    """A Chromium that runs at the lowest CPU priority (``nice 19``): the simulated phones share
    this machine with the server, and real phones bring their own CPUs."""
    wrapper = Path(tempfile.gettempdir()) / f"bench-chromium-{os.getuid()}.sh"
    text = f'#!/bin/sh\nexec nice -n 19 {CHROMIUM} "$@"\n'
    if not wrapper.exists() or wrapper.read_text() != text:
        tmp = wrapper.with_suffix(f".{os.getpid()}")
        tmp.write_text(text)
        tmp.chmod(0o755)
        os.replace(tmp, wrapper)
    return str(wrapper)


async def _phones(url: str | list[str], names: list[str], *, max_open: int,
                  count_bytes: bool = True) -> list[dict[str, Any]]:
    """The phones' flows, at most ``max_open`` at once; with several ``url`` (app processes)
    phone ``i`` uses ``url[i % len(url)]``. ``count_bytes``: count the first phone's bytes."""
    from playwright.async_api import async_playwright

    urls = [url] if isinstance(url, str) else url
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=_niced_chromium(), args=ARGS,
                                          headless=True)
        try:
            slots = asyncio.Semaphore(max_open)
            return await asyncio.gather(*(
                _phone(browser, urls[i % len(urls)], i, n, slots,
                       count_bytes=count_bytes and i == 0)
                for i, n in enumerate(names)))
        finally:
            await browser.close()


# ---------------------------------------------------------------------------- one wave


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    v = sorted(values)
    return round(v[min(len(v) - 1, max(0, round(q * (len(v) - 1))))], 2)


BASELINE_CONFIG = """\
# Streamlit's defaults, except what serving Leaflet offline needs
[server]
enableStaticServing = true
headless = true
[browser]
gatherUsageStats = false
"""


def _app_script(kind: str, tmp: Path) -> tuple[Path, Path]:
    """(script, working directory): ours runs in the repository with its config; the baseline
    in a folder of its own with Streamlit's default config and a copy of ./static."""
    if kind == "ours":
        return ROOT / "streamlit_app.py", ROOT
    from assetmap.webmap.static import copy_static

    d = tmp / "baseline"
    (d / ".streamlit").mkdir(parents=True)
    (d / ".streamlit" / "config.toml").write_text(BASELINE_CONFIG, encoding="utf-8")
    shutil.copyfile(Path(__file__).with_name("baseline_app.py"), d / "baseline_app.py")
    copy_static(d / "static")
    return d / "baseline_app.py", d


def wave(kind: str, n: int, master: Path, *, max_open: int = MAX_OPEN) -> dict[str, Any]:
    """Start ``kind`` ('ours' or 'baseline') on a fresh copy of ``master``; run n phones."""
    from assetmap.store import Actor, GpkgStore
    from tests.e2e.conftest import start_app, stop_app

    with tempfile.TemporaryDirectory(prefix=f"bench-{kind}-") as d:
        tmp = Path(d)
        project = tmp / "demo.gpkg"
        shutil.copyfile(master, project)
        with GpkgStore(project) as s:
            code = s.create_evening("Bench", "2026-12-03", actor=Actor.system())["join_code"]
            before = set(s.read("meeting_places")["name"])
        script, cwd = _app_script(kind, tmp)
        app = start_app(project, tmp, script=script, cwd=cwd)
        pid = app.proc.pid
        url = f"{app.url}/?avond={code}"
        profiler = None
        try:
            c0 = server_cpu_s(pid)
            warm = asyncio.run(_phones(url, [f"Opwarmen {kind}"], max_open=1))[0]
            c1 = wait_idle(pid)
            solo = asyncio.run(_phones(url, [f"Alleen {kind}"], max_open=1))[0]
            c1 = wait_idle(pid)
            if os.environ.get("ASSETMAP_BENCH_PROFILE"):
                out_dir = Path(os.environ["ASSETMAP_BENCH_PROFILE"])
                out_dir.mkdir(parents=True, exist_ok=True)
                profiler = subprocess.Popen(
                    [str(Path(sys.executable).with_name("py-spy")), "record", "-p", str(pid),
                     "-r", "50", "--gil", "--format", "speedscope", "-o",
                     str(out_dir / f"{kind}-{n}.json")],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(1.0)
            names = [f"Bench {kind} {n}-{i}" for i in range(n)]
            t0 = time.perf_counter()
            phones = asyncio.run(_phones(url, names, max_open=max_open))
            wall = time.perf_counter() - t0
            c2 = wait_idle(pid)
            open_files = len(os.listdir(f"/proc/{pid}/fd"))
            peak_mb = _peak_rss_mb(pid)
            if profiler is not None:
                profiler.send_signal(2)  # SIGINT: py-spy writes its file and stops
                profiler.wait(timeout=60)
        finally:
            if profiler is not None and profiler.poll() is None:
                profiler.kill()
            stop_app(app)
        log = app.log.read_text(encoding="utf-8", errors="replace")
        with GpkgStore(project) as s:
            rows = s.read("meeting_places")
    stored = [x for x in rows["name"] if x not in before and not x.startswith(("Opwarmen",
                                                                              "Alleen"))]
    done = [p for p in phones if p["ok"]]
    lost = sum(1 for p in done if p["name"] not in stored)
    errors = [p["error"] for p in phones if not p["ok"]]
    tracebacks = log.count("Traceback (most recent call last)")
    first = phones[0]
    return {
        "kind": kind, "n": n, "completed": len(done), "lost": lost,
        "errors": len(errors) + tracebacks, "error_samples": errors[:3],
        "extra_rows": len(stored) - len(done),
        "cpu_s_per_flow": round((c2 - c1) / max(1, len(done)), 3),
        "cold_flow_cpu_s": round(c1 - c0, 2) if warm["ok"] else None,
        "warm_up_error": warm.get("error") or solo.get("error"),
        "solo_usable_s": round(solo["usable_s"], 2) if solo["ok"] else None,
        "solo_save_s": round(solo["save_s"], 2) if solo["ok"] else None,
        "usable_p50_s": _pct([p["usable_s"] for p in done], 0.5),
        "usable_p95_s": _pct([p["usable_s"] for p in done], 0.95),
        "save_p50_s": _pct([p["save_s"] for p in done], 0.5),
        "save_p95_s": _pct([p["save_s"] for p in done], 0.95),
        "kb_to_phone": round((first.get("bytes_http", 0) + first.get("bytes_ws", 0)) / 1000, 1),
        "kb_to_phone_ws": round(first.get("bytes_ws", 0) / 1000, 1),
        "wall_s": round(wall, 1),
        "server_open_files": open_files,
        "server_peak_mb": peak_mb,
        "flows_per_min": round(len(done) / wall * 60, 1),
        "mean_flow_s": round(statistics.mean([p["flow_s"] for p in done]), 2) if done else None,
    }


# ---------------------------------------------------------------------------- the bench


def _envlist(name: str, default: tuple[Any, ...], cast: type = str) -> tuple[Any, ...]:
    raw = os.environ.get(name, "").strip()
    return tuple(cast(x) for x in raw.split(",") if x.strip()) if raw else default


def run() -> list[Result]:
    if not CHROMIUM.exists():
        return [Result("sessions: phones at a theme evening", {},
                       notes="skipped: no /usr/bin/chromium")]
    from assetmap.demo import write_demo

    waves = _envlist("ASSETMAP_BENCH_WAVES", WAVES, int)
    apps = _envlist("ASSETMAP_BENCH_APPS", ("baseline", "ours"))
    out: list[Result] = []
    with tempfile.TemporaryDirectory() as d:
        master = write_demo(Path(d) / "demo.gpkg")
        for n in waves:
            w = {kind: wave(kind, n, master) for kind in apps}
            out.append(_result(n, w))
    return out


def _result(n: int, w: dict[str, dict[str, Any]]) -> Result:
    ours, base = w.get("ours"), w.get("baseline")
    figures: dict[str, Any] = {"phones": n, "max_open": min(n, MAX_OPEN)}
    keys = ("cpu_s_per_flow", "usable_p50_s", "usable_p95_s", "save_p50_s", "save_p95_s",
            "kb_to_phone", "kb_to_phone_ws", "completed", "lost", "errors", "cold_flow_cpu_s",
            "solo_usable_s", "solo_save_s", "server_open_files", "server_peak_mb",
            "wall_s", "flows_per_min")
    for k in keys:
        if ours is not None:
            figures[k] = ours[k]
        if base is not None:
            figures[f"baseline_{k}"] = base[k]
    met = None
    if ours is not None and base is not None:
        ratio = ours["cpu_s_per_flow"] / max(base["cpu_s_per_flow"], 1e-6)
        figures["ratio_cpu"] = round(ratio, 2)
        met = (ratio <= GOAL_RATIO and ours["cpu_s_per_flow"] <= GOAL_CPU_S
               and ours["completed"] == n and ours["lost"] == 0 and ours["errors"] == 0)
    samples = "; ".join(f"{k}: {v['error_samples']}" for k, v in w.items() if v["error_samples"])
    return Result(
        f"sessions: {n} phones join, tap the map, save",
        figures,
        goal=f"ratio_cpu <= {GOAL_RATIO:g}, cpu_s_per_flow <= {GOAL_CPU_S:g}, 0 lost, 0 errors",
        met=met,
        notes=(f"fresh server and demo copy per wave; one cold and one solo flow first; then {n} "
               f"flows, each phone its own Chromium context (390x844, touch, nice 19), at most "
               f"{min(n, MAX_OPEN)} in flight at once on this {os.cpu_count()}-core machine "
               "(latencies under load are mostly the browsers'); server CPU from "
               "/proc/<pid>/stat once the server is idle again; kb_to_phone: HTTP + websocket "
               "bytes received by the first phone (CDP); baseline: benchmarks/baseline_app.py "
               "(st_folium + st.form, same fields, same store, Streamlit's default config)"
               + (f". errors: {samples}" if samples else "")))
