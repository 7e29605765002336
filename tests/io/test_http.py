"""The one HTTP helper (PDOK and Overpass) against the local stand-in server."""

from __future__ import annotations

import socket
import time

import pytest

from assetmap import __version__
from assetmap.errors import GeocodeError
from assetmap.io import _http, osm_assets, pdok
from tests.fakes.pdok_server import LS


def test_both_services_send_our_user_agent(pdok_server, testdam):
    pdok.free("Kerkplein Testdam", base_url=pdok_server.locatieserver_url)
    osm_assets.fetch_overpass(tuple(testdam.buurten().total_bounds),
                              url=pdok_server.overpass_url)
    agents = {h.get("User-Agent") for h in pdok_server.headers}
    assert agents == {_http.USER_AGENT}
    assert f"assetmap/{__version__}" in _http.USER_AGENT


def test_a_busy_answer_and_a_dropped_connection_are_tried_again(pdok_server, testdam):
    pdok_server.fail_next = 2  # two times 503, then the real answer
    hits = pdok.free("Kerkplein Testdam", base_url=pdok_server.locatieserver_url)
    assert hits[0]["id"] == "adr-9999a2"
    assert len(pdok_server.requests) == 3
    pdok_server.requests.clear()
    pdok_server.drop_next = 1  # the connection closes without an answer
    feats = osm_assets.fetch_overpass(tuple(testdam.buurten().total_bounds),
                                      url=pdok_server.overpass_url)
    assert len(feats) == 4 and len(pdok_server.requests) == 2


def test_retries_stop_and_the_error_is_dutch(pdok_server):
    pdok_server.fail = True
    url = f"{pdok_server.locatieserver_url}/free?q=x"
    with pytest.raises(GeocodeError, match=r"^PDOK gaf een fout \(503\)\. Kies de plek"):
        _http.get_json(url, service="PDOK", advice="Kies de plek op de kaart.", timeout=5,
                       retries=2, backoff_s=0.01)
    assert len(pdok_server.requests) == 3  # the first try and two retries
    pdok_server.fail = False
    pdok_server.requests.clear()
    with pytest.raises(GeocodeError, match=r"fout \(404\)"):  # not retried: a wrong address
        _http.get_json(pdok_server.url + "/nergens", service="PDOK", advice="", timeout=5)
    assert len(pdok_server.requests) == 1


def test_the_time_budget_holds_when_nobody_answers():
    with socket.socket() as s:  # accepts connections (backlog) but never answers
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        url = f"http://127.0.0.1:{s.getsockname()[1]}{LS}/free?q=x"
        t0 = time.monotonic()
        with pytest.raises(GeocodeError, match="Overpass is niet bereikbaar.*OSM-bestand"):
            _http.request(url, service="Overpass", advice="Gebruik een OSM-bestand.",
                          timeout=1.0, backoff_s=0.2)
        assert time.monotonic() - t0 < 2.0
