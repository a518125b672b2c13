"""Generate docgen's bundled Word templates (docxtpl syntax) with python-docx.

Run from anywhere:  python tools/make_templates.py [--out DIR]

Each template may reference only the keys of docgen's template context (doc, home, partner,
case, agreement); rendering uses a sandboxed Jinja environment with StrictUndefined, so every
optional value is guarded with ``{% if %}``.  Blanks the other side must fill in print a line
of underscores.  The output is deterministic: running the script twice gives identical files.
"""

from __future__ import annotations

import argparse
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Inches, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"

FONT = "Noto Serif"
FONT_EAST_ASIA = "Noto Serif CJK JP"
FONT_COMPLEX = "Noto Naskh Arabic"
BLACK = RGBColor(0, 0, 0)
FIXED_TIME = datetime(2026, 1, 1, tzinfo=timezone.utc)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

BLANK = "_" * 28
SHORT_BLANK = "_" * 16
SIGNATURE_LINE = "_" * 34
TEXT_WIDTH = 6.5  # inches: US Letter minus two 1-inch margins

Align = WD_ALIGN_PARAGRAPH
# A table row is either a tuple of cell texts (the first cell is a bold label) or a bare
# string, which becomes a docxtpl row-level control tag ``{%tr <string> %}``.
Row = tuple[str, ...] | str


# --------------------------------------------------------------------------- Jinja snippets


# "educational and social exchange", or, with no focus areas recorded anywhere, a neutral phrase
_FOCUS = "(case.focus_areas_text or home.focus_areas_text)"
FOCUS_EXCHANGE = f"{_FOCUS} ~ ' exchange' if {_FOCUS} else 'exchanges between our cities'"


def v(expr: str) -> str:
    """An inline expression tag."""
    return "{{ " + expr + " }}"


def or_blank(expr: str, blank: str = BLANK) -> str:
    """The value of ``expr``, or a line of underscores when it is empty."""
    return "{% if " + expr + " %}{{ " + expr + " }}{% else %}" + blank + "{% endif %}"


def when(cond: str, text: str) -> str:
    """``text`` only when ``cond`` holds (inline)."""
    return "{% if " + cond + " %}" + text + "{% endif %}"


def city_name(side: str) -> str:
    """City name with its local name in its own script when it has one, and the country."""
    return (
        v(f"{side}.city")
        + when(f"{side}.has_local_name", " (" + v(f"{side}.local_name") + ")")
        + ", "
        + v(f"{side}.country")
    )


def contact_line(c: str, sep: str) -> str:
    """A contact's name, title, organization, email and phone, skipping empty parts."""
    return v(f"[{c}.name, {c}.title, {c}.organization, {c}.email, {c}.phone]|select|join({sep})")


def contact_or_blank(c: str, sep: str) -> str:
    return (
        "{% if " + c + ".present %}" + contact_line(c, sep) + "{% else %}" + BLANK + "{% endif %}"
    )


# --------------------------------------------------------------------------- document setup


def set_run_properties(
    rpr: CT_RPr, *, bold: bool | None = None, italic: bool | None = None, size: float | None = None
) -> None:
    """Bold, italic and size for every script: complex scripts (Lao, Urdu, ...) use the
    separate w:bCs, w:iCs and w:szCs properties, so equal prominence needs both."""
    for value, plain, complex_script in (
        (bold, rpr.get_or_add_b, rpr.get_or_add_bCs),
        (italic, rpr.get_or_add_i, rpr.get_or_add_iCs),
    ):
        if value is not None:
            plain().val = value
            complex_script().val = value
    if size is not None:
        rpr.get_or_add_sz().val = Pt(size)
        size_cs = rpr.find(qn("w:szCs"))
        if size_cs is None:
            size_cs = OxmlElement("w:szCs")
            rpr.get_or_add_sz().addnext(size_cs)
        size_cs.set(qn("w:val"), str(round(size * 2)))


