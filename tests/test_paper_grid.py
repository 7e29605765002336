"""The worksheet grid: the rule, cell names, kept with the project (both backends), copied."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from assetmap import paper_grid as pg
from assetmap.store import Actor, GpkgStore, open_store
from assetmap.store.transfer import copy_project
from tests.store.conftest import pg_cluster, pg_url, store  # noqa: F401 - fixtures


def _buurten(w: float, h: float, x0: float = 150_000, y0: float = 440_000) -> gpd.GeoDataFrame:
    """One rectangular buurt of ``w`` x ``h`` metres in RD New."""
    return gpd.GeoDataFrame({"code": ["BU0001"], "name": ["Noord"]},
                            geometry=[box(x0, y0, x0 + w, y0 + h)], crs=28992).to_crs(4326)


def test_demo_grid_is_250_m_and_covers_the_buurten(demo_path):
    with GpkgStore(demo_path) as s:
        b = s.buurten()
    grid = pg.choose_grid(b)
    assert (grid.epsg, grid.cell_m, grid.cols, grid.rows) == (28992, 250, 10, 12)
    assert grid.covers(b.to_crs(28992).total_bounds)
    assert pg.choose_grid(b) == grid  # the same buurten give the same grid
    assert grid.left == round(grid.left) and grid.top == round(grid.top)


@pytest.mark.parametrize("w,h", [(300, 200), (900, 2500), (2400, 1800), (7000, 3000),
                                 (18_000, 25_000), (55, 40)])
def test_rule_round_size_and_6_to_12_cells_on_the_long_side(w, h):
    b = _buurten(w, h)
    grid = pg.choose_grid(b)
    assert grid.cell_m in pg.ROUND_SIZES
    assert max(grid.cols, grid.rows) <= pg.MAX_CELLS
    assert max(grid.cols, grid.rows) >= 6 or grid.cell_m == pg.ROUND_SIZES[0]
    x0, y0, x1, y1 = grid.bounds
    bx0, by0, bx1, by1 = b.to_crs(28992).total_bounds
    spare = min(bx0 - x0, by0 - y0, x1 - bx1, y1 - by1)
    assert spare >= 0.1 * grid.cell_m - 1  # a tenth of a cell around (origin rounded to 1 m)
    smaller = [s for s in pg.ROUND_SIZES if s < grid.cell_m]
    if smaller:  # the next smaller size would need too many cells
        s = smaller[-1]
        assert max(pg._cells_for(bx1 - bx0, s), pg._cells_for(by1 - by0, s)) > pg.MAX_CELLS


def test_cell_names():
    assert [pg.column_letters(i) for i in (0, 2, 25, 26, 27, 51, 52)] == [
        "A", "C", "Z", "AA", "AB", "AZ", "BA"]
    for written in ("C4", "c4", " c 4 ", "C-4", "4c", "c.4", "C04"):
        assert pg.parse_cell(written) == "C4", written
    for bad in ("", "4", "C", "CC", "C0", "ABC1", "C4X", None, "=C4"):
        assert pg.parse_cell(bad) is None, bad
    grid = pg.PaperGrid(28992, 150_000, 441_000, 250, 10, 8)
    assert grid.index("J8") == (9, 7) and grid.index("K1") is None and grid.index("A9") is None
    cells = grid.cells()
    assert len(cells) == 80 and list(cells["cell"][:3]) == ["A1", "B1", "C1"]
    assert cells.crs.to_epsg() == 4326
    # A1 is the north-west cell, J8 the south-east one
    a1, j8 = cells.set_index("cell").geometry[["A1", "J8"]].to_crs(28992)
    assert a1.bounds == pytest.approx((150_000, 440_750, 150_250, 441_000), abs=0.01)
    assert j8.bounds == pytest.approx((152_250, 439_000, 152_500, 439_250), abs=0.01)


def test_kept_with_the_project_and_reused(store):  # noqa: F811 - GeoPackage and PostGIS
    assert pg.stored_grid(store) is None
    made, note = pg.project_grid(store)
    assert note is None and pg.stored_grid(store) == made
    again, note = pg.project_grid(store)
    assert again == made and note is None
    # buurten that no longer fit: a new grid, and a note that old sheets had the old one
    bigger = _buurten(9000, 6000, x0=120_000, y0=480_000)
    store.set_buurten(bigger, actor=Actor.system())
    new, note = pg.project_grid(store)
    assert new != made and "Nieuw raster" in note and pg.stored_grid(store) == new


def test_copy_keeps_the_grid(project, tmp_path, pg_url):  # noqa: F811
    made, _ = pg.project_grid(project)
    copy_project(project.path, pg_url)  # GeoPackage -> PostGIS -> GeoPackage
    dst = tmp_path / "kopie.gpkg"
    copy_project(pg_url, dst)
    for location in (pg_url, str(dst)):
        with open_store(location) as s:
            assert pg.stored_grid(s) == made


def test_grid_file_round_trip(tmp_path):
    grid = pg.PaperGrid(28992, 150_000, 441_000, 100, 3, 2)
    path = pg.write_cells(grid.cells(), tmp_path / "grid.geojson")
    back = pg.read_cells(path)
    assert list(back["cell"]) == ["A1", "B1", "C1", "A2", "B2", "C2"]
    assert back.geometry.iloc[0].equals_exact(grid.cells().geometry.iloc[0], 1e-9)
    bad = tmp_path / "bad.geojson"
    gpd.GeoDataFrame({"naam": ["x"]}, geometry=[box(5, 52, 5.1, 52.1)], crs=4326).to_file(bad)
    with pytest.raises(Exception, match="eigenschap 'cell'"):
        pg.read_cells(bad)
