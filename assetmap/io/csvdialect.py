"""CSV in two dialects: one that Dutch Excel opens as columns, and one for machines.

Dutch Excel (the default, ``excel-nl``) splits a CSV on ``;`` and reads ``1,5`` as a number, so
a comma-separated file with decimal points opens as one long column of text. The ``excel-nl``
dialect writes ``;`` between fields, a decimal comma, Dutch headers (the schema's labels) and
Dutch values: ``ja``/``nee`` for yes/no, the label of a kind (``Buurthuis``), a theme or a tie.
The ``machine`` dialect is what scripts expect: ``,``, a decimal point and the field names.

Both are UTF-8 with a byte order mark (so Excel reads the accents) and make formula cells inert
(see :func:`assetmap.io.export.neutralise`).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from .. import schema
from ..errors import ValidationError

EXCEL_NL = "excel-nl"
MACHINE = "machine"
DIALECTS = (EXCEL_NL, MACHINE)
DEFAULT_DIALECT = EXCEL_NL

#: headers of columns that are not schema fields
EXTRA_HEADERS = {
    "lon": "Lengtegraad", "lat": "Breedtegraad", "wkt": "Geometrie (WKT)",
    "code": "Buurtcode", "buurt_code": "Buurtcode", "name": "Naam", "inwoners": "Inwoners",
    "wijk_code": "Wijkcode", "wijk_name": "Wijk", "gemeente": "Gemeente",
    "area_m2": "Oppervlakte (m²)", "from_layer": "Van laag", "from_id": "Van id",
    "from_name": "Van", "to_layer": "Naar laag", "to_id": "Naar id", "to_name": "Naar",
    "tie": "Soort band", "note": "Toelichting", "bonding": "Binnen de groep (bonding)",
    "bridging": "Over grenzen heen (bridging)", "linking": "Met instellingen (linking)",
}
_TIES = {"bonding": "binnen de groep", "bridging": "over grenzen heen",
         "linking": "met instellingen"}


def check_dialect(dialect: str) -> str:
    """``dialect`` when it is one of :data:`DIALECTS`, else a :class:`ValidationError`."""
    if dialect not in DIALECTS:
        raise ValidationError(key="csv_dialect", params={"dialect": dialect,
                                                         "known": ", ".join(DIALECTS)},
                              field="csv_dialect")
    return dialect


def _is_bool(s: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(s):
        return True
    if s.dtype != object:
        return False
    vals = s.dropna()
    return len(vals) > 0 and all(isinstance(v, bool) for v in vals)


def _value_labels(layer: str | None, col: str) -> Callable[[str], str] | None:
    if col == "tie":
        return lambda v: _TIES.get(v, v)
    if col in ("from_layer", "to_layer", "layer"):
        return lambda v: schema.LAYERS[v].label_nl if v in schema.LAYERS else v
    if layer == "links" and col == "kind":
        return schema.link_kind_label
    if col == "kind":
        return schema.kind_label
    if col == "theme":
        return schema.theme_label
    return None


def excel_frame(df: pd.DataFrame, *, layer: str | None = None,
                headers: Mapping[str, str] | None = None,
                values: Mapping[str, Mapping[str, str]] | None = None) -> pd.DataFrame:
    """``df`` with Dutch values and headers (``layer`` names the schema layer, if any;
    ``headers`` adds or overrides headers, ``values`` the words of a column's values). The
    caller's frame is not changed."""
    out = df.copy()
    for col, words in (values or {}).items():
        if col in out.columns:
            out[col] = out[col].map(lambda v, w=words: w.get(v, v) if isinstance(v, str) else v)
    spec = schema.LAYERS.get(layer) if layer else None
    for col in out.columns:
        s = out[col]
        if _is_bool(s):
            out[col] = s.map(lambda v: "" if v is None or v is pd.NA else
                             ("ja" if bool(v) else "nee")).astype(object)
            continue
        label = None if values and col in values else _value_labels(layer, str(col))
        if label is not None and (s.dtype == object or pd.api.types.is_string_dtype(s)):
            out[col] = s.map(lambda v, f=label: f(v) if isinstance(v, str) else v)
    names = {}
    for col in out.columns:
        if headers and col in headers:
            names[col] = headers[col]
        elif spec is not None and spec.has(str(col)):
            names[col] = spec.get(str(col)).label_nl
        elif col in EXTRA_HEADERS:
            names[col] = EXTRA_HEADERS[col]
    return out.rename(columns=names)


def write_csv(df: pd.DataFrame, target: str | os.PathLike[str] | io.StringIO, *,
              dialect: str = DEFAULT_DIALECT, layer: str | None = None,
              headers: Mapping[str, str] | None = None,
              values: Mapping[str, Mapping[str, str]] | None = None) -> None:
    """Write ``df`` (no index) as CSV in ``dialect`` to a path or a text buffer."""
    check_dialect(dialect)
    if dialect == EXCEL_NL:
        frame = _neutral(excel_frame(df, layer=layer, headers=headers, values=values))
        kw = {"sep": ";", "decimal": ","}
    else:
        frame, kw = _neutral(df), {}
    if isinstance(target, io.StringIO):
        target.write("\ufeff")
        frame.to_csv(target, index=False, **kw)
    else:
        frame.to_csv(Path(target), index=False, encoding="utf-8-sig", **kw)


def csv_bytes(df: pd.DataFrame, *, dialect: str = DEFAULT_DIALECT, layer: str | None = None,
              headers: Mapping[str, str] | None = None,
              values: Mapping[str, Mapping[str, str]] | None = None) -> bytes:
    """:func:`write_csv` as bytes, for a download button."""
    buf = io.StringIO()
    write_csv(df, buf, dialect=dialect, layer=layer, headers=headers, values=values)
    return buf.getvalue().encode("utf-8")


def read_csv(path_or_buf, *, dialect: str = DEFAULT_DIALECT) -> pd.DataFrame:
    """Read back a CSV written in ``dialect`` (tests, and scripts that get an Excel file)."""
    check_dialect(dialect)
    kw = {"sep": ";", "decimal": ","} if dialect == EXCEL_NL else {}
    return pd.read_csv(path_or_buf, encoding="utf-8-sig", **kw)


def _neutral(df: pd.DataFrame) -> pd.DataFrame:
    from .export import neutralise_frame

    return neutralise_frame(df)
