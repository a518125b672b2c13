"""The former way of reading a DOCX's located paragraphs, kept to test the fast one against.

`story_paragraphs` is docgen.docx.text's walker before it became one lxml pass (a recursive
walk per block, `paragraph_text` per paragraph); `read_docx` is docgen.checks.reading's before
it read the zip itself and let the XML go. Both are frozen here: tests/test_text_walk.py
checks that the new code gives the same paragraphs, cells, locations and tables.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docgen.checks.reading import _TEXT_ROUTE, MAIN, MAIN_PART, DocText, Table
from docgen.docx.ooxml import (
    DEL,
    TBL,
    Element,
    blocks,
    cells,
    grid_columns,
    live_blocks,
    paragraph_text,
    rows,
    w,
)
from docgen.docx.package import Package
from docgen.docx.text import Cell, Located, Para


def story_paragraphs(label: str, root: Element) -> list[Located]:
    walker = _Walker(label, tracked=next(root.iter(DEL), None) is not None)
    body = root.find(w("body"))
    walker.container(body if body is not None else root, prefix="", cell=None)
    return walker.items


class _Walker:
    def __init__(self, label: str, tracked: bool = True) -> None:
        self.label = label
        self.items: list[Located] = []
        self.body_count = 0
        self.tracked = tracked

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
        para = Para(self.label, len(self.items), paragraph_text(p), where)
        self.items.append(Located(para, cell, p))


def read_docx(data: bytes, name: str = "document.docx") -> DocText:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        entries = {info.filename: zf.read(info) for info in zf.infolist()
                   if _TEXT_ROUTE.match(info.filename)}
    package = Package(Path(name), entries, MAIN_PART)
    items: list[Located] = []
    for story in package.stories():
        items.extend(story_paragraphs(story.label, story.root))
    return DocText(tuple(items), _tables(items))


def _tables(items: list[Located]) -> tuple[Table, ...]:
    table_cells: dict[int, dict[tuple[int, int], list[str]]] = {}
    for item in items:
        if item.cell is None or item.para.part != MAIN:
            continue
        path = item.cell.table.split(".")
        row, col = (int(path[1]), int(path[2])) if len(path) > 1 else (item.cell.row,
                                                                       item.cell.col)
        table_cells.setdefault(int(path[0]), {}).setdefault((row, col), []).append(
            item.para.text)
    out = []
    for number in sorted(table_cells):
        by_row: dict[int, list[tuple[int, str]]] = {}
        for (row, col), texts in table_cells[number].items():
            by_row.setdefault(row, []).append((col, "\n".join(texts)))
        found = tuple(tuple(text for _col, text in sorted(by_row.get(r, ())))
                      for r in range(1, max(by_row) + 1))
        out.append(Table(number, found))
    return tuple(out)
