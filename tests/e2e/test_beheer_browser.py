"""A new project built on the Beheer page alone, in a real browser, offline.

Ermelo's CBS buurten (a real file), then an OpenStreetMap extract and a spreadsheet of the
welfare organisation (both written by the test inside Ermelo; the only real OSM clip is of
Amsterdam). Screenshots of every step go to test-artifacts/beheer-*.png (1280x900).
"""

from __future__ import annotations

import pytest

from assetmap.io import cbs
from assetmap.store import GpkgStore
from tests.conftest import shared
from tests.e2e.conftest import (
    ARTIFACTS,
    offline_context,
    screenshot_on_failure,
    start_app,
    stop_app,
)
from tests.fakes.pdok_server import pdok_server_module  # noqa: F401 - fixture

pytestmark = pytest.mark.e2e
PASSWORD = "beheer-wachtwoord"
ERMELO = ("cbs-buurten-ermelo-2021-bgt-straatmeubilair", "CBS_buurten.gpkg")


def _osm_extract(path, points) -> None:
    """A small .osm file with made-up places at the given (lon, lat) points."""
    tags = [{"amenity": "community_centre", "name": "Buurthuis De Zevensprong (voorbeeld)"},
            {"amenity": "library", "name": "Bibliotheek (voorbeeld)"},
            {"leisure": "playground"},
            {"shop": "bakery", "name": "Bakkerij Van Dam (voorbeeld)"},
            {"club": "sport", "name": "Korfbalclub (voorbeeld)"},
            {"amenity": "place_of_worship", "name": "Dorpskerk (voorbeeld)"}]
    nodes = []
    for i, ((lon, lat), tg) in enumerate(zip(points, tags, strict=False), start=1):
        kv = "".join(f'<tag k="{k}" v="{v}"/>' for k, v in tg.items())
        nodes.append(f'<node id="{9000 + i}" version="1" lat="{lat:.6f}" lon="{lon:.6f}">'
                     f"{kv}</node>")
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" '
                    'generator="assetmap test">\n' + "\n".join(nodes) + "\n</osm>\n",
                    encoding="utf-8")


def _sheet(path, points) -> None:
    (x1, y1), (x2, y2) = points[0], points[1]
    rows = ["Naam;Omschrijving;Breedtegraad;Lengtegraad;Straat;Huisnummer;Plaats",
            f"Repair Café;Elke eerste zaterdag;{y1:.5f};{x1:.5f};;;".replace(".", ","),
            f"Taalcafé;Nederlands oefenen;{y2:.5f};{x2:.5f};;;".replace(".", ","),
            "Ouderensoos;Koffie en spelletjes;;;Stationsstraat;1;Ermelo",
            "=HYPERLINK(\"http://x\");formule;52,3;5,6;;;",
            "Nergens;geen plek;0;0;;;"]
    path.write_bytes(("\n".join(rows) + "\n").encode("cp1252"))


@pytest.fixture(scope="module")
def beheer_app(tmp_path_factory, pdok_server_module):  # noqa: F811
    tmp = tmp_path_factory.mktemp("beheer")
    app = start_app(tmp / "ermelo.gpkg", tmp, env_extra={
        "ASSETMAP_FACILITATOR_PASSWORD": PASSWORD, **pdok_server_module.env})
    app.tmp = tmp
    yield app
    stop_app(app)


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"beheer-{name}.png"), full_page=False)


def _wait_idle(page) -> None:
    page.wait_for_timeout(300)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=60_000)


def _upload(page, path, expect: str | None) -> None:
    """Put ``path`` in the first file field; wait for ``expect`` (if given) and for calm."""
    page.locator("input[type=file]").first.set_input_files(str(path))
    if expect:
        page.get_by_text(expect).wait_for(timeout=60_000)
        _wait_idle(page)


def _press(page, button: str, expect: str) -> None:
    page.get_by_role("button", name=button).click()
    page.get_by_text(expect).wait_for(timeout=60_000)
    _wait_idle(page)


def _tab(page, tab: str, expect: str) -> None:
    page.get_by_text(tab).click()
    page.get_by_text(expect).wait_for(timeout=30_000)
    _wait_idle(page)


def test_build_a_project_on_the_beheer_page(beheer_app, browser):
    b = cbs.read_buurten(shared(*ERMELO)).to_crs(4326)
    pts = [g.representative_point().coords[0] for g in b.geometry][:6]
    osm = beheer_app.tmp / "ermelo-voorbeeld.osm"
    _osm_extract(osm, pts)
    sheet = beheer_app.tmp / "sociale-kaart.csv"
    _sheet(sheet, pts[2:4])

    ctx = offline_context(browser, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    try:
        page.goto(beheer_app.url + "/beheer", wait_until="domcontentloaded")
        page.get_by_text("Je eigen buurt laden").first.wait_for(timeout=60_000)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_text("bestaat nog niet").wait_for(timeout=30_000)

        # 1. buurten from the CBS file
        _upload(page, shared(*ERMELO), None)
        _press(page, "Bekijken", "16 rijen uit CBS_buurten.gpkg")
        _shot(page, "1-buurten-voorbeeld")
        _press(page, "Buurten opslaan in het project", "16 geïmporteerd")
        _shot(page, "2-buurten-opgeslagen")

        # 2. OpenStreetMap
        _tab(page, "2. OpenStreetMap", "Deze tabel bepaalt wat wat wordt")
        _upload(page, osm, "ermelo-voorbeeld.osm")
        _press(page, "Plekken uit het bestand laden", "6 geïmporteerd")
        _shot(page, "3-osm")

        # 3. the welfare organisation's spreadsheet
        _tab(page, "3. Spreadsheet", "Spreadsheet (CSV, XLSX of JSON)")
        _upload(page, sheet, "Welke kolom is wat?")
        _shot(page, "4-spreadsheet-koppelen")
        page.get_by_role("button", name="Rijen importeren").click()
        summary = page.get_by_text("2 geïmporteerd, 3 afgewezen")
        summary.wait_for(timeout=60_000)
        _wait_idle(page)
        summary.scroll_into_view_if_needed()
        page.mouse.wheel(0, 250)
        page.wait_for_timeout(1500)
        _shot(page, "5-spreadsheet-verslag")
        page.locator("iframe").first.scroll_into_view_if_needed()
        page.wait_for_timeout(3000)
        _shot(page, "6-project-op-de-kaart")
        external = [u for u in ctx.external if "tile" not in u]
        assert not external, external
    except Exception:
        screenshot_on_failure(page, "beheer-failure")
        raise
    finally:
        ctx.close()

    with GpkgStore(beheer_app.project) as s:
        assert len(s.buurten()) == 16
        mp = s.read("meeting_places")
        assert len(mp) == 6 and set(mp["status"]) == {"pending"}  # 4 OSM + 2 from the sheet
        assert len(s.read("entrepreneurs")) == 1 and len(s.read("associations")) == 1
