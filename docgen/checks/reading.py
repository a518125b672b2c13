"""The text of a rendered DOCX as the document rules see it: paragraphs with their location.

Every paragraph of the body, of each table row and of the headers and footers becomes a
`Para(part, index, text, where)`; tables are also kept as rows of cell texts for the rules that
compare cells. This is the one place the checks read DOCX XML (when docgen.docxtext lands on
main, only this module changes).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"
_HEADER_FOOTER = re.compile(r"^word/(header|footer)(\d*)\.xml$")


@dataclass(frozen=True)
class Para:
    part: str  # "body", "table" (a cell of a body table), "header", "footer"
    index: int  # 1-based within its part
    text: str
    where: str  # "body ¶12", "table 2 row 3", "header ¶1"


@dataclass(frozen=True)
class Table:
    number: int  # 1-based among the body's tables
    rows: tuple[tuple[str, ...], ...]  # cell texts; a cell's paragraphs joined by "\n"

    def where(self, row: int) -> str:
        return f"table {self.number} row {row}"


@dataclass(frozen=True)
class DocText:
    paras: tuple[Para, ...]
    tables: tuple[Table, ...]

    def body(self) -> list[Para]:
        """Top-level body paragraphs, in order (not table cells, headers or footers)."""
        return [p for p in self.paras if p.part == "body"]

    def full_text(self) -> str:
        return "\n".join(p.text for p in self.paras)


def read_docx(data: bytes) -> DocText:
    """The paragraphs and tables of a DOCX package given as bytes."""
    from lxml import etree

    paras: list[Para] = []
    tables: list[Table] = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        root = etree.fromstring(zf.read("word/document.xml"))
        body = root.find(f"{_W}body")
        if body is not None:
            _read_body(body, paras, tables)
        extra = sorted((m.group(1), int(m.group(2) or 0), n)
                       for n in names if (m := _HEADER_FOOTER.match(n)))
        counts = {kind: sum(1 for k, _, _ in extra if k == kind) for kind in ("header", "footer")}
        for kind, number, name in extra:
            label = kind if counts[kind] == 1 else f"{kind} {number}"
            part_root = etree.fromstring(zf.read(name))
            for i, p in enumerate(part_root.iter(f"{_W}p"), 1):
                if _in_fallback(p):
                    continue
                paras.append(Para(kind, i, paragraph_text(p), f"{label} ¶{i}"))
    return DocText(tuple(paras), tuple(tables))


def _read_body(body: Any, paras: list[Para], tables: list[Table]) -> None:
    count = cells = 0
    for child in _blocks(body):
        if child.tag == f"{_W}p":
            count += 1
            paras.append(Para("body", count, paragraph_text(child), f"body ¶{count}"))
        elif child.tag == f"{_W}tbl":
            table = _read_table(child, len(tables) + 1)
            tables.append(table)
            for r, row in enumerate(child.findall(f"{_W}tr"), 1):
                for p in row.iter(f"{_W}p"):
                    cells += 1
                    paras.append(Para("table", cells, paragraph_text(p), table.where(r)))


def _blocks(parent: Any) -> list[Any]:
    """Paragraphs and tables below `parent`, looking inside content controls."""
    out: list[Any] = []
    for child in parent:
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            out.append(child)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                out.extend(_blocks(content))
    return out


def _read_table(tbl: Any, number: int) -> Table:
    rows: list[tuple[str, ...]] = []
    for tr in tbl.findall(f"{_W}tr"):
        cells = []
        for tc in tr.iter(f"{_W}tc"):
            if tc.getparent() is not tr and tc.getparent().tag != f"{_W}sdtContent":
                continue  # a nested table's cell: already inside its outer cell's text
            cells.append("\n".join(paragraph_text(p) for p in tc.iter(f"{_W}p")))
        rows.append(tuple(cells))
    return Table(number, tuple(rows))


def paragraph_text(p: Any) -> str:
    """The visible text of a paragraph: runs, tabs and breaks; not deleted text."""
    out: list[str] = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if el.getparent().tag != f"{_W}r" or _in_fallback(el):
            continue  # tab stops in paragraph properties are w:tab too
        if el.tag == f"{_W}t":
            out.append(el.text or "")
        elif el.tag == f"{_W}tab":
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def _in_fallback(el: Any) -> bool:
    """Inside mc:Fallback, which repeats the mc:Choice content for older readers."""
    parent = el.getparent()
    while parent is not None:
        if parent.tag == f"{{{MC}}}Fallback":
            return True
        parent = parent.getparent()
    return False
