"""AppTest of the Themaavond page: projector screen, login, moderation, managing evenings."""

from __future__ import annotations

import pytest
from shapely.geometry import Point
from streamlit.testing.v1 import AppTest

from assetmap import evening
from assetmap.store import Actor, GpkgStore
from tests.app.conftest import login, open_page


@pytest.fixture
def env(demo_env):
    return demo_env


def page(mode: str = "screen", code: str | None = None) -> AppTest:
    at = open_page("themaavond", query={"avond": code} if code else None)
    if mode != "screen":
        at.radio(key="ev_mode").set_value(mode).run()
        assert not at.exception, at.exception
    return at


def test_screen_shows_counts_qr_and_code(env):
    with GpkgStore(env) as s:
        ev = s.evenings().iloc[0]
        evening.submit(s, "meeting_places", {"name": "Nieuwe plek", "kind": "overig",
                                             "geometry": Point(5.337, 51.9498)},
                       token="t" * 20, evening_code=ev["join_code"], limiter=None)
        rid = s.read("meeting_places", status="pending")["id"].tolist()
        s.set_status("meeting_places", rid, "approved", actor=Actor.system())
    at = page(code=ev["join_code"])
    labels = [m.label for m in at.metric]
    assert "Ontmoetingsplekken" in labels
    mp = [m for m in at.metric if m.label == "Ontmoetingsplekken"][0]
    assert mp.value == "1"  # only entries of this evening count
    assert ev["join_code"] in " ".join(md.value for md in at.markdown)
    assert len(at.get("image")) >= 1  # the QR code


def test_moderation_needs_the_password(env):
    at = page("moderate")
    assert not [b for b in at.button if b.label == "Goedkeuren"]
    login(at, "fout")
    assert any("klopt niet" in e.value for e in at.error)
    login(at)
    assert any("ingelogd" in s.value for s in at.success)


def test_approve_from_the_queue(env):
    with GpkgStore(env) as s:
        pending = s.read("meeting_places", status="pending")
    rid = pending["id"].iloc[0]
    at = login(page("moderate"))
    at.toggle(key="mod_all").set_value(True).run()
    at.button(key=f"ap_{rid}").click().run()
    assert not at.exception
    with GpkgStore(env) as s:
        assert s.get("meeting_places", rid)["status"] == "approved"


def test_create_and_close_an_evening(env):
    at = login(page("manage"))
    at.text_input(key="ev_title").input("Avond over groen")
    [b for b in at.button if b.label == "Maak aan"][0].click().run()
    assert any("De code is" in s.value for s in at.success)
    with GpkgStore(env) as s:
        ev = s.evenings().set_index("title").loc["Avond over groen"]
    assert bool(ev["open"])
    at.button(key=f"close_{ev['id']}").click().run()
    with GpkgStore(env) as s:  # issue 14 item 7: asked first
        assert s.evening(ev["id"])["open"]
    assert any("sluiten?" in w.value for w in at.warning)
    at.button(key=f"close_yes_{ev['id']}").click().run()
    with GpkgStore(env) as s:
        assert not s.evening(ev["id"])["open"]


def test_no_password_configured(env, monkeypatch):
    monkeypatch.delenv("ASSETMAP_FACILITATOR_PASSWORD")
    at = page("moderate")
    assert any("wachtwoord ingesteld" in i.value for i in at.info)


def test_screen_without_code_lists_no_join_codes(env):
    with GpkgStore(env) as s:
        code = s.evenings()["join_code"].iloc[0]
    at = page()
    assert not at.metric and not at.selectbox
    shown = " ".join(x.value for x in [*at.markdown, *at.info, *at.caption])
    assert code not in shown
    assert any("link" in i.value for i in at.info)


def test_queue_cards_in_words_and_approve_only_what_was_read(env):
    """Issue 14 item 5 and issue 12 item 9: a card in words (no JSON, buurt name, kind label);
    a resident's change after the facilitator read the card is not approved unseen."""
    with GpkgStore(env) as s:
        ev = s.evenings().iloc[0]
        rid = evening.submit(s, "meeting_places", {"name": "Pleintje", "kind": "park_plein",
                                                   "geometry": Point(5.337, 51.9498)},
                             token="r" * 20, evening_code=ev["join_code"], limiter=None)
    at = login(page("moderate"))
    at.toggle(key="mod_all").set_value(True).run()
    assert not at.json
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "Park of plein" in text and "park_plein" not in text
    assert "BU99990104" not in text and "Spoorkwartier" in text
    with GpkgStore(env) as s:  # the resident changes it while the card is on screen
        s.update("meeting_places", rid, {"name": "Pleintje, bel 06-12345678"},
                 actor=Actor.resident("r" * 20))
    at.button(key=f"ap_{rid}").click().run()
    assert any("gewijzigd" in e.value for e in at.error)
    with GpkgStore(env) as s:
        assert s.get("meeting_places", rid)["status"] == "pending"
    at.button(key=f"ap_{rid}").click().run()  # now the card shows the new version
    with GpkgStore(env) as s:
        assert s.get("meeting_places", rid)["status"] == "approved"


