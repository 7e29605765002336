"""B1 Dutch, checked: every Dutch help and explanation text is short and easy to read.

Two measures, computed here (no extra package): no sentence longer than 15 words, and a
Flesch-Douma reading ease of at least 60 for a text of 10 words or more:

    206.835 - 0.93 * (words / sentences) - 77 * (syllables / words)

Syllables are counted as groups of vowels (``aa``, ``ij``'s ``i``, ``oe`` … count once), which
is close enough for Dutch. Short texts (fewer than 10 words) are only checked for sentence
length: one long compound word would decide their score.
"""

from __future__ import annotations

import re

import pytest

from assetmap import i18n, schema

MAX_WORDS = 15
MIN_EASE = 60.0
MIN_WORDS_FOR_EASE = 10

# the keys of help and explanation texts (labels, buttons and titles are not sentences)
HELP_KEY = re.compile(r"(help|explain|intro|note|statement|hint|_text$|_info|_why|_how|caption"
                      r"|desc|empty|none$)")
_VOWELS = re.compile(r"[aeiouyàáâäèéêëïíîòóôöùúûü]+")
_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9]+(?:['’-][A-Za-zÀ-ÿ]+)*")


def _clean(text: str) -> str:
    text = re.sub(r"\{[^}]*\}", "3", text)  # a placeholder reads as a short number
    return re.sub(r"`[^`]*`|https?://\S+|\*\*|[*_#>]", " ", text)


def sentences(text: str) -> list[str]:
    """Sentences: split after . ! ? and at paragraph breaks and list items."""
    parts = re.split(r"(?<=[.!?])\s+|\n\s*\n|\n-|\s+-\s+", _clean(text))
    return [p for p in parts if re.search(r"[A-Za-zÀ-ÿ]", p)]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def syllables(word: str) -> int:
    return max(1, len(_VOWELS.findall(word.lower())))


def flesch_douma(text: str) -> float:
    ss = sentences(text)
    ws = [w for s in ss for w in words(s)]
    if not ws:
        return 100.0
    return 206.835 - 0.93 * len(ws) / len(ss) - 77 * sum(map(syllables, ws)) / len(ws)


def dutch_help_texts() -> dict[str, str]:
    """Every Dutch help and explanation text: the catalogue's and the form fields' help."""
    texts = {k: v for k, v in i18n.catalogue("nl").items() if HELP_KEY.search(k)}
    for name, spec in schema.ALL_LAYERS.items():
        for f in spec.fields:
            if f.help_nl:
                texts[f"schema {name}.{f.name}"] = f.help_nl
    return texts


def test_the_formula_and_the_counts():
    assert syllables("buurthuis") == 2 and syllables("ontmoetingsplek") == 4
    assert syllables("bijdrage") == 3 and syllables("nu") == 1
    assert sentences("Eén. Twee! Drie? Vier") == ["Eén.", "Twee!", "Drie?", "Vier"]
    assert flesch_douma("De kat zit op de mat. Het is hier fijn.") > 90
    hard = ("Overeenkomstig de desbetreffende privacyverordening worden persoonsgegevens "
            "geanonimiseerd alvorens publicatie plaatsvindt op gemeentelijke kaartapplicaties.")
    assert flesch_douma(hard) < 0
    assert len(dutch_help_texts()) > 100


def _problems(text: str) -> list[str]:
    out = [f"{len(words(s))} woorden: {s!r}" for s in sentences(text) if len(words(s)) > MAX_WORDS]
    if len(words(text)) >= MIN_WORDS_FOR_EASE and flesch_douma(text) < MIN_EASE:
        out.append(f"Flesch-Douma {flesch_douma(text):.0f} < {MIN_EASE:.0f}")
    return out


@pytest.mark.parametrize("key", sorted(dutch_help_texts()))
def test_dutch_help_is_b1(key):
    text = dutch_help_texts()[key]
    problems = _problems(text)
    assert not problems, f"{key}: {problems}"