def set_fonts(
    style: BaseStyle,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
) -> None:
    """Give a style the serif font for every script and drop the theme-font attributes."""
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr, name in (
        ("w:ascii", FONT),
        ("w:hAnsi", FONT),
        ("w:eastAsia", FONT_EAST_ASIA),
        ("w:cs", FONT_COMPLEX),
    ):
        rfonts.set(qn(attr), name)
    style.font.color.rgb = BLACK  # type: ignore[attr-defined]
    set_run_properties(rpr, bold=bold, italic=italic, size=size)


def setup_styles(doc: DocxDocument) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:  # theme fonts in the defaults would override the style fonts
        for rfonts in defaults.iter(qn("w:rFonts")):
            for attr in list(rfonts.attrib):
                rfonts.attrib.pop(attr)
    normal = styles["Normal"]
    set_fonts(normal, 11)
    normal.paragraph_format.space_after = Pt(6)  # type: ignore[attr-defined]
    normal.paragraph_format.line_spacing = 1.1  # type: ignore[attr-defined]
    for name, size in (("Title", 20), ("Subtitle", 12), ("Heading 1", 13), ("Heading 2", 11.5)):
        style = styles[name]
        set_fonts(style, size, bold=name != "Subtitle", italic=False)
        fmt = style.paragraph_format  # type: ignore[attr-defined]
        fmt.space_before = Pt(0 if name in ("Title", "Subtitle") else 12)
        fmt.space_after = Pt(6)
        fmt.keep_with_next = True
        if name in ("Title", "Subtitle"):
            fmt.alignment = Align.CENTER
    title_ppr = styles["Title"].element.pPr
    if title_ppr is not None:  # no border under the title
        border = title_ppr.find(qn("w:pBdr"))
        if border is not None:
            title_ppr.remove(border)
    for name in ("Header", "Footer", "List Bullet", "List Number", "Table Grid"):
        set_fonts(styles[name])
    set_fonts(styles["Header"], 10)
    set_fonts(styles["Footer"], 9)


def setup_page(doc: DocxDocument) -> None:
    for section in doc.sections:
        section.page_width = Inches(8.5)
        section.page_height = Inches(11)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Inches(1))
        section.header_distance = Inches(0.5)
        section.footer_distance = Inches(0.5)


def setup_properties(doc: DocxDocument, title: str) -> None:
    """Deterministic core properties; drop python-docx's thumbnail."""
    props = doc.core_properties
    props.title = title
    props.subject = "Sister city program"
    props.author = "docgen"
    props.last_modified_by = "docgen"
    props.comments = ""
    props.keywords = ""
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]


def letterhead(doc: DocxDocument) -> None:
    """The home city's letterhead, in the section header."""
    header = doc.sections[0].header
    style_paragraph(
        header.paragraphs[0], "City of " + v("home.city"), bold=True, size=14, align=Align.CENTER
    )
    para(header, v("home.commission.name"), align=Align.CENTER, space_after=0)
    para(header, v("home.address|join(' · ')"), align=Align.CENTER, size=8.5, space_after=0)


def footer(doc: DocxDocument) -> None:
    """Footer naming both cities and the document, with the page number."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    style_paragraph(
        paragraph,
        v("first.city") + " – " + v("second.city") + " · " + v("doc.title") + " · page ",
        align=Align.CENTER,
    )
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def new_document(title: str, with_letterhead: bool = True) -> DocxDocument:
    doc = Document()
    setup_styles(doc)
    setup_page(doc)
    setup_properties(doc, title)
    if with_letterhead:
        letterhead(doc)
    footer(doc)
    return doc


def save(doc: DocxDocument, path: Path) -> None:
    """Save with constant zip timestamps so that identical input gives identical bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    buffer.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    path.write_bytes(out.getvalue())


# --------------------------------------------------------------------------- content helpers


def style_paragraph(
    paragraph: Paragraph,
    text: str,
    *,
    label: str = "",
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    space_before: float | None = None,
    space_after: float | None = None,
    keep_with_next: bool = False,
) -> Paragraph:
    """Fill a paragraph: an optional bold label run (no tags) and one run for the text."""
    if label:
        set_run_properties(paragraph.add_run(label)._r.get_or_add_rPr(), bold=True, size=size)
    if text:
        run = paragraph.add_run(text)
        set_run_properties(
            run._r.get_or_add_rPr(), bold=bold or None, italic=italic or None, size=size
        )
    fmt = paragraph.paragraph_format
    if align is not None:
        fmt.alignment = align
    if space_before is not None:
        fmt.space_before = Pt(space_before)
    if space_after is not None:
        fmt.space_after = Pt(space_after)
    if keep_with_next:
        fmt.keep_with_next = True
    return paragraph


