"""The Door de tijd map as HTML: states told apart by shape and colour, user text only as JSON
and textContent, no talent points, counts then and now in the buurt tooltips."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from assetmap.analysis import history as hist
from assetmap.store.history import history_rows
from assetmap.webmap import history as history_map
from assetmap.webmap import to_html
from assetmap.webmap.history import CHANGE_STYLES, change_map, tooltip_lines
from tests.conftest import two_buurten

EVIL = '</script><img src=x onerror="alert(1)">`${alert(2)}`'


def _rows(layer, action, at, rid, **rec):
    base = {"id": rid, "status": "approved", "buurt_code": "BU0001"}
    return history_rows(layer, action, [base | rec], at=at)


def _comparison() -> hist.Comparison:
    from shapely.geometry import Point

    h = pd.DataFrame([r for part in (
        _rows("meeting_places", "add", "2026-03-01T10:00:00Z", "a", name=EVIL, kind="overig",
              geometry=Point(5.003, 52.004)),
        _rows("meeting_places", "add", "2026-03-01T10:00:00Z", "b", name="Blijft",
              kind="school", geometry=Point(5.004, 52.004)),
        _rows("meeting_places", "delete", "2026-04-01T10:00:00Z", "a", name=EVIL,
              kind="overig", geometry=Point(5.003, 52.004)),
        _rows("meeting_places", "add", "2026-04-01T10:00:00Z", "c", name="Nieuw plein",
              kind="park_plein", geometry=Point(5.006, 52.006)),
        _rows("talents", "add", "2026-04-01T10:00:00Z", "t", name="Fatima",
              visibility="public", geometry=Point(5.005, 52.005)),
    ) for r in part])
    return hist.compare(h, hist.parse_when("2026-03-15"), hist.parse_when("2026-04-15"),
                        buurten=two_buurten())


def test_change_map_html_is_safe_and_tells_states_apart():
    comp = _comparison()
    html = to_html(change_map(comp, assets="inline", tiles=False))
    assert EVIL not in html and "<img src=x" not in html
    # the name travels as a JSON string (escaped), never inside a JS template literal
    assert '"\\u003c/script\\u003e\\u003cimg src=x' in html
    source = Path(history_map.__file__).read_text(encoding="utf-8")
    assert "`" not in source.split('_template = Template("""')[1].split('""")')[0]
    assert "textContent" in html and "innerHTML = d" not in html
    assert "Nieuw plein" in html and "Blijft" in html
    assert "Fatima" not in html  # personal layers have no name or point in the history
    colours = {c for c, _ in CHANGE_STYLES.values()}
    shapes = {s for _, s in CHANGE_STYLES.values()}
    assert len(colours) == len(shapes) == 3  # shape and colour both differ
    for text in ("Nieuw (1)", "Weg (1)", "Bleef (1)"):
        assert text in html


def test_tooltips_count_then_and_now_and_hide_small_talent_counts():
    lines = tooltip_lines(_comparison())
    assert "Ontmoetingsplekken: 2 → 2" in lines["BU0001"]
    assert "Talenten: <3 → <3" in lines["BU0001"]  # 0 → 1: hidden, and the 0 with it
    en = tooltip_lines(_comparison(), lang="en")
    assert "Meeting places: 2 → 2" in en["BU0001"]
