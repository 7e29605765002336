"""Issue 12, item 1: user text never becomes code on any map.

Every text field of every layer (and the buurt names, link notes, stop names, worksheet rows)
holds the payloads below; each map builder's HTML is rendered and no payload may appear raw
inside a ``<script>`` element (nor, for the ``<…>`` ones, anywhere in the page). Text reaches
the browser as JSON from :func:`assetmap.webmap.script_json`, which escapes ``<``, ``>``,
``&``, the backtick and ``$``; folium's own ``Tooltip``/``Popup`` (a JavaScript template
literal) must never carry user text.
"""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from assetmap import routing, schema, webmap
from assetmap.analysis import analyse_layers
from assetmap.store import Actor, GpkgStore
from tests.conftest import two_buurten

PAYLOADS = ["${alert(1)}", "`;alert(2)//", "</script><script>alert(3)</script>",
            "<img src=x onerror=alert(4)>", "C:\\temp\\x"]
TAG_PAYLOADS = [p for p in PAYLOADS if "<" in p]


def hostile(i: int) -> str:
    """One text with every payload (and a bidi override, which validation removes)."""
    return f"N{i} " + " ".join(PAYLOADS) + " \u202e"


def _text_fields(layer: str) -> list[schema.Field]:
    return [f for f in schema.LAYERS[layer].fields
            if f.kind == "text" and not f.system and f.name not in ("created_by",)]


def _fit(f: schema.Field, n: int, j: int) -> str:
    """The whole hostile text, or (short fields) one payload of it."""
    text = hostile(n)
    if f.max_length is None or len(text) <= f.max_length:
        return text
    return f"N{n} {PAYLOADS[(n + j) % len(PAYLOADS)]}"


@pytest.fixture(scope="module")
def evil(tmp_path_factory):
    """A project where every text a person can type is hostile; everything approved."""
    path = tmp_path_factory.mktemp("evil") / "evil.gpkg"
    store = GpkgStore(path, create=True)
    fac = Actor.system()
    b = two_buurten()
    b["name"] = [hostile(90), hostile(91)]
    store.set_buurten(b, actor=fac)
    n = 0
    ids: dict[str, str] = {}
    for layer in schema.POINT_LAYERS:
        for k in range(2):  # two per layer, at the same spot (talents are spread on the map)
            rec: dict = {f.name: _fit(f, n, j) for j, f in enumerate(_text_fields(layer))}
            n += 1
            if layer == "meeting_places":
                rec["kind"] = "overig"
            if layer == "wishes":
                rec["kind"] = "wens"
            if layer in schema.REDUCED_LOCATION:
                rec["visibility"] = "public"
                rec["location_precision"] = "grid100"
                rec["consent_at"] = schema.now_iso()
                rec["consent_version"] = schema.CONSENT_VERSION
            rec["geometry"] = Point(5.004 + 0.001 * k, 52.004)
            ids[layer] = store.add(layer, rec, actor=fac, status="approved")
    store.add_link({"from_layer": "talents", "from_id": ids["talents"], "kind": "helps_with",
                    "to_layer": "wishes", "to_id": ids["wishes"], "note": hostile(99)},
                   actor=fac)
    yield store
    store.close()


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S)


def assert_safe(html: str, *, expect_text: bool = True) -> None:
    for p in TAG_PAYLOADS:
        assert p not in html, p
    for body in _scripts(html):
        for p in PAYLOADS:
            assert p not in body, p
    if expect_text:  # the text is there, as JSON (shown with textContent or escaped)
        assert "N0 \\u0024{alert(1)} \\u0060;alert(2)//" in html


def _layers(store, status="approved"):
    return {layer: store.read(layer, status=status) for layer in schema.POINT_LAYERS}


@pytest.mark.parametrize("audience", ["public", "facilitator"])
def test_project_map_keeps_every_text_as_data(evil, audience):
    html = webmap.to_html(webmap.project_map(evil, audience=audience, assets="inline",
                                             tiles=False))
    assert_safe(html)
    assert "N90 " in html  # buurt names too


def test_stored_text_is_as_typed_without_the_bidi_override(evil):
    name = evil.read("meeting_places")["name"].iloc[0]
    assert name == hostile(0).replace(" \u202e", " ").rstrip() or "\u202e" not in name
    assert "${alert(1)}" in name and "\u202e" not in name


def _route(store) -> routing.Route:
    g = store.read("meeting_places")
    stops = [routing.Stop(r["id"], r["name"], "meeting_places", r.geometry)
             for _, r in g.iterrows()]
    stops.append(routing.Stop("x", hostile(77), "talents", Point(5.012, 52.006)))
    return routing.plan_route(None, stops)


def test_wijksafari_route_on_the_map_and_as_a_file(evil):
    """The stop tooltip was folium's Tooltip: the name inside a template literal."""
    route = _route(evil)
    m = webmap.build_map(_layers(evil), evil.buurten(), assets="inline", tiles=False)
    webmap.add_route_to_map(m, route)
    html = webmap.to_html(m)
    assert_safe(html)
    assert "N77 \\u0024{alert(1)}" in html
    assert "bindTooltip(\n" not in html and "bindTooltip(`" not in html
    from assetmap.webmap.route_page import route_html

    page = route_html(route, title=hostile(78), buurten=evil.buurten())
    assert_safe(page, expect_text=False)
    assert "N78 \\u0024{alert(1)}" in page and "N77 \\u0024{alert(1)}" in page


def test_analysis_map(evil):
    layers = {n: evil.read(n, status="approved") for n in schema.ASSET_LAYERS}
    a = analyse_layers(evil.buurten(), layers)
    from assetmap.webmap import analysis as webmap_analysis

    for measure in ("uncovered_share", "meeting_places"):
        html = webmap.to_html(webmap_analysis.analysis_map(
            a, layers, measure=measure, assets="inline", tiles=False, show_points=True))
        assert_safe(html)


def test_history_map(evil):
    from assetmap.analysis import history as hist
    from assetmap.webmap.history import change_map

    comp = hist.compare(evil.history(), hist.parse_when("2000-01-01"),
                        hist.parse_when("2100-01-01"), buurten=evil.buurten())
    html = webmap.to_html(change_map(comp, assets="inline", tiles=False))
    assert_safe(html)


def test_worksheet_grid_map(evil):
    from assetmap.webmap.grid import grid_map

    cells = gpd.GeoDataFrame({"cell": [hostile(60), "B2"]},
                             geometry=[box(5.0, 52.0, 5.005, 52.005),
                                       box(5.005, 52.0, 5.01, 52.005)], crs=4326)
    html = webmap.to_html(grid_map(cells, evil.buurten(), highlight={"B2": [hostile(61)]},
                                   assets="inline", tiles=False))
    assert_safe(html, expect_text=False)
    assert "N60 \\u0024{alert(1)}" in html and "N61 \\u0024{alert(1)}" in html