class Container(Protocol):
    """Anything paragraphs can be added to: a document, header, footer or table cell."""

    def add_paragraph(self, text: str = ..., style: str | None = ...) -> Paragraph: ...


def para(container: Container, text: str = "", *, style: str | None = None, **fmt) -> Paragraph:
    """Add a paragraph to a document, header, footer or table cell."""
    return style_paragraph(container.add_paragraph(style=style), text, **fmt)


def control(container: Container, tag: str) -> Paragraph:
    """A paragraph-level docxtpl control: the whole paragraph becomes ``{% tag %}``."""
    return container.add_paragraph("{%p " + tag + " %}")


def heading(doc: DocxDocument, text: str, level: int = 1) -> Paragraph:
    """A heading in the "Title" (level 0) or "Heading N" style; text may hold tags."""
    style = "Title" if level == 0 else f"Heading {level}"
    return para(doc, text, style=style)


def bullets(
    doc: DocxDocument, loop: str, item: str, empty: str | None = None, style: str = "List Bullet"
) -> None:
    """One list paragraph per item of a context list, with an optional fallback if empty."""
    control(doc, "for " + loop)
    para(doc, item, style=style)
    if empty is not None:
        control(doc, "else")
        para(doc, empty, style=style)
    control(doc, "endfor")


def static_list(doc: DocxDocument, items: Sequence[str], style: str = "List Bullet") -> None:
    for item in items:
        para(doc, item, style=style)


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


CONTACT_ROLES = (
    ("Mayor's office", "leader_office_contact"),
    ("Volunteer", "volunteer_contact"),
)


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


def date_line(doc: DocxDocument) -> None:
    para(doc, v("doc.date"), space_before=12, space_after=12)


def address_block(doc: DocxDocument, first_lines: Sequence[str], loop: str | None) -> None:
    """Recipient lines, then one paragraph per address line of a context list."""
    for line in first_lines:
        para(doc, line, space_after=0)
    if loop:
        control(doc, "for line in " + loop)
        para(doc, v("line"), space_after=0)
        control(doc, "endfor")
    para(doc, "", space_after=0)


def leader_address(doc: DocxDocument) -> None:
    """Address block and salutation for the partner city's highest official."""
    address_block(
        doc, [v("partner.leader.addressed_as"), v("partner.leader.title")], "partner.address"
    )
    para(doc, v("partner.leader.salutation"), space_before=6)


def home_contacts_paragraphs(doc: DocxDocument, lead: str) -> None:
    """The home side's two points of contact, as a short list after a lead sentence."""
    office, volunteer = "home.leader_office_contact", "home.volunteer_contact"
    control(doc, f"if {office}.present or {volunteer}.present")
    para(doc, lead, keep_with_next=True)
    control(doc, f"if {office}.present")
    para(doc, contact_line(office, '", "'), style="List Bullet", label="In the Mayor's office: ")
    control(doc, "endif")
    control(doc, f"if {volunteer}.present")
    para(
        doc,
        contact_line(volunteer, '", "'),
        style="List Bullet",
        label="Volunteer contact: ",
    )
    control(doc, "endif")
    control(doc, "endif")


def closing(doc: DocxDocument, valediction: str = "Sincerely,") -> None:
    """Valediction and the home leader's signature."""
    para(doc, valediction, space_before=12, space_after=36, keep_with_next=True)
    para(doc, v("home.leader.name"), space_after=0, keep_with_next=True)
    para(doc, v("home.leader.title"), space_after=12)


def cc_commission_chair(doc: DocxDocument) -> None:
    control(doc, "if home.commission.chair")
    para(
        doc,
        v("home.commission.chair") + ", Chair, " + v("home.commission.name"),
        label="cc: ",
        size=9.5,
        space_after=0,
    )
    control(doc, "endif")


