"""AppTest of the Verbinden page on the hand-made project (tests/connect_project.py), and the
ties on the Analyse page of the demo."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assetmap.store import GpkgStore
from tests.app.conftest import PASSWORD, login, open_page
from tests.connect_project import CONTACT, PRIVATE_TALENT, build


@pytest.fixture
def made(tmp_path, monkeypatch):
    path = tmp_path / "moestuin.gpkg"
    ids = build(path)
    from tests.conftest import ROOT

    monkeypatch.setenv("ASSETMAP_PROJECT", str(path))
    monkeypatch.setenv("ASSETMAP_FACILITATOR_PASSWORD", PASSWORD)
    monkeypatch.chdir(ROOT)
    return path, ids


def text_of(at: AppTest) -> str:
    """Every text the page shows (markdown, captions, messages, labels)."""
    parts = [e.value for kind in ("markdown", "caption", "info", "success", "warning",
                                  "error", "title", "subheader") for e in at.get(kind)]
    parts += [b.label for b in at.button] + [str(s.options) for s in at.selectbox]
    return "\n".join(str(p) for p in parts)


def test_public_sees_the_wish_and_public_suggestions_only(made):
    path, ids = made
    at = open_page("verbinden")
    text = text_of(at)
    assert "Moestuin" in text and "Tuinieren" in text and "Volkstuin De Groene Vinger" in text
    assert "Dit talent noemt" in text and "300 m hemelsbreed" in text
    assert PRIVATE_TALENT not in text and CONTACT not in text
    make = [b for b in at.button if b.label == "Maak verbinding"]
    assert make and all(b.disabled for b in make)


def test_facilitator_sees_private_talent_without_contact_and_connects(made):
    path, ids = made
    at = login(open_page("verbinden"))
    text = text_of(at)
    assert PRIVATE_TALENT in text and "via de opbouwwerker" in text
    assert CONTACT not in text and "0612345678" not in text
    at.button(key=f"vb_make_{ids['wish']}_talents_{ids['talent']}").click().run()
    assert not at.exception, at.exception
    assert any("Verbonden: Tuinieren en Moestuin" in s.value for s in at.success)
    with GpkgStore(path) as s:
        links = s.links()
    assert links[["from_id", "to_id", "kind", "status", "tie"]].values.tolist() == [
        [ids["talent"], ids["wish"], "helps_with", "approved", "bonding"]]
    # the suggestion is gone now that the two are connected; the wish lists its link
    assert f"vb_make_{ids['wish']}_talents_{ids['talent']}" not in [b.key for b in at.button]
    assert "krijgt hulp van: Tuinieren (bonding)" in text_of(at).replace("\\", "")


def test_analyse_page_shows_the_putnam_lens(demo_env):
    at = open_page("analyse")
    text = text_of(at)
    assert "Verbindingen: bonding, bridging en linking" in text
    assert "Linking: naar een instelling" in text
    assert "Parkzoom heeft geen verbindingen naar buiten de buurt" in text.replace("\\", "")
