"""What only the PostGIS store has: URLs, schemas per project, indexes, upgrades, and
``assetmap copy`` between GeoPackage and PostGIS (GPKG → PostGIS → GPKG equal)."""

from __future__ import annotations

import pandas as pd
import psycopg
import pytest
from shapely.geometry import Point

from assetmap import cli, schema
from assetmap.errors import ProjectError
from assetmap.store import Actor, GpkgStore, open_store
from assetmap.store.postgis import PostgisStore, parse_url, redact
from assetmap.store.transfer import copy_project
from tests.app.test_kaart_page import _counts
from tests.conftest import two_buurten

IN_A = Point(5.005, 52.005)


def test_url_names_database_and_project():
    conninfo, project = parse_url("postgresql://wim:geheim@db.example:5433/wijken"
                                  "?project=zaanstad&sslmode=require")
    assert project == "zaanstad"
    assert conninfo == "postgresql://wim:geheim@db.example:5433/wijken?sslmode=require"
    assert parse_url("postgres://localhost/wijken")[1] == "assetmap"
    assert parse_url("postgresql+psycopg://localhost/wijken?project=a1")[0] == \
        "postgresql://localhost/wijken"
    for bad in ("postgresql://localhost/wijken?project=Zaan-stad",
                "postgresql://localhost/wijken?project=1abc", "postgresql://localhost"):
        with pytest.raises(ProjectError):
            parse_url(bad)
    assert redact("postgresql://wim:geheim@h/db?project=x") == "postgresql://wim:***@h/db?project=x"


