"""Paper worksheets into the project: one row per entry (cel, soort, naam, omschrijving).

What residents wrote on a worksheet (:mod:`assetmap.printing.worksheet`) is typed in on the
Van papier page or read from a spreadsheet (``assetmap import-paper``). Each row becomes an
entry with ``source="paper"``:

- ``soort`` names the layer in plain Dutch: ``ontmoetingsplek``, ``talent``, ``vereniging``,
  ``ondernemer`` and ``wens`` (when the project has a wishes layer), also in the plural, in
  capitals, or as the first three letters (``ont``, ``tal``, ``ver``, ``ond``, ``wen``);
- ``cel`` is a cell of the grid (:mod:`assetmap.paper_grid`): the entry is placed at the
  centre of the cell. A talent is placed, as always, at the representative point of its buurt:
  the buurt that holds the centre of the cell, or, when the centre lies in no buurt, the buurt
  that covers most of the cell;
- ``naam`` is the name; ``omschrijving`` (or ``wat``) the description. For a talent ``naam`` is
  the first name or initials and ``wat`` the talent (when ``wat`` is empty the name is taken
  as the talent); the talent is a gift of the hands until a facilitator says otherwise, and
  visible to facilitators only (the default of a talent);
- each sheet is one contributor: ``created_by`` is ``papier:<sheet>`` (``papier:`` and the
  sheet's name, or a random short id), so counting "who has been heard" counts sheets apart.

As in the other imports (:mod:`assetmap.io.tabular`), every row is checked first and a row that
cannot be used (unknown cell, unknown kind, empty name, text that looks like a spreadsheet
formula, a rule of the layer) is reported with its row number and reason; the good rows are
then stored together in one transaction after a backup: all of them, or none when storing
fails. A row typed in before (same sheet, cell, kind, name and description) is skipped.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd

from .. import i18n, schema
from ..errors import ImportFormatError, ValidationError
from ..paper_grid import CellPlacer, parse_cell
from ..store.base import Actor, BaseStore
from ._common import ImportReport, RowProblem, key
from .tabular import looks_like_formula, read_table

PAPER_PREFIX = "papier:"
"""``created_by`` of every entry from paper starts with this, then the sheet."""

SOURCE = "paper"

KIND_WORDS: dict[str, str] = {
    "ontmoetingsplek": "meeting_places",
    "talent": "talents",
    "vereniging": "associations",
    "ondernemer": "entrepreneurs",
    "wens": "wishes",
}
"""The word for each layer on the worksheet (singular, Dutch)."""

_PLURALS = {"ontmoetingsplekken": "ontmoetingsplek", "talenten": "talent",
            "verenigingen": "vereniging", "ondernemers": "ondernemer", "wensen": "wens",
            "ontmoetingsplaats": "ontmoetingsplek", "ontmoetingsplaatsen": "ontmoetingsplek"}

COLUMNS = ("cel", "soort", "naam", "omschrijving")
"""The columns of a paper spreadsheet, in this order (``blad`` may follow)."""

_HEADERS = {
    "cel": ("cel", "cell", "vak", "hokje"),
    "soort": ("soort", "kind", "type", "laag", "layer"),
    "naam": ("naam", "name"),
    "omschrijving": ("omschrijving", "wat", "beschrijving", "description", "toelichting"),
    "blad": ("blad", "sheet", "werkblad", "vel"),
}


def kinds() -> dict[str, str]:
    """``{word: layer}`` of the kinds this project knows (``wens`` only with a wishes layer)."""
    return {w: layer for w, layer in KIND_WORDS.items() if layer in schema.LAYERS}


def parse_kind(text: object) -> str | None:
    """The layer named by ``text`` (``"Talenten"`` → ``talents``), or ``None``."""
    k = key(text or "")
    if not k:
        return None
    known = kinds()
    word = _PLURALS.get(k, k)
    if word in known:
        return known[word]
    own = {key(layer): layer for layer in known.values()}
    if k in own:  # the layer's own name (meeting_places) also works
        return own[k]
    if len(k) >= 3:  # a unique start: ont, tal, ver, ond, wen
        hits = {layer for w, layer in known.items() if w.startswith(k)}
        if len(hits) == 1:
            return hits.pop()
    return None


def sheet_token(sheet: str | None = None, *, evening_code: str | None = None) -> str:
    """The contributor id of one sheet: ``papier:<evening>-<sheet name>`` or, without a name,
    ``papier:<random 8 hex>``.

    The same name (at the same evening) gives the same id, so a sheet typed in over two
    batches still counts as one contributor.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", key_text(sheet)).strip("-")[:40]
    if not slug:
        return PAPER_PREFIX + secrets.token_hex(4)
    code = re.sub(r"[^a-z0-9]+", "", str(evening_code or "").lower())[:12]
    return PAPER_PREFIX + (f"{code}-{slug}" if code else slug)


