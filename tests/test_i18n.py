"""The translation catalogues: every key the code uses is translated, placeholders agree."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from assetmap import i18n

ROOT = Path(__file__).resolve().parent.parent
CODE = [ROOT / "streamlit_app.py", *sorted((ROOT / "pages").glob("*.py")),
        *sorted((ROOT / "ui").glob("*.py"))]
LITERAL = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']""")
PREFIX = re.compile(r"""\bt\(\s*f["']([a-z0-9_]+)\{""")


def _used() -> tuple[set[str], set[str]]:
    keys, prefixes = set(), set()
    for path in CODE:
        src = path.read_text(encoding="utf-8")
        keys |= set(LITERAL.findall(src))
        prefixes |= set(PREFIX.findall(src))
    return keys, prefixes


def _fields(msg: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(msg) if f}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_key_in_the_code_is_in_the_catalogue(lang):
    keys, prefixes = _used()
    assert len(keys) > 100  # the regex still finds the calls
    cat = i18n.catalogue(lang)
    missing = sorted(k for k in keys if k not in cat)
    assert not missing, f"missing from locale/{lang}: {missing}"
    for p in prefixes:
        assert any(k.startswith(p) for k in cat), f"no key starts with {p!r} in {lang}"


def test_dutch_and_english_have_the_same_keys_and_placeholders():
    nl, en = i18n.catalogue("nl"), i18n.catalogue("en")
    assert set(nl) == set(en), sorted(set(nl) ^ set(en))
    for key, msg in nl.items():
        assert _fields(msg) == _fields(en[key]), key


def test_text_falls_back_to_dutch_then_the_key():
    assert i18n.text("page_kaart", "en") == "Map"
    assert i18n.text("page_kaart", "xx") == "Kaart"
    assert i18n.text("no_such_key_here", "en") == "no_such_key_here"
    assert i18n.text("map_buurten", "en") == "Neighbourhoods"


def test_map_tables_read_the_catalogue():
    from assetmap.webmap.text import TEXT

    assert TEXT["nl"]["legend"] == "Legenda"
    assert TEXT["en"]["legend"] == "Legend"
    assert TEXT["xx"]["legend"] == "Legenda"


# ---------------------------------------------------------------- residents' own languages
RESIDENT_CODE = [ROOT / "pages" / "toevoegen.py", ROOT / "pages" / "privacy.py",
                 ROOT / "ui" / "forms.py", ROOT / "ui" / "location.py", ROOT / "ui" / "state.py",
                 ROOT / "streamlit_app.py"]
RESIDENT_ERRORS = [  # the errors a resident can meet on Toevoegen and Mijn bijdragen
    "row", "required", "expect_text", "max_length", "bad_url", "bad_choice", "yes_no",
    "expect_number", "expect_integer", "too_small", "too_large", "loc_missing", "loc_outside",
    "gifts_one", "contact_consent", "unknown_buurt", "loc_no_buurt", "rate_limit",
    "evening_code_empty", "evening_code_unknown", "evening_closed", "no_token",
    "consent_missing", "not_yours_edit", "not_yours_delete", "field_protected", "entry_not_found"]


def _resident_keys() -> set[str]:
    from assetmap import schema
    from ui.style import STREAMLIT_WORDS

    nl = i18n.catalogue("nl")
    keys: set[str] = set(STREAMLIT_WORDS.values()) | {f"err_{k}" for k in RESIDENT_ERRORS}
    for path in RESIDENT_CODE:
        src = path.read_text(encoding="utf-8")
        keys |= set(LITERAL.findall(src))
        for p in PREFIX.findall(src):
            keys |= {k for k in nl if k.startswith(p)}
    for name in schema.POINT_LAYERS:
        spec = schema.LAYERS[name]
        keys.add(f"layer_{name}")
        for f in spec.form_fields:
            keys.add(f"field_{f.text_key}")
            if f.help_nl:
                keys.add(f"fieldhelp_{f.text_key}")
    keys |= {f"kind_{k}" for k in (*schema.MEETING_KIND_LABELS, *schema.WISH_KIND_LABELS)}
    keys |= {f"theme_{k}" for k in schema.THEME_LABELS}
    return keys


