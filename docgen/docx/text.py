"""The text of a DOCX file as located paragraphs, and as plain text for reading and diffing.

Paragraphs come in this order: the main document (body paragraphs and table cells, as they
appear), then each header and footer part its sections use, once per part. Text is what Word
shows with all tracked changes accepted; tabs read as "\\t" and line breaks as "\\n".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from docgen.docx.ooxml import DEL, TBL, Element, blocks, cells, grid_columns, live_blocks, rows, w
from docgen.docx.ooxml import paragraph_text as _paragraph_text
from docgen.docx.package import DocxReadError, read_package

__all__ = ["DocxReadError", "Para", "document_text", "read_paragraphs", "story_paragraphs"]


@dataclass(frozen=True)
class Para:
    """One paragraph: its part ("document", "footer1"), position in that part, text, location."""

    part: str
    index: int  # 0-based among the paragraphs of `part`, table cells included
    text: str
    where: str  # for people: "body ¶12", "table 2 row 3 col 1", "footer1 ¶1"


@dataclass(frozen=True)
class Cell:
    """Where a paragraph sits in a table: table path ("2", or "2.1.1.1" when nested), row, col."""

    table: str
    row: int
    col: int


@dataclass(frozen=True)
class Located:
    para: Para
    cell: Cell | None  # None outside tables
    element: Element | None = field(default=None, compare=False)  # the w:p itself


def read_paragraphs(path: Path) -> list[Para]:
    """Every paragraph of a DOCX file with its location; DocxReadError if it is not readable."""
    out: list[Para] = []
    for story in read_package(path).stories():
        out.extend(item.para for item in story_paragraphs(story.label, story.root))
    return out


def document_text(path: Path) -> str:
    """Readable plain text: paragraphs on lines, table rows as cells joined by " | "."""
    sections = []
    for story in read_package(path).stories():
        lines = _render(story_paragraphs(story.label, story.root))
        if story.label != "document":
            lines.insert(0, f"[{story.label}]")
        sections.append("\n".join(lines))
    return "\n\n".join(sections) + "\n"


def story_paragraphs(label: str, root: Element) -> list[Located]:
    """The paragraphs of one part (document, header or footer) with their locations."""
    walker = _Walker(label, tracked=_has_deletions(root))
    body = root.find(w("body"))
    walker.container(body if body is not None else root, prefix="", cell=None)
    return walker.items


class _Walker:
    """Numbers paragraphs and tables of one part in document order."""

    def __init__(self, label: str, tracked: bool = True) -> None:
        self.label = label
        self.items: list[Located] = []
        self.body_count = 0
        self.tracked = tracked  # False: no deleted paragraph anywhere in the part

    def container(self, container: Element, prefix: str, cell: Cell | None) -> None:
        found = live_blocks(container) if self.tracked else blocks(container)
        in_cell = [b for b in found if b.tag != TBL] if cell else []
        tables = 0
        for block in found:
            if block.tag == TBL:
                tables += 1
                self.table(block, prefix, tables, cell)
            else:
                self.paragraph(block, prefix, cell, in_cell)

    def table(self, table: Element, prefix: str, number: int, outer: Cell | None) -> None:
        path = f"{outer.table}.{outer.row}.{outer.col}.{number}" if outer else str(number)
        for r, row in enumerate(rows(table), start=1):
            for col, tc in zip(grid_columns(row), cells(row), strict=True):
                where = f"{prefix}table {number} row {r} col {col}"
                self.container(tc, prefix=f"{where} / ", cell=Cell(path, r, col))

    def paragraph(self, p: Element, prefix: str, cell: Cell | None,
                  siblings: list[Element]) -> None:
        if cell is None:
            self.body_count += 1
            place = "body" if self.label == "document" else self.label
            where = f"{place} ¶{self.body_count}"
        else:
            where = prefix.removesuffix(" / ")
            if len(siblings) > 1:
                where += f" ¶{siblings.index(p) + 1}"
            if self.label != "document":
                where = f"{self.label} {where}"
        para = Para(self.label, len(self.items), _paragraph_text(p), where)
        self.items.append(Located(para, cell, p))


def _has_deletions(root: Element) -> bool:
    """Whether a part marks anything deleted (one search in lxml, not one per paragraph)."""
    return next(root.iter(DEL), None) is not None


def _render(items: list[Located]) -> list[str]:
    lines: list[str] = []
    for key, group in groupby(items, key=_row_key):
        if key is None:
            lines.extend(item.para.text for item in group)
            continue
        by_col: dict[int, list[str]] = {}
        for item in group:
            by_col.setdefault(item.cell.col if item.cell else 0, []).append(item.para.text)
        cell_texts = (" / ".join(texts).replace("\n", " / ") for texts in by_col.values())
        lines.append(" | ".join(cell_texts))
    return lines


def _row_key(item: Located) -> tuple[str, int] | None:
    return (item.cell.table, item.cell.row) if item.cell else None