def parties_title(doc: DocxDocument, connector: str,
                  sides: tuple[str, str] = ("home", "partner")) -> None:
    """The two cities, each in its own paragraph of the same style."""
    para(doc, city_name(sides[0]), style="Subtitle", bold=True, size=14, space_after=2)
    para(doc, connector, align=Align.CENTER, space_after=2)
    para(doc, city_name(sides[1]), style="Subtitle", bold=True, size=14, space_after=12)


OVERALL_CRITERIA = (
    "Genuine interest of both cities in the relationship.",
    "Long-term commitment of both cities to the relationship.",
    "Adequate financial support for exchanges and for the maintenance of the relationship.",
    "A realistic assessment of the interests and similarities on which a successful "
    "relationship rests.",
    "A shared desire to learn from and share experiences with each other, which may balance "
    "differences between the two communities.",
    "Separation of personal beliefs from political, economic, commercial and cultural realities.",
    "A focus on the existing strengths of both communities.",
    "Recognition that the relationship is sustained by volunteers as well as by both "
    "municipal governments.",
)


# --------------------------------------------------------------------------- the documents


def letter_of_introduction() -> DocxDocument:
    doc = new_document("Letter of Introduction")
    date_line(doc)
    leader_address(doc)
    para(
        doc,
        "On behalf of the people of " + v("home.full_name") + ", I am writing to introduce our "
        "community and to propose that "
        + v("home.city")
        + " and "
        + v("partner.city")
        + " explore the establishment of a "
        + v("agreement.relationship")
        + ".",
    )
    control(doc, "if home.population_text or home.geography_text or home.industries_text")
    para(
        doc,
        v("home.city")
        + " is a community"
        + when("home.population_text", " of " + v("home.population_text") + " residents")
        + when("home.state", " in the state of " + v("home.state"))
        + "."
        + when(
            "home.geography_text",
            " Its geography is characterized by its " + v("home.geography_text") + ".",
        )
        + when(
            "home.industries_text", " Its key industries are " + v("home.industries_text") + "."
        ),
    )
    control(doc, "endif")
    control(doc, "if home.institutions")
    para(doc, "Our community institutions include:", keep_with_next=True)
    bullets(doc, "inst in home.institutions", v("inst.category") + ": " + v("inst.names_text"))
    control(doc, "endif")
    control(doc, "if case.interest")
    para(
        doc,
        "We have chosen to write to "
        + v("partner.city")
        + " for the following reason: "
        + v("case.interest"),
    )
    control(doc, "endif")
    para(
        doc,
        "The " + v("home.commission.name") + ", which advises our City Council on sister city "
        "relationships, proposes that the partnership focus on "
        + v(FOCUS_EXCHANGE)
        + ".",
    )
    control(doc, "if case.exchanges")
    para(doc, "As a first step, we would welcome programs such as:", keep_with_next=True)
    bullets(doc, "exchange in case.exchanges", v("exchange"))
    control(doc, "endif")
    home_contacts_paragraphs(
        doc,
        "To open a line of communication, I have designated two points of contact for this "
        "initiative:",
    )
    para(
        doc,
        "I would be grateful to learn of " + v("partner.city") + "'s interest in this proposal, "
        "and I look forward to your reply and to the friendship of our two cities.",
    )
    closing(doc)
    cc_commission_chair(doc)
    return doc


