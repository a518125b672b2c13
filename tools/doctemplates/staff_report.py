"""The council staff report on a case's MOU, as a clerk publishes it in the agenda packet.

The template sees docgen's template context for the case's MOU (doc, home, partner, case,
agreement) plus ``staff``, which the council packet computes as of its meeting: the header
rows (to, from, prepared by, reviewed by, meeting, item, subject), the commission's
recommendation, the recommended council action, background paragraphs, the key terms, the
fiscal impact, the environmental review line, the alternatives, the protocol findings as
sentences, the steps so far and the lettered attachments.  Every table row is kept on one
page, and a table is kept with its heading.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from .blocks import bullets, control, heading, new_document, para, style_paragraph
from .snippets import v
from .styles import TEXT_WIDTH, Align
from .tables import table


def keep_together(grid: object) -> None:
    """Each row on one page, and every row but the last kept with the next one."""
    rows = grid.rows  # type: ignore[attr-defined]
    for row in rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def section(doc: DocxDocument, title: str, text: str) -> None:
    heading(doc, title, 2)
    para(doc, text)


def staff_report() -> DocxDocument:
    doc = new_document("Staff Report", with_letterhead=False)
    footer = doc.sections[0].footer.paragraphs[0]
    for run in list(footer.runs):
        run._r.getparent().remove(run._r)
    for field in footer._p.findall(qn("w:fldSimple")):
        footer._p.remove(field)
    style_paragraph(footer, "Staff report · Agenda item " + v("staff.item") + " · "
                    + v("staff.meeting"), align=Align.LEFT)
    para(doc, "City of " + v("home.city"), bold=True, size=13, align=Align.CENTER,
         space_after=0)
    heading(doc, "Staff Report", 0)
    grid = table(doc, ["for row in staff.header", (v("row.label"), v("row.value")),
                       "endfor"], (1.6, TEXT_WIDTH - 1.6))
    keep_together(grid)

    heading(doc, "Recommended council action", 2)
    para(doc, v("staff.action"), bold=True)
    para(doc, v("staff.commission_recommendation"))

    heading(doc, "Background", 2)
    control(doc, "for paragraph in staff.background")
    para(doc, v("paragraph"))
    control(doc, "endfor")
    control(doc, "if case.exchanges")
    para(doc, "The first exchanges proposed are:", keep_with_next=True)
    bullets(doc, "exchange in case.exchanges", v("exchange"))
    control(doc, "endif")

    heading(doc, "Key terms of the Memorandum of Understanding", 2)
    grid = table(doc, ["for term in staff.terms", (v("term.label"), v("term.text")), "endfor"],
                 (1.8, TEXT_WIDTH - 1.8))
    keep_together(grid)

    heading(doc, "Steps so far", 2)
    grid = table(doc, [("Step", "Date"), "for s in staff.steps", (v("s.step"), v("s.date")),
                       "endfor"], (TEXT_WIDTH - 2.2, 2.2))
    keep_together(grid)

    heading(doc, "Review of the documents", 2)
    control(doc, "if staff.findings")
    para(doc, v("staff.findings_lead"), keep_with_next=True)
    bullets(doc, "finding in staff.findings", v("finding"))
    control(doc, "else")
    para(doc, v("staff.findings_none"))
    control(doc, "endif")

    section(doc, "Fiscal impact", v("staff.fiscal"))
    section(doc, "Environmental review", v("staff.environmental"))
    heading(doc, "Alternatives", 2)
    bullets(doc, "alternative in staff.alternatives", v("alternative"))

    heading(doc, "Attachments", 2)
    control(doc, "for a in staff.attachments")
    para(doc, v("a.letter") + ". " + v("a.title"), space_after=2)
    control(doc, "endfor")
    return doc

