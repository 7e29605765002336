"""analysis.history and analysis.voices as pure functions: moments, hiding small counts,
sentences, who has been heard."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from assetmap.analysis import history as hist
from assetmap.analysis import voices as vo
from assetmap.errors import ValidationError
from assetmap.store.history import history_rows
from tests.conftest import two_buurten

EVENINGS = pd.DataFrame({
    "id": ["e1", "e2"], "title": ["Eerste", "Tweede"], "date": ["2026-03-12", "2026-11-30"],
    "join_code": ["ABC234", "7583HT"], "open": [False, True], "auto_approve": [False, True],
    "created_at": ["2026-03-12T18:00:00Z", "2026-11-30T18:00:00Z"],
    "closed_at": ["2026-03-12T21:30:00Z", None]})
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "iso", "kind"), [
    ("2026-01-15", "2026-01-15T22:59:59Z", "date"),  # winter time: UTC+1
    ("2026-07-15", "2026-07-15T21:59:59Z", "date"),  # summer time: UTC+2
    ("2026-03-12T21:30:00+00:00", "2026-03-12T21:30:00Z", "time"),
    ("2026-03-12T21:30:00Z", "2026-03-12T21:30:00Z", "time"),
    ("2026-03-12T22:30", "2026-03-12T21:30:00Z", "time"),  # no offset: Dutch time
    ("abc234", "2026-03-12T21:30:00Z", "evening"),  # closed: when it closed
    ("7583HT", "2026-12-01T12:00:00Z", "evening"),  # open: now; digits + T is still a code
])
def test_parse_when(text, iso, kind):
    m = hist.parse_when(text, EVENINGS, now=NOW, what="--from")
    assert m.iso == iso and m.kind == kind


def test_moment_labels():
    m = hist.parse_when("ABC234", EVENINGS, now=NOW)
    assert m.label("nl", year=False) == "de themaavond van 12 maart"
    assert m.label("en") == "the theme evening of 12 March 2026"
    assert hist.parse_when("2026-05-01").label() == "1 mei 2026"


def test_parse_when_refuses_with_the_option_named():
    with pytest.raises(ValidationError, match="--to: 'volgende week' is geen datum"):
        hist.parse_when("volgende week", EVENINGS, what="--to")
    with pytest.raises(ValidationError, match="--to: '2026-13-01T10:00' is geen geldig tijdstip"):
        hist.parse_when("2026-13-01T10:00", EVENINGS, what="--to")


def _rows(layer, action, at, **rec):
    base = {"id": rec.pop("id"), "status": "approved", "buurt_code": "BU0002"}
    return history_rows(layer, action, [base | rec], at=at)


def _history(*parts):
    return pd.DataFrame([r for p in parts for r in p])


@pytest.mark.parametrize(("values", "hidden"), [
    ({"before": 5, "after": 4, "removed": 1, "added": 0}, {"removed", "after"}),
    ({"before": 1, "after": 3, "removed": 0, "added": 2}, {"before", "added", "after"}),
    ({"before": 0, "after": 0, "removed": 0, "added": 0}, set()),
    ({"before": 7, "after": 9, "removed": 0, "added": 2}, {"added"}),  # added ids are public
    ({"before": 2, "after": 0, "removed": 2, "added": 0}, {"before", "removed"}),
])
def test_small_counts_hidden_and_not_derivable(values, hidden):
    assert hist._suppress(values) == hidden


def test_public_comparison_hides_small_talent_counts_but_not_places():
    talent = {"visibility": "public", "wants_to_share": True}
    h = _history(
        *[_rows("talents", "add", "2026-03-01T10:00:00Z", id=f"t{k}", **talent)
          for k in range(5)],
        _rows("talents", "delete", "2026-04-01T10:00:00Z", id="t0", **talent),
        _rows("meeting_places", "add", "2026-03-01T10:00:00Z", id="m1", name="Plein",
              kind="park_plein"),
        _rows("meeting_places", "delete", "2026-04-01T10:00:00Z", id="m1", name="Plein"))
    b, a = hist.parse_when("2026-03-15"), hist.parse_when("2026-04-15")
    comp = hist.compare(h, b, a, buurten=two_buurten(), layers=("meeting_places", "talents"))
    d = comp.to_dict()
    rows = {(r["buurt_code"], r["layer"]): r for r in d["per_buurt"]}
    assert rows[("BU0002", "talents")] == {"buurt_code": "BU0002", "layer": "talents",
                                           "before": 5, "after": None}
    assert {"buurt_code": "BU0002", "layer": "talents", "count": None} in d["removed"]
    assert {"buurt_code": "BU0002", "layer": "meeting_places", "count": 1} in d["removed"]
    exact = hist.compare(h, b, a, buurten=two_buurten(), include_private=True,
                         layers=("meeting_places", "talents")).to_dict()
    assert {"buurt_code": "BU0002", "layer": "talents", "count": 1} in exact["removed"]
    lines = hist.sentences(comp, lang="en")
    assert "Since 15 March, Zuid lost a few talents." in lines
    assert "Since 15 March, no meeting places were added; Noord still has none." in lines
    gone = comp.removed.set_index("record_id")
    assert gone.at["m1", "name"] == "Plein" and gone.at["t0", "lon"] is None


def test_who_has_been_heard():
    rows = []
    for k in range(4):  # four residents in Noord, one of them also in Zuid
        rows.append(("BU0001", f"resident-token-{k:04d}", "form", "e1"))
    rows.append(("BU0002", "resident-token-0000", "form", "e2"))
    rows += [("BU0002", "papier:blad1", "paper", "e2"), ("BU0002", "papier:blad2", "paper", None)]
    rows += [("BU0001", "import", "import", None), ("BU0002", "opbouwwerker", "form", None),
             ("BU0002", "osm", "osm", None)]
    entries = pd.DataFrame(rows, columns=["buurt_code", "created_by", "source", "evening_id"])
    entries["created_at"] = ["2026-03-12T19:00:00Z"] * 4 + ["2026-11-30T19:00:00Z"] * 6
    entries["kind"] = [vo.contributor_kind(w, s) for w, s in
                       zip(entries["created_by"], entries["source"], strict=True)]
    assert list(entries["kind"]) == ["bewoner"] * 5 + ["papier"] * 2 + ["bron"] * 3
    v = vo.voices(entries, two_buurten(), EVENINGS, now=NOW)
    t = v.table
    assert t.loc["BU0001", ["voices", "residents", "paper", "sources"]].tolist() == [4, 4, 0, 1]
    assert t.loc["BU0002", ["voices", "residents", "paper", "sources"]].tolist() == [3, 1, 2, 2]
    assert t.loc["BU0001", "per_1000"] == pytest.approx(4 / 1200 * 1000)
    pub = v.public_table()
    assert pub.loc["BU0002", "voices"] == 3 and pd.isna(pub.loc["BU0002", "residents"])
    assert pd.isna(pub.loc["BU0002", "paper"])  # the split would show 1 and 2
    ev = v.public_per_evening().set_index(["evening_id", "buurt_code"])["voices"]
    assert ev[("e1", "BU0001")] == 4 and pd.isna(ev[("e2", "BU0002")])
    over = v.over_time[v.over_time["buurt_code"].isna()]["voices"].tolist()
    assert over == [4, 6]  # after the first evening, and now
    lines = vo.sentences(v)
    assert lines[0] == "In elke buurt zijn al minstens 3 mensen gehoord."
    assert "In totaal zijn 6 verschillende mensen gehoord." in lines
    few = vo.voices(entries[entries["buurt_code"] == "BU0001"], two_buurten(), EVENINGS, now=NOW)
    assert vo.sentences(few)[0].startswith("In Zuid is nog bijna niemand gehoord: ga daar eens "
                                           "langs met de buurtbus")
    rows_out = vo.report_rows(v)
    assert rows_out[1] == {"code": "BU0002", "name": "Zuid", "voices": 3, "residents": None,
                           "paper": None, "sources": 2, "per_1000": None}


def test_analyse_reports_voices_per_buurt(demo_path, tmp_path):
    import json

    from assetmap import cli

    out, csv = tmp_path / "r.json", tmp_path / "r.csv"
    assert cli.main(["analyse", str(demo_path), "--out", str(out)]) == 0
    rows = {r["code"]: r for r in json.loads(out.read_text(encoding="utf-8"))["voices"]}
    assert rows["BU99990104"]["voices"] == 5 and rows["BU99990104"]["sources"] > 0
    assert rows["BU99990105"]["voices"] is None  # De Akkers: one voice, hidden
    assert cli.main(["analyse", str(demo_path), "--out", str(csv), "--include-private",
                     "--csv-dialect", "machine"]) == 0
    df = pd.read_csv(csv, encoding="utf-8-sig").set_index("code")
    assert df.loc["BU99990105", "voices"] == 1 and "voices_per_1000" in df.columns