def inquiry_response() -> DocxDocument:
    doc = new_document("Response to an Inquiry")
    inquiry = "case.inquiry"
    date_line(doc)
    leader_address(doc)
    control(doc, "if " + inquiry)
    para(
        doc,
        "Thank you for the "
        + v(inquiry + ".channel")
        + " of "
        + v(inquiry + ".received")
        + when(
            inquiry + ".from_name",
            " from "
            + v(inquiry + ".from_name")
            + when(inquiry + ".from_title", ", " + v(inquiry + ".from_title")),
        )
        + ", inquiring about a "
        + v("agreement.relationship")
        + " between "
        + v("partner.city")
        + " and "
        + v("home.city")
        + ".",
    )
    control(doc, "if " + inquiry + ".summary")
    para(doc, "We have recorded your inquiry as follows: " + v(inquiry + ".summary"))
    control(doc, "endif")
    control(doc, "else")
    para(
        doc,
        "Thank you for your interest in a "
        + v("agreement.relationship")
        + " between "
        + v("partner.city")
        + " and "
        + v("home.city")
        + ".",
    )
    control(doc, "endif")
    para(
        doc,
        "The City of "
        + v("home.city")
        + " warmly welcomes this interest. The "
        + v("home.commission.name")
        + ", which reviews sister city proposals and makes "
        "recommendations to our City Council, shares your interest in "
        + v(FOCUS_EXCHANGE)
        + "."
        + when("case.interest", " " + v("case.interest")),
    )
    control(doc, "if case.exchanges")
    para(doc, "Exchanges that could give the relationship substance include:", keep_with_next=True)
    bullets(doc, "exchange in case.exchanges", v("exchange"))
    control(doc, "endif")
    para(
        doc,
        "The commission will discuss your inquiry at its regular meetings"
        + when("case.discuss_by", ", no later than " + v("case.discuss_by"))
        + ". To help it do so, "
        "I enclose the commission's Request for a Sister City form, and we would be grateful "
        "if your office could complete and return it. A member of the commission will gladly "
        "help with any part of it.",
    )
    para(
        doc,
        "The next steps toward a " + v("agreement.relationship") + " would be:",
        keep_with_next=True,
    )
    static_list(
        doc,
        (
            "completion and review of the Request for a Sister City form;",
            "a tentative agreement confirming the focus areas and criteria for the relationship;",
            "a Memorandum of Understanding, reviewed and approved by the "
            + v("home.city")
            + " City Council and signed by the highest officials of both cities;",
            "registration of the relationship with Sister Cities International.",
        ),
        style="List Number",
    )
    home_contacts_paragraphs(
        doc, "Please do not hesitate to contact us in the meantime. Our points of contact are:"
    )
    para(doc, "I look forward to the friendship and cooperation of our two cities.")
    closing(doc)
    para(doc, "Request for a Sister City form", label="Enclosure: ", size=9.5, space_after=0)
    cc_commission_chair(doc)
    control(doc, f"if {inquiry} and {inquiry}.from_name")
    para(
        doc,
        v(inquiry + ".from_name")
        + when(inquiry + ".from_title", ", " + v(inquiry + ".from_title")),
        label="cc: ",
        size=9.5,
        space_after=0,
    )
    control(doc, "endif")
    return doc


def city_rows(side: str) -> list[Row]:
    """The form rows describing one city (same rows for both sides)."""
    return [
        ("City", v(f"{side}.city")),
        ("Name in the local language", v(f"{side}.local_name or {side}.city")),
        ("State / province", or_blank(f"{side}.state")),
        ("Country", v(f"{side}.country")),
        ("Population", or_blank(f"{side}.population_text")),
        ("Languages", or_blank(f"{side}.languages_text")),
        ("Geography", or_blank(f"{side}.geography_text")),
        ("Key industries", or_blank(f"{side}.industries_text")),
        f"for inst in {side}.institutions",
        (v("inst.category") + " institutions", v("inst.names_text")),
        "else",
        ("Institutions", BLANK),
        "endfor",
    ]


