"""Prose from data: lists as sentences, so a letter reads written, not filled in.

Data lists hold noun phrases as a clerk types them ("Youth football exchange with KF
Shkëndija"); inside a sentence their first word is lower-cased unless it begins a name
(a city, an institution, a person: any capitalized word the case data uses in a name), is
an acronym, or is followed by another capitalized word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

CHANNELS = {"email": "email", "letter": "letter", "visit": "visit", "phone": "telephone call"}


def join_words(items: list[str], conjunction: str = "and") -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The capitalized words of proper names, to leave alone inside a sentence."""
    return frozenset(w for name in names for w in re.findall(r"[^\W\d_][\w'’-]*", name)
                     if w[:1].isupper())


def in_sentence(phrase: str, names: frozenset[str]) -> str:
    """A list item as it reads after the first word of a sentence."""
    words = phrase.strip().rstrip(".;").split()
    if not words:
        return ""
    first = words[0]
    following = words[1] if len(words) > 1 else ""
    proper = (first in names or first.upper() == first or not first[:1].isupper()
              or any(c.isupper() for c in first[1:]) or following[:1].isupper())
    if proper:
        return " ".join(words)
    return " ".join([first[0].lower() + first[1:], *words[1:]])


def list_sentence(items: Iterable[str], names: frozenset[str]) -> str:
    """Items as one run of a sentence: 'a, b and c'."""
    return join_words([in_sentence(item, names) for item in items if item.strip()])
