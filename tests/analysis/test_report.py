"""Sentences, JSON and CSV rows; the demo's deliberate gaps must show."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from assetmap.analysis import analyse_store, public_table, report
from assetmap.store import GpkgStore


@pytest.fixture(scope="module")
def demo(demo_master):
    with GpkgStore(demo_master) as store:
        yield analyse_store(store)


def test_demo_gaps_in_sentences(demo):
    lines = report.sentences(demo)
    text = "\n".join(lines)
    assert "De Akkers heeft geen ontmoetingsplekken en geen verenigingen." in lines
    assert "Spoorkwartier heeft geen verenigingen." in lines
    assert "Spoorkwartier heeft maar één ontmoetingsplek." in lines
    assert "Parkzoom heeft geen lokale ondernemers." in lines
    assert "Van De Akkers is het aantal inwoners onbekend" in text
    share = demo.gaps.table.loc["BU99990104", "uncovered_share"]
    assert (f"In Spoorkwartier ligt {round(share * 100)}% van het gebied verder dan 400 m van "
            "een ontmoetingsplek.") in lines
    # the buurt farthest from a meeting place comes first
    assert lines[0].startswith("In De Akkers ligt")
    assert any(s.startswith("Er zijn ") and "clusters" in s for s in lines)


def test_number_and_percent_in_dutch():
    assert report.number_nl(1234.5) == "1.234,5"
    assert report.number_nl(0.4149) == "0,4"
    assert report.number_nl(400.0, 0) == "400"
    assert report.percent_nl(0.3589) == "36%"
    assert report.percent_nl(0.004) == "minder dan 1%"
    assert report.percent_nl(0.996) == "meer dan 99%"


def test_report_dict_keys_and_privacy(demo):
    d = report.report_dict(demo)
    assert set(d) == {"buurten", "clusters"}
    row = d["buurten"][4]
    assert set(row) == {"code", "name", "inwoners", "count", "per_1000", "per_km2",
                        "uncovered_share"}
    assert row["code"] == "BU99990105" and row["inwoners"] is None
    assert row["count"]["meeting_places"] == 0 and row["per_1000"]["meeting_places"] is None
    assert row["count"]["talents"] is None  # one talent: hidden below 3, as on the map
    assert report.report_dict(demo, include_private=True)["buurten"][4]["count"]["talents"] == 1
    c = d["clusters"][0]
    assert set(c) == {"id", "size", "count", "hull"}
    assert c["hull"].startswith("POLYGON") and sum(c["count"].values()) == c["size"]


def test_public_table_hides_small_talent_counts_only(demo):
    t = public_table(demo.gaps.table)
    assert pd.isna(t.loc["BU99990105", "talents"])
    assert pd.isna(t.loc["BU99990105", "talents_per_km2"])
    assert t.loc["BU99990104", "talents"] == 9
    assert not pd.isna(demo.gaps.table.loc["BU99990105", "talents"])  # not changed in place


def test_downloads_are_inert(demo):
    df = report.report_frame(demo, lang="nl")
    assert list(df.columns[:4]) == ["Buurtcode", "Buurt", "Inwoners", "Ontmoetingsplekken"]
    df.loc[0, "Buurt"] = "=HYPERLINK(\"http://x\")"
    df.loc[1, "Buurt"] = "@SUM(A1)"
    csv = report.csv_bytes(df).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "'@SUM" in csv
    wb = openpyxl.load_workbook(io.BytesIO(report.xlsx_bytes(df)))
    ws = wb.active
    assert ws["B2"].value.startswith("'=") and ws["B3"].value.startswith("'@")
    assert ws["C6"].value is None  # De Akkers: inhabitants unknown, an empty cell
    assert ws["D6"].value == 0