@pytest.mark.parametrize("lang", ["tr", "ar"])
def test_every_key_of_the_resident_pages_is_in_turkish_and_arabic(lang):
    keys = _resident_keys()
    assert len(keys) > 150  # the regex and the schema walk still find them
    cat = i18n.catalogue(lang)
    missing = sorted(k for k in keys if k not in cat)
    assert not missing, f"missing from locale/{lang}: {missing}"
    nl = i18n.catalogue("nl")
    for key, msg in cat.items():
        if key in nl:
            assert _fields(msg) == _fields(nl[key]), (lang, key)


def test_the_resident_pages_are_in_every_language_we_offer():
    assert set(i18n.available()) == {"nl", "en", "tr", "ar"}
    assert i18n.is_rtl("ar") and not i18n.is_rtl("tr")


@pytest.mark.parametrize("lang", ["tr", "ar"])
def test_machine_translations_are_marked_to_be_checked_and_still_shown(lang):
    from babel.messages.pofile import read_po

    with i18n.po_path(lang).open("rb") as fh:
        cat = read_po(fh)
    msgs = [m for m in cat if m.id]
    assert msgs and all(m.fuzzy for m in msgs)
    assert all("te controleren" in m.user_comments for m in msgs)
    assert all(any(c.startswith("nl: ") for c in m.auto_comments) for m in msgs)
    # fuzzy entries are shown all the same (gettext's msgfmt would leave them out)
    assert len(i18n.catalogue(lang)) == len(msgs)
    assert i18n.text("add_title", lang) != i18n.text("add_title", "nl")


def test_streamlit_own_words_are_in_dutch_and_english():
    from ui.style import STREAMLIT_WORDS

    for en_word, key in STREAMLIT_WORDS.items():
        assert i18n.has(key, "nl") and i18n.has(key, "en"), key
        assert i18n.text(key, "en") == en_word


def test_schema_labels_in_turkish_and_arabic_fall_back_to_dutch():
    from assetmap import schema

    name = schema.LAYERS["meeting_places"].get("name")
    assert name.label("tr") == "Ad" and name.label("ar") == "الاسم"
    assert name.label("xx") == name.label_nl == "Naam"
    # one field name, two labels: the key follows the label
    assert schema.LAYERS["wishes"].get("kind").label("tr") != \
        schema.LAYERS["meeting_places"].get("kind").label("tr")
    assert schema.kind_label("wens", "ar").startswith("أمنية")
    assert schema.theme_label("groen", "tr") == "Yeşil ve doğa"


# ---------------------------------------------------------------- errors in every language
def test_a_validation_error_speaks_the_session_language_and_stays_dutch_by_default():
    from assetmap import schema
    from assetmap.errors import ValidationError

    with pytest.raises(ValidationError) as info:
        schema.validate_record("meeting_places", {"name": "", "kind": "buurthuis"})
    exc = info.value
    assert str(exc) == "Naam: dit veld is verplicht." and exc.field == "name"
    assert exc.text("en") == "Name: this field is required."
    assert exc.text("tr") == "Ad: bu alan zorunludur."
    assert exc.text("ar") == "الاسم: هذا الحقل مطلوب."
    row = exc.at_row(7)
    assert str(row) == "Rij 7: Naam: dit veld is verplicht."
    assert row.text("en") == "Row 7: Name: this field is required."


def test_an_error_without_a_key_stays_as_it_was():
    from assetmap.errors import NotFoundError

    exc = NotFoundError("Geen project.", field="project")
    assert str(exc) == exc.text("en") == "Geen project." and exc.field == "project"


def test_the_join_link_carries_the_language():
    from assetmap import evening

    assert evening.join_url("http://x/", "AB12") == "http://x/?avond=AB12"
    assert evening.join_url("http://x/", "AB12", "tr") == "http://x/?avond=AB12&taal=tr"
    assert evening.join_url("http://x/", "AB12", "nl") == "http://x/?avond=AB12"
