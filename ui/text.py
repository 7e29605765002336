"""Showing user text safely in Streamlit elements that render Markdown (labels, st.write)."""

from __future__ import annotations

import re

_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """``text`` with every Markdown/HTML-significant character escaped, so it shows as typed."""
    s = "" if text is None else str(text)
    return _MD.sub(r"\\\1", s).replace("\n", " ")
