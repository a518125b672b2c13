"""The council staff report on a case's MOU.

The template sees docgen's template context for the case's MOU (doc, home, partner, case,
agreement) plus ``staff``: meeting, item, subject, findings (lines of text) and attachments
(titles).  It has its own plain look (style sizes without the complex-script sizes, a text
footer, untagged tables), kept as committed in templates/staff-report.docx.
"""

from __future__ import annotations

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from .blocks import control
from .styles import BLACK, FONTS, Align, clear_default_fonts, setup_page, setup_properties

HEADER_ROWS = (
    ("To", "Honorable Mayor and Members of the City Council"),
    ("From", "{% if home.commission %}{{ home.commission.name }}{% else %}"
             "Office of the Mayor{% endif %}"),
    ("Meeting date", "{{ staff.meeting }}"),
    ("Agenda item", "{{ staff.item }}"),
    ("Subject", "{{ staff.subject }}"),
)
RECOMMENDATION = (
    "Approve the Memorandum of Understanding establishing a {{ agreement.relationship }} "
    "between {{ home.city }}, {{ home.country }} and {{ partner.city }}, "
    "{{ partner.country }}, and authorize the Mayor to sign it on behalf of the City of "
    "{{ home.city }}."
)
BACKGROUND = (
    "{% if case.origin == 'inquiry' and case.inquiry %}The partnership began with an inquiry "
    "from {{ partner.city }}, received by {{ case.inquiry.channel }} on "
    "{{ case.inquiry.received }}.{% else %}The {% if home.commission %}"
    "{{ home.commission.name }}{% else %}City{% endif %} researched {{ partner.city }} and "
    "opened a line of communication with its {{ partner.leader.rank }}.{% endif %} "
    "{{ partner.city }}{% if partner.population_text %} has a population of "
    "{{ partner.population_text }}{% endif %}{% if partner.languages_text %}; its languages "
    "are {{ partner.languages_text }}{% endif %}{% if partner.industries_text %}; its key "
    "industries are {{ partner.industries_text }}{% endif %}."
)
FISCAL = (
    "There is no direct fiscal impact. Exchanges are arranged by the commission's volunteers "
    "and funded by the participating organizations; any future request for City funds will "
    "come to the Council separately."
)


def setup_staff_styles(doc: DocxDocument) -> None:
    """The serif fonts at the report's sizes; bold titles and headings."""
    styles = doc.styles
    clear_default_fonts(doc)
    for name, size in (("Normal", 11), ("Title", 20), ("Heading 1", 13), ("List Bullet", 11),
                       ("List Number", 11), ("Footer", 9)):
        style = styles[name]
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        rfonts.attrib.clear()
        for attr, font in FONTS.items():
            rfonts.set(qn(attr), font)
        style.font.size = Pt(size)  # type: ignore[attr-defined]
        style.font.color.rgb = BLACK  # type: ignore[attr-defined]
        if name in ("Title", "Heading 1"):
            style.font.bold = True  # type: ignore[attr-defined]
            style.paragraph_format.space_before = Pt(12)  # type: ignore[attr-defined]
            style.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    styles["Normal"].paragraph_format.space_after = Pt(6)  # type: ignore[attr-defined]


def staff_table(doc: DocxDocument, rows: list[tuple[str, str]],
                widths: tuple[float, float]) -> None:
    """A two-column "Table Grid" table; labels bold unless they are tags."""
    grid = doc.add_table(rows=0, cols=2)
    grid.style = doc.styles["Table Grid"]
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Inches(width)  # the grid: what LibreOffice reads
    for label, value in rows:
        cells = grid.add_row().cells
        cells[0].text, cells[1].text = label, value
        if not label.startswith("{"):
            cells[0].paragraphs[0].runs[0].bold = True
        for cell, width in zip(cells, widths, strict=True):
            cell.width = Inches(width)


def staff_report() -> DocxDocument:
    doc = Document()
    setup_staff_styles(doc)
    setup_page(doc)
    doc.add_paragraph("City of {{ home.city }} · Staff Report", style="Title")
    staff_table(doc, list(HEADER_ROWS), (1.5, 5.0))

    doc.add_heading("Recommendation", 1)
    doc.add_paragraph(RECOMMENDATION)
    doc.add_heading("Background", 1)
    doc.add_paragraph(BACKGROUND)
    doc.add_paragraph("{{ case.interest }}")
    doc.add_heading("Focus areas", 1)
    doc.add_paragraph("The agreement names these focus areas: {{ case.focus_areas_text }}. "
                      "The first exchanges proposed are:")
    control(doc, "for exchange in case.exchanges")
    doc.add_paragraph("{{ exchange }}", style="List Bullet")
    control(doc, "endfor")
    doc.add_heading("Fiscal impact", 1)
    doc.add_paragraph(FISCAL)
    doc.add_heading("Steps so far", 1)
    staff_table(doc, [("Step", "Date"), ("{%tr for s in case.history %}", ""),
                      ("{{ s.step }}", "{{ s.date }}"), ("{%tr endfor %}", "")], (3.5, 3.0))
    doc.add_heading("Protocol findings", 1)
    control(doc, "if staff.findings")
    doc.add_paragraph("docgen's protocol checks report:")
    control(doc, "for finding in staff.findings")
    doc.add_paragraph("{{ finding }}", style="List Bullet")
    control(doc, "endfor")
    control(doc, "else")
    doc.add_paragraph("docgen's protocol checks found nothing to report.")
    control(doc, "endif")
    doc.add_heading("Attachments", 1)
    control(doc, "for title in staff.attachments")
    doc.add_paragraph("{{ title }}", style="List Number")
    control(doc, "endfor")
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = "Staff report · {{ home.city }} – {{ partner.city }} · {{ staff.meeting }}"
    footer.alignment = Align.CENTER
    # python-docx's own description, subject and keywords are kept, as committed
    setup_properties(doc, "Staff Report")
    return doc
