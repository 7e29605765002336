"""AppTest of the Lijst page (issue 18 item 4): everything on the public map as HTML tables a
screen reader can read, with a search by name, buurt and layer, and nothing private."""

from __future__ import annotations

import re

import pytest
from shapely.geometry import Point

from assetmap import schema
from assetmap.store import GpkgStore
from tests.app.conftest import open_page

SPOT = Point(5.3370, 51.9498)  # in the Spoorkwartier of the demo
HOSTILE = "<img src=x onerror=alert(1)> ![x](http://elders/x.png) **vet**"


@pytest.fixture
def env(demo_env):
    with GpkgStore(demo_env) as s:
        s.add("meeting_places", {"name": HOSTILE, "kind": "park_plein", "geometry": SPOT},
              status="approved")
        s.add("meeting_places", {"name": "Wacht nog op goedkeuring", "kind": "buurthuis",
                                 "geometry": SPOT})
        s.add("talents", {"name": "Geheim talent", "display_name": "Verborgen Persoon",
                          "gifts_hand": "x", "contact": "0612345678",
                          "consent_at": schema.now_iso(),
                          "consent_version": schema.CONSENT_VERSION,
                          "visibility": "facilitators", "geometry": SPOT}, status="approved")
    return demo_env


def _html(at) -> str:
    return "\n".join(h.proto.body for h in at.html)


def _names(html: str) -> list[str]:
    return re.findall(r'<span class="am-n">(.*?)</span>', html)


def test_the_list_shows_every_layer_as_a_table_with_buurt_names(env):
    at = open_page("lijst")
    assert at.title[0].value == "Lijst van alles op de kaart"
    html = _html(at)
    for label in ("Ontmoetingsplekken", "Talenten", "Verenigingen", "Lokale ondernemers",
                  "Wensen en signalen"):
        assert re.search(rf"<h2 [^>]*>{label} \(\d+\)</h2>", html), label
    assert html.count("<table") >= 6 and "<caption>" in html and 'scope="col"' in html
    assert "Bibliotheek Lindenhoven" in _names(html)
    assert "<td>Oude Kern</td>" in html  # the buurt by name, not only its code
    # what an entry's popup says, its connections included, one 'Toon meer' away
    assert "<details><summary>Toon meer" in html and "<dt>Verbindingen</dt>" in html
    assert "Aantallen per buurt" in html and "&lt;3" in html  # small talent counts hidden
    assert "Wacht nog op goedkeuring" not in html
    assert "Geheim talent" not in html and "Verborgen Persoon" not in html
    assert "0612345678" not in html


def test_a_hostile_name_is_text(env):
    html = _html(open_page("lijst"))
    assert "<img" not in html  # no element made from it: it shows as typed
    assert "&lt;img src=x onerror=alert&#40;1&#41;&gt;" in html
    assert "![x](http" not in html and "**vet**" not in html


def test_search_by_name_buurt_and_layer(env):
    at = open_page("lijst")
    at.text_input(key="list_q").input("lindenhoven").run()
    html = _html(at)
    assert _names(html)[:1] == ["Bibliotheek Lindenhoven"] and "1 gevonden" in html
    at.text_input(key="list_q").input("").run()
    at.selectbox(key="list_buurt").set_value("BU99990104").run()  # Spoorkwartier
    html = _html(at)
    cells = re.findall(r"<td>(Oude Kern|Spoorkwartier|Parkzoom|Molenbuurt)</td>", html)
    assert cells and set(cells) == {"Spoorkwartier"}
    at.selectbox(key="list_layer").set_value("wishes").run()
    html = _html(at)
    assert "<h2" in html and "Ontmoetingsplekken" not in html.split("am-list-counts")[0]
    at.text_input(key="list_q").input("bestaat-echt-niet").run()
    assert "Niets gevonden" in _html(at)


def test_the_kaart_page_links_to_the_list_before_the_map(env):
    at = open_page("kaart")
    links = [p for p in at.page_link if "Lijst van alles op de kaart" in p.proto.label]
    assert links and links[0].proto.page.endswith("lijst")


def test_in_english(env):
    at = open_page("lijst", query={"taal": "en"})
    html = _html(at)
    assert at.title[0].value == "List of everything on the map"
    assert "Meeting places" in html and "Neighbourhood" in html


def test_a_long_layer_shows_the_first_rows_and_says_how_to_find_the_rest():
    import pandas as pd

    from ui import entry_list

    e = pd.DataFrame({"layer": ["wishes"] * 5, "id": list("abcde"), "name": list("ABCDE"),
                      "kind": [""] * 5, "buurt_code": [None] * 5, "buurt": [None] * 5,
                      "details": [[]] * 5})
    html = entry_list.entries_html(e, ["wishes"], max_rows=2)
    assert _names(html) == ["A", "B"] and "(5)</h2>" in html
    assert "Je ziet de eerste 2 van 5" in html
