"""The Putnam lens: each rule, the counts per buurt, the sentences, and ``assetmap analyse``."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from assetmap import cli
from assetmap.analysis import ties

NOORD, ZUID = "BU0001", "BU0002"


def e(buurt, **kw):
    return {"buurt_code": buurt, **kw}


@pytest.mark.parametrize(("kind", "src", "a", "dst", "b", "tie"), [
    # linking: to an institution, or an entrepreneur who gives money or space
    ("supported_by", "wishes", e(NOORD), "institution", None, "linking"),
    ("helps_with", "entrepreneurs", e(NOORD, offers="Sponsoring buurtfeest"), "wishes",
     e(NOORD), "linking"),
    ("helps_with", "entrepreneurs", e(ZUID, offers="Gratis vergaderruimte"), "wishes",
     e(NOORD), "linking"),
    # bridging: across buurten, or between kinds of group
    ("helps_with", "talents", e(ZUID), "wishes", e(NOORD), "bridging"),
    ("helps_with", "associations", e(NOORD), "wishes", e(NOORD), "bridging"),
    ("helps_with", "entrepreneurs", e(NOORD, offers="Brood"), "wishes", e(NOORD), "bridging"),
    ("meets_at", "associations", e(NOORD), "meeting_places", e(ZUID), "bridging"),
    # bonding: one buurt, one kind of group (a place is no group)
    ("helps_with", "talents", e(NOORD), "wishes", e(NOORD), "bonding"),
    ("meets_at", "associations", e(NOORD), "meeting_places", e(NOORD), "bonding"),
    ("meets_at", "wishes", e(NOORD), "meeting_places", e(NOORD), "bonding"),
    ("works_with", "associations", e(NOORD), "associations", e(NOORD), "bonding"),
])
def test_each_rule(kind, src, a, dst, b, tie):
    got = ties.classify(kind, src, a, dst, b)
    assert got.tie == tie
    assert got.why.endswith(".")


def test_rules_are_written_down_in_plain_dutch():
    for tie in ties.TIES:
        text = ties.rule(tie)
        assert text.lower().startswith(tie) and len(text) < 220
    assert "gemeente" in ties.rule("linking") and "buurt" in ties.rule("bridging")
    assert ties.rule("bonding", "en").startswith("Bonding: within")


def _layers():
    def frame(rows):
        return gpd.GeoDataFrame(pd.DataFrame(rows),
                                geometry=[Point(5.0, 52.0)] * len(rows), crs=4326)

    return {
        "talents": frame([{"id": "t1", "name": "Koken", "buurt_code": NOORD,
                           "status": "approved"},
                          {"id": "t2", "name": "Tuinieren", "buurt_code": ZUID,
                           "status": "approved"}]),
        "wishes": frame([{"id": "w1", "name": "Samen eten", "buurt_code": NOORD,
                          "status": "approved"}]),
        "entrepreneurs": frame([{"id": "e1", "name": "Toko", "buurt_code": ZUID,
                                 "offers": "sponsoring", "status": "approved"}]),
    }


def _links(rows):
    cols = ["id", "from_layer", "from_id", "to_layer", "to_id", "kind", "tie", "status"]
    return pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows], columns=cols)


def test_counts_per_buurt_count_both_ends():
    links = _links([
        ("l1", "talents", "t1", "wishes", "w1", "helps_with", None, "approved"),   # bonding N
        ("l2", "talents", "t2", "wishes", "w1", "helps_with", None, "approved"),   # bridging N+Z
        ("l3", "entrepreneurs", "e1", "wishes", "w1", "helps_with", None, "approved"),  # linking
        ("l4", "wishes", "w1", "institution", "gemeente", "supported_by", None, "approved"),
        ("l5", "talents", "t2", "wishes", "w1", "works_with", None, "pending"),    # not counted
        ("l6", "talents", "gone", "wishes", "w1", "helps_with", None, "approved"),  # end gone
    ])
    buurten = pd.DataFrame({"code": [NOORD, ZUID, "BU0003"],
                            "name": ["Noord", "Zuid", "Parkzoom"]})
    result = ties.analyse_ties(links, _layers(), buurten)
    assert result.table.loc[NOORD].to_dict() == {"bonding": 1, "bridging": 1, "linking": 2}
    assert result.table.loc[ZUID].to_dict() == {"bonding": 0, "bridging": 1, "linking": 1}
    assert result.rows()[2] == {"buurt_code": "BU0003", "bonding": 0, "bridging": 0,
                                "linking": 0}
    assert list(result.links["id"]) == ["l1", "l2", "l3", "l4"]
    assert result.links.set_index("id").loc["l4", "to_name"] == "De gemeente"
    lines = ties.sentences(result)
    assert "Zuid heeft geen verbindingen binnen de buurt tussen dezelfde soort mensen " \
           "(bonding)." in lines
    assert "Parkzoom heeft nog geen verbindingen." in lines
    assert not any(s.startswith("Noord") for s in lines)


def test_a_buurt_with_no_bridging_gets_the_sentence_of_the_issue():
    links = _links([("l1", "talents", "t1", "wishes", "w1", "helps_with", None, "approved")])
    buurten = pd.DataFrame({"code": [NOORD], "name": ["Parkzoom"]})
    lines = ties.sentences(ties.analyse_ties(links, _layers(), buurten))
    assert any(s.startswith("Parkzoom heeft geen verbindingen naar buiten de buurt")
               for s in lines)


def test_analyse_cli_adds_the_ties_and_changes_nothing_else(demo_path, tmp_path):
    out = tmp_path / "report.json"
    assert cli.main(["analyse", str(demo_path), "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data)[:2] == ["buurten", "clusters"]
    assert {"ties", "ties_rules", "ties_sentences"} <= set(data)
    rows = {r["buurt_code"]: r for r in data["ties"]}
    parkzoom = rows["BU99990103"]  # the demo: a bonding and a linking tie, no bridging
    assert parkzoom == {"buurt_code": "BU99990103", "bonding": 1, "bridging": 0, "linking": 1}
    assert any(s.startswith("Parkzoom heeft geen verbindingen naar buiten de buurt")
               for s in data["ties_sentences"])
    assert set(data["ties_rules"]) == {"bonding", "bridging", "linking"}
    csv = tmp_path / "report.csv"
    assert cli.main(["analyse", str(demo_path), "--out", str(csv),
                     "--csv-dialect", "machine"]) == 0
    df = pd.read_csv(csv)
    assert {"bonding", "bridging", "linking"} <= set(df.columns)
    assert df.set_index("code").loc["BU99990103", "linking"] == 1
