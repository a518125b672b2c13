"""The full text of an agreement in every language version, in either layout.

docgen's context gives the text block by block (`doc.versions`: one text per language;
`doc.rows`: the same clause in every language, side by side). The template lays them out:
`agreement.layout: columns` as a table of one column per language, clause against clause;
`sequential` one full text after the other, each from a new page. The signature blocks
follow, once, with their lines in every language.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.table import _Cell

from .blocks import Container, control, para, style_paragraph
from .snippets import SIGNATURE_LINE, or_blank, v
from .styles import TEXT_WIDTH, Align

# (block kind, how its paragraph looks); the last is the fallback for "para"
_KINDS = ("title", "lead", "party", "heading", "item", "bullet", "contact")


def _block(container: Container, b: str, in_table: bool, new_page: str | None = None) -> None:
    """One block `b` (a context dict with kind, text, label) as the paragraph of its kind."""
    text = v(f"{b}.text")
    control(container, f"if {b}.kind == 'title'")
    title = para(container, text, bold=True, size=16 if in_table else 20,
                 align=Align.CENTER, space_after=4)
    if new_page:  # a new language version starts on a new page
        title.paragraph_format.page_break_before = False
    control(container, f"elif {b}.kind == 'lead'")
    para(container, text, align=Align.CENTER, space_after=4)
    control(container, f"elif {b}.kind == 'party'")
    para(container, text, bold=True, size=13, align=Align.CENTER, space_after=4)
    control(container, f"elif {b}.kind == 'heading'")
    para(container, text, bold=True, size=12, space_before=10, space_after=4,
         keep_with_next=True)
    control(container, f"elif {b}.kind == 'item'")
    item = para(container, v(f"{b}.label") + "\t" + text, space_after=4)
    item.paragraph_format.left_indent = Inches(0.4)
    item.paragraph_format.first_line_indent = Inches(-0.4)
    control(container, f"elif {b}.kind == 'bullet'")
    para(container, text, style=None if in_table else "List Bullet", space_after=4)
    control(container, f"elif {b}.kind == 'contact'")
    contact = para(container, text, space_after=4)
    contact.paragraph_format.left_indent = Inches(0.2)
    control(container, "else")
    para(container, text, space_after=6)
    control(container, "endif")


def sequential_text(doc: DocxDocument) -> None:
    """Each language's full text after the other's, each from a new page."""
    control(doc, "for version in doc.versions")
    control(doc, "if not loop.first")
    doc.add_paragraph().add_run().add_break(_page_break())
    control(doc, "endif")
    control(doc, "for block in version.blocks")
    _block(doc, "block", in_table=False)
    control(doc, "endfor")
    control(doc, "endfor")


def _page_break():  # type: ignore[no-untyped-def]
    from docx.enum.text import WD_BREAK

    return WD_BREAK.PAGE


def columns_text(doc: DocxDocument) -> None:
    """One column per language, one row per clause: the row loop, then a cell loop."""
    grid = doc.add_table(rows=3, cols=3)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    rows = grid.rows
    _only(rows[0].cells[0], "{%tr for row in doc.rows %}")
    _only(rows[2].cells[0], "{%tr endfor %}")
    cells = rows[1].cells
    _only(cells[0], "{%tc for cell in row.cells %}")
    _only(cells[2], "{%tc endfor %}")
    body = cells[1]
    body.paragraphs[0]._p.getparent().remove(body.paragraphs[0]._p)
    _block(body, "cell", in_table=True)  # type: ignore[arg-type]
    for row in rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for row in rows:
        for cell in row.cells:
            cell.width = Inches(TEXT_WIDTH / 2)
    _cell_margins(grid)
    para(doc, "", space_after=0)


def _only(cell: _Cell, text: str) -> None:
    cell.paragraphs[0].add_run(text)


def _cell_margins(grid) -> None:  # type: ignore[no-untyped-def]
    """A gutter between the columns (no borders: the texts read as two columns)."""
    tbl_pr = grid._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(int(Pt(9).twips)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tbl_pr.append(margins)


def agreement_text(doc: DocxDocument) -> None:
    control(doc, "if doc.layout == 'columns'")
    columns_text(doc)
    control(doc, "else")
    sequential_text(doc)
    control(doc, "endif")


# --------------------------------------------------------------------------- signatures
# One function per signature block, so that each block can carry more (a seal) on its own.


def _signature_cell(cell: _Cell, side: str, rows: tuple[str, ...]) -> None:
    """One city's signature block: the line, the name, then its lines in every language."""
    first = cell.paragraphs[0]
    style_paragraph(first, SIGNATURE_LINE, space_before=36, space_after=2, keep_with_next=True)
    style_paragraph(cell.add_paragraph(), v(f"{side}.leader.name"), bold=True, space_after=2,
                    keep_with_next=True)
    sign = f"doc.sign[{0 if side == 'left' else 1}]"
    for key in rows:
        style_paragraph(cell.add_paragraph(), v(f"{sign}.{key}"), space_after=2,
                        keep_with_next=True)
    # an attestation (agreement.attest), on both sides alike when either side has one
    control(cell, "if doc.sign[0].attest or doc.sign[1].attest")  # type: ignore[arg-type]
    style_paragraph(cell.add_paragraph(), SIGNATURE_LINE, space_before=24, space_after=2,
                    keep_with_next=True)
    style_paragraph(cell.add_paragraph(), or_blank(f"{sign}.attest"), space_after=2)
    control(cell, "endif")  # type: ignore[arg-type]


def signature_block_first(cell: _Cell, rows: tuple[str, ...]) -> None:
    """The signature block in the place of honour: the city whose original this is."""
    _signature_cell(cell, "left", rows)


def signature_block_second(cell: _Cell, rows: tuple[str, ...]) -> None:
    """The other city's signature block."""
    _signature_cell(cell, "right", rows)


def signature_blocks(doc: DocxDocument, rows: tuple[str, ...]) -> None:
    """Both signature blocks side by side with the same lines. The first cell is the place
    of honour: the left, or the right when the original leads with a right-to-left text."""
    grid = doc.add_table(rows=1, cols=2)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    first, second = grid.rows[0].cells
    signature_block_first(first, rows)
    signature_block_second(second, rows)
    grid.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell in (first, second):
        cell.width = Inches(TEXT_WIDTH / 2)
