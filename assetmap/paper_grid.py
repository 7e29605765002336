"""The grid of the paper worksheet: letters along the top, numbers down the side.

A grid is a block of square cells of a round size in metres, laid over the buurten in the
working CRS of the project (RD New, EPSG:28992, in the Netherlands; :mod:`assetmap.crs`).
Columns are lettered from the west (``A``, ``B`` … ``Z``, ``AA`` …), rows numbered from the
north (``1``, ``2`` …), so cell ``C4`` is the third column, fourth row, as on a city map.

The rule (:func:`choose_grid`)
------------------------------
Take the bounding box of all buurten in the working CRS. Try the round sizes
:data:`ROUND_SIZES` (50, 100, 200, 250, 500 m, 1, 2, 2.5, 5 km …) from small to large and take
the first one for which the box, with at least a tenth of a cell to spare on every side, needs
at most :data:`MAX_CELLS` cells along each side. The grid is centred on the box; its origin is
rounded to whole metres. So the buurten fill the grid (the longer side always has between 6
and 12 cells), and every cell is large enough to write a number in on A4 (at least about
15 mm) and on A3.

The grid depends on the buurten only, not on the paper: an A4 and an A3 sheet of a project
show the same cells, so sheets of both sizes can be typed in together. The first worksheet of a
project stores the grid with the project (the extra layer :data:`PAPER_GRID`: one feature, the
outline, with ``epsg``, ``left``, ``top``, ``cell_m``, ``cols`` and ``rows``), and later
sheets and the entry of sheets reuse it (:func:`project_grid`). Only when the buurten have
changed so that the stored grid no longer covers them is a new grid chosen (and said so).

The cells travel as a GeoDataFrame in EPSG:4326 with a ``cell`` column (``"C4"``):
:meth:`PaperGrid.cells`, or a ``grid.geojson`` written by :func:`write_cells` and read back by
:func:`read_cells`.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from . import crs as _crs
from . import i18n
from .errors import ImportFormatError, ValidationError

if TYPE_CHECKING:
    from .store.base import BaseStore

PAPER_GRID = "paper_grid"
"""The extra layer that keeps the grid of a project's worksheets."""

ROUND_SIZES: tuple[int, ...] = (50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000,
                                20_000, 25_000, 50_000, 100_000)
"""Cell sizes (metres) a grid may have, small to large."""

MAX_CELLS = 12
"""At most this many cells along either side of a grid."""

SPARE = 0.1
"""Room around the buurten on every side, as a share of a cell."""

_CELL_RE = re.compile(r"^(?:([A-Z]{1,2})(\d{1,3})|(\d{1,3})([A-Z]{1,2}))$")


def column_letters(col: int) -> str:
    """The letters of column ``col`` (0-based): ``A`` … ``Z``, ``AA``, ``AB`` …"""
    out = ""
    n = col + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - ord("A") + 1)
    return n - 1


def parse_cell(text: object) -> str | None:
    """A cell as written on paper, in its usual form: ``" c 4"``, ``"C-4"``, ``"4c"`` → ``"C4"``.

    Returns ``None`` when ``text`` is not a letter-and-number cell name.
    """
    if text is None:
        return None
    t = re.sub(r"[\s\-./_:]", "", str(text)).upper()
    m = _CELL_RE.match(t)
    if not m:
        return None
    letters = m.group(1) or m.group(4)
    number = int(m.group(2) or m.group(3))
    if number < 1:
        return None
    return f"{letters}{number}"


