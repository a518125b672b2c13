"""docxtpl's steps after rendering, done without docxtpl, to the same bytes.

`listed` is `render_xml_part`'s resolve_listing (tabs, line and page breaks, new paragraphs
from the characters in the text), visiting only the paragraphs that hold such a character;
`grids` is its fix_tables (table grids fitted to the cells rendered) on a parsed body. Tests
compare both with docxtpl's own on many inputs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARAGRAPH_XML = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # docxtpl's paragraph
_LISTING = ("\t", "\a", "\n", "\f")  # what resolve_listing turns into markup


# _PARAGRAPH_XML's matches, found without its lazy scan: a run of anything but "<", or a "<"
# that does not close the paragraph, up to the first "</w:p>"; `tag` or `listing` set when the
# paragraph holds a listing character (only those change).
_PARAGRAPH_SCAN = re.compile(
    r"<w:p(?: [^>\t\a\n\f]*+(?P<tag>[\t\a\n\f])?[^>]*)?>(?:[^<\t\a\n\f]++|<(?!/w:p>))*+"
    r"(?:(?P<listing>[\t\a\n\f])(?:[^<]++|<(?!/w:p>))*+)?</w:p>")


def listed(xml: str) -> str:
    """`xml` with docxtpl's resolve_listing applied to every paragraph holding a listing
    character, the paragraphs found as `_PARAGRAPH_XML.sub` finds them, from just before
    the first such character to the last."""
    found = [i for i in (xml.find(c) for c in _LISTING) if i >= 0]
    if not found:
        return xml
    last = max(xml.rfind(c) for c in _LISTING)
    pieces, done = [], 0
    for match in _PARAGRAPH_SCAN.finditer(xml, _restart(xml, min(found))):
        if match.start() > last:
            break
        if match.start("listing") >= 0 or match.start("tag") >= 0:
            paragraph = match.group()
            found = _LISTED.get(paragraph)
            if found is None:
                found = listed_paragraph(paragraph)
                if _KEPT[0] > 1_000_000:  # characters kept, paragraphs and what they became
                    _LISTED.clear()
                    _KEPT[0] = 0
                _LISTED[paragraph] = found
                _KEPT[0] += len(paragraph) + len(found)
            pieces += (xml[done:match.start()], found)
            done = match.end()
    return "".join(pieces) + xml[done:] if pieces else xml


_LISTED: dict[str, str] = {}  # a paragraph -> listed_paragraph's, for the next document
_KEPT = [0]


def _restart(xml: str, before: int) -> int:
    """Where scanning for paragraphs before `before` may start and find the same ones as from
    the start: the end of the last "</w:p>" before it, unless a "<w:p " start tag with no ">"
    of its own could run through that "</w:p>" (it ends there, and its paragraph beyond)."""
    close = xml.rfind("</w:p>", 0, before)
    if close < 0 or xml.find("<w:p ", xml.rfind(">", 0, close) + 1, close) >= 0:
        return 0
    return close + 6


_PROPERTIES = re.compile(r"<w:pPr>.*?</w:pPr>"), re.compile(r"<w:rPr>.*?</w:rPr>")
_RUN_XML = re.compile(r"<w:r(?: [^>]*)?>.*?</w:r>", re.DOTALL)
_TEXT_XML = re.compile(r"<w:t(?: [^>]*)?>.*?</w:t>", re.DOTALL)
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_PAGE = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def listed_paragraph(xml: str) -> str:
    """docxtpl's resolve_listing of `xml`: in each run's texts a tab becomes a w:tab run, BEL
    a new paragraph, a newline a w:br and a form feed a page break, the run's and the
    paragraph's properties carried over to what is split off."""

    def paragraph(whole: re.Match[str]) -> str:
        found = _PROPERTIES[0].search(whole.group())
        ppr = found.group() if found else ""

        def run(match: re.Match[str]) -> str:
            found = _PROPERTIES[1].search(match.group())
            rpr = found.group() if found else ""
            opened = f'<w:r>{rpr}<w:t xml:space="preserve">'
            tab = f"</w:t></w:r><w:r>{rpr}<w:tab/></w:r>{opened}"
            split = f"</w:t></w:r></w:p><w:p>{ppr}{opened}"
            page = f"</w:t></w:r></w:p>{_PAGE}<w:p>{ppr}{opened}"
            return _TEXT_XML.sub(lambda text: text.group().replace("\t", tab).replace(
                "\a", split).replace("\n", _BREAK).replace("\f", page), match.group())

        return _RUN_XML.sub(run, whole.group())

    return _PARAGRAPH_XML.sub(paragraph, xml)


_TABLE_PARTS = {name: f"{{{W}}}{name}" for name in ("tbl", "tblGrid", "gridCol", "tr", "tc",
                                                      "tcPr", "gridSpan", "w", "val")}


def grids(tree: Any) -> list[Callable[[], None]] | None:
    """docxtpl's fix_tables for a parsed body, as the changes to make: every table's grid
    (its w:gridCol widths) fitted to the cells its rows now have, columns added or taken
    away as fix_tables does, in its arithmetic. None for a table fix_tables would fail on (no
    grid, a width that is not a number...): docxtpl's own then runs, and fails the same."""
    if tree.nsmap.get("w") != W:
        return None
    try:
        return [_grid(table) for table in tree.iter(_TABLE_PARTS["tbl"])]
    except (AttributeError, TypeError, ValueError, OverflowError, ZeroDivisionError):
        return None


def _grid(table: Any) -> Callable[[], None]:
    tag = _TABLE_PARTS
    grid = table.find(tag["tblGrid"])
    columns = grid.findall(tag["gridCol"])
    rows = [row.findall(tag["tc"]) for row in table.iter(tag["tr"])]
    widths: list[Any] = [column.get(tag["w"]) for column in columns]
    scaled: list[str] = []
    added: list[str] = []
    wanted = max((len(cells) for cells in rows), default=0) - len(columns)
    if wanted > 0:
        total = 0.0
        for width in widths:
            if width is not None:
                total += float(width)
        if total > 0:
            old, new = total / len(columns), total / (len(columns) + wanted)
            scaled = [str(int(float(width) * new / old)) for width in widths]
            added = [str(int(new))] * wanted
            widths = [*scaled, *added]
    if next(table.iter(tag["gridSpan"]), None) is None:  # every cell one column wide
        spans = max((len(cells) for cells in rows), default=0)
    else:
        spans = max((sum(_span(cell) for cell in cells) for cells in rows), default=0)
    extra = len(widths) - spans
    kept = max(len(widths) - extra, 0) if extra > 0 else len(widths)
    final: list[str] = []
    if extra > 0:
        removed = 0.0
        for width in widths[kept:]:
            removed += float(width)
        share = int(removed / kept) if kept else 0
        final = [str(int(float(width) + share)) for width in widths[:kept]]

    def apply() -> None:
        for column, width in zip(columns, scaled, strict=False):
            column.set(tag["w"], width)
        made = [etree.SubElement(grid, tag["gridCol"], {tag["w"]: width}) for width in added]
        every = [*columns, *made]
        for column in every[kept:]:
            grid.remove(column)
        for column, width in zip(every, final, strict=False):
            column.set(tag["w"], width)

    return apply


def _span(cell: Any) -> int:
    properties = cell.find(_TABLE_PARTS["tcPr"])
    span = None if properties is None else properties.find(_TABLE_PARTS["gridSpan"])
    return 1 if span is None else int(span.get(_TABLE_PARTS["val"]))