def request_form() -> DocxDocument:
    doc = new_document("Request for a Sister City")
    heading(doc, "Request for a Sister City", 0)
    para(
        doc,
        "Pre-filled by the "
        + v("home.commission.name")
        + " from its case file on "
        + v("doc.date")
        + ". Please correct any entry and complete the blank lines.",
        italic=True,
        size=9.5,
    )
    form_table(
        doc,
        [
            ("Commission reference", v("case.id")),
            (
                "Initiated by",
                "{% if case.origin == 'inquiry' %}"
                + v("partner.city")
                + when("case.inquiry", " (inquiry received " + v("case.inquiry.received") + ")")
                + "{% else %}"
                + v("home.city")
                + " ("
                + v("home.commission.name")
                + ")"
                + "{% endif %}",
            ),
        ],
    )
    heading(doc, "1. Home city")
    form_table(doc, city_rows("home"))
    heading(doc, "2. Partner city")
    form_table(doc, city_rows("partner"))
    heading(doc, "3. Highest officials")
    side_by_side(
        doc,
        [
            ("Name", v("home.leader.name"), v("partner.leader.name")),
            ("Title", v("home.leader.title"), v("partner.leader.title")),
            ("Addressed as", v("home.leader.addressed_as"), v("partner.leader.addressed_as")),
        ],
    )
    heading(doc, "4. Points of contact")
    contact_fields_table(doc)
    heading(doc, "5. Proposed relationship")
    form_table(
        doc,
        [
            ("Relationship type", v("agreement.type_label")),
            ("Focus areas", or_blank("case.focus_areas_text")),
            "for exchange in case.exchanges",
            ("Proposed exchange " + v("loop.index"), v("exchange")),
            "else",
            ("Proposed exchanges", BLANK),
            "endfor",
            ("Why this community?", or_blank("case.interest")),
        ],
    )
    heading(doc, "6. Completed by")
    form_table(
        doc,
        [
            ("Name", BLANK),
            ("Title / organization", BLANK),
            ("Signature", BLANK),
            ("Date", v("doc.date")),
        ],
    )
    return doc


def bilateral_opening(title: str, lead_in: str, space_after: float,
                      sides: tuple[str, str] = ("home", "partner")) -> DocxDocument:
    """A document of both cities: no one side's letterhead (equal prominence), the title,
    a lead-in line, then the two cities in paragraphs of the same style."""
    doc = new_document(title, with_letterhead=False)
    heading(doc, title, 0)
    para(doc, lead_in, align=Align.CENTER, space_after=space_after)
    parties_title(doc, "and", sides)
    return doc


def tentative_agreement() -> DocxDocument:
    doc = bilateral_opening("Tentative Agreement",
                            "toward a " + v("agreement.relationship") + " between", 2)
    heading(doc, "Purpose")
    para(
        doc,
        "This Tentative Agreement records the shared intention of "
        + v("home.city")
        + " and "
        + v("partner.city")
        + " to establish a "
        + v("agreement.relationship")
        + ". It confirms "
        "the focus areas and criteria for the relationship. The relationship itself will be "
        "established by a Memorandum of Understanding signed by the highest officials of both "
        "cities.",
    )
    heading(doc, "Focus areas")
    para(
        doc,
        "Both cities confirm the focus areas of the relationship: "
        + or_blank("case.focus_areas_text")
        + " exchange.",
    )
    control(doc, "if case.interest")
    para(doc, v("case.interest"))
    control(doc, "endif")
    heading(doc, "Guiding criteria")
    para(
        doc, "Both cities confirm the following criteria for the relationship:", keep_with_next=True
    )
    static_list(doc, OVERALL_CRITERIA)
    heading(doc, "Planned exchanges")
    para(doc, "Both cities intend to begin with the following exchanges:", keep_with_next=True)
    bullets(doc, "exchange in case.exchanges", v("exchange"), "To be agreed: " + BLANK)
    heading(doc, "Points of contact")
    para(
        doc,
        "Each city designates a contact in the office of its mayor and a volunteer contact:",
        keep_with_next=True,
    )
    contacts_table(doc)
    heading(doc, "Next steps")
    para(
        doc,
        "Both cities will proceed to a Memorandum of Understanding establishing the "
        + v("agreement.relationship")
        + ", for review and approval by the "
        + v("home.city")
        + " City Council and by the competent authorities of "
        + v("partner.city")
        + ", and for signature by the highest officials of both cities.",
    )
    para(doc, "Done on " + v("doc.date") + ".", keep_with_next=True)
    # matched roles: each mayor's office confirms for its city
    blank_date = "Date: " + SHORT_BLANK
    signature_table(
        doc,
        *(
            Signatory(
                or_blank(f"{side}.leader_office_contact.name"),
                or_blank(f"{side}.leader_office_contact.title"),
                v(f"{side}.city") + ", " + v(f"{side}.country"),
                blank_date,
            )
            for side in ("home", "partner")
        ),
    )
    return doc