def key_text(text: object) -> str:
    """Lowercase text without accents (``"Tafel 3 (Zuid)"`` → ``"tafel 3 (zuid)"``)."""
    import unicodedata

    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    t = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in t if not unicodedata.combining(c)).lower().strip()


# --------------------------------------------------------------------------- the table


def paper_columns(columns: Sequence[str]) -> dict[str, str]:
    """``{cel|soort|naam|omschrijving|blad: column}`` for the columns recognised.

    Raises
    ------
    ImportFormatError
        ``cel``, ``soort`` or ``naam`` is missing.
    """
    by_key: dict[str, str] = {}
    for c in columns:
        by_key.setdefault(key(c), c)
    out = {}
    for target, names in _HEADERS.items():
        for n in names:
            if n in by_key:
                out[target] = by_key[n]
                break
    missing = [c for c in ("cel", "soort", "naam") if c not in out]
    if missing:
        raise ImportFormatError(key="paper_columns", params={"missing": ", ".join(missing)})
    return out


def tidy(df: pd.DataFrame) -> pd.DataFrame:
    """A table with the columns cel, soort, naam, omschrijving and blad (text, ``""`` when
    empty), from a table with recognised headers (:func:`paper_columns`)."""
    cols = paper_columns(list(df.columns))
    out = pd.DataFrame(index=df.index)
    for c in (*COLUMNS, "blad"):
        src = cols.get(c)
        out[c] = df[src].map(_text) if src is not None else ""
    return out


def _text(v: Any) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
        return ""
    s = " ".join(str(v).split())
    return "" if s.upper() in ("NULL", "NAN", "NONE") else s


def blank(row: Mapping[str, Any]) -> bool:
    """Whether a row has nothing typed in (skipped without a report)."""
    return not any(_text(row.get(c)) for c in COLUMNS)


# --------------------------------------------------------------------------- rows to records


@dataclass
class PaperRow:
    """One usable row: its number, layer, cell, sheet token and record."""

    row: int
    layer: str
    cell: str
    token: str
    record: dict[str, Any]


@dataclass
class PaperBatch:
    """Rows checked and turned into records, and the report of the others."""

    rows: list[PaperRow] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)

    def cells(self) -> list[str]:
        """The cells of the usable rows."""
        return [r.cell for r in self.rows]


