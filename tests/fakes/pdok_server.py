"""A local stand-in for PDOK (Locatieserver, OGC API wijken en buurten) and Overpass.

It listens on 127.0.0.1 and answers in the services' real JSON shapes, so code that talks to
them is tested without internet. Use the ``pdok_server`` fixture::

    from tests.fakes.pdok_server import pdok_server  # noqa: F401  (makes the fixture known)

    def test_x(pdok_server):
        hits = pdok.free("Langestraat 24 Enschede", base_url=pdok_server.locatieserver_url)

``pdok_server.env`` holds the environment variables that point the app at it
(``ASSETMAP_PDOK_URL``, ``ASSETMAP_PDOK_OGC_URL``, ``ASSETMAP_OVERPASS_URL``) for a
``streamlit run`` or CLI subprocess; ``pdok_server.requests`` lists every path asked for;
``pdok_server.fail = True`` makes every answer an HTTP 503; ``fail_next = n`` only the next ``n``
answers; ``drop_next = n`` closes the next ``n`` connections without an answer (a connection
error); ``headers`` lists the request headers of every request (the user agent is checked).
"""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

LS = "/bzk/locatieserver/search/v3_1"
OGC = "/cbs/wijken-en-buurten-2023/ogc/v1"
OVERPASS = "/api/interpreter"
PAGE = 2  # small pages, so paging through ``next`` links is exercised


@dataclass
class Address:
    id: str
    label: str
    lon: float
    lat: float
    type: str = "adres"


ADDRESSES = [
    Address("adr-0153a1", "Langestraat 24, 7511HC Enschede", 6.896398, 52.219147),
    Address("adr-0153a2", "M H Tromplaan 28, 7513AL Enschede", 6.8931, 52.2153),
    Address("adr-0153a3", "Boekweitstraat 39A, 7545XE Enschede", 6.8604, 52.2027),
    Address("adr-0153a4", "De Hems 20, 7522NL Enschede", 6.8993, 52.2371),
    Address("adr-9999a1", "Dorpsstraat 1, 1234AB Testdam", 5.005, 52.005),
    Address("adr-9999a2", "Kerkplein 3, 1234AC Testdam", 5.015, 52.006),
    Address("wpl-9999", "Testdam", 5.01, 52.005, "woonplaats"),
]


def _square(x: float, y: float, d: float = 0.01) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + d, y], [x + d, y + d],
                                                [x, y + d], [x, y]]]}


def _buurt(code: str, name: str, gm: str, gmname: str, inw: int, x: float, y: float,
           water: str = "NEE") -> dict[str, Any]:
    # the property names of PDOK's wijken-en-buurten OGC API (2023)
    return {"type": "Feature", "id": code, "geometry": _square(x, y),
            "properties": {"buurtcode": code, "buurtnaam": name, "wijkcode": "WK" + code[2:8],
                           "gemeentecode": gm, "gemeentenaam": gmname, "water": water,
                           "aantal_inwoners": inw, "mannen": -99995, "vrouwen": -99995,
                           "jaarstatcode": "2023" + code}}


BUURTEN = [
    _buurt("BU99990001", "Noord", "GM9999", "Testdam", 1200, 5.00, 52.00),
    _buurt("BU99990002", "Zuid", "GM9999", "Testdam", -99997, 5.01, 52.00),
    _buurt("BU99990003", "Oost", "GM9999", "Testdam", 800, 5.02, 52.00),
    _buurt("BU99990099", "Het Meer", "GM9999", "Testdam", 0, 5.03, 52.00, water="JA"),
    _buurt("BU88880001", "Elders", "GM8888", "Anderdorp", 500, 6.00, 52.50),
]

OVERPASS_ELEMENTS = [
    {"type": "node", "id": 101, "lat": 52.004, "lon": 5.004,
     "tags": {"amenity": "community_centre", "name": "Buurthuis De Kroon",
              "wheelchair": "yes"}},
    {"type": "node", "id": 102, "lat": 52.006, "lon": 5.014,
     "tags": {"shop": "bakery", "name": "Bakkerij Bol", "website": "bakkerijbol.nl"}},
    {"type": "way", "id": 201, "center": {"lat": 52.007, "lon": 5.006},
     "tags": {"leisure": "playground"}},
    {"type": "node", "id": 103, "lat": 52.008, "lon": 5.012,
     "tags": {"club": "sport", "name": "Volleybalclub Testdam"}},
    {"type": "node", "id": 104, "lat": 52.008, "lon": 5.013, "tags": {"amenity": "bench"}},
]


def _ls_doc(a: Address, full: bool) -> dict[str, Any]:
    doc: dict[str, Any] = {"type": a.type, "weergavenaam": a.label, "id": a.id, "score": 9.5}
    if full:
        doc.update({"bron": "BAG", "centroide_ll": f"POINT({a.lon} {a.lat})",
                    "centroide_rd": "POINT(155000 463000)", "identificatie": a.id[4:]})
    return doc


