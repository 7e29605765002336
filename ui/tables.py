"""Tables as a reader expects them: decimal comma in Dutch, "onbekend" instead of None.

``st.dataframe`` shows a pandas ``Styler``'s display text while sorting on the numbers
underneath, so a column stays sortable and still reads "1.234,5" in Dutch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd
from pandas.io.formats.style import Styler

from assetmap.analysis.report import number_nl
from ui.i18n import lang as current_lang
from ui.i18n import t


def fmt_number(v: object, decimals: int, lang: str) -> str:
    """``v`` with ``decimals`` decimals (thousands grouped) in ``lang``; unknown in words."""
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return t("table_unknown")
    x = float(v)  # type: ignore[arg-type]
    if lang == "nl":
        return number_nl(x, decimals)
    return f"{x:,.0f}" if decimals == 0 or x.is_integer() else f"{x:,.{decimals}f}"


def styled(df: pd.DataFrame, *, decimals: Mapping[str, int] | None = None,
           percent: Iterable[str] = (), lang: str | None = None) -> Styler:
    """``df`` for ``st.dataframe``: every numeric column formatted in ``lang`` (default: the
    page's), ``decimals`` per column (default 0 for whole-number columns, else 2),
    ``percent`` columns (0-100) with a % sign, and every missing value as "onbekend"."""
    lang = lang or current_lang()
    decimals = dict(decimals or {})
    pct = set(percent)
    fmts = {}
    for col in df.columns:
        s = df[col]
        if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            fmts[col] = (lambda v: t("table_unknown") if v is None or v is pd.NA
                         or (isinstance(v, float) and pd.isna(v)) else str(v))
            continue
        d = decimals.get(col, 0 if pd.api.types.is_integer_dtype(s) else 2)
        if col in pct:
            fmts[col] = (lambda v, d=d: fmt_number(v, d, lang) if pd.isna(v)
                         else fmt_number(v, d, lang) + "%")
        else:
            fmts[col] = (lambda v, d=d: fmt_number(v, d, lang))
    return df.style.format(fmts)


def csv_dialect_choice(key: str) -> str:
    """A small choice next to a CSV download: for Dutch Excel (default) or for scripts."""
    import streamlit as st

    from assetmap.io.csvdialect import DIALECTS

    return st.radio(t("csv_dialect"), DIALECTS, key=key, horizontal=True,
                    format_func=lambda d: t(f"csv_dialect_{d}"), help=t("csv_dialect_help"))
