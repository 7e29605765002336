"""AppTest of the Beheer page: login, a new project from PDOK, Overpass, export, backups.

File uploads are not possible in AppTest; the browser test (tests/e2e/test_beheer_browser.py)
drives those with real files.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assetmap import backup
from assetmap.store import GpkgStore
from tests.conftest import ROOT
from tests.fakes.pdok_server import pdok_server  # noqa: F401 - fixture
from tests.store.conftest import pg_cluster, pg_url  # noqa: F401 - fixtures

PASSWORD = "beheer-wachtwoord"


@pytest.fixture
def env(tmp_path, monkeypatch, pdok_server):  # noqa: F811
    project = tmp_path / "nieuw.gpkg"
    monkeypatch.setenv("ASSETMAP_PROJECT", str(project))
    monkeypatch.setenv("ASSETMAP_FACILITATOR_PASSWORD", PASSWORD)
    for k, v in pdok_server.env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.chdir(ROOT)
    return project


def page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.switch_page("pages/beheer.py")
    at.run()
    assert not at.exception, at.exception
    return at


def login(at: AppTest) -> AppTest:
    at.text_input(key="login_pw").input(PASSWORD)
    [b for b in at.button if b.label == "Inloggen"][0].click().run()
    assert not at.exception, at.exception
    return at


def test_needs_login(env):
    at = page()
    assert at.title[0].value == "Je eigen buurt laden"
    assert "alleen voor opbouwwerkers" in at.info[0].value
    assert not [b for b in at.button if b.key == "beheer_pdok_download"]


def test_new_project_from_pdok_then_overpass_export_and_backups(env):
    at = login(page())
    assert "bestaat nog niet" in at.info[0].value
    at.radio(key="beheer_buurten_how").set_value("pdok").run()
    at.text_input(key="beheer_gemeente").input("Testdam").run()
    at.button(key="beheer_pdok_download").click().run()
    assert not at.exception, at.exception
    assert "3 rijen uit PDOK Testdam" in at.subheader[0].value
    at.button(key="beheer_buurten_go").click().run()
    assert not at.exception, at.exception
    assert env.exists()
    with GpkgStore(env) as s:
        assert list(s.buurten()["code"]) == ["BU99990001", "BU99990002", "BU99990003"]
    assert "3 geïmporteerd" in at.success[0].value

    at.radio(key="beheer_section").set_value("osm").run()
    at.button(key="beheer_overpass_go").click().run()
    assert not at.exception, at.exception
    assert "4 geïmporteerd" in at.success[0].value
    with GpkgStore(env) as s:
        assert set(s.read("meeting_places")["status"]) == {"pending"}
        assert len(s.read("entrepreneurs")) == 1

    at.radio(key="beheer_section").set_value("export").run()
    at.selectbox(key="beheer_export_fmt").set_value("xlsx").run()
    at.button(key="beheer_export_go").click().run()
    assert not at.exception, at.exception
    assert at.session_state["beheer_export"][1] == "nieuw-openbaar.xlsx"

    at.radio(key="beheer_section").set_value("backups").run()
    assert len(backup.list_backups(env)) == 2  # before the buurten and the Overpass import
    at.checkbox(key="beheer_restore_sure").check().run()
    at.button(key="beheer_restore_go").click().run()
    assert not at.exception, at.exception
    assert "Teruggezet" in at.success[0].value
    with GpkgStore(env) as s:
        assert len(s.read("meeting_places")) == 0 and len(s.buurten()) == 3


def test_pdok_offline_shows_dutch_error(env, pdok_server):  # noqa: F811
    pdok_server.fail = True
    at = login(page())
    at.radio(key="beheer_buurten_how").set_value("pdok").run()
    at.text_input(key="beheer_gemeente").input("Testdam").run()
    at.button(key="beheer_pdok_download").click().run()
    assert not at.exception
    assert "PDOK gaf een fout" in at.error[0].value
    assert not env.exists()


def test_backup_now_and_restore_on_a_postgis_project(pg_url, monkeypatch):  # noqa: F811
    """Issue 12: "backup now" on a PostGIS project raised an uncaught error."""
    from assetmap.store import Actor, open_store
    from tests.conftest import two_buurten

    with open_store(pg_url, create=True) as s:
        s.set_buurten(two_buurten(), actor=Actor.system())
    monkeypatch.setenv("ASSETMAP_PROJECT", pg_url)
    monkeypatch.setenv("ASSETMAP_FACILITATOR_PASSWORD", PASSWORD)
    monkeypatch.chdir(ROOT)
    at = login(page())
    at.radio(key="beheer_section").set_value("backups").run()
    at.button(key="beheer_backup_now").click().run()
    assert not at.exception, at.exception
    assert any("Reservekopie gemaakt" in m.value for m in at.success)
    at.checkbox(key="beheer_restore_sure").check().run()
    at.button(key="beheer_restore_go").click().run()
    assert not at.exception, at.exception
    assert any("Teruggezet" in m.value for m in at.success)


def test_an_upload_leaves_no_file_behind():
    """Issue 12: uploads stayed in a temp folder forever (they can hold personal data)."""
    from ui.imports import _saved_upload

    class Upload:
        name = "../buurten.geojson"
        size = 5

        def getvalue(self) -> bytes:
            return b"hallo"

    with _saved_upload(Upload()) as path:
        assert path.read_bytes() == b"hallo" and path.name == "buurten.geojson"
        folder = path.parent
    assert not folder.exists()
    with pytest.raises(RuntimeError), _saved_upload(Upload()) as path:  # also on an error
        folder = path.parent
        raise RuntimeError
    assert not folder.exists()
