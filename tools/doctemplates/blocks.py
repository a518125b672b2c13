"""Paragraph building blocks: styled paragraphs, docxtpl controls, lists, the letterhead and
footer of a new document, and the parts of a letter (date, address block, closing, cc)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.text.paragraph import Paragraph

from .snippets import v
from .styles import Align, set_run_properties, setup_page, setup_properties, setup_styles


class Container(Protocol):
    """Anything paragraphs can be added to: a document, header, footer or table cell."""

    def add_paragraph(self, text: str = ..., style: str | None = ...) -> Paragraph: ...


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


def para(container: Container, text: str = "", *, style: str | None = None,
         **fmt: Any) -> Paragraph:
    """Add a paragraph to a document, header, footer or table cell (``fmt``: as for
    :func:`style_paragraph`)."""
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
    """One list paragraph per fixed item."""
    for item in items:
        para(doc, item, style=style)


# --------------------------------------------------------------------------- a new document


def letterhead_picture(first: Paragraph) -> None:
    """Above `first`: the home city's letterhead image, or else its seal, when the data has
    one (`home.letterhead`, `home.seal`); nothing at all when it has neither."""
    for text in ("{%p if home.letterhead %}", v("home.letterhead"), "{%p elif home.seal %}",
                 v("home.seal"), "{%p endif %}"):
        paragraph = first.insert_paragraph_before(text)
        if not text.startswith("{%p"):
            paragraph.paragraph_format.alignment = Align.CENTER


def letterhead(doc: DocxDocument, office: str | None = None, first_page: bool = False) -> None:
    """The home city's letterhead, in the section header (`first_page`: in the first page's
    header only); `office` names the sender under the city (default: the commission)."""
    section = doc.sections[0]
    header = section.first_page_header if first_page else section.header
    first = header.paragraphs[0]
    letterhead_picture(first)
    style_paragraph(
        first, "City of " + v("home.city"), bold=True, size=14, align=Align.CENTER
    )
    para(header, office or v("home.commission.name"), align=Align.CENTER, space_after=0)
    para(header, v("home.address|join(' · ')"), align=Align.CENTER, size=8.5, space_after=0)


def _page_field(paragraph: Paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def footer(doc: DocxDocument) -> None:
    """Footer naming both cities and the document, with the page number (for documents kept
    at home: staff reports, registration; nothing sent abroad carries it)."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    style_paragraph(
        paragraph,
        v("first.city") + " – " + v("second.city") + " · " + v("doc.title") + " · page ",
        align=Align.CENTER,
    )
    _page_field(paragraph)


def page_footer(doc: DocxDocument) -> None:
    """A footer with the page number alone, for forms sent abroad."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    style_paragraph(paragraph, "Page ", align=Align.CENTER)
    _page_field(paragraph)


def continuation_header(doc: DocxDocument) -> None:
    """A letter's header from page 2 on: addressee, date, page (the letterhead is on page 1
    only)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header
    style_paragraph(header.paragraphs[0], v("partner.leader.addressed_as"), space_after=0)
    para(header, v("doc.date"), space_after=0)
    page = para(header, "Page ", space_after=12)
    _page_field(page)


def new_document(title: str, with_letterhead: bool = True, *, footer_kind: str = "internal",
                 letter: bool = False) -> DocxDocument:
    """An empty template: styles, page, core properties, letterhead (optional) and footer.

    `letter`: the mayor's letterhead on the first page, a continuation header after it, and no
    footer. `footer_kind`: "internal" (both cities, the title, the page), "page" (the page
    number alone, for what is sent abroad) or "none".
    """
    doc = Document()
    setup_styles(doc)
    setup_page(doc)
    setup_properties(doc, title, subject="Sister city program", comments="", keywords="")
    if letter:
        letterhead(doc, "Office of the " + v("home.leader.rank"), first_page=True)
        continuation_header(doc)
        # a letter fits on one page when its content allows: a little less margin and type
        section = doc.sections[0]
        section.top_margin = section.bottom_margin = Inches(0.8)
        doc.styles["Normal"].font.size = Pt(10.5)  # type: ignore[attr-defined]
        return doc
    if with_letterhead:
        letterhead(doc)
    if footer_kind == "internal":
        footer(doc)
    elif footer_kind == "page":
        page_footer(doc)
    return doc


# --------------------------------------------------------------------------- letter parts


def date_line(doc: DocxDocument) -> None:
    """The date of the letter."""
    para(doc, v("doc.date"), space_before=6, space_after=10)


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
    """Address block and salutation for the partner city's highest official, in the form
    render/address.py derives (Debrett's for a Lord Mayor, "Excellency:" with Excellency)."""
    address_block(doc, [], "partner.leader.address_lines + partner.address")
    para(doc, v("partner.leader.salutation"), space_before=6)


def home_contacts_sentence(doc: DocxDocument, lead: str, tail: str,
                           conjunction: str = "and") -> None:
    """The home side's points of contact in one sentence: `lead`, each contact as "Name,
    Title (email, phone)," joined by `conjunction`, then `tail`."""
    office, volunteer = "home.leader_office_contact", "home.volunteer_contact"
    each = (f"[{office}.text if {office}.present else '', "
            f"{volunteer}.text if {volunteer}.present else '']|select|join(', {conjunction} ')")
    control(doc, f"if {office}.present or {volunteer}.present")
    para(doc, lead + v(each) + "," + tail)
    control(doc, "endif")


def closing(doc: DocxDocument, valediction: str = "Sincerely,") -> None:
    """Valediction and the home leader's signature."""
    para(doc, valediction, space_before=10, space_after=30, keep_with_next=True)
    para(doc, v("home.leader.name"), space_after=0, keep_with_next=True)
    para(doc, v("home.leader.title"), space_after=12)


def cc_commission_chair(doc: DocxDocument) -> None:
    """A copy to the commission's chair, when it has one."""
    control(doc, "if home.commission.chair")
    para(
        doc,
        v("home.commission.chair") + ", Chair, " + v("home.commission.name"),
        label="cc: ",
        size=9.5,
        space_after=0,
    )
    control(doc, "endif")
