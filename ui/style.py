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


# Streamlit's own words are English and not configurable (the "Help for <label>" name of a help
# icon, the multiselect's "Select all" and placeholders, st.dataframe's menus). A small script
# sets the page's language and direction (<html lang dir>) and swaps those words for ours as
# they appear. Arabic reads right to left; maps, number fields and codes stay left to right.
_LANG_JS = """
<script>
(function () {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  const cfg = %(cfg)s;
  doc.documentElement.setAttribute("lang", cfg.lang);
  doc.documentElement.setAttribute("dir", cfg.dir);
  window.__amWords = cfg.words;
  if (window.__amObserver) { window.__amSwap(doc.body); return; }
  const helpPrefix = "Help for ";
  window.__amSwap = function (root) {
    const words = window.__amWords || {};
    if (!root || !root.querySelectorAll) return;
    root.querySelectorAll("[aria-label^='Help for ']").forEach(function (el) {
      el.setAttribute("aria-label", (words["Help for"] || "Help for") + " " +
                      el.getAttribute("aria-label").slice(helpPrefix.length));
    });
    const walk = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let n;
    while ((n = walk.nextNode())) {
      const k = n.nodeValue.trim();
      if (k && Object.prototype.hasOwnProperty.call(words, k)) n.nodeValue = words[k];
    }
    root.querySelectorAll("input[placeholder]").forEach(function (el) {
      const w = words[el.getAttribute("placeholder")];
      if (w) el.setAttribute("placeholder", w);
    });
  };
  window.__amObserver = new MutationObserver(function (muts) {
    for (const m of muts) {
      for (const node of m.addedNodes) {
        if (node.nodeType === 1) window.__amSwap(node);
        else if (node.nodeType === 3 && node.parentNode) window.__amSwap(node.parentNode);
      }
      if (m.type === "attributes" && m.target.nodeType === 1) window.__amSwap(m.target);
    }
  });
  window.__amObserver.observe(doc.body, {childList: true, subtree: true, attributes: true,
                                         attributeFilter: ["aria-label", "placeholder"]});
  window.__amSwap(doc.body);
})();
</script>
"""

_RTL = """
<style>
html[dir="rtl"] [data-testid="stAppViewContainer"], html[dir="rtl"] header { direction: ltr; }
html[dir="rtl"] [data-testid="stMainBlockContainer"],
html[dir="rtl"] [data-testid="stSidebarContent"], html[dir="rtl"] [data-baseweb="popover"]
  { direction: rtl; text-align: right; }
html[dir="rtl"] .stMarkdown,
html[dir="rtl"] [data-testid="stCaptionContainer"] { text-align: right; }
html[dir="rtl"] iframe, html[dir="rtl"] .leaflet-container, html[dir="rtl"] input[type="number"],
html[dir="rtl"] code, html[dir="rtl"] [data-testid="stDataFrame"] { direction: ltr; }
</style>
"""

# Streamlit's English, as it shows in the page -> the catalogue key of our word for it
STREAMLIT_WORDS = {
    "Help for": "st_help_for",
    "Select all": "st_select_all",
    "Choose options": "st_choose_options",
    "Choose an option": "st_choose_option",
    "No options to select": "st_no_options",
    "No results": "st_no_results",
    "Page not found": "st_page_not_found",
    "The page that you have requested does not seem to exist. Running the app's main page.":
        "st_page_not_found_text",
}


def page_language(lang: str) -> None:
    """Set ``<html lang dir>`` for ``lang`` and put Streamlit's own English into ``lang``."""
    import json

    from assetmap import i18n

    words = {} if lang == "en" else {en: i18n.text(key, lang)
                                     for en, key in STREAMLIT_WORDS.items()}
    cfg = {"lang": lang, "dir": "rtl" if i18n.is_rtl(lang) else "ltr", "words": words}
    st.html(_LANG_JS % {"cfg": json.dumps(cfg, ensure_ascii=False).replace("</", "<\\/")}
            + _RTL, unsafe_allow_javascript=True)


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
