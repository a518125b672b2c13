"""The cover of a meeting packet: the agenda, each entry linked to its stamped page."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docgen.pdf.document import Cover, Link, Section, ui_font


def agenda_cover(title: str, meeting: str, what: str, sections: Sequence[Section],
                 notes: Sequence[str] = ()) -> Cover:
    """Numbered items, each with its attachments and the page numbers stamped on them;
    `notes`: lines printed under the agenda (e.g. the inquiries due)."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = ui_font()
    width, height = LETTER
    left, right, bottom = 72.0, width - 72.0, 72.0
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=True)
    canvas.setTitle(f"{meeting}: {what}")
    links: list[Link] = []
    page_index, y = 0, height - 90.0
    canvas.setFont(bold, 20)
    canvas.drawString(left, y, title)
    y -= 28
    canvas.setFont(regular, 13)
    canvas.drawString(left, y, meeting)
    y -= 20
    canvas.drawString(left, y, what)
    y -= 40
    canvas.setFont(bold, 14)
    canvas.drawString(left, y, "Agenda")
    y -= 24

    def room(lines: int) -> None:
        nonlocal y, page_index
        if y - 16 * lines < bottom:
            canvas.showPage()
            page_index, y = page_index + 1, height - 72.0

    def line(text: str, font: str, size: float, indent: float, target: int | None) -> None:
        nonlocal y
        wrapped = simpleSplit(text, font, size, right - left - indent - 60)
        room(len(wrapped))
        top = y + size
        canvas.setFont(font, size)
        for row in wrapped:
            canvas.drawString(left + indent, y, row)
            y -= size + 4
        if target is not None:
            canvas.setFont(regular, size)
            canvas.drawRightString(right, y + size + 4, f"page {target}")
            links.append(Link(page_index, (left + indent - 2, y + size, right + 2, top + 2),
                              target))
        y -= 4

    page = 1
    for number, section in enumerate(sections, start=1):
        line(f"{number}. {section.title.split(': ', 1)[-1]}", bold, 11.5, 0, page)
        for part in section.parts:
            line(part.title, regular, 10.5, 18, page)
            page += part.pages
        y -= 8
    for note in notes:
        line(note, regular, 10.5, 0, None)
    room(2)
    canvas.setFont(regular, 9)
    canvas.drawString(left, max(y - 12, bottom - 24), "Page numbers are those stamped at the "
                      "foot of each page; select an entry to go to it.")
    canvas.showPage()
    canvas.save()
    return Cover(buffer.getvalue(), links)


def text_sheet(title: str, blocks: Sequence[tuple[str, Sequence[str]]]) -> bytes:
    """A plain sheet: a title, then headed blocks of wrapped lines (a status list)."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = ui_font()
    width, height = LETTER
    left, right, bottom = 72.0, width - 72.0, 72.0
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=True)
    canvas.setTitle(title)
    y = height - 90.0

    def write(text: str, font: str, size: float, gap: float) -> None:
        nonlocal y
        rows = simpleSplit(text, font, size, right - left)
        if y - (size + 4) * len(rows) < bottom:
            canvas.showPage()
            y = height - 72.0
        canvas.setFont(font, size)
        for row in rows:
            canvas.drawString(left, y, row)
            y -= size + 4
        y -= gap

    write(title, bold, 16, 12)
    for heading, lines in blocks:
        write(heading, bold, 12.5, 4)
        for text in lines:
            write(text, regular, 10.5, 4)
        y -= 10
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
