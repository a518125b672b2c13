"""The text of a DOCX file as located paragraphs, and as plain text for reading and diffing.

Paragraphs come in this order: the main document (body paragraphs and table cells, as they
appear), then each header and footer part its sections use, once per part. Text is what Word
shows with all tracked changes accepted; tabs read as "\\t" and line breaks as "\\n".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from docgen.docx.ooxml import (
    DEL,
    NOT_PLAIN,
    RUN_CHARS,
    TAB,
    TABS,
    TBL,
    TC,
    TR,
    WRAPPERS,
    Element,
    P,
    T,
    is_deleted_paragraph,
    paragraph_text,
    w,
)
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
    element: Element | None = field(default=None, compare=False)  # the w:p, if kept


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


def story_paragraphs(label: str, root: Element, *, elements: bool = True) -> list[Located]:
    """The paragraphs of one part (document, header or footer) with their locations, and
    each w:p unless `elements` is False (then the part's XML can go once it is read).

    One pass in lxml over the part's paragraphs, tables, rows, cells, content controls and
    the elements that show text: an element counts only when its parent is a body, cell,
    table, row or wrapper already met (so a text box's paragraphs stay inside their anchor's
    paragraph), and a text element belongs to the last paragraph met if that holds it.
    """
    body = root.find(_BODY)
    top = body if body is not None else root
    tracked, spans = _marks(root)
    owners: dict[Element, _Box | _Grid | _Row] = {top: _Box(None, "")}
    # the paragraphs found, their boxes, their numbers in their boxes and their texts: lists
    # side by side make fewer objects for the garbage collector
    paragraphs: list[Element] = []
    boxes: list[_Box] = []
    numbers: list[int] = []
    texts: list[str] = []
    current: Element | None = None  # the last paragraph found, until a block comes after it
    text = ""  # its text so far
    careful = False  # whether it holds a deletion, a drawing, a ruby: read it run by run
    last: Element | None = None  # the last element with text since, in it or (rarely) after
    kinds = _KINDS
    for el in top.iter(*kinds):
        kind = kinds[el.tag]
        if kind >= _TEXT:
            if current is None:
                continue
            last = el
            if kind == _TEXT:
                text += el.text or ""
            elif kind == _TAB:
                if el.getparent().tag != TABS:  # not a tab stop of w:pPr
                    text += "\t"
            elif kind == _CHAR:
                text += RUN_CHARS[el.tag]
            else:
                careful = True
            continue
        owner = owners.get(el.getparent())
        if owner is None:
            continue
        if current is not None:  # the paragraph ends; what came since is in it, or read it alone
            if careful or (last is not None and (up := last.getparent()) is not current
                           and up.getparent() is not current and not _holds(current, last)):
                text = paragraph_text(current)
            texts.append(text)
            current = None
        if kind == _P:
            if type(owner) is _Box and not (tracked and is_deleted_paragraph(el)):
                owner.paras += 1
                paragraphs.append(el)
                boxes.append(owner)
                numbers.append(owner.paras)
                current, text, careful, last = el, "", False, None
        elif kind == _TC:
            if type(owner) is _Row:
                col = owner.col
                span = el.find(_SPAN) if spans else None
                owner.col += int(span.get(_VAL, "1")) if span is not None else 1
                grid = owner.grid
                owners[el] = _Box(Cell(grid.path, owner.number, col),
                                  f"{grid.prefix}table {grid.number} row {owner.number} col {col}")
        elif kind == _TR:
            if type(owner) is _Grid:
                owner.rows += 1
                owners[el] = _Row(owner, owner.rows)
        elif kind == _WRAP:
            owners[el] = owner
        elif type(owner) is _Box:  # a table
            owner.tables += 1
            cell = owner.cell
            if cell is None:
                owners[el] = _Grid(str(owner.tables), "", owner.tables)
            else:
                owners[el] = _Grid(f"{cell.table}.{cell.row}.{cell.col}.{owner.tables}",
                                   f"{owner.where} / ", owner.tables)
    if current is not None:
        texts.append(paragraph_text(current) if careful or (last is not None and not _holds(
            current, last)) else text)
    return _located(label, paragraphs if elements else None, boxes, numbers, texts)


def _holds(paragraph: Element, el: Element) -> bool:
    """Whether `el` is inside `paragraph`. Elements come in document order: when the last
    one with text after a paragraph is inside it, all those before are too."""
    return any(p is paragraph for p in el.iterancestors(P))


def _located(label: str, paragraphs: list[Element] | None, boxes: list[_Box],
             numbers: list[int], texts: list[str]) -> list[Located]:
    place = "body" if label == "document" else label
    items = []
    elements = paragraphs if paragraphs is not None else [None] * len(boxes)
    for index, (p, box, number, text) in enumerate(zip(elements, boxes, numbers, texts,
                                                       strict=True)):
        if box.cell is None:
            where = f"{place} ¶{number}"
        else:
            where = f"{box.where} ¶{number}" if box.paras > 1 else box.where
            if label != "document":
                where = f"{label} {where}"
        items.append(Located(Para(label, index, text, where), box.cell, p))
    return items


class _Box:
    """A body, header, footer or table cell: the paragraphs and tables found in it so far."""

    __slots__ = ("cell", "paras", "tables", "where")

    def __init__(self, cell: Cell | None, where: str) -> None:
        self.cell, self.where, self.paras, self.tables = cell, where, 0, 0


class _Grid:
    """A table: its path ("2", "2.1.1.1"), where it is and the rows found so far."""

    __slots__ = ("number", "path", "prefix", "rows")

    def __init__(self, path: str, prefix: str, number: int) -> None:
        self.path, self.prefix, self.number, self.rows = path, prefix, number, 0


class _Row:
    """A table row: its number and the grid column where its next cell starts."""

    __slots__ = ("col", "grid", "number")

    def __init__(self, grid: _Grid, number: int) -> None:
        self.grid, self.number, self.col = grid, number, 1


_P, _TBL, _TR, _TC, _WRAP, _TEXT, _TAB, _CHAR, _CAREFUL = range(9)  # text kinds last
_KINDS = {P: _P, TBL: _TBL, TR: _TR, TC: _TC, **dict.fromkeys(WRAPPERS, _WRAP),
          **{tag: _CHAR for tag in RUN_CHARS}, T: _TEXT, TAB: _TAB,
          **dict.fromkeys(NOT_PLAIN, _CAREFUL)}
_BODY, _GRID_SPAN, _VAL = w("body"), w("gridSpan"), w("val")
_SPAN = f"{w('tcPr')}/{_GRID_SPAN}"


def _marks(root: Element) -> tuple[bool, bool]:
    """Whether a part marks anything deleted, and whether any cell spans grid columns (one
    search in lxml, not one per paragraph or cell)."""
    seen = {el.tag for el in root.iter(DEL, _GRID_SPAN)}
    return DEL in seen, _GRID_SPAN in seen


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
