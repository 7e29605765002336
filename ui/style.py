"""Page styling that is not data: large touch targets for phones, projector layout."""

from __future__ import annotations

import streamlit as st

_TOUCH = """
<style>
.stButton button, .stFormSubmitButton button, .stDownloadButton button {
  min-height: 48px; font-size: 1.05rem; }
div[role="radiogroup"] label { min-height: 40px; padding: 2px 6px; align-items: center; }
input, textarea, select { font-size: 16px !important; }
@media (max-width: 480px) { .block-container { padding-left: 0.8rem; padding-right: 0.8rem; } }
</style>
"""

# on every page (WCAG 2.2 AA): Streamlit greys its captions with opacity 0.6 (3:1 on white);
# small text needs 4.5:1, so ours are a solid dark grey (7.9:1)
_BASE = """
<style>
[data-testid="stCaptionContainer"] { opacity: 1 !important; color: #4d4d57 !important; }
[data-testid="stCaptionContainer"] p, [data-testid="stCaptionContainer"] li {
  color: #4d4d57 !important; }
</style>
"""

_PROJECTOR = """
<style>
.block-container { padding-top: 1rem; max-width: 100%; }
[data-testid="stMetricValue"] { font-size: 3rem; }
.am-new { font-size: 1.4rem; line-height: 1.5; }
.am-code { font-size: 3.2rem; font-weight: 800; letter-spacing: .3rem; }
</style>
"""


# st.html, not st.markdown(unsafe_allow_html=True): style-only HTML takes no room on the page,
# and phones need not load the markdown HTML parser (rehype-raw, ~190 kB) for it.
def base() -> None:
    """The styles of every page (called by the entrypoint)."""
    st.html(_BASE)


def touch_friendly() -> None:
    st.html(_TOUCH)


def projector() -> None:
    st.html(_TOUCH + _PROJECTOR)