def prepare(df: pd.DataFrame, placer: CellPlacer, *, area: schema.ProjectArea,
            sheet: str | None = None, evening: Mapping[str, Any] | None = None,
            first_row: int = 2, existing_refs: set[str] | None = None) -> PaperBatch:
    """Check rows of a paper table and turn the good ones into records.

    Parameters
    ----------
    df : DataFrame
        Columns ``cel``, ``soort``, ``naam``, ``omschrijving`` (and optionally ``blad``), as
        :func:`tidy` makes them. Empty rows are skipped.
    placer : CellPlacer
        The cells of the grid and the project's buurten.
    area : ProjectArea
        The project area (validation).
    sheet : str, optional
        The sheet's name (a row's ``blad`` wins); none: one random id for the whole batch.
    evening : dict, optional
        The theme evening the sheets belong to (``id``, ``join_code``).
    first_row : int
        The number of the first row in the report (2 for a spreadsheet with a header row, 1 on
        the Van papier page).
    existing_refs : set of str, optional
        ``source_ref`` values already stored: such rows are skipped as typed in before.

    Returns
    -------
    PaperBatch
    """
    out = PaperBatch()
    rep = out.report
    refs = set(existing_refs or ())
    code = (evening or {}).get("join_code")
    default_token = sheet_token(sheet, evening_code=code)
    tokens: dict[str, str] = {}
    for i, row in enumerate(df.to_dict("records")):
        rowno = first_row + i
        if blank(row):
            continue
        rep.total += 1
        vals = {c: _text(row.get(c)) for c in (*COLUMNS, "blad")}
        problem, layer, cell = _check_row(vals, placer)
        if problem is None and layer is not None and cell is not None:
            token = default_token
            if vals["blad"]:
                token = tokens.setdefault(vals["blad"],
                                          sheet_token(vals["blad"], evening_code=code))
            ref = _row_ref(token, layer, cell, vals)
            if ref in refs:
                rep.duplicates += 1
                continue
            try:
                rec = _record(layer, cell, vals, placer, ref, evening)
                schema.validate_record(layer, rec, area=area)
            except ValidationError as exc:
                problem = i18n.Msg.of_error(exc)
            else:
                refs.add(ref)
                out.rows.append(PaperRow(rowno, layer, cell, token, rec))
                continue
        rep.rejected.append(RowProblem(rowno, problem or i18n.Msg("paper_row_unreadable")))
    return out


def _check_row(vals: Mapping[str, str], placer: CellPlacer
               ) -> tuple[i18n.Msg | None, str | None, str | None]:
    """``(problems, layer, cell)``: every problem of a row in one text, or its layer and
    cell."""
    for c in COLUMNS:
        if vals[c] and looks_like_formula(vals[c]):
            return i18n.Msg("paper_formula", col=c, value=vals[c][:30]), None, None
    problems: list[i18n.Msg] = []
    cell = parse_cell(vals["cel"])
    if not vals["cel"]:
        problems.append(i18n.Msg("paper_cell_blank"))
    elif cell is None or not placer.has(cell):
        problems.append(i18n.Msg("paper_cell_off_grid", cell=vals["cel"]))
    layer = parse_kind(vals["soort"])
    if layer is None:
        problems.append(i18n.Msg("paper_kind_unknown" if vals["soort"] else "paper_kind_blank",
                                 kind=vals["soort"], known=", ".join(kinds())))
    if not vals["naam"]:
        problems.append(i18n.Msg("paper_name_blank"))
    if problems:
        return i18n.Msg.join(problems), None, None
    return None, layer, cell


def _record(layer: str, cell: str, vals: Mapping[str, str], placer: CellPlacer, ref: str,
            evening: Mapping[str, Any] | None) -> dict[str, Any]:
    """The record of one row (see the module docstring for what goes where)."""
    spec = schema.LAYERS[layer]
    naam, wat = vals["naam"], vals["omschrijving"]
    rec: dict[str, Any] = {"name": naam, "description": wat or None, "source": SOURCE,
                           "source_ref": ref}
    if evening and evening.get("id"):
        rec["evening_id"] = evening["id"]
    buurt = placer.buurt(cell)
    if layer == "talents":
        rec.update(name=wat or naam, display_name=naam if wat else None, gifts_hand=wat or naam,
                   location_precision="buurt")
        if buurt is None:
            raise ValidationError(key="paper_cell_no_buurt", field="geometry")
        rec["buurt_code"] = buurt
        return rec
    rec["geometry"] = placer.centre(cell)
    if buurt is not None:
        rec["buurt_code"] = buurt
    if layer == "meeting_places":
        rec["kind"] = "overig"
    if spec.has("kind") and layer != "meeting_places":
        f = spec.get("kind")
        if f.choices and "wens" in f.choices:
            rec["kind"] = "wens"
    return rec


