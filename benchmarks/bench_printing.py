"""An A3 print with 500 assets vs a bare ``GeoDataFrame.plot`` + ``savefig`` of the same layers.

Both write a PDF (and, second figure, a 300 dpi PNG) of A3 landscape in the same run. Ours adds
the numbered symbols with overlap-free labels, buurt names, legend, scale bar, north arrow,
QR code and the index of 500 places (on following pages).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import matplotlib

from assetmap import printing, schema
from assetmap.crs import working_crs
from benchmarks.common import Result, grid_buurten, random_points, timed

N = 500


def _layers(buurten: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    pts = random_points(N, tuple(buurten.total_bounds), seed=7)
    per = N // len(schema.ASSET_LAYERS)
    out = {}
    for k, layer in enumerate(schema.ASSET_LAYERS):
        chunk = pts[k * per:(k + 1) * per]
        g = gpd.GeoDataFrame({"id": [f"{layer}-{i}" for i in range(len(chunk))],
                              "name": [f"Plek {layer[:5]} {i}" for i in range(len(chunk))],
                              "description": "Een plek waar buren elkaar ontmoeten",
                              "status": "approved", "visibility": "public",
                              "wants_to_share": True}, geometry=chunk, crs=4326)
        g["buurt_code"] = gpd.sjoin(g, buurten[["code", "geometry"]], how="left",
                                    predicate="within")["code"].to_numpy()
        out[layer] = g
    return out


def _bare(layers: dict[str, gpd.GeoDataFrame], buurten: gpd.GeoDataFrame, out: Path,
          dpi: int) -> None:
    from matplotlib.figure import Figure

    work = working_crs(buurten)
    fig = Figure(figsize=(420 / 25.4, 297 / 25.4))
    ax = fig.add_subplot()
    buurten.to_crs(work).plot(ax=ax, facecolor="none", edgecolor="black")
    for layer, g in layers.items():
        g.to_crs(work).plot(ax=ax, markersize=30, label=layer)
    fig.savefig(out, dpi=dpi)


def run() -> list[Result]:
    buurten = grid_buurten(6)
    layers = _layers(buurten)
    results = []
    with tempfile.TemporaryDirectory() as d, matplotlib.rc_context({"pdf.fonttype": 42}):
        tmp = Path(d)
        for fmt, index in (("pdf", True), ("png", True), ("pdf", False), ("png", False)):
            def ours(fmt=fmt, index=index) -> Path:
                return printing.render_map(layers, buurten, tmp / f"ours.{fmt}", paper="A3",
                                           orientation="landscape", dpi=300, index=index,
                                           qr_url="https://example.org/kaart", project="bench")

            def bare(fmt=fmt) -> None:
                _bare(layers, buurten, tmp / f"bare.{fmt}", 300)

            ours()  # warm-up: fonts and caches, as in a running app
            bare()
            t_ours, _ = timed(ours, repeat=3)
            t_bare, _ = timed(bare, repeat=3)
            ratio = t_ours / t_bare
            pages = len(list(tmp.glob("ours*.png"))) if fmt == "png" else \
                printing.pdf_page_count((tmp / "ours.pdf").read_bytes())
            what = "map + index" if index else "map page only"
            results.append(Result(
                f"printing: A3, {N} assets, {what} ({fmt.upper()})",
                {"seconds": round(t_ours, 3), "baseline_seconds": round(t_bare, 3),
                 "ratio_seconds": round(ratio, 2), "pages": pages,
                 "kB": (tmp / f"ours.{fmt}").stat().st_size // 1024},
                goal="ratio_seconds <= 5", met=ratio <= 5,  # issue #18 item 12
                notes="baseline: GeoDataFrame.plot of the 36 buurten and the 4 layers + "
                      "savefig of one A3 figure (300 dpi for PNG), best of 3; ours adds "
                      "numbers with label placement, buurt names, legend, scale bar, north "
                      "arrow, QR code "
                      + ("and the index of 500 places (extra pages: ~20,000 characters of "
                         "text the baseline does not write)" if index else
                         "(index=False)")))
            for f in tmp.glob("ours*.png"):
                f.unlink()
    return results
