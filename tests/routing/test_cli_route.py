"""``assetmap route`` on the demo project: outputs, the network choices, Dutch errors (exit 2)."""

from __future__ import annotations

import json
import sys

import gpxpy
import pytest

from assetmap import cli, routing
from assetmap.store import GpkgStore


@pytest.fixture
def place_ids(demo_path) -> list[str]:
    with GpkgStore(demo_path) as store:
        c = routing.stop_candidates(store, audience="facilitator")
    return c[c["layer"] == "meeting_places"]["id"].tolist()


def test_route_writes_gpx_and_json(demo_path, place_ids, tmp_path, capsys):
    ids = place_ids[:5]
    gpx, js = tmp_path / "r.gpx", tmp_path / "r.json"
    rc = cli.main(["route", str(demo_path), "--network", "project", "--stops", ",".join(ids),
                   "--speed", "4", "--dwell", "5", "--start-time", "14:00",
                   "--gpx", str(gpx), "--json", str(js)])
    out = capsys.readouterr()
    assert rc == 0, out.err
    assert "Let op" not in out.err
    assert "Totaal:" in out.out and "14:00" in out.out
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["order"][0] == data["order"][-1] == ids[0]
    assert sorted(data["order"][:-1]) == sorted(ids)
    assert data["speed_kmh"] == 4.0
    walk = sum(leg["minutes"] for leg in data["legs"])
    assert data["total_min"] == pytest.approx(walk + 4 * 5, abs=0.3)
    parsed = gpxpy.parse(gpx.read_text(encoding="utf-8"))
    assert [w.comment for w in parsed.waypoints] == data["order"][:-1]


def test_start_end_prefix_and_manual(demo_path, place_ids, tmp_path, capsys):
    js = tmp_path / "r.json"
    short = [i[:8] for i in place_ids[:4]]
    rc = cli.main(["route", str(demo_path), "--stops", ",".join(short[1:3]),
                   "--start", short[0], "--end", short[3], "--manual", "--json", str(js)])
    assert rc == 0, capsys.readouterr().err
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["order"] == place_ids[:4]


def test_network_file_and_straight_lines(demo_path, place_ids, tmp_path, capsys):
    import geopandas as gpd
    from shapely.geometry import LineString

    with GpkgStore(demo_path) as store:
        streets = store.streets()
    p = tmp_path / "straten.geojson"
    streets.to_file(p, driver="GeoJSON")
    js = tmp_path / "r.json"
    rc = cli.main(["route", str(demo_path), "--network", str(p),
                   "--stops", ",".join(place_ids[:3]), "--json", str(js)])
    assert rc == 0, capsys.readouterr().err
    assert json.loads(js.read_text())["straight_lines"] is False
    # a project without streets: straight lines and a warning
    import pyogrio

    pyogrio.write_dataframe(gpd.GeoDataFrame(geometry=[LineString([(0, 0), (0, 0.001)])],
                                             crs=4326).iloc[:0], demo_path, layer="streets",
                            geometry_type="LineString", append=False)
    rc = cli.main(["route", str(demo_path), "--stops", ",".join(place_ids[:3]),
                   "--json", str(js)])
    err = capsys.readouterr().err
    assert rc == 0 and "Let op" in err and "rechte lijnen" in err
    assert json.loads(js.read_text())["straight_lines"] is True


def test_unknown_id_exit_2(demo_path, place_ids, capsys):
    rc = cli.main(["route", str(demo_path), "--stops", f"{place_ids[0]},xyz-bestaat-niet"])
    err = capsys.readouterr().err
    assert rc == 2 and "xyz-bestaat-niet" in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_not_a_network_exit_2(demo_path, place_ids, tmp_path, capsys):
    bad = tmp_path / "notities.txt"
    bad.write_text("geen straten hier")
    rc = cli.main(["route", str(demo_path), "--network", str(bad),
                   "--stops", ",".join(place_ids[:3])])
    err = capsys.readouterr().err
    assert rc == 2 and "notities.txt" in err


def test_stop_outside_the_network_exit_2(demo_path, place_ids, amsterdam_pbf, capsys):
    rc = cli.main(["route", str(demo_path), "--network", str(amsterdam_pbf),
                   "--stops", ",".join(place_ids[:3])])
    err = capsys.readouterr().err
    assert rc == 2 and "Buurthuis De Linde" in err and "wandelnetwerk" in err


