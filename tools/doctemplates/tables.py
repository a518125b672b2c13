"""Table building blocks: forms, side-by-side tables of both cities, contacts and the
signature blocks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Inches
from docx.table import Table

from .blocks import para, style_paragraph
from .snippets import SHORT_BLANK, SIGNATURE_LINE, contact_or_blank, or_blank, v
from .styles import TEXT_WIDTH

# A table row is either a tuple of cell texts (the first cell is a bold label) or a bare
# string, which becomes a docxtpl row-level control tag ``{%tr <string> %}``.
Row = tuple[str, ...] | str

CONTACT_ROLES = (
    ("Mayor's office", "leader_office_contact"),
    ("Volunteer", "volunteer_contact"),
)


def set_column_widths(grid: Table, widths: Sequence[float]) -> None:
    """Widths in the table grid (LibreOffice reads these) and in every cell (Word does)."""
    for grid_col, width in zip(grid._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = Inches(width)
    for row in grid.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Inches(width)


def table(doc: DocxDocument, rows: Sequence[Row], widths: Sequence[float]) -> Table:
    """A "Table Grid" table; bare-string rows become ``{%tr ... %}`` control rows."""
    grid = doc.add_table(rows=0, cols=len(widths))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for row in rows:
        cells = grid.add_row().cells
        texts: Sequence[str] = ("{%tr " + row + " %}",) if isinstance(row, str) else row
        for index, (cell, text) in enumerate(zip(cells, texts, strict=False)):
            paragraph = cell.paragraphs[0]
            bold = index == 0 and not isinstance(row, str)
            style_paragraph(paragraph, text, bold=bold, space_after=2)
    set_column_widths(grid, widths)
    para(doc, "", space_after=0)
    return grid


def form_table(doc: DocxDocument, rows: Sequence[Row]) -> Table:
    """A two-column form: label | value."""
    return table(doc, rows, (2.0, TEXT_WIDTH - 2.0))


def side_by_side(doc: DocxDocument, rows: Sequence[Row],
                 sides: tuple[str, str] = ("home", "partner")) -> Table:
    """A symmetric three-column table: label | one city | the other city."""
    header: Row = ("", v(f"{sides[0]}.city"), v(f"{sides[1]}.city"))
    label = 1.3
    return table(doc, [header, *rows], (label, (TEXT_WIDTH - label) / 2, (TEXT_WIDTH - label) / 2))


def contacts_table(doc: DocxDocument, sides: tuple[str, str] = ("home", "partner")) -> Table:
    """Both cities' mayor's-office and volunteer contacts, one cell per contact."""
    rows: list[Row] = [
        (
            label,
            contact_or_blank(f"{sides[0]}.{key}", '"\\n"'),
            contact_or_blank(f"{sides[1]}.{key}", '"\\n"'),
        )
        for label, key in CONTACT_ROLES
    ]
    return side_by_side(doc, rows, sides)


def contact_fields_table(doc: DocxDocument) -> Table:
    """Both cities' contacts field by field, with blanks to fill in (for forms)."""
    rows: list[Row] = []
    for label, key in CONTACT_ROLES:
        rows.append((label + " contact", "", ""))
        for field in ("name", "title", "email", "phone"):
            rows.append(
                (
                    "    " + field.capitalize(),
                    or_blank(f"home.{key}.{field}", SHORT_BLANK),
                    or_blank(f"partner.{key}.{field}", SHORT_BLANK),
                )
            )
    return side_by_side(doc, rows)


# --------------------------------------------------------------------------- signatures


@dataclass(frozen=True)
class Signatory:
    """Template text for each line of one side's signature block."""

    name: str
    title: str
    city: str
    date: str


def signature_table(doc: DocxDocument, left: Signatory, right: Signatory) -> Table:
    """Two signature blocks side by side with the same lines: left home, right partner."""
    grid = doc.add_table(rows=0, cols=2)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    lines = [(SIGNATURE_LINE, SIGNATURE_LINE)] + [
        (getattr(left, field), getattr(right, field)) for field in ("name", "title", "city", "date")
    ]
    for index, texts in enumerate(lines):
        for cell, text in zip(grid.add_row().cells, texts, strict=True):
            style_paragraph(
                cell.paragraphs[0],
                text,
                bold=index == 1,
                space_before=36 if index == 0 else 0,
                space_after=2,
                keep_with_next=index < len(lines) - 1,
            )
    set_column_widths(grid, (TEXT_WIDTH / 2, TEXT_WIDTH / 2))
    return grid


def leader_signatory(side: str, date: str) -> Signatory:
    """A city's highest official as signatory."""
    return Signatory(
        v(f"{side}.leader.name"),
        v(f"{side}.leader.title"),
        v(f"{side}.city") + ", " + v(f"{side}.country"),
        date,
    )
