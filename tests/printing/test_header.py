"""The header of every sheet: a long subtitle wraps under itself and never runs into the date
(issue #18 item 1: the English A4 subtitle ran into the date)."""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from assetmap.printing.layout import Page
from assetmap.printing.parts import print_rc, start_page
from assetmap.printing.text import date_nl

LONG_EN = ("9 neighbourhoods: Spoorkwartier, Bleekveld, Nieuw Noord and De Akkers · Meeting "
           "places, talents, associations, local entrepreneurs")
LONG_NL = ("9 buurten: Spoorkwartier, Bleekveld, Nieuw Noord en De Akkers · "
           "Ontmoetingsplekken, talenten, verenigingen, lokale ondernemers")


def _boxes(page: Page, title: str, subtitle: str, when: str):
    with matplotlib.rc_context(print_rc()):
        fig = start_page(page, title, subtitle, when)
        FigureCanvasAgg(fig)
        r = fig.canvas.get_renderer()
        by = {t.get_gid(): t for t in fig.texts}
        return ({k: t.get_window_extent(r) for k, t in by.items()}, by["subtitle"].get_text(),
                fig.dpi)


@pytest.mark.parametrize("paper", ["A4", "A3"])
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
@pytest.mark.parametrize(("title", "subtitle", "when"), [
    ("What does the neighbourhood have?", LONG_EN, "28 September 2026"),
    ("Wat heeft de buurt?", LONG_NL, date_nl()),
    ("A very long title for the evening of the neighbourhood of Spoorkwartier and Bleekveld "
     "together", LONG_EN, "28 September 2026"),
])
def test_subtitle_wraps_and_never_covers_the_date(paper, orientation, title, subtitle, when):
    page = Page.create(paper, orientation)
    box, text, dpi = _boxes(page, title, subtitle, when)
    sub, date, head = box["subtitle"], box["date"], box["title"]
    assert not sub.overlaps(date), (sub, date)
    assert sub.x1 < date.x0  # left of the date, with room between
    assert not head.overlaps(sub) and not head.overlaps(date)
    # nothing is lost: the whole subtitle is there, over at most two lines
    assert "…" not in text and " ".join(text.split()) == subtitle
    # and it stays in the header band, above the map
    assert sub.y0 >= page.top / 25.4 * dpi - 0.5


def test_short_subtitle_stays_one_line():
    box, text, _ = _boxes(Page.create("A4"), "Wat heeft de buurt?", "9 buurten · Talenten",
                          date_nl())
    assert "\n" not in text
    assert box["subtitle"].y1 == pytest.approx(box["date"].y1, abs=0.5)
