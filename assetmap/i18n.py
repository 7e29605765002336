"""Translations: one gettext catalogue per language, read with Babel.

The catalogues are ``locale/<lang>/LC_MESSAGES/assetmap.po`` next to the package (``locale/``
at the top of the project), the format translators' tools (Poedit, Weblate, Lokalize) open.
Message ids are short keys (``add_title``); Dutch is the source language, and every other
catalogue carries the Dutch text as an extracted comment (``#. nl: …``) so that a translator
sees what to translate. A machine-made translation is marked ``#, fuzzy`` with the translator
comment ``te controleren`` until a person has checked it; it is shown all the same.

A key missing from a catalogue falls back to Dutch, then to the key itself (a test fails when a
key used in the code is missing from the Dutch or English catalogue).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "assetmap"
SOURCE_LANG = "nl"
LANGS: tuple[str, ...] = ("nl", "en")
RTL_LANGS = frozenset({"ar"})
LANG_NAMES = {"nl": "Nederlands", "en": "English", "tr": "Türkçe", "ar": "العربية"}


def po_path(lang: str) -> Path:
    """Where the catalogue of ``lang`` lives."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def available() -> tuple[str, ...]:
    """The languages with a catalogue, in the order of ``LANG_NAMES``."""
    return tuple(lang for lang in LANG_NAMES if po_path(lang).exists())


@functools.cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Every translated message of ``lang`` (key -> text); empty when there is no catalogue."""
    path = po_path(lang)
    if not path.exists():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        cat = read_po(fh, locale=None, domain=DOMAIN)
    return {m.id: m.string for m in cat if m.id and isinstance(m.id, str) and m.string}


def text(key: str, lang: str = SOURCE_LANG, /, **params: object) -> str:
    """The message ``key`` in ``lang`` (falling back to Dutch, then to the key).

    With ``params`` the message is filled in with :meth:`str.format`.
    """
    msg = catalogue(lang).get(key) or catalogue(SOURCE_LANG).get(key) or key
    return msg.format(**params) if params else msg


def has(key: str, lang: str) -> bool:
    """True when the catalogue of ``lang`` itself translates ``key``."""
    return key in catalogue(lang)


def is_rtl(lang: str) -> bool:
    """True for languages written right to left (Arabic)."""
    return lang in RTL_LANGS


@functools.cache
def _table(prefix: str, lang: str) -> Mapping[str, str]:
    src = catalogue(SOURCE_LANG)
    own = catalogue(lang)
    n = len(prefix)
    return {k[n:]: own.get(k) or v for k, v in src.items() if k.startswith(prefix)}


class Table(Mapping[str, Mapping[str, str]]):
    """``table[lang][name]``: the messages whose key starts with ``prefix``, prefix stripped.

    Lets a module keep a small ``TEXT[lang]["legend"]`` lookup while the words live in the
    catalogue (key ``map_legend``). Unknown languages fall back to Dutch.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __getitem__(self, lang: str) -> Mapping[str, str]:
        return _table(self.prefix, lang)

    def __iter__(self) -> Iterator[str]:
        return iter(available())

    def __len__(self) -> int:
        return len(available())

    def get(self, lang: str, default: object = None) -> Mapping[str, str]:  # type: ignore[override]
        return self[lang]


class Msg(str):
    """A Dutch text (it *is* the Dutch string) that can say itself in another language.

    For reports whose lines are made before anyone knows the reader's language (an import's
    notes and rejected rows): ``Msg("imp_rows_swapped", n=3)`` reads the catalogue key;
    :meth:`of_error` wraps an :class:`~assetmap.errors.AssetMapError`. :func:`say` renders
    any line, plain strings as they are.
    """

    key: str
    params: dict[str, object]
    error: object

    def __new__(cls, key: str, /, **params: object) -> Msg:
        obj = super().__new__(cls, text(key, SOURCE_LANG, **params))
        obj.key, obj.params, obj.error = key, params, None
        return obj

    @classmethod
    def of_error(cls, exc: object) -> Msg:
        obj = str.__new__(cls, str(exc))
        obj.key, obj.params, obj.error = "", {}, exc
        return obj

    @classmethod
    def join(cls, parts: Iterable[object], sep: str = " ") -> Msg:
        """Several lines (each a :class:`Msg` or plain) as one, each in the reader's language."""
        kept = tuple(parts)
        return cls.words(lambda lang: sep.join(say(p, lang) for p in kept))

    @classmethod
    def words(cls, in_lang: Callable[[str], str]) -> Msg:
        """Words that are not one catalogue key (``in_lang(lang)`` says them in ``lang``), e.g.
        a list of layer names as an error's parameter."""
        return cls.of_error(_Words(in_lang))

    def text(self, lang: str = SOURCE_LANG) -> str:
        if self.error is not None:
            return self.error.text(lang)  # type: ignore[attr-defined]
        params = {k: v.text(lang) if isinstance(v, Msg) else v for k, v in self.params.items()}
        return text(self.key, lang, **params)


class _Words:
    def __init__(self, in_lang: Callable[[str], str]) -> None:
        self.in_lang = in_lang

    def text(self, lang: str = SOURCE_LANG) -> str:
        return self.in_lang(lang)

    def __str__(self) -> str:
        return self.text(SOURCE_LANG)


def say(line: object, lang: str = SOURCE_LANG) -> str:
    """``line`` in ``lang`` when it is a :class:`Msg`, else as it is."""
    return line.text(lang) if isinstance(line, Msg) else str(line)