def test_unreachable_database_is_a_user_error(capsys):
    from tests.store.pg import free_port

    url = f"postgresql://nobody@127.0.0.1:{free_port()}/assetmap?project=x"
    with pytest.raises(ProjectError, match="database niet bereiken"):
        open_store(url)
    assert cli.main(["info", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fout: Kan de database niet bereiken") and err.count("\n") == 1


def test_missing_project_and_missing_postgis(pg_cluster, pg_url):
    with pytest.raises(ProjectError, match="niet gevonden"):
        open_store(pg_url)
    admin = pg_cluster.url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute("CREATE DATABASE zonder_postgis")
    with pytest.raises(ProjectError, match="CREATE EXTENSION postgis"):
        open_store(admin.rsplit("/", 1)[0] + "/zonder_postgis?project=x", create=True)


def test_projects_in_one_database_are_separate(pg_cluster):
    a = open_store(f"{pg_cluster.url}?project=noord", create=True)
    b = open_store(f"{pg_cluster.url}?project=zuid", create=True)
    try:
        a.set_buurten(two_buurten())
        a.add("meeting_places", {"name": "A", "kind": "school", "geometry": IN_A})
        assert len(a.read("meeting_places")) == 1
        assert len(b.read("meeting_places")) == 0 and len(b.buurten()) == 0
    finally:
        a.close()
        b.close()


def test_tables_types_and_indexes(pg_url):
    with open_store(pg_url, create=True) as s:
        schema_name = s.schema
    conninfo, _ = parse_url(pg_url)
    with psycopg.connect(conninfo) as con:
        geoms = {t: (g, srid) for t, g, srid in con.execute(
            "SELECT f_table_name, type, srid FROM geometry_columns WHERE f_table_schema = %s",
            (schema_name,))}
        idx = {r[0]: r[1] for r in con.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s", (schema_name,))}
        types = dict(con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = 'talents'", (schema_name,)).fetchall())
    assert geoms["meeting_places"] == ("POINT", 4326)
    assert geoms["buurten"] == ("MULTIPOLYGON", 4326)
    for layer in schema.ASSET_LAYERS:
        assert "USING gist" in idx[f"{layer}_geom_idx"]
        assert idx[f"{layer}_id_idx"].startswith("CREATE UNIQUE INDEX")
        assert f"{layer}_status_idx" in idx
    assert types["wants_to_share"] == "boolean"
    assert types["consent_at"] == "timestamp with time zone"
    assert types["created_at"] == "timestamp with time zone"


def test_schema_upgrade_adds_missing_columns(pg_url):
    with open_store(pg_url, create=True) as s:
        s.set_buurten(two_buurten())
        rid = s.add("meeting_places", {"name": "A", "kind": "school", "geometry": IN_A})
        sch = s.schema
    conninfo, _ = parse_url(pg_url)
    with psycopg.connect(conninfo, autocommit=True) as con:  # an older project, schema 0
        con.execute(f'ALTER TABLE "{sch}".meeting_places DROP COLUMN story')
        con.execute(f"UPDATE \"{sch}\".meta SET value = '0' WHERE key = 'schema_version'")
    with open_store(pg_url) as s:
        assert s.get("meeting_places", rid)["story"] is None
        s.update("meeting_places", rid, {"story": "Hier begon het."}, actor=Actor.system())
        assert s.read("meeting_places")["story"].tolist() == ["Hier begon het."]
    with psycopg.connect(conninfo, autocommit=True) as con:
        assert con.execute(f"SELECT value FROM \"{sch}\".meta WHERE key = 'schema_version'"
                           ).fetchone()[0] == "1"
        con.execute(f"UPDATE \"{sch}\".meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(ProjectError, match="nieuwere versie"):
        open_store(pg_url)


def _assert_same_project(a, b) -> None:
    for layer, spec in schema.ALL_LAYERS.items():
        fa, fb = a.read(layer), b.read(layer)
        assert len(fa) == len(fb), layer
        if spec.geometry:
            assert all(x.equals_exact(y, 0) for x, y in zip(fa.geometry, fb.geometry,
                                                            strict=True)), layer
            fa, fb = pd.DataFrame(fa.drop(columns="geometry")), \
                pd.DataFrame(fb.drop(columns="geometry"))
        pd.testing.assert_frame_equal(fa.reset_index(drop=True), fb.reset_index(drop=True),
                                      obj=layer)


def test_round_trip_gpkg_postgis_gpkg(demo_path, pg_url, tmp_path):
    """The demo project, with evening entries, hidden ones and an edit, survives both ways."""
    with GpkgStore(demo_path) as s:
        fac = Actor.system()
        ev = s.evenings().iloc[0]["id"]
        rid = s.add("talents", {"name": "Fietsen", "gifts_hand": "fietsen maken",
                                "contact": "06-12345678", "consent_at": "2026-11-21T19:00:00Z",
                                "geometry": s.read("meeting_places").geometry.iloc[3]},
                    actor=Actor.resident("t"))
        s.set_status("talents", [rid], "hidden", actor=fac)
    report = copy_project(demo_path, pg_url)
    assert report.counts["audit"] > 0 and report.counts["streets"] > 0
    assert report.counts["wishes"] == 6 and report.counts["links"] == 7  # issue 15
    back = tmp_path / "terug.gpkg"
    copy_project(pg_url, back)
    with GpkgStore(demo_path) as a, open_store(pg_url) as p, GpkgStore(back) as b:
        assert a.get("talents", rid)["status"] == "hidden"
        _assert_same_project(a, p)
        _assert_same_project(a, b)
        assert p.get("talents", rid) == a.get("talents", rid)
        assert p.evenings().iloc[0]["id"] == ev
        for x in (p, b):
            sa, sx = a.streets(), x.streets()
            assert len(sa) == len(sx) and list(sa["name"]) == list(sx["name"])
            assert all(g.equals_exact(h, 0) for g, h in zip(sa.geometry, sx.geometry,
                                                            strict=True))
        # the copies are live projects: new entries get buurt codes from the copied buurten
        new = p.add("meeting_places", {"name": "Nieuw", "kind": "overig",
                                       "geometry": a.read("meeting_places").geometry.iloc[0]})
        assert p.get("meeting_places", new)["buurt_code"] == \
            a.read("meeting_places")["buurt_code"].iloc[0]


def test_cli_copy_both_directions_and_overwrite(demo_path, pg_url, tmp_path, capsys):
    assert cli.main(["copy", str(demo_path), pg_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Gekopieerd:") and "meeting_places" in out
    # a non-empty destination is refused, in both directions
    assert cli.main(["copy", str(demo_path), pg_url]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert cli.main(["copy", pg_url, str(demo_path)]) == 2
    capsys.readouterr()
    # --overwrite replaces: change the source, copy again, the change arrives
    with GpkgStore(demo_path) as s:
        s.add("entrepreneurs", {"name": "Bakkerij Nieuw",
                                "geometry": s.read("entrepreneurs").geometry.iloc[0]})
        n = len(s.read("entrepreneurs"))
    assert cli.main(["copy", str(demo_path), pg_url, "--overwrite"]) == 0
    with open_store(pg_url) as p:
        assert len(p.read("entrepreneurs")) == n
        assert "Bakkerij Nieuw" in set(p.read("entrepreneurs")["name"])
    out = tmp_path / "uit.gpkg"
    assert cli.main(["copy", pg_url, str(out)]) == 0
    assert cli.main(["copy", pg_url, str(out), "--overwrite"]) == 0
    with GpkgStore(out) as b, GpkgStore(demo_path) as a:
        _assert_same_project(a, b)
    capsys.readouterr()
    # every PROJECT argument takes the URL
    assert cli.main(["info", pg_url]) == 0
    assert "Buurten:" in capsys.readouterr().out
    html = tmp_path / "kaart.html"
    assert cli.main(["map", pg_url, "--out", str(html), "--no-tiles"]) == 0
    assert html.stat().st_size > 10_000
    assert cli.main(["copy", str(demo_path), str(demo_path)]) == 2


def test_copy_failure_leaves_destination_unchanged(pg_url, tmp_path):
    src = GpkgStore(tmp_path / "a.gpkg", create=True)
    src.set_buurten(two_buurten())
    src.add("meeting_places", {"name": "A", "kind": "school", "geometry": IN_A})
    src.close()
    copy_project(tmp_path / "a.gpkg", pg_url)
    with PostgisStore(pg_url) as p:
        p.create_evening("Avond", "2026-12-03", actor=Actor.system())
        before = len(p.evenings())
    with pytest.raises(ProjectError):
        copy_project(tmp_path / "a.gpkg", pg_url)
    with PostgisStore(pg_url) as p:
        assert len(p.evenings()) == before == 1


def test_app_opens_a_postgis_project(demo_path, pg_url, monkeypatch):
    """ASSETMAP_PROJECT may be a URL: the Kaart page shows the same counts as from the file."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    copy_project(demo_path, pg_url)
    tables = []
    for project in (str(demo_path), pg_url):
        monkeypatch.setenv("ASSETMAP_PROJECT", project)
        monkeypatch.chdir(ROOT)
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
        at.run()
        assert not at.exception, at.exception
        assert not at.error, [e.value for e in at.error]
        tables.append(_counts(at))  # the counts table (HTML, for screen readers)
    assert tables[0] == tables[1]
    assert len(tables[1]) == 9 and tables[1]["Oude Kern"][1] != "0"


def test_processes_create_the_same_project_at_once(pg_url):
    import subprocess
    import sys
    import textwrap
    import time

    code = textwrap.dedent(f"""
        import sys, time
        from assetmap.store import Actor, open_store
        time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # all start together
        with open_store({pg_url!r}, create=True) as s:
            s.create_evening("Avond " + sys.argv[1], "2026-12-03", actor=Actor.system())
    """)
    start = time.time() + 3
    procs = [subprocess.Popen([sys.executable, "-c", code, str(k), str(start)])
             for k in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    with open_store(pg_url) as s:
        assert sorted(s.evenings()["title"]) == [f"Avond {k}" for k in range(3)]


def test_beheer_page_backs_up_and_restores_a_postgis_project(pg_url, monkeypatch):
    """'Nu een reservekopie maken' and 'Terugzetten' work on a project in a database."""
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import PASSWORD, login
    from tests.conftest import ROOT

    with open_store(pg_url, create=True) as s:
        s.set_buurten(two_buurten())
    monkeypatch.setenv("ASSETMAP_PROJECT", pg_url)
    monkeypatch.setenv("ASSETMAP_FACILITATOR_PASSWORD", PASSWORD)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.switch_page("pages/beheer.py")
    at.run()
    login(at)
    at.radio(key="beheer_section").set_value("backups").run()
    assert "nog geen reservekopieën" in at.info[0].value
    at.button(key="beheer_backup_now").click().run()
    assert not at.exception, at.exception
    with open_store(pg_url) as s:
        (made,) = s.backups()
        assert made.reason == "handmatig" and made.id in at.success[0].value
        s.add("meeting_places", {"name": "Later", "kind": "school", "geometry": IN_A},
              actor=Actor.system())
    at.checkbox(key="beheer_restore_sure").check().run()
    at.button(key="beheer_restore_go").click().run()
    assert not at.exception, at.exception
    assert "Teruggezet" in at.success[0].value
    with open_store(pg_url) as s:
        assert len(s.read("meeting_places")) == 0
        assert [b.reason for b in s.backups()] == ["voor_herstel", "handmatig"]
