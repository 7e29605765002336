"""The bulk check of :func:`tabular.prepare` against the per-row rules it replaced.

``_per_row`` below is the row-by-row ``prepare`` as it was before the bulk check (issue 18
item 12). Hypothesis feeds both awkward sheets; records (values, key order, points), the
per-row report (row numbers, reasons, needs-location) and the notes must be the same.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from assetmap import i18n, schema
from assetmap.errors import GeocodeError, ValidationError
from assetmap.io import tabular as tb
from assetmap.io._common import RowProblem, key
from tests.conftest import two_buurten

AREA = schema.ProjectArea.from_buurten(two_buurten())
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def _per_row(df, layer, mapping, *, area=None, geocoder=None, existing_refs=None):
    """The per-row ``prepare`` before the bulk check, kept as the reference (its messages
    since made with catalogue keys, so they have English words too)."""
    spec = schema.layer(layer)
    out = tb.Prepared()
    rep = out.report
    rep.total = len(df)
    rep.notes.append(i18n.Msg("imp_columns", pairs=", ".join(f"{t} ← {c}"
                                                             for t, c in mapping.items())))
    lon, lat = tb._coordinates(df, mapping, rep.notes)
    fields = {t: c for t, c in mapping.items() if spec.has(t)}
    text_fields = {t for t in fields if spec.get(t).kind in ("text", "url")}
    refs = set(existing_refs or ())
    geocode_ok = geocoder is not None
    area = area or schema.ProjectArea.from_buurten(None)
    for i, row in enumerate(df.to_dict("records")):
        rowno = i + 2
        rec: dict[str, Any] = {}
        bad = None
        for t, c in fields.items():
            v = str(row.get(c, "")).strip()
            if v.upper() == "NULL":
                v = ""
            if t in text_fields and v and tb.looks_like_formula(v):
                bad = i18n.Msg.of_error(ValidationError(
                    field=t, key="imp_formula", params={"value": v[:30]}, subject=spec.get(t)))
                break
            rec[t] = v
        if bad:
            rep.rejected.append(RowProblem(rowno, bad))
            continue
        addr = tb._address(row, mapping)
        if not rec.get("name") and addr:
            rec["name"] = addr
        if layer == "meeting_places":
            raw_kind = rec.get("kind") or ""
            rec["kind"] = tb._KINDS.get(key(raw_kind), raw_kind) if raw_kind else "overig"
        ref = tb._row_ref(layer, row)
        if ref in refs:
            rep.duplicates += 1
            continue
        x, y = lon[i], lat[i]
        point = None
        zero = np.isfinite(x) and np.isfinite(y) and x == 0 and y == 0
        if np.isfinite(x) and np.isfinite(y) and not zero:
            point = Point(float(x), float(y))
        elif addr and geocode_ok:
            try:
                found = geocoder(addr)
            except GeocodeError as exc:
                geocode_ok = False
                rep.notes.append(i18n.Msg.of_error(GeocodeError(
                    key="imp_geocode_failed", params={"error": exc})))
                found = None
            if found is not None:
                point = Point(*found)
            elif geocode_ok:
                rep.rejected.append(RowProblem(rowno, i18n.Msg("imp_address_not_found",
                                                               address=addr),
                                               needs_location=True))
                continue
        if point is None:
            if zero:
                reason = i18n.Msg("err_loc_zero")
            elif addr:
                reason = i18n.Msg("imp_address_only", address=addr)
            else:
                reason = i18n.Msg("imp_no_location")
            rep.rejected.append(RowProblem(rowno, reason, needs_location=bool(addr) or zero))
            continue
        rec["geometry"] = point
        rec["source"] = "import"
        rec["source_ref"] = ref
        try:
            schema.validate_record(layer, rec, area=area)
        except ValidationError as exc:
            rep.rejected.append(RowProblem(rowno, i18n.Msg.of_error(exc)))
            continue
        refs.add(ref)
        out.records.append((rowno, schema.validate_record(layer, rec, area=area)))
    return out


def _plain(prep: tb.Prepared) -> dict[str, Any]:
    def rec(r):
        g = r.get("geometry")
        return [(k, (g.x, g.y) if k == "geometry" else v) for k, v in r.items()]

    rep = prep.report
    return {"records": [(n, rec(r)) for n, r in prep.records],
            "rejected": [(p.row, str(p.reason), i18n.say(p.reason, "en"), p.needs_location)
                         for p in rep.rejected],
            "counts": (rep.total, rep.duplicates), "notes": [str(n) for n in rep.notes],
            "notes_en": [i18n.say(n, "en") for n in rep.notes]}


def _same(df, layer, mapping, **kw):
    bulk = _plain(tb.prepare(df, layer, mapping, area=AREA, **kw))
    rows = _plain(_per_row(df, layer, mapping, area=AREA, **kw))
    assert bulk == rows
    return bulk


AWKWARD = ["", " ", "NULL", "null", "Null ", "=SUM(A1)", "+a(1)", "-1", "- x", "@x", "a  b",
           "a\tb", "a\u00a0b", "Café", "\u202ex", "x\x01y", "x" * 121, "y" * 2001, "ja", "nee",
           "Ja", "misschien", "kasteel", "Bibliotheek", "Park of plein", "buurthuis", "sport",
           "www.example.nl", "https://example.nl/a", "http://", "ß", "\u0130", "a\nb", "1,5"]
LAT = ["52,005", "52.005", "52.0055", "5,005", "0", "0,0", "abc", "", "1.052,005", "91", "53.5",
       "52,0049", "NULL", "52 005", "-52.005", "52.005e0"]
LON = ["5,005", "5.005", "5.015", "52,005", "0", "", "x", "181", "6.5", "5,0149", "-5.005"]
cell = st.one_of(st.sampled_from(AWKWARD), st.text(max_size=8))
row = st.fixed_dictionaries({
    "Naam": cell, "Omschrijving": cell, "Soort": cell, "Toegankelijk": cell, "Website": cell,
    "Open": cell, "Extra": st.sampled_from(["", "a", "b"]),
    "Breedtegraad": st.one_of(st.sampled_from(LAT), st.text(max_size=6)),
    "Lengtegraad": st.one_of(st.sampled_from(LON), st.text(max_size=6))})
MAPPING = {"name": "Naam", "description": "Omschrijving", "kind": "Soort",
           "accessible": "Toegankelijk", "when_open": "Open", "lat": "Breedtegraad",
           "lon": "Lengtegraad"}


@SETTINGS
@given(rows=st.lists(row, min_size=1, max_size=12), dup=st.booleans())
def test_bulk_equals_per_row_on_awkward_sheets(rows, dup):
    df = pd.DataFrame(rows + (rows[:3] if dup else []), dtype=object)
    _same(df, "meeting_places", MAPPING)
    _same(df, "associations", {"name": "Naam", "website": "Website", "lat": "Breedtegraad",
                               "lon": "Lengtegraad", "description": "Omschrijving"})


def test_bulk_equals_per_row_with_missing_and_numbers_in_cells():
    """A frame not read by read_table: NaN, None and numbers in cells."""
    df = pd.DataFrame({"Naam": ["A", None, np.nan, 12, "B"],
                       "Omschrijving": [np.nan, "x", None, 1.5, ""],
                       "Soort": [None, "sport", np.nan, 3, "buurthuis"],
                       "Breedtegraad": [52.005, "52,005", None, np.nan, "52.006"],
                       "Lengtegraad": [5.005, "5,005", 5.0, 5.0, "5.006"]}, dtype=object)
    got = _same(df, "meeting_places", {"name": "Naam", "description": "Omschrijving",
                                       "kind": "Soort", "lat": "Breedtegraad",
                                       "lon": "Lengtegraad"})
    assert got["records"]


@SETTINGS
@given(rows=st.lists(row, min_size=1, max_size=8))
def test_bulk_equals_per_row_with_earlier_imports(rows):
    df = pd.DataFrame(rows, dtype=object)
    first = tb.prepare(df, "meeting_places", MAPPING, area=AREA)
    refs = {r["source_ref"] for _, r in first.records[:2]}
    _same(df, "meeting_places", MAPPING, existing_refs=refs)


@pytest.mark.parametrize("layer", ["talents", "wishes", "entrepreneurs"])
def test_bulk_equals_per_row_for_other_layers(layer):
    df = pd.DataFrame({"Naam": ["A", "", "=x", "B  c", "Kim"],
                       "Breedtegraad": ["52,005", "52.005", "52.005", "53", "52,006"],
                       "Lengtegraad": ["5,005", "5.005", "5.005", "5", "5,015"]}, dtype=object)
    got = _same(df, layer, {"name": "Naam", "lat": "Breedtegraad", "lon": "Lengtegraad"})
    assert got["rejected"] and (got["records"] or layer == "talents")


def test_bulk_equals_per_row_with_addresses_and_a_geocoder():
    df = pd.DataFrame({"Naam": ["", "B", "C", ""], "Straat": ["Kerkplein", "", "Dorpsweg", "X"],
                       "Huisnummer": ["3", "", "1", "2"], "Plaats": ["Testdam"] * 4,
                       "lat": ["", "52,005", "", ""], "lon": ["", "5,005", "", ""]},
                      dtype=object)
    m = {"name": "Naam", "street": "Straat", "housenumber": "Huisnummer", "city": "Plaats",
         "lat": "lat", "lon": "lon"}
    found = {"Kerkplein 3, Testdam": (5.005, 52.005)}
    got = _same(df, "meeting_places", m, geocoder=found.get)
    assert [n for n, _ in got["records"]] == [2, 3]

    def offline(addr):
        raise GeocodeError("PDOK niet bereikbaar")

    got = _same(df, "meeting_places", m, geocoder=offline)
    assert [n for n, _ in got["records"]] == [3]


def test_bench_sheet_takes_the_bulk_path_and_agrees(tmp_path):
    from benchmarks.bench_import import _write_csv
    from benchmarks.common import grid_buurten

    area = schema.ProjectArea.from_buurten(grid_buurten(10))
    df = tb.read_table(_write_csv(tmp_path / "p.csv", n=300))
    m = tb.guess_mapping(list(df.columns), "meeting_places")
    bulk, rows = tb.prepare(df, "meeting_places", m, area=area), _per_row(df, "meeting_places",
                                                                           m, area=area)
    assert len(bulk.records) == 300 and _plain(bulk) == _plain(rows)


def test_overlapping_buurten_lowest_code_wins_in_bulk():
    import geopandas as gpd
    from shapely.geometry import box

    b = gpd.GeoDataFrame({"code": ["BU9", "BU10", "BU2"], "name": ["a", "b", "c"]},
                         geometry=[box(5.0, 52.0, 5.02, 52.02), box(5.0, 52.0, 5.01, 52.01),
                                   box(5.015, 52.0, 5.03, 52.02)], crs=4326)
    area = schema.ProjectArea.from_buurten(b)
    df = pd.DataFrame({"naam": ["A", "B", "C", "D"],
                       "lat": ["52.005", "52.015", "52.005", "52.025"],
                       "lon": ["5.005", "5.018", "5.025", "5.005"]}, dtype=object)
    m = {"name": "naam", "lat": "lat", "lon": "lon"}
    bulk = _plain(tb.prepare(df, "meeting_places", m, area=area))
    assert bulk == _plain(_per_row(df, "meeting_places", m, area=area))
    codes = {n: dict(r)["buurt_code"] for n, r in bulk["records"]}
    assert codes == {2: "BU10", 3: "BU2", 4: "BU2", 5: None}


def _old_numbers(s):
    t = s.astype(str).str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
    both = t.str.contains(",", regex=False) & t.str.contains(".", regex=False)
    t = t.where(~both, t.str.replace(".", "", regex=False))
    t = t.str.replace(",", ".", regex=False)
    return pd.to_numeric(t, errors="coerce").to_numpy(dtype=float)


@SETTINGS
@given(cells=st.lists(st.one_of(st.sampled_from(LAT + LON), st.from_regex(
    r"-?[0-9]{1,4}([.,][0-9]{1,7})?", fullmatch=True), st.text(max_size=6)), min_size=1,
    max_size=8))
def test_numbers_fast_path_equals_the_full_rules(cells):
    s = pd.Series(cells, dtype=object)
    assert np.array_equal(tb._numbers(s), _old_numbers(s), equal_nan=True)
