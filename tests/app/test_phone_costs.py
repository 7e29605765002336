"""What a room of phones costs the server, checked without timing anything.

At a theme evening every phone opens Toevoegen by the QR link. The location map, the buurten and
the streets are built once per process and shared by every session until the store's stamp
says the data changed (so a new entry on an auto-approve evening still shows); a phone that has
saved nothing reads no 'my entries'; and Streamlit stays off its legacy ``pages/`` mode
(``benchmarks/bench_sessions.py`` measures the CPU seconds).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections import Counter

import pytest
from shapely.geometry import Point

from assetmap.store import Actor, GpkgStore
from tests.app.conftest import open_page
from tests.conftest import ROOT
from ui import cache

SPOT = Point(5.3370, 51.9498)  # in the Spoorkwartier of the demo


def map_script(at) -> str:
    """The Leaflet script the page sends to the browser for its map."""
    comps = [c for c in at.get("component_instance") if "st_folium" in c.proto.component_name]
    assert len(comps) == 1
    return json.loads(comps[0].proto.json_args)["script"]


def add_place(at, name: str) -> None:
    at.session_state["loc_meeting_places"] = {"point": SPOT, "buurt": None, "last": None,
                                              "error": None}
    at.text_input(key="form_meeting_places_name").input(name)
    at.selectbox(key="form_meeting_places_kind").set_value("park_plein")
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert not at.exception, at.exception
    assert at.success and "Dank je wel" in at.success[0].value


@pytest.fixture
def live_evening(demo_env) -> str:
    """The join code of an auto-approve evening: a new entry goes on the map at once."""
    with GpkgStore(demo_env) as s:
        ev = s.create_evening("Proef", "2026-12-03", auto_approve=True, actor=Actor.system())
    return ev["join_code"]


def test_map_and_buurten_are_built_once_per_process_until_an_entry_shows(live_evening):
    before = Counter(cache.BUILDS)
    phones = [open_page(query={"avond": live_evening}) for _ in range(3)]
    built = cache.BUILDS - before
    assert built["location_map"] == 1, built
    assert built["buurten"] == 1 and built["streets"] == 1 and built["evening"] == 1, built
    assert map_script(phones[0]) == map_script(phones[2])

    add_place(phones[0], "Bankje bij de bieb")
    later = open_page(query={"avond": live_evening})
    assert "Bankje bij de bieb" in map_script(later)  # the new entry shows on the next map
    built = cache.BUILDS - before
    assert built["location_map"] == 2 and built["buurten"] == 1, built
    # the phone that saved sees its entry under 'Mijn bijdragen'; the others have none
    assert any("Bankje bij de bieb" in e.label for e in phones[0].expander)
    phones[1].run()
    assert not phones[1].expander
    assert "Bankje bij de bieb" in map_script(phones[1])


def test_a_fresh_server_leaves_streamlits_legacy_pages_mode_first(live_evening, monkeypatch):
    """Streamlit puts a fresh server with a pages/ folder in legacy mode; every session that
    starts while it is in that mode runs through ``_mpa_v1``. AppTest starts every run as on a
    fresh server: by the time the entrypoint does any work the mode must be off already (it
    used to go off only at ``st.navigation``, seconds later on a cold server)."""
    from streamlit.runtime.pages_manager import PagesManager

    from ui import state

    seen: list[object] = []
    real_init = state.init

    def init() -> None:
        seen.append(PagesManager.uses_pages_directory)
        real_init()

    monkeypatch.setattr(state, "init", init)
    at = open_page(query={"avond": live_evening})
    assert at.title[0].value == "Voeg toe wat de buurt heeft"
    assert seen == [False]
    assert PagesManager.uses_pages_directory is False


def test_the_entrypoint_switches_before_its_slow_imports():
    """Phones that arrive while the first run still imports must not start in legacy mode:
    the switch is the entrypoint's first statement after ``import streamlit``, from a module
    that loads nothing heavy."""
    body = ast.parse((ROOT / "streamlit_app.py").read_text(encoding="utf-8")).body
    calls = [i for i, node in enumerate(body) if isinstance(node, ast.Expr)
             and isinstance(node.value, ast.Call)
             and getattr(node.value.func, "id", "") == "stay_off_legacy_pages"]
    assert calls, "streamlit_app.py does not call stay_off_legacy_pages()"
    earlier = [ast.unparse(n) for n in body[:calls[0]]
               if isinstance(n, ast.ImportFrom | ast.Import)]
    assert all(m.split()[1] in ("__future__", "logging", "pathlib", "streamlit", "ui.navigation")
               for m in earlier), earlier
    out = subprocess.run(
        [sys.executable, "-c", "import sys, ui.navigation; "
         "print(sorted(m for m in ('geopandas', 'folium', 'pandas', 'assetmap') "
         "if m in sys.modules))"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