ORDER = ("first", "second")  # the two cities in the order of the document's original


def mou() -> DocxDocument:
    # the order of this original (the alternat): its own city first, its signature in the
    # place of honour; the home city's original is home first, home on the left
    doc = bilateral_opening("Memorandum of Understanding",
                            "establishing a " + v("agreement.type_label") + " relationship "
                            "between", 8, ORDER)
    para(
        doc,
        v("first.full_name") + ", and " + v("second.full_name") + ", hereinafter “the two cities”,",
    )
    para(
        doc,
        "Recognizing the value of exchanges between people in building mutual understanding "
        "and lasting friendship between the peoples of their two countries;",
    )
    para(
        doc,
        "Desiring to cooperate on the basis of equality and mutual benefit in "
        + v(FOCUS_EXCHANGE)
        + ";",
    )
    para(doc, "Have agreed as follows:")

    heading(doc, "Article 1 — Purpose and objectives")
    para(
        doc,
        "The purpose of this Memorandum is to establish a "
        + v("agreement.relationship")
        + " between "
        + v("first.city")
        + " and "
        + v("second.city")
        + ", in order to promote "
        "mutual understanding, friendship and cooperation between their peoples.",
    )
    para(
        doc,
        "The objectives of the relationship are "
        + or_blank("case.focus_areas_text")
        + " exchanges between the residents, institutions and governments of both cities.",
    )
    control(doc, "if case.interest")
    para(doc, v("case.interest"))
    control(doc, "endif")
    control(doc, "if case.exchanges")
    para(doc, "Both cities intend to begin with the following exchanges:", keep_with_next=True)
    bullets(doc, "exchange in case.exchanges", v("exchange"))
    control(doc, "endif")

    heading(doc, "Article 2 — Cooperation")
    static_list(
        doc,
        (
            "Both cities shall encourage exchanges between their residents, schools, "
            "universities, cultural institutions, civic organizations and businesses in the "
            "focus areas named in Article 1.",
            "Both cities will develop together a work plan with short- and long-term goals for "
            "the partnership and will review it every year.",
            "Both cities will seek the support of local organizations, volunteers and businesses "
            "for the programs carried out under this Memorandum.",
            "Each city shall bear the costs of its own participation in exchanges, unless both "
            "cities agree otherwise in writing.",
            "Each city shall inform the other in writing of any change to its points of contact.",
            "Both cities shall carry out this Memorandum in accordance with the laws in force in "
            "their respective countries.",
        ),
        style="List Number",
    )

    heading(doc, "Article 3 — Points of contact")
    para(
        doc,
        "Each city designates a contact in the office of its mayor and a volunteer contact:",
        keep_with_next=True,
    )
    contacts_table(doc, ORDER)

    heading(doc, "Article 4 — Term")
    para(
        doc,
        "This Memorandum shall take effect on the date of its signature by both cities and "
        "shall remain in effect for " + or_blank("agreement.term_text") + ".",
    )
    control(doc, "if agreement.term_years")
    para(doc, "It may be renewed for further periods by mutual written consent of both cities.")
    control(doc, "endif")
    para(
        doc,
        "Either city may terminate this Memorandum by giving "
        + v("agreement.notice_text")
        + " written notice to the other city. This Memorandum may be amended by mutual "
        "written consent of both cities.",
    )

    heading(doc, "Article 5 — Evaluation")
    para(
        doc,
        "Both cities will evaluate the partnership by "
        + or_blank("agreement.evaluation_by")
        + " and may adjust the work plan in light of that evaluation.",
    )

    heading(doc, "Article 6 — Languages")
    para(
        doc,
        "This Memorandum is done in "
        + or_blank("agreement.languages_text")
        + when("agreement.equally_authentic", ", each text being equally authentic")
        + ".",
    )

    heading(doc, "Article 7 — Signature")
    para(
        doc,
        "Signed at "
        + or_blank("agreement.signing_place")
        + " on "
        + or_blank("agreement.signing_date", SHORT_BLANK)
        + ", by the highest officials of "
        "both cities.",
        keep_with_next=True,
    )
    signing_date = "Date: " + or_blank("agreement.signing_date", SHORT_BLANK)
    signature_table(
        doc, leader_signatory("left", signing_date), leader_signatory("right", signing_date)
    )
    return doc


