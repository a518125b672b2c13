"""Small text helpers the document rules share: sentences, names, near misses, labels."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.docx.text import Para


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=\S)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
LABEL_ONLY = re.compile(r"^\s*([^\W\d_][^:\n]{0,40}):\s*$")
LABEL_VALUE = re.compile(r"^\s*[^\W\d_][^:\n]{0,40}:\s*\S")


def sentences(paras: Iterable[Para]) -> Iterator[tuple[Para, str]]:
    """Each sentence with the paragraph it is in."""
    for para in paras:
        for sentence in _SENTENCE_END.split(para.text.replace("\n", " ")):
            if sentence.strip():
                yield para, sentence.strip()


@functools.lru_cache(maxsize=4096)  # boilerplate paragraphs repeat in every case
def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))


_TAIL = re.compile(r"(['’]s?|-)$")


@functools.lru_cache(maxsize=8192)
def bare(word: str) -> str:
    """`Peshawar's` -> `Peshawar`; `Milpitas’` -> `Milpitas`."""
    return _TAIL.sub("", word)


def similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


class Near:
    """`Near(target, 0.8)(text)`: whether `text` is that similar to `target` (any case).

    Cheap upper bounds first; the matcher keeps its index of `target` between calls.
    """

    def __init__(self, target: str, threshold: float) -> None:
        self.target = target
        self.threshold = threshold
        self.matcher = difflib.SequenceMatcher(None, "", target.lower(), autojunk=False)
        self.seen: dict[str, bool] = {}

    def __call__(self, text: str) -> bool:
        known = self.seen.get(text)
        if known is not None:  # the same words recur in a case's documents
            return known
        m = self.matcher
        m.set_seq1(text.lower())
        near = (m.real_quick_ratio() >= self.threshold and m.quick_ratio() >= self.threshold
                and m.ratio() >= self.threshold)
        if len(self.seen) >= 1024:
            self.seen.clear()
        self.seen[text] = near
        return near


@functools.lru_cache(maxsize=64)
def near(target: str, threshold: float) -> Near:
    """One `Near` per target: names recur from case to case (a city, its country)."""
    return Near(target, threshold)


def mentions(text: str, names: Iterable[str]) -> bool:
    """Whether `text` holds any of `names` as whole words (case-insensitive)."""
    return any(_mention(n).search(text) for n in names if n)


@functools.lru_cache(maxsize=256)
def _mention(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)


def replace_names(text: str, names: Iterable[str], placeholder: str) -> str:
    pattern = names_pattern(names)
    return pattern.sub(placeholder, text) if pattern else text


def names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """What `replace_names` replaces: every name, longest first, as whole words in any case
    (None for no name): found once for the many texts of a case."""
    chosen = tuple(sorted({n for n in names if n}, key=len, reverse=True))
    return _names_pattern(chosen) if chosen else None


@functools.lru_cache(maxsize=256)  # a few cases' names at a time: a build goes by chunks
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Every name, longest first, as whole words in any case."""
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def is_label(text: str) -> bool:
    """A field label such as `Email:` or `Place of signing:`, with nothing after it.

    Three words at most: a longer line ending in ':' ("Our institutions include:")
    introduces a list.
    """
    match = LABEL_ONLY.match(text)
    return match is not None and len(match.group(1).split()) <= 3


def is_prose(text: str) -> bool:
    """A sentence of some length, not an item of a list."""
    stripped = text.strip()
    return stripped[-1:] in (".", "!", "?") and len(stripped.split()) >= 8


def is_label_value(text: str) -> bool:
    return bool(LABEL_VALUE.match(text))


def line_shape(line: str) -> str:
    """What a signature-block line is, without its side's values: `label:`, a rule, or text."""
    stripped = line.strip()
    if not stripped:
        return ""
    if re.fullmatch(r"[_.\s…-]+", stripped):
        return "____"
    if ":" in stripped:
        label, _, value = stripped.partition(":")
        if len(label.split()) <= 5:
            return f"{label.strip().lower()}: " + ("____" if re.fullmatch(r"[_.\s…-]*", value)
                                                    else "…")
    return "…"
