"""The cities' seals: one row above the two signature blocks, each seal in its city's column,
both fitted to the same square (equal prominence). The row exists only when the data has a
seal (`home.seal`, `partner.seal`), so a workspace without seals gets no empty boxes."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT

from .blocks import control, style_paragraph
from .styles import TEXT_WIDTH, Align
from .tables import set_column_widths


def seal_row(doc: DocxDocument, sides: tuple[str, str]) -> None:
    """`sides`: the context names of the left and right signatories, e.g. ("left", "right")."""
    left, right = sides
    control(doc, f"if {left}.seal or {right}.seal")
    grid = doc.add_table(rows=1, cols=2)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for cell, side in zip(grid.rows[0].cells, sides, strict=True):
        style_paragraph(cell.paragraphs[0], f"{{% if {side}.seal %}}{{{{ {side}.seal }}}}"
                        "{% endif %}", align=Align.CENTER, space_before=12, space_after=0,
                        keep_with_next=True)
    set_column_widths(grid, (TEXT_WIDTH / 2, TEXT_WIDTH / 2))
    control(doc, "endif")
