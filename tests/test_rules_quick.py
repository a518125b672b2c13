"""The rules' quick paths find what the plain ones find: REG001's phrase search, NAM001's
title words as words and its windows, on random texts and on the fixture documents."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest
from checking import rendered

from docgen.checks.relationships import TYPE_PHRASES, _type_pattern, type_matches
from docgen.checks.text import Near
from docgen.checks.titles import _PUNCT, _as_words, _TitleSpelling

PIECES = ["sister", "city", "cities", "Sister Cities", "twin", "towns", "town twinning",
          "friendship", "friendship city", "friendly cities", "program", "International",
          "commission", "姉妹都市", "姉妹州",
          "ciudades hermanas", "villes jumelées", "збратимени градови", "Збратимени  Градови",
          "sister-county", "sister states", "ſister city", "İ", "ı", "-", "\n", "  ", "x",
          "Mayor", "of", "the", "City", "Milpitas", "Tetovo", "(Acting)", "“Mayor", "Capital,",
          "\x00", "Mayor.", "MAYOR", "Miłpitas", "Municipality", "Vice-Mayor", ",", ":"]


def _texts(seed: int, count: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        text = rng.choice([" ", "", "-"]).join(rng.choice(PIECES)
                                               for _ in range(rng.randrange(1, 14)))
        yield text.upper() if rng.random() < 0.2 else text
    for doc in rendered()[1]:
        yield from (p.text for p in doc.text.paras)


@pytest.mark.parametrize("kind", list(TYPE_PHRASES))
def test_type_matches_are_the_type_patterns_matches(kind: str) -> None:
    pattern, found = _type_pattern(kind), 0
    for text in _texts(1, 3000):
        plain = [(m.span(), m.group()) for m in pattern.finditer(text)]
        assert [(m.span(), m.group()) for m in type_matches(kind, text)] == plain, text
        found += len(plain)
    assert found > 10


@pytest.mark.parametrize("words", [["city", "mayor", "milpitas"], ["(acting)", "city"],
                                   ["x-y", "a.", "“mayor"], ["capital,"], []])
def test_words_as_words_are_found_where_the_look_arounds_find_them(words: list[str]) -> None:
    plain = [re.compile(rf"(?<!\w){re.escape(w)}(?!\w)") for w in words]
    quick = _as_words(words)
    for text in _texts(2, 3000):
        low = text.lower()
        assert bool(quick.search(low)) == any(p.search(low) for p in plain), (words, text)


def _plain_variants(spelling: _TitleSpelling, masked: str) -> Iterator[str]:
    """NAM001's windows as they were: each joined, then tested."""
    yield from (m.group() for m in spelling.short.finditer(masked))
    tokens = masked.split()
    marks = [i for i, t in enumerate(tokens) if t.lower().strip(_PUNCT) in spelling.anchors]
    close = Near(spelling.title, 0.88)
    for n in {max(spelling.size - 1, 2), spelling.size, spelling.size + 1}:
        starts = sorted({i for a in marks
                         for i in range(max(a - n + 1, 0), min(a, len(tokens) - n) + 1)})
        for i in starts:
            window = " ".join(tokens[i:i + n]).strip(_PUNCT)
            low = window.lower()
            if "\x00" in window or not window[:1].isupper() or low in spelling.lower \
                    or spelling.lower in low:
                continue
            if close(window):
                yield window


@pytest.mark.parametrize("title", ["Mayor of the City of Milpitas", "Mayor of Tetovo",
                                   "Mayor", "Mayor (Acting) of X-Y", "İzmir Belediye Başkanı"])
def test_title_variants_are_the_windows_near_the_title(title: str) -> None:
    spelling, found = _TitleSpelling(("Milpitas", "Tetovo"), title), 0
    rng = random.Random(3)
    for text in _texts(3, 3000):
        if rng.random() < 0.5:  # the title misspelt in it
            chars = list(title)
            chars[rng.randrange(len(chars))] = rng.choice("aeio,.(“\x00İ ")
            text = f"{text} {''.join(chars)} {text[:20]}"
        plain = list(_plain_variants(spelling, text))
        assert list(spelling.variants(text)) == plain, (title, text)
        found += len(plain)
    assert found > 10


def test_a_modal_is_only_where_its_quick_test_says_it_may_be() -> None:
    from docgen.checks.agreement import _EXTRAS, _MODAL, _MODAL_WORD

    rng = random.Random(4)
    words = ["shall", "WILL", "muſt", "agrees to", "Undertakes  to", "commits itself to",
             "is obliged", "IS ENTITLED", "has the right", "reserves the Right", "May", "may 5",
             "5 may", "ſhall", "wıll", "İS bound", "the city", "x", "Sister", "\n"]
    seen = 0
    for _ in range(4000):
        sentence = " ".join(rng.choice(words) for _ in range(rng.randrange(1, 6)))
        if _MODAL.search(sentence):
            seen += 1
            assert _MODAL_WORD.search(sentence.lower()) or any(c in sentence for c in _EXTRAS)
    assert seen > 1000


def test_renew_is_found_where_the_plain_pattern_finds_it() -> None:
    from docgen.checks.agreement import _RENEW

    plain = re.compile(r"\brenew", re.IGNORECASE)
    rng = random.Random(5)
    pieces = ["renew", "RENEWAL", "Renewed", "xrenew", "_renew", "-renew", "ren ew", "\nrenew",
              "reneW", "érenew", "1renew", "r", "enew", " "]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 5)))
        assert bool(_RENEW.search(text)) == bool(plain.search(text)), text
    for doc in rendered()[1]:
        full = doc.text.full_text()
        assert bool(_RENEW.search(full)) == bool(plain.search(full))
