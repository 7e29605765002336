"""Suggestions (wie kan met wie) on a hand-made project where the right answers are known, the
``assetmap connect`` contract, and the matchlijst."""

from __future__ import annotations

import json
import shutil

import pytest

from assetmap import cli, connect
from assetmap.store import Actor, GpkgStore
from tests.connect_project import CONTACT, FAC, PRIVATE_TALENT, build


@pytest.fixture(scope="module")
def made_master(tmp_path_factory):
    path = tmp_path_factory.mktemp("connect") / "moestuin.gpkg"
    return path, build(path)


@pytest.fixture
def made(made_master, tmp_path):
    """A fresh copy of the hand-made project for one test."""
    path = tmp_path / "moestuin.gpkg"
    shutil.copyfile(made_master[0], path)
    return path, made_master[1]


def _run(path, tmp_path, *extra) -> dict:
    out = tmp_path / "connect.json"
    assert cli.main(["connect", str(path), "--out", str(out), *extra]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_moestuin_gets_the_gardener_and_the_volkstuin_first(made, tmp_path):
    path, ids = made
    data = _run(path, tmp_path)
    assert list(data) == ["wishes", "ties"]
    (wish,) = data["wishes"]
    assert list(wish) == ["id", "name", "buurt_code", "suggestions"]
    assert wish["id"] == ids["wish"] and wish["name"] == "Moestuin"
    assert wish["buurt_code"] == "BU0001"
    sugg = wish["suggestions"]
    assert all(list(s) == ["layer", "id", "name", "why", "distance_m", "score"] for s in sugg)
    top = {(s["layer"], s["id"]) for s in sugg[:2]}
    assert top == {("talents", ids["talent"]), ("meeting_places", ids["volkstuin"])}
    by_id = {s["id"]: s for s in sugg}
    assert by_id[ids["talent"]]["distance_m"] == 300
    assert by_id[ids["volkstuin"]]["distance_m"] == 500
    # one sentence each, saying why and how far (no street network: straight lines)
    talent_why = by_id[ids["talent"]]["why"]
    assert talent_why.startswith("Dit talent ") and talent_why.count(".") == 1
    assert "thema groen" in talent_why and "300 m hemelsbreed" in talent_why
    volks_why = by_id[ids["volkstuin"]]["why"]
    assert volks_why.startswith("Deze plek ") and "'volkstuin'" in volks_why
    assert "gratis te gebruiken" in volks_why and "500 m hemelsbreed" in volks_why
    # the scores are in order and explain the ranking: relevance first, then nearness
    assert [s["score"] for s in sugg] == sorted((s["score"] for s in sugg), reverse=True)
    # never suggested: not about gardens and not a free place (nor money or space) nearby
    never = {ids["sporthal"], ids["schaakclub"], ids["bakkerij"]}
    assert not never & set(by_id)
    # a free buurthuis within walking distance is a place to meet, ranked below
    assert by_id[ids["buurthuis"]]["score"] < by_id[ids["talent"]]["score"]


def test_private_talent_only_for_facilitators_and_never_with_contact(made, tmp_path):
    path, ids = made
    public = _run(path, tmp_path)
    text = json.dumps(public)
    assert ids["private"] not in text and PRIVATE_TALENT not in text
    private = _run(path, tmp_path, "--include-private")
    text = json.dumps(private, ensure_ascii=False)
    hit = [s for s in private["wishes"][0]["suggestions"] if s["id"] == ids["private"]]
    assert len(hit) == 1 and "via de opbouwwerker" in hit[0]["why"]
    assert CONTACT not in text and "contact" not in text.lower()
    # the two public ones are still there
    got = {s["id"] for s in private["wishes"][0]["suggestions"]}
    assert {ids["talent"], ids["volkstuin"]} <= got


def test_distances_along_the_streets(tmp_path):
    path = tmp_path / "straten.gpkg"
    ids = build(path, with_streets=True)
    with GpkgStore(path) as store:
        sugg = connect.suggest_store(store)
    assert sugg.method == "network"
    by_id = {s.id: s for s in sugg.wishes[0].suggestions}
    # around the block to the gardener, straight up the street to the volkstuin
    assert by_id[ids["talent"]].distance_m == pytest.approx(700, abs=2)
    assert by_id[ids["volkstuin"]].distance_m == pytest.approx(500, abs=2)
    assert "700 m lopen" in by_id[ids["talent"]].why
    # the buurthuis is 1.1 km on foot: beyond walking distance, no longer suggested
    assert ids["buurthuis"] not in by_id


def test_english_sentences_and_top(made, tmp_path):
    path, ids = made
    data = _run(path, tmp_path, "--lang", "en", "--top", "1")
    (s,) = data["wishes"][0]["suggestions"]
    assert s["why"].startswith(("This talent", "This place"))
    assert "in a straight line" in s["why"]


def test_linked_pairs_are_not_suggested_again_and_the_reverse(made):
    path, ids = made
    with GpkgStore(path) as store:
        store.add_link(connect.link_for(ids["wish"], "talents", ids["talent"]), actor=FAC)
        store.add_link(connect.link_for(ids["wish"], "meeting_places", ids["volkstuin"]),
                       actor=FAC)
        links = store.links()
        assert set(links["kind"]) == {"helps_with", "meets_at"}
        sugg = connect.suggest_store(store, include_private=True)
    got = {s.id for s in sugg.wishes[0].suggestions}
    assert not {ids["talent"], ids["volkstuin"]} & got
    # the reverse: which wishes could the private talent serve?
    (wish, s), = sugg.for_entry("talents", ids["private"])
    assert wish.id == ids["wish"] and s.private


def test_words_and_themes_are_explainable():
    assert connect.stem("tuinieren") == "tuinier"
    assert connect.words("De Moestuin op het veld!") == ["moestuin", "veld"]
    assert connect.theme_hits(["volkstuin", "koor"]) == {"groen": ["tuin"], "cultuur": ["koor"]}
    assert connect.wish_themes("taal", ["moestuin"]) == ["taal"]
    assert connect.wish_themes("overig", ["moestuin"]) == ["groen"]
    assert connect.format_distance(1265) == "1,3 km" and connect.format_distance(171) == "170 m"
    assert connect.format_distance(1265, "en") == "1.3 km"


def test_connect_cli_errors_are_one_dutch_line(made, tmp_path, capsys):
    path, _ = made
    for args in (["connect", str(path), "--out", str(tmp_path / "x.csv")],
                 ["connect", str(tmp_path / "geen.gpkg"), "--out", str(tmp_path / "x.json")],
                 ["connect", str(path), "--out", str(tmp_path / "x.json"), "--lang", "de"],
                 ["connect", str(path)]):
        assert cli.main(args) == 2
        err = capsys.readouterr().err
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("fout:"), err
        assert "invalid" not in err and "required" not in err
    assert not (tmp_path / "x.json").exists()


def test_matchlijst_pdf_has_the_wish_and_no_contact(made, tmp_path):
    from pypdf import PdfReader

    path, ids = made
    out = tmp_path / "connect.json"
    pdf = tmp_path / "matchlijst.pdf"
    assert cli.main(["connect", str(path), "--out", str(out), "--matchlijst", str(pdf),
                     "--include-private"]) == 0
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Matchlijst" in text and "Moestuin" in text and "Tuinieren" in text
    assert "Volkstuin De Groene Vinger" in text and "alleen voor de opbouwwerker" in text
    assert CONTACT not in text


def test_resident_link_waits_and_needs_an_own_entry(made):
    path, ids = made
    with GpkgStore(path) as store:
        me = Actor.resident("bewoner-token-123456")
        mine = store.add("talents", {"name": "Compost maken", "gifts_hand": "compost",
                                     "buurt_code": "BU0001"}, actor=me)
        lid = store.add_link(connect.link_for(ids["wish"], "talents", mine), actor=me)
        assert store.links().set_index("id").loc[lid, "status"] == "pending"
        from assetmap.errors import PermissionDeniedError

        with pytest.raises(PermissionDeniedError):
            store.add_link(connect.link_for(ids["wish"], "talents", ids["talent"]), actor=me)


def test_matchlijst_in_english(made, tmp_path, capsys):
    """``connect --lang en --matchlijst``: the list, its sentences why and the CLI line in
    English (issue #18 item 1)."""
    from datetime import date

    from pypdf import PdfReader

    from assetmap.analysis.moments import date_text

    path, _ = made
    pdf = tmp_path / "matchlist.pdf"
    assert cli.main(["connect", str(path), "--out", str(tmp_path / "c.json"), "--matchlijst",
                     str(pdf), "--lang", "en"]) == 0
    said = capsys.readouterr().out
    assert "Match list written" in said and "(1 wish, 3 suggestions)" in said
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "Match list" in text and "Moestuin" in text
    assert "who could help" in text and "Only what is public on the map" in text
    assert date_text(date.today(), "en") in text  # "2 December 2026"
    for nl in ("Matchlijst", "wie kan helpen", "Alleen wat openbaar", "afstand"):
        assert nl not in text, nl
    assert CONTACT not in text


def test_matchlijst_of_the_demo_does_not_credit_cbs_and_osm(demo_path, tmp_path):
    """The demo's buurten and streets are made up: the match list's footer says so (as the map
    print does) instead of crediting CBS and OpenStreetMap (issue #18 item 8)."""
    from pypdf import PdfReader

    from assetmap.printing import store_matchlist
    from assetmap.store import GpkgStore

    pdf = tmp_path / "matchlist.pdf"
    with GpkgStore(demo_path) as store:
        store_matchlist(store, pdf)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "verzonnen voorbeeld" in text
    assert "OpenStreetMap" not in text and "CBS" not in text
