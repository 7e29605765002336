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
