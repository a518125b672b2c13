"""WordprocessingML element helpers: names, block structure and the text a run shows.

Pure lxml, no zip handling (that is `docx.package`). Text follows Word's "accept all changes"
view: inserted text (w:ins, w:moveTo) counts, deleted text (w:del, w:moveFrom) does not.
Text boxes and other drawing content are not part of their anchoring paragraph.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

Element: TypeAlias = etree._Element


def w(tag: str) -> str:
    """Clark name of a WordprocessingML tag: w("p") -> "{...main}p"."""
    return f"{{{W_NS}}}{tag}"


P, TBL, TR, TC, R, T = w("p"), w("tbl"), w("tr"), w("tc"), w("r"), w("t")
PPR, RPR, TAB, TABS = w("pPr"), w("rPr"), w("tab"), w("tabs")
INS, DEL, MOVE_TO, MOVE_FROM = w("ins"), w("del"), w("moveTo"), w("moveFrom")
DEL_TEXT = w("delText")

# Block containers Word lets wrap paragraphs and tables (content controls, custom XML).
_BLOCK_WRAPPERS = {w("sdt"), w("customXml")}
_BLOCK_CONTENT = {w("sdtContent")}
WRAPPERS = frozenset(_BLOCK_WRAPPERS | _BLOCK_CONTENT)
# Paragraph-level elements whose content is not the paragraph's current text.
_SKIPPED_IN_PARAGRAPH = {PPR, DEL, MOVE_FROM, w("sdtPr"), f"{{{MC_NS}}}Fallback"}
# Run children that show as characters (w:br of every kind counts as a line break).
RUN_CHARS = {T: None, TAB: "\t", w("ptab"): "\t", w("br"): "\n", w("cr"): "\n",
             w("noBreakHyphen"): "-"}


def make(tag: str) -> Element:
    """A new element that uses the "w" prefix (lxml drops the declaration once inserted)."""
    return etree.Element(tag, nsmap={"w": W_NS})


def blocks(container: Element) -> list[Element]:
    """The paragraphs and tables of a body, cell, header or footer, looking through wrappers."""
    out: list[Element] = []
    for child in container:
        if child.tag in (P, TBL):
            out.append(child)
        elif child.tag in _BLOCK_WRAPPERS or child.tag in _BLOCK_CONTENT:
            out.extend(blocks(child))
    return out


def live_blocks(container: Element) -> list[Element]:
    """`blocks` without paragraphs that are gone once tracked changes are accepted."""
    return [b for b in blocks(container) if b.tag == TBL or not is_deleted_paragraph(b)]


def is_deleted_paragraph(p: Element) -> bool:
    """A paragraph whose mark is tracked as deleted and that holds no current text."""
    return mark_of(p, DEL) is not None and mark_of(p, INS) is None and not paragraph_text(p)


def rows(table: Element) -> list[Element]:
    """The rows of a table (w:tr), including rows inside row-level content controls."""
    return [el for el in _unwrap(table) if el.tag == TR]


def cells(row: Element) -> list[Element]:
    """The cells of a row (w:tc), including cells inside cell-level content controls."""
    return [el for el in _unwrap(row) if el.tag == TC]


def grid_columns(row: Element) -> list[int]:
    """1-based grid column where each cell of `row` starts (horizontal merges count)."""
    starts, col = [], 1
    for cell in cells(row):
        starts.append(col)
        span = cell.find(f"{w('tcPr')}/{w('gridSpan')}")
        col += int(span.get(w("val"), "1")) if span is not None else 1
    return starts


def _unwrap(parent: Element) -> Iterator[Element]:
    for child in parent:
        if child.tag in _BLOCK_WRAPPERS or child.tag in _BLOCK_CONTENT:
            yield from _unwrap(child)
        else:
            yield child


def text_runs(paragraph: Element) -> Iterator[Element]:
    """The runs of a paragraph that show current text, in order (hyperlinks, fields, w:ins)."""
    for child in paragraph:
        if child.tag == R:
            yield child
        elif child.tag not in _SKIPPED_IN_PARAGRAPH and isinstance(child.tag, str):
            yield from text_runs(child)


def run_char(child: Element) -> str | None:
    """What a run child shows as text, or None when it shows no text (drawing, field code)."""
    if child.tag not in RUN_CHARS:
        return None
    fixed = RUN_CHARS[child.tag]
    if fixed is None:
        return child.text or ""
    return fixed


def run_text(run: Element) -> str:
    return "".join(run_char(child) or "" for child in run)


def paragraph_text(paragraph: Element) -> str:
    """The text of a paragraph as Word shows it with all changes accepted."""
    out: list[str] = []
    # one pass in lxml over what shows as text; anything whose content may not count (a
    # deletion, a drawing's text box, a ruby) sends the paragraph the careful way
    for el in paragraph.iter(*RUN_CHARS, *NOT_PLAIN):
        fixed = RUN_CHARS.get(el.tag, _CAREFUL)
        if fixed is _CAREFUL:
            return careful_text(paragraph)
        if fixed is None:
            out.append(el.text or "")
        elif el.tag != TAB or el.getparent().tag != TABS:  # not a tab stop of w:pPr
            out.append(fixed)
    return "".join(out)


def careful_text(paragraph: Element) -> str:
    """`paragraph_text` run by run: what counts for a paragraph with any of `NOT_PLAIN`."""
    return "".join(run_text(run) for run in text_runs(paragraph))


_CAREFUL = "careful"
# Inside a paragraph: what holds text that is not the paragraph's own current text.
NOT_PLAIN = (*_SKIPPED_IN_PARAGRAPH - {PPR}, w("drawing"), w("pict"), w("object"),
             w("ruby"), w("txbxContent"), f"{{{MC_NS}}}AlternateContent")


def table_text(table: Element) -> str:
    """All text of a table, rows on lines and cells separated by " | " (a comparison key)."""
    return "\n".join(row_text(row) for row in rows(table))


def row_text(row: Element) -> str:
    return " | ".join(" / ".join(block_key(b) for b in live_blocks(c)) for c in cells(row))


def block_key(block: Element) -> str:
    return paragraph_text(block) if block.tag == P else table_text(block)


def mark_of(paragraph: Element, tag: str) -> Element | None:
    """The w:ins or w:del that marks the paragraph mark itself as inserted or deleted."""
    return paragraph.find(f"{PPR}/{RPR}/{tag}")


@dataclass(frozen=True)
class Revision:
    """Who and when for one tracked change; `ids` hands out unique w:id values."""

    author: str
    date: str  # ISO 8601 in UTC, e.g. "2024-05-01T09:30:00Z"
    ids: Iterator[int]

    def element(self, tag: str) -> Element:
        el = make(tag)
        el.set(w("id"), str(next(self.ids)))
        el.set(w("author"), self.author)
        el.set(w("date"), self.date)
        return el
