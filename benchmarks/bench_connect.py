"""Suggestions (wie kan met wie) for 50 wishes from 1,000 entries over 100 buurten.

Texts are drawn from small Dutch word lists (some words shared with the wishes, most not), so
the word and theme rules do real work. Timed: straight lines, and walking on a street grid
every 100 m (the Verbinden page and ``assetmap connect`` with a project network). Goal: the
page stays interactive, at most 2 s for the straight version and 5 s walking on 2 cores.
"""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np

from assetmap import connect
from benchmarks.bench_analysis import _street_grid
from benchmarks.common import Result, grid_buurten, random_points, timed

N_ENTRIES = 1000
N_WISHES = 50
WORDS = ("tuin moestuin koken eten taal les jongeren ouderen muziek koor sport fiets "
         "computer breien verhalen bijen park koffie zaal sponsoring ruimte huiswerk "
         "klussen schaken yoga dansen theater formulieren naaien voetbal").split()
FILL = ("iets samen met mensen uit de buurt voor iedereen op woensdag graag vaker "
        "gezellig nieuw").split()
THEMES = ("groen", "ontmoeting", "jeugd", "ouderen", "taal", "gezondheid", "cultuur", "werk")


def _text(rng: np.random.Generator, k: int) -> str:
    return " ".join([*rng.choice(WORDS, k), *rng.choice(FILL, 4)])


def _project() -> tuple[dict[str, gpd.GeoDataFrame], gpd.GeoDataFrame, gpd.GeoDataFrame]:
    rng = np.random.default_rng(15)
    buurten = grid_buurten(10)
    bounds = tuple(buurten.total_bounds)
    pts = random_points(N_ENTRIES, bounds, seed=15)
    per = N_ENTRIES // 4
    layers = {}
    for k, layer in enumerate(connect.CANDIDATE_LAYERS):
        rows = {"id": [f"{layer}-{i}" for i in range(per)],
                "name": [_text(rng, 1) for _ in range(per)],
                "description": [_text(rng, 3) for _ in range(per)]}
        if layer == "talents":
            rows["gifts_hand"] = [_text(rng, 2) for _ in range(per)]
            rows["visibility"] = ["public"] * per
        if layer == "meeting_places":
            rows["free_to_use"] = [bool(b) for b in rng.random(per) < 0.5]
        if layer == "entrepreneurs":
            rows["offers"] = [_text(rng, 1) for _ in range(per)]
        layers[layer] = gpd.GeoDataFrame(rows, geometry=pts[k * per:(k + 1) * per], crs=4326)
    wp = random_points(N_WISHES, bounds, seed=16)
    wishes = gpd.GeoDataFrame({"id": [f"w{i}" for i in range(N_WISHES)],
                               "name": [_text(rng, 2) for _ in range(N_WISHES)],
                               "theme": rng.choice(THEMES, N_WISHES),
                               "buurt_code": None}, geometry=wp, crs=4326)
    return layers, wishes, buurten


def run() -> list[Result]:
    layers, wishes, buurten = _project()
    connect.suggest(layers, wishes.iloc[:2])  # warm up (imports, catalogue)
    t_line, sugg = timed(lambda: connect.suggest(layers, wishes), repeat=3)
    n = sum(len(w.suggestions) for w in sugg.wishes)
    out = [Result("connect: 50 wishes x 1,000 entries, straight",
                  {"seconds": round(t_line, 3), "suggestions": n, "pairs": len(sugg.pairs)},
                  goal="seconds <= 2", met=t_line <= 2.0)]
    graph = nx.convert_node_labels_to_integers(_street_grid(buurten, step_m=100.0))
    t_net, sugg2 = timed(lambda: connect.suggest(layers, wishes, graph=graph), repeat=2)
    out.append(Result("connect: 50 wishes x 1,000 entries, walking",
                      {"seconds": round(t_net, 3), "graph_nodes": graph.number_of_nodes(),
                       "method": sugg2.method},
                      goal="seconds <= 5", met=t_net <= 5.0,
                      notes="street grid every 100 m; snapping and Dijkstra from 50 wishes"))
    return out
