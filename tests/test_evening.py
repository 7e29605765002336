"""The theme-evening service: joining, submitting, own entries, moderation, projector data."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from assetmap import auth, evening
from assetmap.errors import (
    EveningClosedError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ValidationError,
)
from assetmap.store import Actor

FAC = Actor.system("opbouwwerker")
IN_A = Point(5.005, 52.005)


def mp(name="Buurthuis De Linde", at=IN_A, **kw):
    return {"name": name, "kind": "buurthuis", "geometry": at, **kw}


@pytest.fixture
def ev(project):
    return project.create_evening("Wat heeft Noord?", "2026-12-03", actor=FAC)


def test_join_errors(project, ev):
    assert evening.join(project, ev["join_code"].lower())["id"] == ev["id"]
    with pytest.raises(NotFoundError) as e:
        evening.join(project, "QQQQQQ")
    assert "kennen we niet" in str(e.value)
    with pytest.raises(NotFoundError):
        evening.join(project, "  ")
    project.update_evening(ev["id"], {"open": False}, actor=FAC)
    with pytest.raises(EveningClosedError) as e:
        evening.join(project, ev["join_code"])
    assert "gesloten" in str(e.value)


def test_submit_in_evening_is_pending_with_evening_id(project, ev):
    rid = evening.submit(project, "meeting_places", mp(status="approved", created_by="x"),
                         token="tok-alice-0000000001", evening_code=ev["join_code"],
                         limiter=None)
    rec = project.get("meeting_places", rid)
    assert rec["status"] == "pending" and rec["evening_id"] == ev["id"]
    assert rec["created_by"] == "tok-alice-0000000001" and rec["source"] == "form"


def test_auto_approve_evening(project):
    ev = project.create_evening("Snel", "2026-12-03", auto_approve=True, actor=FAC)
    rid = evening.submit(project, "meeting_places", mp(), token="t" * 20,
                         evening_code=ev["join_code"], limiter=None)
    assert project.get("meeting_places", rid)["status"] == "approved"


def test_closed_evening_stores_nothing(project, ev):
    project.update_evening(ev["id"], {"open": False}, actor=FAC)
    with pytest.raises(EveningClosedError):
        evening.submit(project, "meeting_places", mp(), token="t" * 20,
                       evening_code=ev["join_code"], limiter=None)
    assert len(project.read("meeting_places")) == 0


def test_rate_limit(project):
    lim = evening.RateLimiter(limit=3, window_s=600)
    for i in range(3):
        evening.submit(project, "meeting_places", mp(f"Plek {i}"), token="t" * 20, limiter=lim)
    with pytest.raises(RateLimitError) as e:
        evening.submit(project, "meeting_places", mp("Plek 4"), token="t" * 20, limiter=lim)
    assert "Wacht" in str(e.value)
    assert len(project.read("meeting_places")) == 3
    # another person is not limited; a rejected entry does not count
    evening.submit(project, "meeting_places", mp("Plek B"), token="u" * 20, limiter=lim)
    with pytest.raises(ValidationError):
        evening.submit(project, "meeting_places", mp(""), token="v" * 20, limiter=lim)
    for i in range(3):
        evening.submit(project, "meeting_places", mp(f"V{i}"), token="v" * 20, limiter=lim)


def test_rate_limit_window_passes(project):
    lim = evening.RateLimiter(limit=2, window_s=10)
    lim.hit(project, "a", now=0)
    lim.hit(project, "a", now=1)
    with pytest.raises(RateLimitError):
        lim.hit(project, "a", now=5)
    lim.hit(project, "a", now=10.5)


def test_own_entries_only(project):
    a = evening.submit(project, "meeting_places", mp("Van Alice"), token="a" * 20, limiter=None)
    evening.submit(project, "meeting_places", mp("Van Bob"), token="b" * 20, limiter=None)
    mine = evening.my_entries(project, "a" * 20)
    assert list(mine["id"]) == [a] and list(mine["layer"]) == ["meeting_places"]
    with pytest.raises(PermissionDeniedError):
        evening.edit_own(project, "meeting_places", a, {"name": "Gekaapt"}, token="b" * 20)
    with pytest.raises(PermissionDeniedError):
        evening.withdraw(project, "meeting_places", a, token="b" * 20)
    assert project.get("meeting_places", a)["name"] == "Van Alice"
    evening.withdraw(project, "meeting_places", a, token="a" * 20)
    assert project.get("meeting_places", a) is None


def test_edit_of_approved_entry_keeps_the_approved_version_until_approved(project, ev):
    """Issue 14 item 6: the change waits for approval, the approved version stays on the map
    (and off no projector); approving applies it, a second edit changes the same revision,
    hiding rejects it and keeps the approved one."""
    tok = "a" * 20
    rid = evening.submit(project, "meeting_places", mp(), token=tok,
                         evening_code=ev["join_code"], limiter=None)
    evening.moderate(project, "meeting_places", [rid], "approve", actor=FAC)
    new = evening.edit_own(project, "meeting_places", rid, {"name": "Iets anders"}, token=tok)
    assert new["waits"] is True
    approved = project.read("meeting_places", status="approved", evening_id=ev["id"])
    assert list(approved["name"]) == ["Buurthuis De Linde"]  # still on map and projector
    moved = Point(5.006, 52.006)
    evening.edit_own(project, "meeting_places", rid, {"name": "Nog anders", "geometry": moved},
                     token=tok)
    q = evening.queue(project)
    assert len(q) == 1 and q["name"].iloc[0] == "Nog anders"  # one revision, changed again
    assert evening.likely_duplicates(project).empty
    mine = evening.my_entries(project, tok)
    assert list(mine["id"]) == [rid] and bool(mine["change_pending"].iloc[0])
    assert evening.editable(project, "meeting_places", rid)["name"] == "Nog anders"
    evening.moderate(project, "meeting_places", list(q["id"]), "approve", actor=FAC)
    got = project.get("meeting_places", rid)
    assert got["name"] == "Nog anders" and got["status"] == "approved"
    assert got["geometry"].equals_exact(moved, 1e-7)
    assert evening.queue(project).empty and len(project.read("meeting_places")) >= 1
    evening.edit_own(project, "meeting_places", rid, {"name": "Verkeerd"}, token=tok)
    evening.moderate(project, "meeting_places", list(evening.queue(project)["id"]), "hide",
                     actor=FAC)
    assert project.get("meeting_places", rid)["name"] == "Nog anders"
    assert project.get("meeting_places", rid)["status"] == "approved"
    evening.edit_own(project, "meeting_places", rid, {"name": "Weg"}, token=tok)
    evening.withdraw(project, "meeting_places", rid, token=tok)
    assert evening.my_entries(project, tok).empty and evening.queue(project).empty


def test_moderation_needs_facilitator(project, ev):
    rid = evening.submit(project, "meeting_places", mp(), token="a" * 20,
                         evening_code=ev["join_code"], limiter=None)
    with pytest.raises(PermissionDeniedError):
        evening.moderate(project, "meeting_places", [rid], "approve",
                         actor=Actor.resident("a" * 20))
    q = evening.queue(project, evening_id=ev["id"])
    assert list(q["id"]) == [rid]
    evening.moderate(project, "meeting_places", [rid], "hide", actor=FAC)
    assert evening.queue(project, evening_id=ev["id"]).empty
    assert project.get("meeting_places", rid)["status"] == "hidden"


def test_likely_duplicates_are_suggested_not_merged(project):
    a = evening.submit(project, "meeting_places", mp("Buurthuis De Linde"), token="a" * 20,
                       limiter=None)
    b = evening.submit(project, "meeting_places",
                       mp("buurthuis de linde!", at=Point(5.0053, 52.0051)), token="b" * 20,
                       limiter=None)
    evening.submit(project, "meeting_places", mp("Buurthuis De Linde", at=Point(5.0085, 52.005)),
                   token="c" * 20, limiter=None)  # about 240 m away
    evening.submit(project, "meeting_places", mp("Bibliotheek", at=Point(5.0051, 52.005)),
                   token="d" * 20, limiter=None)
    evening.submit(project, "associations", {"name": "Buurthuis De Linde",
                                             "geometry": Point(5.0051, 52.005)},
                   token="e" * 20, limiter=None)
    d = evening.likely_duplicates(project)
    assert len(d) == 1
    assert {d["a_id"].iloc[0], d["b_id"].iloc[0]} == {a, b}
    assert d["distance_m"].iloc[0] < 75
    assert len(project.read("meeting_places")) == 4  # nothing merged by itself


def test_merge(project):
    a = evening.submit(project, "meeting_places", mp("De Linde", description=None),
                       token="a" * 20, limiter=None)
    b = evening.submit(project, "meeting_places", mp("De Linde", when_open="elke dag"),
                       token="b" * 20, limiter=None)
    with pytest.raises(PermissionDeniedError):
        evening.merge(project, "meeting_places", a, b, actor=Actor.resident("a" * 20))
    kept = evening.merge(project, "meeting_places", a, b, actor=FAC)
    assert kept["when_open"] == "elke dag"
    assert project.get("meeting_places", b) is None
    assert project.get("meeting_places", a)["when_open"] == "elke dag"


def test_talents_of_different_residents_are_never_suggested_nor_merged(project):
    """Issue 12, item 4: two residents' "Koken" at one buurt point were suggested as
    duplicates, and merging copied one's display name onto the other's entry."""
    common = {"name": "Koken", "gifts_hand": "koken", "buurt_code": "BU0001"}
    a = evening.submit(project, "talents", {**common, "display_name": "Fatima"},
                       token="a" * 20, limiter=None)
    b = evening.submit(project, "talents", {**common, "contact": "06 1",
                                            "consent_at": "2026-12-03T19:00:00Z",
                                            "display_name": None},
                       token="b" * 20, limiter=None)
    assert evening.likely_duplicates(project, layers=["talents"]).empty
    with pytest.raises(PermissionDeniedError):
        evening.merge(project, "talents", b, a, actor=FAC)
    assert project.get("talents", a)["display_name"] == "Fatima"
    assert project.get("talents", b)["display_name"] is None
    # one resident who gave the same talent twice: suggested, merged, no name copied over
    c = evening.submit(project, "talents", {**common, "display_name": "Fatima",
                                            "description": "Surinaams"},
                       token="a" * 20, limiter=None)
    d = evening.likely_duplicates(project, layers=["talents"])
    assert {frozenset((r.a_id, r.b_id)) for r in d.itertuples()} == {frozenset((a, c))}
    project.update("talents", a, {"display_name": None}, actor=FAC)
    kept = evening.merge(project, "talents", a, c, actor=FAC)
    assert kept["display_name"] is None and kept["description"] == "Surinaams"


def test_summary_is_safe_for_a_projector(project, ev):
    code = ev["join_code"]
    common = {"gifts_hand": "koken", "geometry": IN_A}
    evening.submit(project, "talents", {"name": "Geheim talent", "contact": "06 123",
                                        "consent_at": "2026-12-03T19:00:00Z", **common},
                   token="a" * 20, evening_code=code, limiter=None)
    evening.submit(project, "talents", {"name": "Open talent", "visibility": "public",
                                        **common}, token="b" * 20, evening_code=code,
                   limiter=None)
    evening.submit(project, "meeting_places", mp(), token="c" * 20, evening_code=code,
                   limiter=None)
    for layer in ("talents", "meeting_places"):
        ids = list(project.read(layer)["id"])
        evening.moderate(project, layer, ids, "approve", actor=FAC)
    s = evening.summary(project, ev["id"])
    # two talents in one buurt: hidden there, so not in the total either (issue 12)
    assert s.per_layer == {"meeting_places": 1, "talents": 0, "associations": 0,
                           "entrepreneurs": 0, "wishes": 0}
    names = [n["name"] for n in s.newest]
    assert "Open talent" in names and "Geheim talent" not in names and "Een talent" not in names
    assert "06 123" not in repr(s)
    assert s.per_buurt.loc["BU0001", "talents"] is None or str(
        s.per_buurt.loc["BU0001", "talents"]) == "<NA>"  # 2 talents: hidden below 3


def test_projector_figures_let_no_hidden_count_be_derived(project, ev):
    """Issue 12, item 3: the total next to "<3" cells, and a private talent given while the
    room watches (+1 in the total, "0" becoming "<3"), gave hidden counts away."""
    code = ev["join_code"]
    in_b = Point(5.015, 52.005)
    for i in range(3):  # three public talents in Noord: shown
        evening.submit(project, "talents", {"name": f"Open {i}", "visibility": "public",
                                            "gifts_hand": "koken", "geometry": IN_A},
                       token=f"{i}" * 20, evening_code=code, limiter=None)
    evening.moderate(project, "talents", list(project.read("talents")["id"]), "approve",
                     actor=FAC)
    before = evening.summary(project, ev["id"])
    # a private talent in Zuid arrives and is approved while the room watches
    evening.submit(project, "talents", {"name": "Geheim", "gifts_hand": "koken",
                                        "geometry": in_b}, token="z" * 20,
                   evening_code=code, limiter=None)
    evening.moderate(project, "talents", list(project.read("talents")["id"]), "approve",
                     actor=FAC)
    after = evening.summary(project, ev["id"])
    for s in (before, after):
        shown = s.per_buurt["talents"].dropna()
        assert s.per_layer["talents"] == int(shown.sum()) == 3  # total minus shown = 0
    assert after.per_layer == before.per_layer and after.total == before.total
    assert before.per_buurt.equals(after.per_buurt)  # no "0" -> "<3", no new row


def test_a_withdrawn_talent_does_not_come_back_with_a_restore(project, ev):
    """Issue 12, item 5: withdraw a talent, restore the backup made when the evening closed:
    the talent and its contact were back."""
    tok = "w" * 22
    rid = evening.submit(project, "talents", {
        "name": "Naaien", "gifts_hand": "naaien", "geometry": IN_A, "contact": "06 555",
        "consent_at": "2026-12-03T19:00:00Z"}, token=tok, evening_code=ev["join_code"],
        limiter=None)
    keep = evening.submit(project, "meeting_places", mp("Blijft"), token="k" * 22,
                          evening_code=ev["join_code"], limiter=None)
    evening.close(project, ev["id"], actor=FAC)  # makes a backup with the talent in it
    closed = project.backups()[0]
    evening.withdraw(project, "talents", rid, token=tok)
    # checkpointed: neither the project file nor its write-ahead log keeps the contact
    for f in (project.path, project.path.with_name(project.path.name + "-wal")):
        assert not f.exists() or b"06 555" not in f.read_bytes(), f
    project.restore(closed.id)
    assert project.get("talents", rid) is None
    assert project.get("meeting_places", keep) is not None  # the rest did come back
    for b in project.backups():
        with project.open_backup(b.id) as old:
            assert old.get("talents", rid) is None
            assert "06 555" not in old.path.read_bytes().decode("latin-1")


def test_join_url_and_qr():
    url = evening.join_url("http://192.168.1.20:8501", "ABC234")
    assert url == "http://192.168.1.20:8501/?avond=ABC234"
    png = evening.qr_png(url)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 200


def test_password_hash_and_throttle(project):
    h = auth.hash_password("geheim")
    assert h.startswith("scrypt$") and "geheim" not in h
    assert auth.verify_password("geheim", h) and not auth.verify_password("Geheim", h)
    assert not auth.verify_password("geheim", "rubbish")
    th = auth.LoginThrottle(free=2, base_delay_s=10)
    assert not th.check(project, "s", "x", h, now=0) and not th.check(project, "s", "y", h, now=1)
    with pytest.raises(PermissionDeniedError):
        th.check(project, "s", "geheim", h, now=2)  # throttled even with the right password
    assert th.check(project, "s", "geheim", h, now=12)
    assert auth.configured_hash({}, {}) is None
    plain = auth.configured_hash({"ASSETMAP_FACILITATOR_PASSWORD": "pw"}, {})
    assert auth.verify_password("pw", plain)
    assert auth.configured_hash({"ASSETMAP_FACILITATOR_PASSWORD_HASH": h}, {}) == h


def test_merge_keeps_the_connections_of_both(project):
    fac = FAC
    a = project.add("meeting_places", mp(name="Buurthuis De Kom"), actor=fac, status="approved")
    b = project.add("meeting_places", mp(name="Buurthuis de Kom"), actor=fac, status="approved")
    wish = project.add("wishes", {"name": "Moestuin", "geometry": IN_A}, actor=fac,
                       status="approved")
    project.add_link({"from_layer": "wishes", "from_id": wish, "kind": "meets_at",
                      "to_layer": "meeting_places", "to_id": b}, actor=fac)
    project.add_link({"from_layer": "meeting_places", "from_id": a, "kind": "works_with",
                      "to_layer": "meeting_places", "to_id": b}, actor=fac)
    evening.merge(project, "meeting_places", a, b, actor=fac)
    links = project.links()
    # the wish now meets at the kept place; the link between the two duplicates is gone
    assert links[["from_id", "to_id", "kind"]].values.tolist() == [[wish, a, "meets_at"]]


def test_the_same_form_submitted_twice_stores_one_entry(project, ev):
    """Issue 14 item 2: a double tap on 'Opslaan' (two requests with the same form) is one
    entry, also when both arrive at the same moment; a new form is a new entry."""
    import threading

    tok = "tok-double-tap-000001"
    before = len(project.read("meeting_places"))
    ids: list[str] = []

    def tap() -> None:
        ids.append(evening.submit(project, "meeting_places", mp("Dubbel getikt"), token=tok,
                                  evening_code=ev["join_code"], limiter=None, form_id="f1"))

    threads = [threading.Thread(target=tap) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(set(ids)) == 1 and len(ids) == 4
    assert len(project.read("meeting_places")) == before + 1
    other = evening.submit(project, "meeting_places", mp("Dubbel getikt"), token=tok,
                           limiter=None, form_id="f2")
    assert other != ids[0] and len(project.read("meeting_places")) == before + 2


def test_a_failed_form_can_be_sent_again(project, ev):
    tok = "tok-retry-0000000001"
    with pytest.raises(ValidationError):
        evening.submit(project, "meeting_places", mp(name=""), token=tok, limiter=None,
                       form_id="f1")
    rid = evening.submit(project, "meeting_places", mp("Nu goed"), token=tok, limiter=None,
                         form_id="f1")
    assert project.get("meeting_places", rid)["name"] == "Nu goed"


def test_form_problems_lists_every_problem_at_once():
    from assetmap import schema

    p = schema.form_problems("meeting_places", {"website": "x"})
    assert set(p) == {"name", "kind"}
    p = schema.form_problems("talents", {"contact": "06-1"})
    assert set(p) == {"name", "gifts_hand", "contact"}
    assert schema.form_problems("talents", {"name": "Koken", "gifts_hand": "koken"}) == {}


@pytest.mark.parametrize(("text", "kind"), [
    ("Fatima", None), ("F.K.", None), ("Anne-Marie", None), ("Jan de Vries", "full_name"),
    ("Jan Jansen", "full_name"), ("Dorpsstraat 5", "address"), ("3811 AB", "address"),
    ("06-12345678", "contact"), ("jan@example.org", "contact")])
def test_names_that_look_like_more_than_a_first_name(text, kind):
    from assetmap import privacy

    assert privacy.looks_identifying(text) == kind


def test_the_wait_says_one_seconde_not_one_seconden():
    """Issue 14 item 7: 'over 1 seconde'."""
    h = auth.hash_password("geheim")
    th = auth.LoginThrottle(free=1, base_delay_s=1)
    mem = auth.MemoryThrottles()
    th.check(mem, "s", "x", h, now=0)
    with pytest.raises(PermissionDeniedError) as e:
        th.check(mem, "s", "x", h, now=0.5)
    assert "over 1 seconde " in str(e.value)
    th = auth.LoginThrottle(free=1, base_delay_s=10)
    mem = auth.MemoryThrottles()
    th.check(mem, "s", "x", h, now=0)
    with pytest.raises(PermissionDeniedError) as e:
        th.check(mem, "s", "x", h, now=0.5)
    assert "seconden" in str(e.value)


def test_lan_address_and_loopback_urls():
    """Issue 14 item 1: a LAN address is never loopback; localhost URLs are recognised."""
    from assetmap.config import is_loopback_url, lan_address

    ip = lan_address()
    assert ip is None or not is_loopback_url(f"http://{ip}:8501/")
    for url in ("http://localhost:8501/", "http://127.0.0.1:8501/?avond=X", "http://[::1]:85/"):
        assert is_loopback_url(url)
    assert not is_loopback_url("http://192.168.1.20:8501/")
    assert not is_loopback_url("https://buurt.example.org/")