def _ls_match(q: str) -> list[Address]:
    words = [w for w in re.split(r"[\s,]+", q.lower()) if w]
    return [a for a in ADDRESSES if words and all(w in a.label.lower() for w in words)]


def _ls_response(docs: list[dict[str, Any]]) -> dict[str, Any]:
    return {"response": {"numFound": len(docs), "start": 0, "maxScore": 9.5,
                         "numFoundExact": True, "docs": docs},
            "highlighting": {d["id"]: {"suggest": [d["weergavenaam"]]} for d in docs},
            "spellcheck": {"suggestions": [], "collations": []}}


@dataclass
class FakePdok:
    host: str
    port: int
    requests: list[str] = field(default_factory=list)
    fail: bool = False
    fail_next: int = 0
    drop_next: int = 0
    headers: list[dict[str, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def locatieserver_url(self) -> str:
        return self.url + LS

    @property
    def ogc_url(self) -> str:
        return self.url + OGC

    @property
    def overpass_url(self) -> str:
        return self.url + OVERPASS

    @property
    def env(self) -> dict[str, str]:
        return {"ASSETMAP_PDOK_URL": self.locatieserver_url,
                "ASSETMAP_PDOK_OGC_URL": self.ogc_url,
                "ASSETMAP_OVERPASS_URL": self.overpass_url}

    # ---- answers --------------------------------------------------------------------------
    def answer(self, method: str, path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        if self.fail:
            return 503, {"message": "Service Unavailable"}
        q = (query.get("q") or [""])[0]
        rows = int((query.get("rows") or ["10"])[0])
        if path == LS + "/suggest":
            return 200, _ls_response([_ls_doc(a, False) for a in _ls_match(q)][:rows])
        if path == LS + "/free":
            fq = (query.get("fq") or [""])[0]
            hits = [a for a in _ls_match(q) if not fq or a.type in fq]
            return 200, _ls_response([_ls_doc(a, True) for a in hits][:rows])
        if path == LS + "/lookup":
            wanted = (query.get("id") or [""])[0]
            return 200, _ls_response([_ls_doc(a, True) for a in ADDRESSES if a.id == wanted])
        m = re.fullmatch(OGC + r"/collections/(buurten|wijken)/items", path)
        if m and method == "GET":
            feats = list(BUURTEN)
            for prop in ("gemeentecode", "gemeentenaam"):
                if prop in query:
                    feats = [f for f in feats if f["properties"][prop] == query[prop][0]]
            offset = int((query.get("offset") or ["0"])[0])
            page = feats[offset:offset + PAGE]
            links = [{"rel": "self", "type": "application/geo+json", "href": self.url + path}]
            if offset + PAGE < len(feats):
                nq = {k: v[0] for k, v in query.items()} | {"offset": str(offset + PAGE)}
                links.append({"rel": "next", "type": "application/geo+json",
                              "href": f"{self.url}{path}?{urllib.parse.urlencode(nq)}"})
            return 200, {"type": "FeatureCollection", "timeStamp": "2026-11-21T20:00:00Z",
                         "links": links, "numberReturned": len(page), "features": page}
        if path == OVERPASS:
            return 200, {"version": 0.6, "generator": "Overpass API (stand-in)",
                         "osm3s": {"copyright": "© OpenStreetMap contributors, ODbL 1.0."},
                         "elements": OVERPASS_ELEMENTS}
        return 404, {"code": "NotFound", "description": f"no route {path}"}


def start() -> tuple[FakePdok, ThreadingHTTPServer]:
    fake = FakePdok("127.0.0.1", 0)

    class Handler(BaseHTTPRequestHandler):
        def _go(self, method: str) -> None:
            parsed = urllib.parse.urlparse(self.path)
            query = urllib.parse.parse_qs(parsed.query)
            if method == "POST":
                n = int(self.headers.get("Content-Length") or 0)
                query |= urllib.parse.parse_qs(self.rfile.read(n).decode("utf-8", "replace"))
            fake.requests.append(self.path)
            fake.headers.append(dict(self.headers.items()))
            if fake.drop_next > 0:
                fake.drop_next -= 1
                self.close_connection = True
                return  # no answer at all: the client sees a connection error
            if fake.fail_next > 0:
                fake.fail_next -= 1
                status, body = 503, {"message": "Service Unavailable"}
            else:
                status, body = fake.answer(method, parsed.path, query)
            raw = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self._go("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._go("POST")

        def log_message(self, *args: Any) -> None:  # quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake, server


@pytest.fixture
def pdok_server():
    """A running stand-in PDOK/Overpass server on 127.0.0.1 (stopped after the test)."""
    fake, server = start()
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def pdok_server_module():
    """The same, shared by the tests of one module (e.g. with a ``streamlit run``)."""
    fake, server = start()
    yield fake
    server.shutdown()
    server.server_close()