def _row_ref(token: str, layer: str, cell: str, vals: Mapping[str, str]) -> str:
    """``papier:<cell>:<hash>``: the same row of the same sheet gives the same key."""
    payload = "\x1f".join([token, layer, cell, key_text(vals["naam"]),
                           key_text(vals["omschrijving"])])
    digest = hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]  # noqa: S324
    return f"{PAPER_PREFIX}{cell}:{digest}"


def existing_refs(store: BaseStore) -> set[str]:
    """The ``source_ref`` of every entry from paper already in the project."""
    out: set[str] = set()
    for layer in schema.ASSET_LAYERS:
        refs = store.read(layer)["source_ref"]
        out |= {r for r in refs if isinstance(r, str) and r.startswith(PAPER_PREFIX)}
    return out


# --------------------------------------------------------------------------- storing


def write(store: BaseStore, batch: PaperBatch, *, status: str = "pending",
          backup: bool = True) -> ImportReport:
    """Back up the project, then store every row of ``batch`` in one transaction.

    Each sheet is stored under its own contributor id (``created_by = papier:…``).
    """
    if status not in ("approved", "pending"):
        raise ValidationError(key="paper_status", params={"status": status}, field="status")
    rep = batch.report
    if not batch.rows:
        return rep
    if backup:
        rep.backup = store.backup(reason="import_papier")
    groups: dict[tuple[str, str], list[PaperRow]] = {}
    for r in batch.rows:
        groups.setdefault((r.token, r.layer), []).append(r)
    ids: dict[int, str] = {}
    with store.transaction():
        for (token, layer), rows in groups.items():
            made = store.add_many(layer, [r.record for r in rows],
                                  actor=Actor(token=token, facilitator=True), status=status)
            ids.update({r.row: i for r, i in zip(rows, made, strict=True)})
    rep.ids = [ids[r.row] for r in batch.rows]
    rep.imported = len(rep.ids)
    return rep


def import_rows(store: BaseStore, df: pd.DataFrame, cells: gpd.GeoDataFrame, *,
                status: str = "pending", sheet: str | None = None,
                evening: Mapping[str, Any] | None = None, first_row: int = 2,
                backup: bool = True) -> ImportReport:
    """Check and store a paper table (columns as :func:`tidy` makes them).

    Parameters
    ----------
    store : BaseStore
        The project.
    df : DataFrame
        The rows.
    cells : GeoDataFrame
        The cells of the grid the sheets were printed with (EPSG:4326, ``cell``).
    status : str
        ``approved`` or ``pending``.
    sheet, evening, first_row
        See :func:`prepare`.
    backup : bool
        Back up the project first (when anything is stored).

    Returns
    -------
    ImportReport
        ``ids`` in the order of the stored rows.
    """
    placer = CellPlacer(cells, store.buurten())
    batch = prepare(df, placer, area=store.area(), sheet=sheet, evening=evening,
                    first_row=first_row, existing_refs=existing_refs(store))
    return write(store, batch, status=status, backup=backup)


def import_paper(store: BaseStore, source: str | os.PathLike[str] | bytes,
                 cells: gpd.GeoDataFrame, *, filename: str | None = None,
                 status: str = "pending", sheet: str | None = None,
                 evening: Mapping[str, Any] | None = None, backup: bool = True
                 ) -> ImportReport:
    """Import a spreadsheet of paper rows (CSV with ``;`` or ``,``, UTF-8 with or without BOM
    or Windows-1252, or XLSX) with the columns ``cel;soort;naam;omschrijving``.

    See :func:`import_rows` for the options. Row numbers in the report are those of the file
    (the header is row 1).
    """
    df = tidy(read_table(source, filename=filename))
    return import_rows(store, df, cells, status=status, sheet=sheet, evening=evening,
                       first_row=2, backup=backup)
