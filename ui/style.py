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
def touch_friendly() -> None:
    st.html(_TOUCH)


def projector() -> None:
    st.html(_TOUCH + _PROJECTOR)


_CLEAN = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarNav"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"], header { display: none !important; }
.block-container { padding-top: .5rem; padding-left: 1.5rem; padding-right: 1.5rem; }
</style>
"""


def projector_clean() -> None:
    """The projector view on a wall: no sidebar, no header or menu, full width."""
    st.html(_CLEAN)
