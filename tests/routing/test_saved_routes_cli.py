"""Saved routes on the command line: ``route … --save NAME``, ``routes PROJECT``, ``route
--open NAME`` (recomputed, the same JSON keys as ``route``), and ``route … --map``."""

from __future__ import annotations

import json

import pytest

from assetmap import cli, routing
from assetmap.store import Actor, GpkgStore


@pytest.fixture
def place_ids(demo_path) -> list[str]:
    with GpkgStore(demo_path) as store:
        c = routing.stop_candidates(store)
    return c[c["layer"] == "meeting_places"]["id"].tolist()


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = cli.main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_save_list_and_reopen(demo_path, place_ids, tmp_path, capsys, monkeypatch):
    p, first, again = str(demo_path), tmp_path / "a.json", tmp_path / "b.json"
    rc, out, err = _run(capsys, "route", p, "--stops", ",".join(place_ids[:4]), "--accessible",
                        "--dwell", "5", "--start-time", "14:00", "--json", str(first),
                        "--save", "Rondje Oude Kern")
    assert rc == 0, err
    assert "Route bewaard: 'Rondje Oude Kern' (nieuw)" in out
    planned = json.loads(first.read_text(encoding="utf-8"))
    # one line per route: name, stops, km, minutes, status, date
    rc, out, _ = _run(capsys, "routes", p)
    km = f"{planned['total_m'] / 1000:.2f}".replace(".", ",")
    assert rc == 0 and out.startswith(f"Rondje Oude Kern · 4 stops · {km} km · ")
    assert " · goedgekeurd · 20" in out
    # a command without --lang follows ASSETMAP_LANG
    monkeypatch.setenv("ASSETMAP_LANG", "en")
    rc, out, _ = _run(capsys, "routes", p)
    assert rc == 0 and f" · {km.replace(',', '.')} km · " in out and " · approved · 20" in out
    assert " h " in out or " min " in out
    monkeypatch.delenv("ASSETMAP_LANG")
    rc, out, _ = _run(capsys, "routes", p, "--json")
    (listed,) = json.loads(out)
    assert {k: listed[k] for k in ("name", "stops", "status", "speed_kmh", "dwell_min",
                                   "start_time", "round_trip", "order_mode")} == {
        "name": "Rondje Oude Kern", "stops": 4, "status": "approved", "speed_kmh": 3.0,
        "dwell_min": 5.0, "start_time": "14:00", "round_trip": True, "order_mode": "optimal"}
    assert [s["id"] for s in listed["stop_ids"]] == planned["order"][:-1]
    # reopened (by name, any case; --route is the same flag): the same route, the same keys
    rc, out, err = _run(capsys, "route", p, "--route", "rondje oude kern", "--json", str(again))
    assert rc == 0 and not err
    assert json.loads(again.read_text(encoding="utf-8")) == planned
    # options given on the command line win for this time; --save NAME again updates it
    rc, out, _ = _run(capsys, "route", p, "--open", "Rondje Oude Kern", "--speed", "5",
                      "--json", str(again), "--save", "Rondje Oude Kern")
    assert rc == 0 and "(bijgewerkt)" in out
    assert json.loads(again.read_text(encoding="utf-8"))["speed_kmh"] == 5.0
    rc, out, _ = _run(capsys, "routes", p, "--json")
    assert [r["speed_kmh"] for r in json.loads(out)] == [5.0]


def test_reopen_without_a_removed_stop(demo_path, place_ids, tmp_path, capsys):
    p = str(demo_path)
    assert _run(capsys, "route", p, "--stops", ",".join(place_ids[:4]),
                "--save", "Langs vier plekken")[0] == 0
    with GpkgStore(demo_path) as store:
        store.delete("meeting_places", place_ids[2], actor=Actor.system())
    js = tmp_path / "r.json"
    rc, out, err = _run(capsys, "route", p, "--open", "Langs vier plekken", "--json", str(js))
    assert rc == 0
    assert "Let op: 1 stop bestaat niet meer: we laten die weg." in err
    assert place_ids[2] not in json.loads(js.read_text(encoding="utf-8"))["order"]


def test_user_errors_exit_2(demo_path, place_ids, capsys):
    p = str(demo_path)
    rc, _, err = _run(capsys, "route", p, "--open", "Bestaat niet")
    assert rc == 2 and err.startswith("fout: Geen bewaarde route 'Bestaat niet'.")
    assert len(err.strip().splitlines()) == 1
    rc, _, err = _run(capsys, "route", p)
    assert rc == 2 and "--stops" in err and "--open" in err
    assert _run(capsys, "route", p, "--stops", ",".join(place_ids[:2]), "--save", "A")[0] == 0
    rc, _, err = _run(capsys, "route", p, "--open", "A", "--stops", place_ids[3])
    assert rc == 2 and "laat --stops" in err
    rc, out, _ = _run(capsys, "routes", p)
    assert rc == 0 and out.count("\n") == 1


def test_map_file(demo_path, place_ids, tmp_path, capsys):
    out = tmp_path / "route.html"
    rc, text, err = _run(capsys, "route", str(demo_path), "--stops", ",".join(place_ids[:3]),
                         "--map", str(out))
    assert rc == 0, err
    assert f"Routekaart (HTML) geschreven: {out}" in text and "werkt offline" in text
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "RouteSheet" not in html
    assert "L.map(" in html and "tile.openstreetmap.org" not in html
    rc, _, _ = _run(capsys, "route", str(demo_path), "--stops", ",".join(place_ids[:3]),
                    "--map", str(out), "--map-tiles")
    assert rc == 0 and "tile.openstreetmap.org" in out.read_text(encoding="utf-8")
