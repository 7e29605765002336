"""Showing user text safely in Streamlit elements that render Markdown (labels, st.write)."""

from __future__ import annotations

import html
import re

_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """``text`` with every Markdown/HTML-significant character escaped, so it shows as typed."""
    s = "" if text is None else str(text)
    return _MD.sub(r"\\\1", s).replace("\n", " ")


# characters Markdown (and Streamlit's extras: :emoji:, :material/…:, $latex$) give a meaning,
# as numeric character references: they show as typed and are never parsed
_MD_ENTITY = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~$:"}


def html_text(text: object) -> str:
    """``text`` for ``st.markdown(..., unsafe_allow_html=True)``: HTML-escaped *and* with every
    Markdown-significant character as an entity. ``html.escape`` alone leaves Markdown, so a
    name like ``![x](https://elders/x.png)`` would load an image from another host."""
    s = ("" if text is None else str(text)).replace("\n", " ")
    # character by character: escaping the entities html.escape makes ("&#x27;") again would
    # show them as text
    return "".join(_MD_ENTITY.get(c) or html.escape(c) for c in s)
