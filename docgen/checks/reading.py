"""The text of a rendered DOCX as the document rules see it, read by `docgen.docx.text`.

Paragraphs come located (`Para(part, index, text, where)`: "body ¶12", "table 2 row 3 col 1",
"header1 ¶1"); body tables are also kept as rows of cell texts for the rules that compare
cells. lxml is imported only when a document is read.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.docx.text import Located, Para

MAIN = "document"  # docx.text's label of the main document part
# what re.IGNORECASE matches to an ASCII character beside its two cases, where lower-casing
# does not give that character (the Kelvin sign, which it takes for k, lowers to k)
CASE_EXTRAS = {"i": "\u0130\u0131", "s": "\u017f"}
MAIN_PART = "word/document.xml"


@dataclass(frozen=True)
class Table:
    number: int  # 1-based among the body's tables
    rows: tuple[tuple[str, ...], ...]  # cell texts, a cell's paragraphs joined by "\n"

    def where(self, row: int) -> str:
        return f"table {self.number} row {row}"


@dataclass(frozen=True)
class DocText:
    items: tuple[Located, ...]  # without their w:p elements: the XML goes once it is read
    tables: tuple[Table, ...]

    @property
    def paras(self) -> list[Para]:
        """Every paragraph: the body with its table cells, then headers and footers."""
        return [item.para for item in self.items]

    def body(self) -> list[Para]:
        """Top-level body paragraphs, in order (not table cells, headers or footers)."""
        return [i.para for i in self.items if i.para.part == MAIN and i.cell is None]

    def main(self) -> list[Para]:
        """The body's paragraphs with those of its table cells, in reading order (an
        agreement set in columns holds its clauses in a table)."""
        return [i.para for i in self.items if i.para.part == MAIN]

    def full_text(self) -> str:
        return self._full[0]

    def candidates(self, *patterns: re.Pattern[str]) -> list[Para]:
        """The paragraphs any of `patterns` may match, found by one search of the whole text
        each: every paragraph a match in the joined text overlaps. It holds every paragraph
        in which a pattern matches on its own (the line break that joins two paragraphs acts
        as the ends of each for `\\b` and look-arounds), so a rule that tests paragraphs one
        by one can test only these. Not for patterns anchored with ^ or $."""
        full, starts = self._full
        found: set[int] = set()
        for pattern in patterns:
            for match in pattern.finditer(full):
                first = bisect.bisect_right(starts, match.start()) - 1
                last = bisect.bisect_right(starts, max(match.end() - 1, match.start())) - 1
                found.update(range(first, last + 1))
        paras = self.paras
        return [paras[i] for i in sorted(found)]

    def containing(self, stems: tuple[str, ...]) -> list[Para]:
        """The paragraphs whose lower-cased text holds any of `stems` (lower-case, no line
        break in them): `any(stem in para.text.lower() ...)`, found by one search per stem."""
        found = _holding(*self._lower, stems)
        paras = self.paras
        return [paras[i] for i in sorted(found)]

    def containing_any_case(self, stems: tuple[str, ...],
                            cased: tuple[re.Pattern[str], ...] = ()) -> list[Para]:
        """The paragraphs in which one of `stems` (ASCII, lower-case, no line break) may be
        found in any case, as `re.search(re.escape(stem), para.text, re.IGNORECASE)` finds
        it: those whose lower-cased text holds one (`containing`), and those holding a
        character that IGNORECASE takes for a letter of one but lower-casing does not turn
        into it (CASE_EXTRAS: İ, ı, ſ); with those `candidates(*cased)` gives, in one list
        in order."""
        extras = _case_extras(stems)
        found = _holding(*self._lower, stems) | _holding(*self._full, extras) | \
            _starting(*self._full, cased)
        paras = self.paras
        return [paras[i] for i in sorted(found)]

    def candidates_lower(self, *patterns: re.Pattern[str],
                         cased: tuple[re.Pattern[str], ...] = ()) -> list[Para]:
        """The paragraphs whose lower-cased text any of `patterns` may match, found by
        searches of the joined lower-cased texts, with those in which a pattern of `cased`
        may match their text, in one list in order. It holds every paragraph in which a
        pattern matches on its own (`pattern.search(para.text.lower())`, or
        `pattern.search(para.text)` for `cased`), with the line break that joins two
        paragraphs as the ends of each; once a paragraph is found, the next search starts
        at the next paragraph. Not for patterns anchored with ^ or $, nor for look-arounds
        that a line break would answer otherwise than an end (`(?!\\s)`)."""
        found = _starting(*self._lower, patterns) | _starting(*self._full, cased)
        paras = self.paras
        return [paras[i] for i in sorted(found)]

    @cached_property
    def _lower(self) -> tuple[str, list[int]]:
        """`_full` of the lower-cased texts (lower-casing may change a text's length)."""
        return _joined([item.para.text.lower() for item in self.items])

    @cached_property
    def _full(self) -> tuple[str, list[int]]:
        """The paragraphs' text joined by line breaks, and where each paragraph starts."""
        return _joined([item.para.text for item in self.items])

    def block(self, para: Para) -> tuple[str, str | None]:
        """The part a paragraph is in, and its table row ("2/3"; None outside tables)."""
        return self._blocks[(para.part, para.index)]

    @cached_property
    def _blocks(self) -> dict[tuple[str, int], tuple[str, str | None]]:
        return {(i.para.part, i.para.index):
                (i.para.part, None if i.cell is None else f"{i.cell.table}/{i.cell.row}")
                for i in self.items}


@functools.lru_cache(maxsize=256)
def _case_extras(stems: tuple[str, ...]) -> tuple[str, ...]:
    """The characters IGNORECASE takes for a letter of `stems` that lower-casing does not
    give; ValueError unless the stems are ASCII, lower-case, without line breaks."""
    if not all(s.isascii() and s == s.lower() and "\n" not in s for s in stems):
        raise ValueError(f"not ASCII lower-case stems: {stems!r}")
    return tuple(sorted({c for stem in stems for letter in stem
                         for c in CASE_EXTRAS.get(letter, "")}))


def _holding(text: str, starts: list[int], stems: tuple[str, ...]) -> set[int]:
    """The indexes of the texts joined in `text` (each begins at its `starts`) that hold one
    of `stems`: the first in each, searched from its start on."""
    stems, rare = _split_stems(stems)
    found = _starting(text, starts, rare)
    count = len(starts)
    for stem in stems:
        at = text.find(stem)
        while at >= 0:
            index = bisect.bisect_right(starts, at) - 1
            found.add(index)
            if index + 1 >= count:
                break
            at = text.find(stem, starts[index + 1])  # the next text on
    return found


@functools.lru_cache(maxsize=256)
def _split_stems(stems: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]:
    """The stems that begin with an ASCII character, and one pattern of the others: a
    text is searched for those in one pass (its first characters are looked for)."""
    rare = [s for s in stems if not s[:1].isascii()]
    return (tuple(s for s in stems if s[:1].isascii()),
            (re.compile("|".join(map(re.escape, rare))),) if rare else ())


def _starting(text: str, starts: list[int], patterns: tuple[re.Pattern[str], ...]) -> set[int]:
    """The indexes of the texts joined in `text` (each begins at its `starts`) in which a
    match of one of `patterns` begins: the first in each, searched from its start on."""
    found: set[int] = set()
    count = len(starts)
    for pattern in patterns:
        at = 0
        while (match := pattern.search(text, at)) is not None:
            index = bisect.bisect_right(starts, match.start()) - 1
            found.add(index)
            if index + 1 >= count:
                break
            at = starts[index + 1]
    return found


def _joined(texts: list[str]) -> tuple[str, list[int]]:
    # each text begins one line break after the end of the one before
    ends = itertools.accumulate(map(operator.add, map(len, texts), itertools.repeat(1)),
                                initial=0)
    return "\n".join(texts), list(ends)[:-1]


_TEXT_ROUTE = re.compile(r"^(\[Content_Types\]\.xml|_rels/\.rels|word/_rels/.*\.rels|"
                         r"word/(document|header\d*|footer\d*)\.xml)$")


def read_docx(data: bytes, name: str = "document.docx",
              contents: Mapping[str, bytes] | None = None) -> DocText:
    """The located paragraphs and the body tables of a DOCX package given as bytes, or as
    `contents`, its parts uncompressed (what the engine hands over as it renders `data`)."""
    from docgen.docx.package import Package, zip_entries
    from docgen.docx.text import story_paragraphs

    match = _TEXT_ROUTE.match  # only the parts that hold or route text
    entries = (zip_entries(data, match) if not contents
               else {part: xml for part, xml in contents.items() if match(part)})
    package = Package(Path(name), entries, MAIN_PART)
    document = package.xml(MAIN_PART)
    # headers and footers mostly repeat from document to document: an identical part gives
    # what it gave before (its Located hold no XML); the others are parsed before any is walked
    parts = []
    for part, label in package.parts_of(document):
        key = (label, entries[part])
        parts.append((key, _PARTS[key] if key in _PARTS else package.xml(part)))
    items = story_paragraphs(MAIN, document, elements=False)
    for key, found in parts:
        if not isinstance(found, tuple):
            found = tuple(story_paragraphs(key[0], found, elements=False))
            if len(key[1]) <= _PART_SIZE:
                if len(_PARTS) >= _PART_COUNT:
                    _PARTS.clear()
                _PARTS[key] = found
        items.extend(found)
    return DocText(tuple(items), _tables(items))


_PARTS: dict[tuple[str, bytes], tuple[Located, ...]] = {}  # (label, XML) -> its paragraphs
_PART_SIZE, _PART_COUNT = 1 << 14, 64  # small: a build holds a chunk of cases at once


def _tables(items: list[Located]) -> tuple[Table, ...]:
    """Body tables as rows of cells; a nested table's text stays inside its outer cell."""
    cells: dict[tuple[int, int, int], list[str]] = {}  # (table, row, col) -> its paragraphs
    last, texts = None, []  # the cell of the item before, and its texts
    for item in items:
        cell = item.cell
        if cell is None or item.para.part != MAIN:
            continue
        if cell is not last:  # a cell's paragraphs come one after another, but for nesting
            if "." in cell.table:
                number, row, col = cell.table.split(".")[:3]
                key = (int(number), int(row), int(col))
            else:
                key = (int(cell.table), cell.row, cell.col)
            texts = cells.setdefault(key, [])
            last = cell
        texts.append(item.para.text)
    by_table: dict[int, dict[int, list[str]]] = {}
    # in document order the cells mostly come sorted already: sorting them is one pass
    for (number, row, _col), texts in sorted(cells.items()):
        by_table.setdefault(number, {}).setdefault(row, []).append("\n".join(texts))
    return tuple(Table(number, tuple(tuple(by_row.get(r, ())) for r in range(1, max(by_row) + 1)))
                 for number, by_row in by_table.items())
