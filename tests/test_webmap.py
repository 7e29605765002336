"""The folium map as HTML: layers, escaping, clustering, no CDN when offline assets are on."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
from shapely.geometry import Point

from assetmap import schema, webmap
from assetmap.store import Actor, GpkgStore
from tests.conftest import two_buurten

CDN = re.compile(r"(cdn\.jsdelivr|cdnjs\.cloudflare|unpkg\.com|code\.jquery|bootstrapcdn|"
                 r"fontawesome|googleapis|d3js\.org|rawcdn|githack|netdna)", re.I)


def _layers(store):
    return {layer: store.read(layer) for layer in schema.ASSET_LAYERS}


@pytest.fixture
def demo(demo_path):
    s = GpkgStore(demo_path)
    yield s
    s.close()


@pytest.mark.parametrize("assets", ["local", "inline"])
def test_no_cdn_when_offline_assets_are_on(demo, assets):
    html = webmap.to_html(webmap.project_map(demo, assets=assets))
    assert not CDN.search(html), CDN.search(html).group(0)
    if assets == "local":
        assert '/app/static/leaflet/leaflet.js' in html
        assert '/app/static/leaflet/leaflet.css' in html
    else:
        assert "<script src=" not in html.replace("<script src=\"data:", "")
        assert "L.version" in html or "Leaflet" in html  # leaflet source inlined
        assert 'url(data:image/png;base64,' in html


def test_cdn_mode_is_folium_default(demo):
    html = webmap.to_html(webmap.project_map(demo, assets="cdn"))
    assert CDN.search(html)


def test_one_toggleable_layer_per_asset_layer(demo):
    html = webmap.to_html(webmap.project_map(demo, lang="nl"))
    for layer in schema.ASSET_LAYERS:
        assert f'"{schema.LAYERS[layer].label_nl}"' in html  # LayerControl entry
        assert f"am-{layer}" in html
    assert '"Buurten"' in html and "L.control.layers" in html
    assert "am-legend" in html and "requestFullscreen" in html
    # colour-blind safe colours and distinct shapes
    for st in webmap.STYLES.values():
        assert st.color in html
    assert len({s.shape for s in webmap.STYLES.values()}) == len(webmap.STYLES)


def test_popups_and_tooltips_are_escaped(project):
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\''
    project.add("meeting_places", {"name": evil, "kind": "overig", "description": evil,
                                   "geometry": Point(5.005, 52.005)}, status="approved",
                actor=Actor.system())
    b = two_buurten()
    b.loc[0, "name"] = evil
    project.set_buurten(b, actor=Actor.system())
    html = webmap.to_html(webmap.project_map(project))
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    # the name is there, escaped for JSON inside a script
    assert "\\u003cscript\\u003ealert(1)" in html
    # tooltip escaped as HTML text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html.replace("\\u0026", "&")


def test_public_map_hides_private_talents_and_contacts(project):
    a = Actor.system()
    project.add("talents", {"name": "Publiek talent", "display_name": "Fatima",
                            "gifts_hand": "naaien", "visibility": "public",
                            "contact": "fatima@example.org", "consent_at": "2026-11-21T19:00:00Z",
                            "geometry": Point(5.005, 52.005)}, status="approved", actor=a)
    project.add("talents", {"name": "Geheim talent", "display_name": "Kees",
                            "gifts_hand": "timmeren", "visibility": "facilitators",
                            "geometry": Point(5.005, 52.005)}, status="approved", actor=a)
    html = webmap.to_html(webmap.project_map(project))
    assert "Publiek talent" in html and "Fatima" in html
    assert "Geheim talent" not in html and "Kees" not in html
    assert "fatima@example.org" not in html
    # two talents in buurt BU0001: a count below 3 is hidden
    assert "minder dan 3" in html
    fac = webmap.to_html(webmap.project_map(project, audience="facilitator"))
    assert "Geheim talent" in fac and "fatima@example.org" not in fac


def test_pending_entries_are_not_on_the_public_map(project):
    project.add("meeting_places", {"name": "Nog niet goedgekeurd", "kind": "overig",
                                   "geometry": Point(5.005, 52.005)}, actor=Actor.resident())
    assert "Nog niet goedgekeurd" not in webmap.to_html(webmap.project_map(project))


def test_clustering_above_200_points():
    pts = [Point(5.0 + i * 1e-4, 52.005) for i in range(201)]
    many = gpd.GeoDataFrame({"id": [str(i) for i in range(201)], "name": "p", "kind": "overig",
                             "status": "approved", "buurt_code": "BU0001"},
                            geometry=pts, crs=4326)
    few = many.iloc[:200]
    html_many = webmap.to_html(webmap.build_map({"meeting_places": many}, two_buurten()))
    html_few = webmap.to_html(webmap.build_map({"meeting_places": few}, two_buurten()))
    assert "L.markerClusterGroup" in html_many and "leaflet.markercluster.js" in html_many
    assert "L.markerClusterGroup" not in html_few and "leaflet.markercluster.js" not in html_few
    inline = webmap.to_html(webmap.build_map({"meeting_places": many}, two_buurten(),
                                             assets="inline"))
    assert "MarkerClusterGroup" in inline and not CDN.search(inline)


def test_buurt_tooltip_has_counts(demo):
    html = webmap.to_html(webmap.project_map(demo))
    assert "Spoorkwartier" in html
    assert "Inwoners: onbekend" in html  # De Akkers: CBS secrecy -> unknown


def test_english_labels(demo):
    html = webmap.to_html(webmap.project_map(demo, lang="en"))
    assert '"Meeting places"' in html and '"Neighbourhoods"' in html


def test_script_json_cannot_close_a_script_tag():
    s = webmap.script_json({"a": "</script><script>alert(1)</script>", "b": "\u2028"})
    assert "</" not in s and "<" not in s and "\u2028" not in s


def test_route_layer_numbers_stops_escapes_names_and_keeps_the_layer_control_last():
    from assetmap import routing

    stops = [routing.Stop("a", "Start <b>hier</b>", "meeting_places", Point(5.002, 52.002)),
             routing.Stop("b", "Bakker", "entrepreneurs", Point(5.008, 52.006)),
             routing.Stop("c", "Koor", "associations", Point(5.014, 52.003))]
    route = routing.plan_route(None, stops)  # no network: straight, dashed lines
    m = webmap.build_map({}, two_buurten(), assets="cdn", lang="en")
    webmap.add_route_to_map(m, route, lang="en")
    html = webmap.to_html(m)
    # a round trip: the start once; names as JSON, shown with textContent
    assert re.search(r'var stops = \[\[[^;]*,1,"Start \\u003cb\\u003ehier[^;]*,3,"Koor"\]\];',
                     html)
    assert 'className: "am-stop"' in html and "<b>hier</b>" not in html
    assert '"Walking tour" :' in html and '"color": "#D55E00", "dashArray": "8 8"' in html
    assert html.rindex("L.control.layers") > html.rindex("L.polyline")


def test_wishes_and_links_on_the_map(demo):
    """Wishes are their own layer (a star); links are lines styled by tie, listed in popups;
    a hostile name stays text."""
    fac = Actor.system()
    wish = demo.read("wishes", status="approved").iloc[0]
    tid = demo.add("talents", {"name": "</script><script>alert(1)</script>",
                               "gifts_hand": "tuinieren", "visibility": "public",
                               "buurt_code": "BU99990101"}, actor=fac, status="approved")
    demo.add_link({"from_layer": "talents", "from_id": tid, "kind": "helps_with",
                   "to_layer": "wishes", "to_id": wish["id"]}, actor=fac)
    html = webmap.to_html(webmap.project_map(demo, lang="nl", assets="inline", tiles=False))
    assert '"Wensen en signalen"' in html and "am-wishes" in html and "#F0E442" in html
    assert '"Verbindingen"' in html and "am-link-" in html
    for color in (s.color for s in webmap.STYLES.values()):
        assert color in html
    assert "helpt met" in html and "krijgt hulp van" in html  # tooltips and popups
    assert "<script>alert(1)" not in html and "\\u003c/script\\u003e" in html
    from assetmap.links import project_links

    public = project_links(demo)
    lines = public[public.geometry.notna()]
    assert len(public) == 8 and len(lines) == 7  # the gemeente link has no line
    assert set(lines.geom_type) == {"LineString"}
