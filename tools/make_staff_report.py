"""Generate the council staff report template, templates/staff-report.docx, with python-docx.

Run from anywhere:  python tools/make_staff_report.py [--out DIR]

The template sees docgen's template context for the case's MOU (doc, home, partner, case,
agreement) plus `staff`: meeting, item, subject, findings (lines of text) and attachments
(titles). The output is deterministic: running the script twice gives identical files.
"""

from __future__ import annotations

import argparse
import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
NAME = "staff-report.docx"
FONTS = {"w:ascii": "Noto Serif", "w:hAnsi": "Noto Serif", "w:eastAsia": "Noto Serif CJK JP",
         "w:cs": "Noto Naskh Arabic"}
FIXED_TIME = datetime(2026, 1, 1, tzinfo=timezone.utc)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

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


def styled(doc: DocxDocument) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:  # theme fonts in the defaults would override the style fonts
        for rfonts in defaults.iter(qn("w:rFonts")):
            rfonts.attrib.clear()
    for name, size in (("Normal", 11), ("Title", 20), ("Heading 1", 13), ("List Bullet", 11),
                       ("List Number", 11), ("Footer", 9)):
        style = styles[name]
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        rfonts.attrib.clear()
        for attr, font in FONTS.items():
            rfonts.set(qn(attr), font)
        style.font.size = Pt(size)  # type: ignore[attr-defined]
        style.font.color.rgb = RGBColor(0, 0, 0)  # type: ignore[attr-defined]
        if name in ("Title", "Heading 1"):
            style.font.bold = True  # type: ignore[attr-defined]
            style.paragraph_format.space_before = Pt(12)  # type: ignore[attr-defined]
            style.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    styles["Normal"].paragraph_format.space_after = Pt(6)  # type: ignore[attr-defined]
    for section in doc.sections:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Inches(1))


def table(doc: DocxDocument, rows: list[tuple[str, str]], widths: tuple[float, float]) -> None:
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


def build() -> DocxDocument:
    doc = Document()
    styled(doc)
    doc.add_paragraph("City of {{ home.city }} · Staff Report", style="Title")
    table(doc, list(HEADER_ROWS), (1.5, 5.0))

    doc.add_heading("Recommendation", 1)
    doc.add_paragraph(RECOMMENDATION)
    doc.add_heading("Background", 1)
    doc.add_paragraph(BACKGROUND)
    doc.add_paragraph("{{ case.interest }}")
    doc.add_heading("Focus areas", 1)
    doc.add_paragraph("The agreement names these focus areas: {{ case.focus_areas_text }}. "
                      "The first exchanges proposed are:")
    doc.add_paragraph("{%p for exchange in case.exchanges %}")
    doc.add_paragraph("{{ exchange }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Fiscal impact", 1)
    doc.add_paragraph(FISCAL)
    doc.add_heading("Steps so far", 1)
    table(doc, [("Step", "Date"), ("{%tr for s in case.history %}", ""),
                ("{{ s.step }}", "{{ s.date }}"), ("{%tr endfor %}", "")], (3.5, 3.0))
    doc.add_heading("Protocol findings", 1)
    doc.add_paragraph("{%p if staff.findings %}")
    doc.add_paragraph("docgen's protocol checks report:")
    doc.add_paragraph("{%p for finding in staff.findings %}")
    doc.add_paragraph("{{ finding }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("docgen's protocol checks found nothing to report.")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Attachments", 1)
    doc.add_paragraph("{%p for title in staff.attachments %}")
    doc.add_paragraph("{{ title }}", style="List Number")
    doc.add_paragraph("{%p endfor %}")
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = "Staff report · {{ home.city }} – {{ partner.city }} · {{ staff.meeting }}"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


def deterministic(doc: DocxDocument) -> bytes:
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = "Staff Report", "docgen", "docgen"
    props.revision, props.created, props.modified = 1, FIXED_TIME, FIXED_TIME
    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rid]
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info))
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=TEMPLATES_DIR)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / NAME
    path.write_bytes(deterministic(build()))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
