"""The text of a rendered DOCX as the document rules see it, read by `docgen.docx.text`.

Paragraphs come located (`Para(part, index, text, where)`: "body ¶12", "table 2 row 3 col 1",
"header1 ¶1"); body tables are also kept as rows of cell texts for the rules that compare
cells. lxml is imported only when a document is read.
"""

from __future__ import annotations

import bisect
import io
import re
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.docx.text import Located, Para

MAIN = "document"  # docx.text's label of the main document part
MAIN_PART = "word/document.xml"


@dataclass(frozen=True)
class Table:
    number: int  # 1-based among the body's tables
    rows: tuple[tuple[str, ...], ...]  # cell texts, a cell's paragraphs joined by "\n"

    def where(self, row: int) -> str:
        return f"table {self.number} row {row}"


@dataclass(frozen=True)
class DocText:
    items: tuple[Located, ...]
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
        as the ends of each for `\b` and look-arounds), so a rule that tests paragraphs one
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
        low, starts = self._lower
        found: set[int] = set()
        for stem in stems:
            at = low.find(stem)
            while at >= 0:
                found.add(bisect.bisect_right(starts, at) - 1)
                at = low.find(stem, at + 1)
        paras = self.paras
        return [paras[i] for i in sorted(found)]

    @cached_property
    def _lower(self) -> tuple[str, list[int]]:
        lowered = [item.para.text.lower() for item in self.items]
        starts, at = [], 0
        for text in lowered:
            starts.append(at)
            at += len(text) + 1
        return "\n".join(lowered), starts

    @cached_property
    def _full(self) -> tuple[str, list[int]]:
        """The paragraphs' text joined by line breaks, and where each paragraph starts."""
        starts, at = [], 0
        for item in self.items:
            starts.append(at)
            at += len(item.para.text) + 1
        return "\n".join(item.para.text for item in self.items), starts

    def block(self, para: Para) -> tuple[str, str | None]:
        """The part a paragraph is in, and its table row ("2/3"; None outside tables)."""
        return self._blocks[(para.part, para.index)]

    @cached_property
    def _blocks(self) -> dict[tuple[str, int], tuple[str, str | None]]:
        return {(i.para.part, i.para.index):
                (i.para.part, None if i.cell is None else f"{i.cell.table}/{i.cell.row}")
                for i in self.items}


_TEXT_ROUTE = re.compile(r"^(\[Content_Types\]\.xml|_rels/\.rels|word/_rels/.*\.rels|"
                         r"word/(document|header\d*|footer\d*)\.xml)$")


def read_docx(data: bytes, name: str = "document.docx") -> DocText:
    """The located paragraphs and the body tables of a DOCX package given as bytes."""
    from docgen.docx.package import Package
    from docgen.docx.text import Located, story_paragraphs

    with zipfile.ZipFile(io.BytesIO(data)) as zf:  # only the parts that hold or route text
        entries = {info.filename: zf.read(info) for info in zf.infolist()
                   if _TEXT_ROUTE.match(info.filename)}
    package = Package(Path(name), entries, MAIN_PART)
    items: list[Located] = []
    for story in package.stories():
        # without their w:p elements: the rules read text, and the trees are freed here
        items.extend(Located(i.para, i.cell) for i in story_paragraphs(story.label, story.root))
    return DocText(tuple(items), _tables(items))


def _tables(items: list[Located]) -> tuple[Table, ...]:
    """Body tables as rows of cells; a nested table's text stays inside its outer cell."""
    cells: dict[int, dict[tuple[int, int], list[str]]] = {}
    for item in items:
        if item.cell is None or item.para.part != MAIN:
            continue
        path = item.cell.table.split(".")
        row, col = (int(path[1]), int(path[2])) if len(path) > 1 else (item.cell.row,
                                                                       item.cell.col)
        cells.setdefault(int(path[0]), {}).setdefault((row, col), []).append(item.para.text)
    out = []
    for number in sorted(cells):  # one pass over the cells: linear in the table's size
        by_row: dict[int, list[tuple[int, str]]] = {}
        for (row, col), texts in cells[number].items():
            by_row.setdefault(row, []).append((col, "\n".join(texts)))
        rows = tuple(tuple(text for _col, text in sorted(by_row.get(r, ())))
                     for r in range(1, max(by_row) + 1))
        out.append(Table(number, rows))
    return tuple(out)