def test_approve_a_selection_of_cards(env):
    with GpkgStore(env) as s:
        q = evening.queue(s).head(2)
    pending = list(zip(q["layer"], q["id"], strict=True))
    assert len(pending) == 2
    at = login(page("moderate"))
    at.toggle(key="mod_all").set_value(True).run()
    for _, rid in pending:
        at.checkbox(key=f"sel_{rid}").check()
    at.run()
    at.button(key="mod_approve_selected").click().run()
    assert not at.exception and not at.error
    with GpkgStore(env) as s:
        assert {s.get(la, r)["status"] for la, r in pending} == {"approved"}


def test_a_name_in_html_is_not_markdown_either():
    """Issue 12: ``html.escape`` leaves Markdown, so a name like ``![x](https://…)`` in a
    ``unsafe_allow_html`` line (the projector's newest list, Verbinden) loaded an image."""
    from ui.text import html_text

    out = html_text("![x](https://elders.example/x.png) <b>$x$ :material/home: `c`")
    for raw in ("![", "](", "https:", "<b>", "$", ":material", "`"):
        assert raw not in out, raw
    import html as _html

    assert _html.unescape(out) == "![x](https://elders.example/x.png) <b>$x$ :material/home: `c`"
    quoted = "Club \"De 'Quote'\" & co"  # one unescape gives the text: no "&#x27;" shown
    assert _html.unescape(html_text(quoted)) == quoted


def test_duplicates_side_by_side_with_keep_a_and_keep_b(env):
    """Issue 14 item 5: both entries shown, two different buttons."""
    with GpkgStore(env) as s:
        a = evening.submit(s, "meeting_places", {"name": "Theehuis Zon", "kind": "horeca",
                                                 "geometry": Point(5.3301, 51.9561)},
                           token="d" * 20, limiter=None)
        b = evening.submit(s, "meeting_places", {"name": "Theehuis de Zon", "kind": "horeca",
                                                 "description": "Met terras",
                                                 "geometry": Point(5.3302, 51.9561)},
                           token="e" * 20, limiter=None)
    at = login(page("moderate"))
    keep_a = [x for x in at.button if x.label == "Voeg samen, houd A"]
    keep_b = [x for x in at.button if x.label == "Voeg samen, houd B"]
    assert keep_a and keep_b
    text = " ".join(m.value for m in at.markdown)
    assert {"A: Theehuis Zon", "B: Theehuis de Zon"} <= set(text.replace("**", "|").split("|")) \
        or {"B: Theehuis Zon", "A: Theehuis de Zon"} <= set(text.replace("**", "|").split("|"))
    btn = next(x for x in keep_a + keep_b if x.key.endswith(b))  # keep b, whichever side
    btn.click().run()
    assert not at.exception
    with GpkgStore(env) as s:
        assert s.get("meeting_places", b) is not None and s.get("meeting_places", a) is None


def test_a_pending_change_shows_what_changes_and_approving_applies_it(env):
    """Issue 14 item 6 from the facilitator's side: the approved version stays until the
    change is approved; the card says so and names the changed fields."""
    tok = "c" * 20
    with GpkgStore(env) as s:
        rid = evening.submit(s, "meeting_places", {"name": "Buurtbank", "kind": "overig",
                                                   "geometry": Point(5.3301, 51.9561)},
                             token=tok, limiter=None)
        s.set_status("meeting_places", [rid], "approved", actor=Actor.system())
        evening.edit_own(s, "meeting_places", rid, {"name": "Buurtbank bij de kerk"}, token=tok)
        rev = s.read("meeting_places", status="pending")
        rev_id = rev[rev["name"] == "Buurtbank bij de kerk"]["id"].iloc[0]
    at = login(page("moderate"))
    at.toggle(key="mod_all").set_value(True).run()
    note = [i.value for i in at.info if "oude versie" in i.value]
    assert note and "Naam" in note[0]
    at.button(key=f"ap_{rev_id}").click().run()
    assert not at.exception and not at.error
    with GpkgStore(env) as s:
        assert s.get("meeting_places", rid)["name"] == "Buurtbank bij de kerk"
        assert s.get("meeting_places", rev_id) is None
