"""Prints from several threads at once (two people pressing Afdrukken in the app): each gets
its own print settings for the whole print (matplotlib's settings are global)."""

from __future__ import annotations

import io
import threading

import geopandas as gpd
from pypdf import PdfReader
from shapely.geometry import Point

from assetmap import printing
from benchmarks.common import grid_buurten


def test_prints_in_parallel_threads_all_succeed(tmp_path):
    b = grid_buurten(3)
    pts = [Point(5.001 + 0.003 * i, 52.001 + 0.002 * i) for i in range(12)]
    g = gpd.GeoDataFrame({"id": [f"m{i}" for i in range(12)],
                          "name": [f"Plek Şükrü — ğüç {i}" for i in range(12)],
                          "status": "approved", "visibility": "public",
                          "buurt_code": "BU000000"}, geometry=pts, crs=4326)
    errors: list[BaseException] = []
    pdfs: list[bytes] = []

    def work() -> None:
        try:
            for _ in range(3):
                buf = io.BytesIO()
                printing.render_map({"meeting_places": g}, b, buf, fmt="pdf", paper="A4")
                pdfs.append(buf.getvalue())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(pdfs) == 9
    assert all("Plek Şükrü" in PdfReader(io.BytesIO(p)).pages[0].extract_text() for p in pdfs)