@dataclass(frozen=True)
class PaperGrid:
    """A grid of square cells in a metric CRS.

    Attributes
    ----------
    epsg : int
        The CRS of the grid (28992 in the Netherlands).
    left, top : float
        The north-west corner (metres in that CRS): the corner of cell ``A1``.
    cell_m : float
        The side of a cell in metres.
    cols, rows : int
        Cells across (letters) and down (numbers).
    """

    epsg: int
    left: float
    top: float
    cell_m: float
    cols: int
    rows: int

    @property
    def crs(self) -> CRS:
        """The grid's CRS."""
        return CRS.from_epsg(self.epsg)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(x0, y0, x1, y1)`` of the whole grid in its CRS."""
        return (self.left, self.top - self.rows * self.cell_m,
                self.left + self.cols * self.cell_m, self.top)

    @property
    def size_text(self) -> str:
        """The cell size as people say it: ``250 m`` or ``1 km``, ``2,5 km``."""
        return self.size_label("nl")

    def size_label(self, lang: str = "nl") -> str:
        """:attr:`size_text` in ``lang``: a decimal comma in Dutch, a point in English."""
        if self.cell_m >= 1000:
            km = f"{self.cell_m / 1000:g} km"
            return km if lang == "en" else km.replace(".", ",")
        return f"{self.cell_m:g} m"

    def label(self, col: int, row: int) -> str:
        """The name of the cell in column ``col`` and row ``row`` (both 0-based)."""
        return f"{column_letters(col)}{row + 1}"

    def labels(self) -> list[str]:
        """Every cell name, row by row from the top left."""
        return [self.label(c, r) for r in range(self.rows) for c in range(self.cols)]

    def index(self, cell: str) -> tuple[int, int] | None:
        """``(col, row)`` (0-based) of a cell name, ``None`` when it is not on this grid."""
        name = parse_cell(cell)
        if name is None:
            return None
        m = _CELL_RE.match(name)
        assert m is not None
        col, row = _column_index(m.group(1)), int(m.group(2)) - 1
        if 0 <= col < self.cols and 0 <= row < self.rows:
            return col, row
        return None

    def cell_box(self, col: int, row: int) -> BaseGeometry:
        """The square of a cell in the grid's CRS."""
        x0 = self.left + col * self.cell_m
        y1 = self.top - row * self.cell_m
        return box(x0, y1 - self.cell_m, x0 + self.cell_m, y1)

    def covers(self, bounds: tuple[float, float, float, float] | np.ndarray) -> bool:
        """Whether the grid holds the box ``bounds`` (in its CRS)."""
        x0, y0, x1, y1 = self.bounds
        return bool(x0 <= bounds[0] and y0 <= bounds[1] and bounds[2] <= x1 and bounds[3] <= y1)

    def cells(self) -> gpd.GeoDataFrame:
        """Every cell as a polygon in EPSG:4326, with ``cell`` (``"C4"``), ``col`` and ``row``
        (``C`` and ``4``) and ``cell_m``, row by row from the top left."""
        names, cols, rows, geoms = [], [], [], []
        for r in range(self.rows):
            for c in range(self.cols):
                names.append(self.label(c, r))
                cols.append(column_letters(c))
                rows.append(r + 1)
                geoms.append(self.cell_box(c, r))
        g = gpd.GeoDataFrame({"cell": names, "col": cols, "row": rows,
                              "cell_m": [float(self.cell_m)] * len(names)},
                             geometry=geoms, crs=self.crs)
        return g.to_crs(4326)

    def outline(self) -> gpd.GeoDataFrame:
        """The grid as one feature (its outline in EPSG:4326 with the definition), as kept in
        the project's :data:`PAPER_GRID` layer."""
        return gpd.GeoDataFrame(
            {"epsg": [int(self.epsg)], "left": [float(self.left)], "top": [float(self.top)],
             "cell_m": [float(self.cell_m)], "cols": [int(self.cols)],
             "rows": [int(self.rows)]},
            geometry=[box(*self.bounds)], crs=self.crs).to_crs(4326)

    @classmethod
    def from_outline(cls, gdf: gpd.GeoDataFrame) -> PaperGrid | None:
        """The grid kept in a :data:`PAPER_GRID` layer, or ``None`` when it holds none."""
        if gdf is None or len(gdf) == 0:
            return None
        row = gdf.iloc[0]
        try:
            grid = cls(epsg=int(row["epsg"]), left=float(row["left"]), top=float(row["top"]),
                       cell_m=float(row["cell_m"]), cols=int(row["cols"]),
                       rows=int(row["rows"]))
        except (KeyError, TypeError, ValueError):
            return None
        if grid.cell_m <= 0 or grid.cols < 1 or grid.rows < 1:
            return None
        return grid


def choose_grid(buurten: gpd.GeoDataFrame) -> PaperGrid:
    """The grid over ``buurten`` by the rule of this module (see the module docstring).

    Parameters
    ----------
    buurten : GeoDataFrame
        The project's buurten (any CRS).

    Returns
    -------
    PaperGrid
        The same grid for the same buurten, every time.

    Raises
    ------
    ValidationError
        The project has no buurten yet.
    """
    if buurten is None or len(buurten) == 0:
        raise ValidationError(key="grid_no_buurten")
    work = _crs.working_crs(buurten)
    x0, y0, x1, y1 = buurten.to_crs(work).total_bounds
    w, h = x1 - x0, y1 - y0
    size = ROUND_SIZES[-1]
    for s in ROUND_SIZES:
        if _cells_for(w, s) <= MAX_CELLS and _cells_for(h, s) <= MAX_CELLS:
            size = s
            break
    cols, rows = _cells_for(w, size), _cells_for(h, size)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return PaperGrid(epsg=int(work.to_epsg() or 28992), left=float(round(cx - cols * size / 2)),
                     top=float(round(cy + rows * size / 2)), cell_m=float(size), cols=cols,
                     rows=rows)


def _cells_for(length: float, size: float) -> int:
    """Cells of ``size`` needed for ``length`` with :data:`SPARE` of a cell on both sides."""
    return max(1, math.ceil(length / size + 2 * SPARE))


# --------------------------------------------------------------------------- with the project


def stored_grid(store: BaseStore) -> PaperGrid | None:
    """The grid kept with the project, or ``None``."""
    return PaperGrid.from_outline(store.read_extra_layer(PAPER_GRID))


