"""The residents' pages in Turkish and Arabic in a real browser: the join link's ``?taal=``
sets the language, Arabic reads right to left (``<html dir="rtl">``) while the map stays left
to right, and Dutch mode shows our words instead of Streamlit's own English."""

from __future__ import annotations

import time

import pytest

from assetmap.store import GpkgStore
from tests.e2e.conftest import (
    evening_server,
    folium_frame,
    offline_context,
    screenshot_on_failure,
    stop_app,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def lang_app(tmp_path_factory, demo_master):
    app = evening_server(tmp_path_factory.mktemp("lang"), demo_master)
    yield app
    stop_app(app)


def _html(page) -> tuple[str, str]:
    return tuple(page.evaluate("[document.documentElement.lang, document.documentElement.dir]"))


def _wait_html(page, lang: str, timeout_s: float = 20) -> tuple[str, str]:
    deadline = time.time() + timeout_s
    while time.time() < deadline and _html(page)[0] != lang:
        time.sleep(0.2)
    return _html(page)


def test_a_turkish_join_link_opens_the_form_in_turkish_and_saves(lang_app, browser):
    ctx = offline_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True,
                          has_touch=True)
    page = ctx.new_page()
    try:
        page.goto(f"{lang_app.url}/?avond={lang_app.code}&taal=tr",
                  wait_until="domcontentloaded")
        page.get_by_text("Mahallede olanı ekleyin").wait_for(timeout=45_000)
        page.get_by_text("Tema akşamına katılıyorsunuz").wait_for(timeout=20_000)
        assert _wait_html(page, "tr") == ("tr", "ltr")
        # tap the map until the page names the chosen place (a marker tap opens a popup)
        frame = folium_frame(page, "path.leaflet-interactive", at_least=5)
        assert frame is not None, "map did not draw"
        box = frame.locator(".leaflet-container").bounding_box()
        for ox, oy in ((0, 0), (35, 25), (-40, -30), (55, -45), (-60, 40)):
            frame.locator(".leaflet-container").click(
                position={"x": box["width"] / 2 + ox, "y": box["height"] / 2 + oy})
            try:
                page.get_by_text("Seçilen yer").wait_for(timeout=6_000)
                break
            except Exception:  # noqa: BLE001 - a marker was hit; tap elsewhere
                continue
        page.get_by_role("textbox", name="Ad *").fill("Çay bahçesi")
        kind = page.get_by_role("combobox", name="Yer türü *")
        kind.click()
        kind.press("ArrowDown")
        page.get_by_role("option", name="Park veya meydan").click()
        page.get_by_role("button", name="Kaydet").click()
        page.get_by_text("Teşekkürler!").wait_for(timeout=30_000)
        page.get_by_text("Çay bahçesi").first.wait_for(timeout=20_000)
        assert page.get_by_text("Katkılarım").count() >= 1
    except Exception:
        screenshot_on_failure(page, "lang-tr-join")
        raise
    finally:
        ctx.close()
    with GpkgStore(lang_app.project) as s:
        assert "Çay bahçesi" in set(s.read("meeting_places")["name"])


def test_arabic_reads_right_to_left_and_the_map_stays_left_to_right(lang_app, browser):
    ctx = offline_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True,
                          has_touch=True)
    page = ctx.new_page()
    try:
        page.goto(f"{lang_app.url}/toevoegen?taal=ar", wait_until="domcontentloaded")
        page.get_by_text("أضف ما يوجد في الحي").wait_for(timeout=45_000)
        assert _wait_html(page, "ar") == ("ar", "rtl")
        main_dir = page.evaluate("getComputedStyle(document.querySelector("
                                 "'[data-testid=stMainBlockContainer]')).direction")
        assert main_dir == "rtl"
        assert page.locator("iframe").first.evaluate("e => getComputedStyle(e).direction") \
            == "ltr"
        # the sidebar's drawer still slides off the screen on a phone (not over the text)
        side = page.locator("[data-testid=stSidebar]").bounding_box()
        assert side is None or side["x"] + side["width"] <= 1
        # the form, its help and a check from the validation, in Arabic
        page.get_by_role("button", name="حفظ").first.click()
        page.get_by_text("الموقع: حدد المكان أولاً").wait_for(timeout=20_000)
        assert page.locator("[aria-label^='شرح:']").count() >= 1
        assert page.locator("[aria-label^='Help for']").count() == 0

        page.goto(f"{lang_app.url}/privacy?taal=ar", wait_until="domcontentloaded")
        page.get_by_text("كيف نتعامل مع بياناتك").wait_for(timeout=45_000)
        assert _wait_html(page, "ar")[1] == "rtl"
    except Exception:
        screenshot_on_failure(page, "lang-ar")
        raise
    finally:
        ctx.close()


def test_dutch_mode_has_no_streamlit_english(lang_app, browser):
    ctx = offline_context(browser, viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    try:
        page.goto(f"{lang_app.url}/", wait_until="domcontentloaded")
        page.get_by_text("Wat heeft de buurt?").wait_for(timeout=45_000)
        assert _wait_html(page, "nl") == ("nl", "ltr")
        box = page.locator("[data-testid=stMultiSelect]").first
        box.click()
        page.get_by_text("Alles kiezen").wait_for(timeout=10_000)
        assert page.get_by_text("Select all", exact=True).count() == 0
        page.keyboard.press("Escape")
        page.goto(f"{lang_app.url}/toevoegen", wait_until="domcontentloaded")
        page.get_by_text("Voeg toe wat de buurt heeft").wait_for(timeout=45_000)
        page.locator("[aria-label^='Uitleg bij']").first.wait_for(state="attached",
                                                                  timeout=20_000)
        assert page.locator("[aria-label^='Help for']").count() == 0
    except Exception:
        screenshot_on_failure(page, "lang-nl")
        raise
    finally:
        ctx.close()
