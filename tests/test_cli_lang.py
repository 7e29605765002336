"""``--lang en`` on the commands that write text for people: print, route (card, GPX), analyse
and import. Their English output has none of a small list of Dutch words (the demo's own
names are Dutch, so the list holds words no demo name has); without ``--lang`` they stay Dutch.
"""

from __future__ import annotations

import json
import re

import gpxpy
import pytest
from pypdf import PdfReader

from assetmap import cli, routing
from assetmap.store import GpkgStore

DUTCH = ["geschreven", "lopen", "totaal", "heeft", "geen", "ontmoetingsplek",
         "ontmoetingsplekken", "afgewezen", "geïmporteerd", "legenda", "talenten", "lijst",
         "waarvan", "terug", "schema", "soort", "afstand", "tijd", "bekijk",
         "buurtgrens", "buurten", "inwoners", "verbindingen", "ligt", "gebied", "rij", "rijen",
         "kolommen", "verplicht", "locatie", "zonder", "reservekopie", "afdruk", "routekaart",
         "fout", "stenen", "verenigingen", "ondernemers", "wandelnetwerk", "trappen"]
_DUTCH = re.compile(r"\b(" + "|".join(DUTCH) + r")\b", re.IGNORECASE)
_HOURS_NL = re.compile(r"\d u \d|\d:\d\d u\b")


def dutch_words(text: str) -> list[str]:
    """The listed Dutch words in ``text`` (and a Dutch duration such as ``1 u 05 min``)."""
    return sorted({m.lower() for m in _DUTCH.findall(text)} |
                  ({"u"} if _HOURS_NL.search(text) else set()))


def pdf_text(path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


def demo_names(demo_path) -> str:
    """Every name in the demo project: data, not our words."""
    with GpkgStore(demo_path) as s:
        names = [str(n) for layer in ("meeting_places", "talents", "associations",
                                      "entrepreneurs") for n in s.read(layer)["name"]]
        names += [str(n) for n in s.buurten()["name"]]
    return "\n".join(names)


def test_the_word_list_finds_dutch_and_leaves_the_demo_names_alone(demo_path):
    assert dutch_words("Totaal: 2,1 km, 1 u 05 min lopen") == ["lopen", "totaal", "u"]
    assert dutch_words("Total: 2.1 km, 1 h 05 min walking") == []
    assert dutch_words(demo_names(demo_path)) == []


@pytest.fixture
def stops(demo_path) -> list[str]:
    with GpkgStore(demo_path) as store:
        c = routing.stop_candidates(store, audience="public")
    return c[c["layer"] == "meeting_places"]["id"].tolist()[:6]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_route_card_gpx_and_lines_in_english(demo_path, stops, tmp_path, capsys, lang):
    card, gpx = tmp_path / "card.pdf", tmp_path / "r.gpx"
    extra = ["--lang", lang] if lang == "en" else []
    rc = cli.main(["route", str(demo_path), "--network", "project", "--stops", ",".join(stops),
                   "--speed", "3", "--dwell", "20", "--start-time", "14:00", "--step-free",
                   "--card", str(card), "--gpx", str(gpx), *extra])
    out = capsys.readouterr()
    assert rc == 0, out.err
    parsed = gpxpy.parse(gpx.read_text(encoding="utf-8"))
    descriptions = " ".join(w.description or "" for w in parsed.waypoints)
    text = "\n".join([out.out, out.err, pdf_text(card), descriptions, parsed.name or ""])
    if lang == "en":
        assert dutch_words(text) == [], text
        assert "Total:" in out.out and " h " in text and "Meeting places" in descriptions
        assert "Schedule" in text
    else:  # Dutch stays the default
        assert {"totaal", "lopen", "schema", "u"} <= set(dutch_words(text))


def test_analyse_json_sentences_in_english(demo_path, tmp_path, capsys):
    out = tmp_path / "a.json"
    assert cli.main(["analyse", str(demo_path), "--out", str(out), "--lang", "en"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    words = "\n".join([capsys.readouterr().out, *data["sentences"], *data["ties_sentences"],
                       *data["ties_rules"].values()])
    assert data["sentences"] and data["ties_sentences"]
    assert dutch_words(words) == [], words
    assert cli.main(["analyse", str(demo_path), "--out", str(out)]) == 0
    nl = json.loads(out.read_text(encoding="utf-8"))
    assert set(dutch_words("\n".join(nl["sentences"]))) & {"heeft", "geen", "ligt", "gebied"}


def test_print_in_english(demo_path, tmp_path, capsys):
    pdf = tmp_path / "kaart.pdf"
    assert cli.main(["print", str(demo_path), "--out", str(pdf), "--lang", "en"]) == 0
    text = pdf_text(pdf) + capsys.readouterr().out
    names = demo_names(demo_path)
    ours = "\n".join(line for line in text.splitlines() if line.strip() not in names)
    assert "What does the neighbourhood have?" in text and "Legend" in text
    assert dutch_words(ours) == [], ours


def test_import_report_and_errors_in_english(demo_path, tmp_path, capsys):
    sheet = tmp_path / "lijst.csv"
    sheet.write_text("naam,lat,lon\nBuurtmoestuin,51.9507,5.3337\n,51.9508,5.3338\n"
                     "Nergens,,\n", encoding="utf-8")
    rc = cli.main(["import", str(demo_path), str(sheet), "--layer", "meeting_places",
                   "--offline", "--lang", "en"])
    out = capsys.readouterr()
    assert rc == 0, out.err
    assert "1 imported" in out.out and "row 3:" in out.out and "Name: this field" in out.out
    assert dutch_words(out.out + out.err) == [], out.out
    # the same sheet in Dutch: the default
    rc = cli.main(["import", str(demo_path), str(sheet), "--layer", "meeting_places",
                   "--offline"])
    out = capsys.readouterr()
    assert "rij 3: Naam: dit veld is verplicht." in out.out


def test_import_row_reasons_and_notes_in_english(demo_path, tmp_path, capsys):
    sheet = tmp_path / "lijst.csv"
    sheet.write_text("naam;lat;lon\nBuurtmoestuin;51,9507;5,3337\n=SOM(A1);51,9508;5,3338\n"
                     "Omgedraaid;5,3339;51,9509\n", encoding="utf-8")
    rc = cli.main(["import", str(demo_path), str(sheet), "--layer", "meeting_places",
                   "--offline", "--lang", "en"])
    out = capsys.readouterr()
    assert rc == 0, out.err
    assert "In 1 row(s) longitude and latitude were swapped" in out.out, out.out
    assert "looks like a spreadsheet formula" in out.out
    assert dutch_words(out.out + out.err) == [], out.out


def test_a_user_error_in_english(demo_path, tmp_path, capsys):
    rc = cli.main(["print", str(demo_path), "--out", str(tmp_path / "k.pdf"), "--layers",
                   "boten", "--lang", "en"])
    err = capsys.readouterr().err
    assert rc == 2 and err.startswith("error: Unknown layer: boten. Choose from:"), err


def test_a_route_error_in_english_and_dutch(demo_path, stops, capsys):
    base = ["route", str(demo_path), "--stops", ",".join(stops[:2]), "--start-time", "straks"]
    assert cli.main([*base, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: We do not understand the start time 'straks'"), err
    assert cli.main(base) == 2
    assert capsys.readouterr().err.startswith("fout: Starttijd 'straks' begrijpen we niet")
