"""``assetmap compare``: each form of WHEN, JSON and CSV, private counts, one-line errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from assetmap import cli, evening, schema
from assetmap.store import Actor, GpkgStore
from tests.store.history_project import three_evenings


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    from tests.conftest import two_buurten

    path = tmp_path_factory.mktemp("compare") / "project.gpkg"
    with GpkgStore(path, create=True) as s:
        s.set_buurten(two_buurten(), actor=Actor.system())
        built = three_evenings(s)
        open_ev = s.create_evening("Nog open", "2026-12-01", actor=Actor.system())
    return path, built, open_ev


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["compare", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_with_dates_and_join_codes(grown, tmp_path, capsys):
    path, built, _ = grown
    out = tmp_path / "diff.json"
    code, text, err = run(capsys, str(path), "--from", built.evenings[0]["join_code"],
                          "--to", "2026-05-14", "--out", str(out))
    assert code == 0, err
    d = json.loads(out.read_text(encoding="utf-8"))
    assert list(d) == ["from", "to", "per_buurt", "added", "removed", "changed"]
    assert d["from"] == "2026-03-12T21:30:00Z"  # the moment that evening closed
    assert d["to"] == "2026-05-14T21:59:59Z"  # the end of 14 May in Dutch summer time
    assert built.ids["speeltuin"] in d["added"] and built.ids["buurthuis"] in d["changed"]
    assert {"buurt_code": "BU0001", "layer": "meeting_places", "count": 1} in d["removed"]
    assert all(set(r) == {"buurt_code", "layer", "before", "after"} for r in d["per_buurt"])
    assert "Sinds de themaavond van 12 maart" in text and "Vergelijking geschreven" in text


def test_iso_timestamps_and_private_counts(grown, tmp_path, capsys):
    path, built, _ = grown
    pub, priv = tmp_path / "pub.json", tmp_path / "priv.json"
    args = ["--from", "2026-03-12T19:00:00+00:00", "--to", "2026-03-12T21:00:00Z"]
    assert run(capsys, str(path), *args, "--out", str(pub))[0] == 0
    assert run(capsys, str(path), *args, "--out", str(priv), "--include-private")[0] == 0
    p, q = json.loads(pub.read_text()), json.loads(priv.read_text())
    # the pending bankje and the private talent only in the worker's view
    assert built.ids["bankje"] not in p["added"] and built.ids["bankje"] in q["added"]
    assert built.ids["fietsen"] not in p["added"] and built.ids["fietsen"] in q["added"]
    talents = {r["buurt_code"]: r for r in q["per_buurt"] if r["layer"] == "talents"}
    assert talents["BU0002"] == {"buurt_code": "BU0002", "layer": "talents", "before": 0,
                                 "after": 2}
    hidden = {r["buurt_code"]: r for r in p["per_buurt"] if r["layer"] == "talents"}
    assert hidden["BU0002"]["after"] is None  # 1 public talent: fewer than 3, hidden


def test_open_evening_means_now_and_csv(grown, tmp_path, capsys):
    path, built, open_ev = grown
    out = tmp_path / "diff.csv"
    code, _, err = run(capsys, str(path), "--from", built.evenings[2]["join_code"].lower(),
                       "--to", open_ev["join_code"], "--out", str(out), "--lang", "en",
                       "--csv-dialect", "machine")
    assert code == 0, err
    df = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(df.columns) == ["section", "from", "to", "buurt_code", "layer", "before",
                                "after", "count", "id"]
    assert set(df["section"]) == {"per_buurt"}  # nothing happened since
    assert df["to"].iloc[0] > "2026-12-01"  # now
    assert len(df) == 2 * len(schema.LAYERS)  # two buurten x every point layer
    # the default: for Dutch Excel
    nl = tmp_path / "verschil.csv"
    code, _, err = run(capsys, str(path), "--from", built.evenings[2]["join_code"],
                       "--to", open_ev["join_code"], "--out", str(nl))
    assert code == 0, err
    df = pd.read_csv(nl, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(df.columns[:5]) == ["Onderdeel", "Van", "Tot", "Buurtcode", "Laag"]
    assert set(df["Onderdeel"]) == {"per buurt"} and "Talenten" in set(df["Laag"])


@pytest.mark.parametrize(("when", "words"), [
    ("gisteren", "geen datum"),
    ("2026-02-30", "geen bestaande datum"),
    ("2026-03-12T25:00", "geen geldig tijdstip"),
    ("ZZZZZZ", "geen avondcode"),
    ("", "vul een datum"),
])
def test_bad_when_exits_2_with_one_line(grown, tmp_path, capsys, when, words):
    path, _, _ = grown
    out = tmp_path / "x.json"
    code, _, err = run(capsys, str(path), "--from", when, "--to", "2026-05-14", "--out",
                       str(out))
    assert code == 2
    assert err.count("\n") == 1 and words in err and "--from" in err
    assert not out.exists()


def test_from_after_to_and_bad_out(grown, tmp_path, capsys):
    path, _, _ = grown
    code, _, err = run(capsys, str(path), "--from", "2026-05-14", "--to", "2026-03-01",
                       "--out", str(tmp_path / "x.json"))
    assert code == 2 and err.count("\n") == 1 and "na het tweede" in err
    code, _, err = run(capsys, str(path), "--from", "2026-03-01", "--to", "2026-05-14",
                       "--out", str(tmp_path / "x.txt"))
    assert code == 2 and ".json of .csv" in err


def test_withdrawal_at_an_open_evening_counts_as_removed(grown, tmp_path, capsys):
    path, built, open_ev = grown
    with GpkgStore(path) as s:
        evening.withdraw(s, "meeting_places", built.ids["speeltuin"], token="d" * 22)
    out = tmp_path / "d.json"
    assert run(capsys, str(path), "--from", "2026-06-01", "--to", open_ev["join_code"],
               "--out", str(out))[0] == 0
    d = json.loads(out.read_text())
    assert d["removed"] == [{"buurt_code": "BU0002", "layer": "meeting_places", "count": 1}]
    assert built.ids["speeltuin"] not in out.read_text()