def test_save_network_then_project(demo_path, place_ids, amsterdam_pbf, tmp_path, capsys):
    # caching a network with the project: afterwards --network project uses it
    rc = cli.main(["route", str(demo_path), "--network", str(amsterdam_pbf),
                   "--stops", ",".join(place_ids[:2]), "--save-network"])
    assert rc == 2  # demo stops are far from Amsterdam, but the network is kept first
    assert "bewaard" in capsys.readouterr().out
    rc = cli.main(["route", str(demo_path), "--network", "project",
                   "--stops", ",".join(place_ids[:2])])
    assert rc == 2 and "wandelnetwerk komt daar niet" in capsys.readouterr().err


def test_card_without_printing_exit_2(demo_path, place_ids, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "assetmap.printing", None)
    rc = cli.main(["route", str(demo_path), "--stops", ",".join(place_ids[:3]),
                   "--card", str(tmp_path / "kaart.pdf")])
    err = capsys.readouterr().err
    assert rc == 2 and "routekaart" in err.lower()
    assert not (tmp_path / "kaart.pdf").exists()


def test_card_with_printing(demo_path, place_ids, tmp_path, capsys):
    from pypdf import PdfReader

    out = tmp_path / "kaart.pdf"
    rc = cli.main(["--debug", "route", str(demo_path), "--stops", ",".join(place_ids[:4]),
                   "--start-time", "10:00", "--card", str(out), "--title", "Safari Oude Kern"])
    assert rc == 0, capsys.readouterr().err
    assert len(PdfReader(out).pages) == 1


def test_network_online_uses_osmnx_settings(demo_path, place_ids, overpass, monkeypatch, capsys):
    import osmnx as ox

    from .conftest import OverpassStandIn

    monkeypatch.setattr(ox.settings, "overpass_url", overpass)
    rc = cli.main(["route", str(demo_path), "--network", "online",
                   "--stops", ",".join(place_ids[:3])])
    err = capsys.readouterr().err
    # the stand-in serves Amsterdam, the demo lies elsewhere: nothing inside the project area
    assert OverpassStandIn.queries and "poly" in OverpassStandIn.queries[0]
    assert rc == 2 and "Geen straten gevonden" in err


def test_only_an_end(demo_path, place_ids, tmp_path, capsys):
    js = tmp_path / "r.json"
    rc = cli.main(["route", str(demo_path), "--stops", ",".join(place_ids[:4]),
                   "--end", place_ids[5], "--json", str(js)])
    assert rc == 0, capsys.readouterr().err
    order = json.loads(js.read_text(encoding="utf-8"))["order"]
    assert order[0] == place_ids[0] and order[-1] == place_ids[5] and len(order) == 5


def test_step_free_flag_json_and_the_unknown_count(demo_path, place_ids, tmp_path, capsys):
    js = tmp_path / "r.json"
    rc = cli.main(["route", str(demo_path), "--stops", ",".join(place_ids[:4]), "--step-free",
                   "--json", str(js)])
    out = capsys.readouterr().out
    assert rc == 0
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["step_free"] is True and data["speed_kmh"] == routing.SPEED_KMH
    # the demo streets carry no tags at all: every stretch is without information
    assert data["unknown_pieces"] >= 1 and data["unknown_m"] == pytest.approx(
        data["total_m"], rel=0.05)
    assert f"Zonder trappen: {data['unknown_pieces']} stuk" in out
    assert "zonder informatie over toegankelijkheid" in out
    rc = cli.main(["route", str(demo_path), "--stops", ",".join(place_ids[:4]),
                   "--json", str(js)])
    assert rc == 0 and json.loads(js.read_text())["step_free"] is False
    assert "Zonder trappen" not in capsys.readouterr().out


def test_no_step_free_route_exit_2(demo_path, place_ids, tmp_path, capsys):
    import geopandas as gpd
    from shapely.geometry import LineString

    with GpkgStore(demo_path) as store:
        c = routing.stop_candidates(store).set_index("id")
    a, b = c.loc[place_ids[0]], c.loc[place_ids[1]]
    # the only way between the two places is a flight of steps
    net = tmp_path / "trap.geojson"
    gpd.GeoDataFrame({"highway": ["steps"]}, geometry=[LineString(
        [(a.geometry.x, a.geometry.y), (b.geometry.x, b.geometry.y)])], crs=4326).to_file(net)
    ids = ",".join(place_ids[:2])
    assert cli.main(["route", str(demo_path), "--network", str(net), "--stops", ids]) == 0
    capsys.readouterr()
    rc = cli.main(["route", str(demo_path), "--network", str(net), "--stops", ids,
                   "--step-free"])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert f"geen route zonder trappen tussen '{a['name']}' en '{b['name']}'" in err
