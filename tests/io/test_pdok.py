"""PDOK Locatieserver and OGC API Features against the local stand-in server."""

from __future__ import annotations

import socket

import pytest

from assetmap.errors import AssetMapError, GeocodeError
from assetmap.io import cbs, pdok


def test_suggest_lookup_free(pdok_server):
    url = pdok_server.locatieserver_url
    hits = pdok.suggest("kerkplein testdam", base_url=url)
    assert hits == [{"id": "adr-9999a2", "label": "Kerkplein 3, 1234AC Testdam", "type": "adres"}]
    place = pdok.lookup(hits[0]["id"], base_url=url)
    assert (place["lon"], place["lat"]) == (5.015, 52.006)
    assert place["label"] == "Kerkplein 3, 1234AC Testdam"
    free = pdok.free("Dorpsstraat 1 Testdam", base_url=url)
    assert free[0]["lon"] == 5.005 and free[0]["type"] == "adres"
    assert pdok.suggest("a", base_url=url) == []  # too short to ask
    assert pdok.free("Nergensstraat 9", base_url=url) == []
    assert any("/suggest?" in r and "q=kerkplein" in r for r in pdok_server.requests)


def test_unknown_id_and_env_override(pdok_server, monkeypatch):
    monkeypatch.setenv("ASSETMAP_PDOK_URL", pdok_server.locatieserver_url)
    with pytest.raises(GeocodeError, match="kent deze plek niet"):
        pdok.lookup("adr-bestaat-niet")
    assert pdok.suggest("Langestraat 24")[0]["id"] == "adr-0153a1"


def test_offline_and_errors_are_dutch(pdok_server):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    with pytest.raises(GeocodeError, match="niet bereikbaar") as exc:
        pdok.suggest("Kerkplein", base_url=dead, timeout=2)
    assert isinstance(exc.value, AssetMapError)
    pdok_server.fail = True
    with pytest.raises(GeocodeError, match="fout \\(503\\)"):
        pdok.free("Kerkplein", base_url=pdok_server.locatieserver_url)


def test_download_buurten_pages_and_filters(pdok_server, testdam):
    g = pdok.download_buurten("Testdam", base_url=pdok_server.ogc_url)
    assert list(g["code"]) == ["BU99990001", "BU99990002", "BU99990003"]  # water buurt dropped
    assert g["inwoners"].tolist() == [1200, None, 800]  # -99997 is CBS secrecy
    assert sum("/collections/buurten/items" in r for r in pdok_server.requests) == 2  # 2 pages
    g2 = pdok.download_buurten("GM9999", base_url=pdok_server.ogc_url)
    assert len(g2) == 3 and "gemeentecode=GM9999" in pdok_server.requests[-2]
    rep = cbs.set_buurten(testdam, g, backup=False)
    assert rep.imported == 3 and len(testdam.buurten()) == 3
    with pytest.raises(GeocodeError, match="Atlantis"):
        pdok.download_buurten("Atlantis", base_url=pdok_server.ogc_url)