def sci_registration() -> DocxDocument:
    doc = new_document("Registration with Sister Cities International")
    date_line(doc)
    address_block(
        doc,
        [
            "Membership",
            "Sister Cities International",
            "Washington, DC",
            "By email: membership@sistercities.org",
        ],
        None,
    )
    para(doc, "Dear Membership Team:", space_before=6)
    para(
        doc,
        "On behalf of the City of " + v("home.city") + ", I am pleased to submit for "
        "registration the "
        + v("agreement.relationship")
        + " between "
        + v("home.full_name")
        + " and "
        + v("partner.full_name")
        + ", established by a Memorandum of Understanding "
        "signed at "
        + or_blank("agreement.signing_place")
        + " on "
        + or_blank("agreement.signing_date", SHORT_BLANK)
        + ".",
    )
    para(
        doc,
        "The Memorandum was approved by the "
        + v("home.city")
        + " City Council on "
        + or_blank("agreement.council_approval", SHORT_BLANK)
        + ". I enclose the signed "
        "agreement in every language version, the record of the council approval, and the "
        "registration form below with the points of contact of both cities.",
    )
    para(
        doc,
        "We would be grateful if the partnership could be added to our community's profile and "
        "a certificate issued recognizing it. Please direct any questions to "
        "{% if home.leader_office_contact.present %}"
        + contact_line("home.leader_office_contact", '", "')
        + "{% else %}the "
        + v("home.commission.name")
        + "{% endif %}.",
    )
    closing(doc)
    para(
        doc,
        "signed Memorandum of Understanding"
        + when("agreement.languages_text", " (" + v("agreement.languages_text") + ")")
        + "; record of the City Council approval; Partnership Registration Form",
        label="Enclosures: ",
        size=9.5,
        space_after=0,
    )
    cc_commission_chair(doc)

    form_heading = heading(doc, "Partnership Registration Form")
    form_heading.paragraph_format.page_break_before = True
    form_table(
        doc,
        [
            ("US city and state", v("home.city") + when("home.state", ", " + v("home.state"))),
            ("US member organization", v("home.commission.name")),
            ("Partner city", v("partner.city")),
            ("Name in the local language", v("partner.local_name or partner.city")),
            ("Partner country", v("partner.country")),
            ("Relationship type", v("agreement.type_label")),
            ("Date signed", or_blank("agreement.signing_date")),
            ("Place of signing", or_blank("agreement.signing_place")),
            ("City Council approval", or_blank("agreement.council_approval")),
            (
                "Agreement languages",
                or_blank("agreement.languages_text")
                + when("agreement.equally_authentic", " (equally authentic texts)"),
            ),
            ("Term", or_blank("agreement.term_text")),
            ("Evaluation by", or_blank("agreement.evaluation_by")),
            ("Date submitted", v("doc.date")),
        ],
    )
    heading(doc, "Points of contact", 2)
    contacts_table(doc)
    heading(doc, "Enclosures", 2)
    bullets(
        doc,
        "language in agreement.languages",
        "Signed Memorandum of Understanding, " + v("language.name") + " version",
        "Signed Memorandum of Understanding",
    )
    static_list(
        doc,
        (
            "Record of the "
            + v("home.city")
            + " City Council approval"
            + when("agreement.council_approval", " of " + v("agreement.council_approval")),
        ),
    )
    return doc


TEMPLATES: dict[str, Callable[[], DocxDocument]] = {
    "letter-of-introduction": letter_of_introduction,
    "inquiry-response": inquiry_response,
    "request-form": request_form,
    "tentative-agreement": tentative_agreement,
    "mou": mou,
    "sci-registration": sci_registration,
}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=TEMPLATES_DIR, help="output directory")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, build in TEMPLATES.items():
        path = args.out / f"{name}.docx"
        save(build(), path)
        print(path)


if __name__ == "__main__":
    main()