def project_grid(store: BaseStore, *, save: bool = True) -> tuple[PaperGrid, str | None]:
    """The grid of the project's worksheets: the one kept with the project, or a new one.

    Parameters
    ----------
    store : BaseStore
        The project.
    save : bool
        Keep a new grid with the project (the default; a worksheet print does this).

    Returns
    -------
    grid : PaperGrid
        The kept grid when it still covers the buurten, else :func:`choose_grid`.
    note : str or None
        A sentence when a new grid was made (an :class:`assetmap.i18n.Msg`: Dutch, and
        ``note.text(lang)`` in another language), else ``None``.
    """
    buurten = store.buurten()
    kept = stored_grid(store)
    if kept is not None and (len(buurten) == 0 or
                             kept.covers(buurten.to_crs(kept.crs).total_bounds)):
        return kept, None
    grid = choose_grid(buurten)
    note = i18n.Msg("grid_renewed") if kept is not None else None
    if save:
        store.write_extra_layer(PAPER_GRID, grid.outline())
    return grid, note


# --------------------------------------------------------------------------- cells as a file


def write_cells(cells: gpd.GeoDataFrame, path: str | os.PathLike[str]) -> Path:
    """Write the cells as GeoJSON (EPSG:4326; a ``cell`` property per polygon), in one step."""
    out = Path(path)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(cells.to_crs(4326).to_json(drop_id=True, ensure_ascii=False),
                   encoding="utf-8")
    os.replace(tmp, out)
    return out


def read_cells(path: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    """The cells of a ``grid.geojson`` (as :func:`write_cells` writes it), in EPSG:4326.

    Raises
    ------
    ImportFormatError
        Not readable, no polygons, or no ``cell`` property.
    """
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    p = Path(path)
    if not p.is_file():
        raise ImportFormatError(key="grid_not_found", params={"name": p.name})
    try:
        g = pyogrio.read_dataframe(p)
    except (DataSourceError, DataLayerError) as exc:
        raise ImportFormatError(key="grid_unreadable", params={
            "name": p.name, "detail": " ".join(str(exc).split())[:120]}) from None
    return check_cells(g, p.name)


def check_cells(g: gpd.GeoDataFrame, name: str | None = None) -> gpd.GeoDataFrame:
    """``g`` as cells: polygons in EPSG:4326 with a ``cell`` column of tidy cell names."""
    name = name if name is not None else i18n.Msg("grid_label")
    if "cell" not in g.columns or len(g) == 0:
        raise ImportFormatError(key="grid_no_cell", params={"name": name})
    if not set(g.geom_type.dropna()) <= {"Polygon", "MultiPolygon"}:
        raise ImportFormatError(key="grid_not_polygons", params={"name": name})
    g = g.to_crs(4326) if g.crs is not None else g.set_crs(4326)
    names = [parse_cell(c) for c in g["cell"]]
    g = g.assign(cell=names)
    return g[g["cell"].notna()].reset_index(drop=True)


# --------------------------------------------------------------------------- where a cell is


@dataclass
class CellPlacer:
    """Where an entry written in a cell goes: the cell's centre, and the buurt of the cell.

    Parameters
    ----------
    cells : GeoDataFrame
        The cells (EPSG:4326, a ``cell`` column).
    buurten : GeoDataFrame
        The project's buurten (EPSG:4326, ``code``).
    """

    cells: gpd.GeoDataFrame
    buurten: gpd.GeoDataFrame

    def __post_init__(self) -> None:
        ref = self.buurten if len(self.buurten) else self.cells
        self._work = _crs.working_crs(ref)
        self._by_name = {str(c): i for i, c in enumerate(self.cells["cell"])}
        self._cells_w = self.cells.to_crs(self._work)
        self._b_w = self.buurten.to_crs(self._work) if len(self.buurten) else None
        self._back = Transformer.from_crs(self._work, 4326, always_xy=True)

    def has(self, cell: str) -> bool:
        """Whether ``cell`` (a tidy name) is one of the cells."""
        return cell in self._by_name

    def polygon(self, cell: str) -> BaseGeometry:
        """The cell's polygon in EPSG:4326."""
        return self.cells.geometry.iloc[self._by_name[cell]]

    def centre(self, cell: str) -> Point:
        """The centre of the cell (computed in the working CRS), in lon/lat."""
        c = self._cells_w.geometry.iloc[self._by_name[cell]].centroid
        x, y = self._back.transform(c.x, c.y)
        return Point(round(x, 7), round(y, 7))

    def buurt(self, cell: str) -> str | None:
        """The buurt of a cell: the one holding the cell's centre; when the centre lies in no
        buurt, the one that covers most of the cell; ``None`` when the cell touches none."""
        if self._b_w is None:
            return None
        geom = self._cells_w.geometry.iloc[self._by_name[cell]]
        inside = self._b_w[self._b_w.contains(geom.centroid)]
        if len(inside):
            return str(min(inside["code"]))
        overlap = shapely.area(shapely.intersection(self._b_w.geometry.to_numpy(), geom))
        if not len(overlap) or overlap.max() <= 0:
            return None
        return str(self._b_w["code"].iloc[int(np.argmax(overlap))])
