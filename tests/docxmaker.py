"""Small real DOCX templates written with python-docx, in docxtpl's syntax.

`make_template` writes one paragraph per string; `make_agreement` writes an MOU-sized template
that uses every tag the bundled templates use: `{%p if %}`, `{%p for %}`, `{%tr for %}` rows,
tags in headers and footers, and `{{ }}` split across differently formatted runs.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_template(path: Path, *paragraphs: str, header: str | None = None,
                  footer: str | None = None) -> Path:
    from docx import Document

    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if header is not None:
        doc.sections[0].header.paragraphs[0].text = header
    if footer is not None:
        doc.sections[0].footer.paragraphs[0].text = footer
    return _save(doc, path)


def split_runs(paragraph: Any, *pieces: str) -> None:
    """Add `pieces` as runs that alternate plain and bold, so tags straddle run borders."""
    for i, piece in enumerate(pieces):
        paragraph.add_run(piece).bold = bool(i % 2)


def table(doc: Any, rows: Sequence[Sequence[str]]) -> None:
    grid = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for row, texts in zip(grid.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text


def make_agreement(path: Path, clauses: int = 12) -> Path:
    """An MOU-sized template over `docgen.render.context.document_context` data."""
    from docx import Document

    doc = Document()
    doc.add_heading("{{ doc.title }}", 0)
    split_runs(doc.add_paragraph(), "Between the City of {{ ho", "me.city }}, {{ home.",
               "country }} and the City of {{ partner.city }}, {{ partner.country }}")
    doc.add_paragraph("{%p if partner.has_local_name %}")
    split_runs(doc.add_paragraph(), "(", "{{ partner.local_name }}", ")")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("Dated {{ doc.date }}; {{ agreement.relationship }} "
                      "for {{ agreement.term_text }}.")
    for n in range(1, clauses + 1):
        doc.add_heading(f"Article {n}", 2)
        split_runs(doc.add_paragraph(),
                   f"{n}.1 The City of ", "{{ home.city }}", " and the City of ",
                   "{{ partner.city }}", " shall cooperate in the ",
                   "{{ home.focus_areas_text }}", " fields, with due regard to the ",
                   "{{ partner.geography_text }}", " of both cities.")
        doc.add_paragraph("{%p for area in home.focus_areas %}")
        doc.add_paragraph("{{ loop.index }}. Exchanges in the {{ area }} field between "
                          "{{ home.city }} and {{ partner.city }}.", style="List Bullet")
        doc.add_paragraph("{%p endfor %}")
        doc.add_paragraph("{%p if case.inquiry %}")
        doc.add_paragraph("Following the inquiry of {{ case.inquiry.received }} by "
                          "{{ case.inquiry.from_name }}.")
        doc.add_paragraph("{%p else %}")
        doc.add_paragraph("On the initiative of {{ home.leader.addressed_as }}.")
        doc.add_paragraph("{%p endif %}")
    table(doc, [["Name", "Title", "Email"],
                ["{%tr for c in partner.contacts %}", "", ""],
                ["{{ c.name }}", "{{ c.title }}", "{{ c.email }}"],
                ["{%tr endfor %}", "", ""]])
    doc.add_paragraph()
    table(doc, [["For {{ home.city }}", "For {{ partner.city }}"],
                ["{{ home.leader.name }}", "{{ partner.leader.name }}"],
                ["{{ home.leader.title }}", "{{ partner.leader.title }}"]])
    section = doc.sections[0]
    split_runs(section.header.paragraphs[0], "{{ doc.", "title }} — {{ home.city }} / ",
               "{{ partner.city }}")
    section.footer.paragraphs[0].text = "{{ partner.full_name }} · {{ doc.date }}"
    return _save(doc, path)


def make_columns(path: Path) -> Path:
    """A table whose second row makes one cell per focus area (`{%tc for %}`)."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("Focus areas of {{ home.city }}")
    table(doc, [["One", "Two", "Three"],
                ["{%tc for area in home.focus_areas %}", "{{ area }}", "{%tc endfor %}"]])
    return _save(doc, path)


def make_pictures(path: Path) -> Path:
    """A picture repeated by a `{%p for %}` loop: docxtpl renumbers the copies' ids."""
    from docx import Document
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(image, "PNG")
    doc = Document()
    doc.add_paragraph("{%p for area in home.focus_areas %}")
    doc.add_paragraph("{{ area }}")
    image.seek(0)
    doc.add_picture(image)
    doc.add_paragraph("{%p endfor %}")
    return _save(doc, path)


def make_unbalanced(path: Path, where: str = "body") -> Path:
    """`{% if %}` in a paragraph and its `{% endif %}` in a table cell: when false, the XML
    left is broken. docxtpl repairs a broken body; a broken header is an error."""
    from docx import Document
    from docx.shared import Inches

    doc = Document()
    container = doc if where == "body" else doc.sections[0].header
    container.add_paragraph("Before {% if doc.kind == 'nothing' %}hidden")
    cells = (container.add_table(1, 2) if where == "body"
             else container.add_table(1, 2, Inches(4)))
    cells.rows[0].cells[0].text = "also hidden {% endif %} after"
    cells.rows[0].cells[1].text = "{{ partner.city }}"
    doc.add_paragraph("The end, {{ home.city }}.")
    return _save(doc, path)


def add_footnotes(path: Path, *notes: str) -> Path:
    """Give the template a footnotes part (python-docx cannot write one)."""
    body = "".join(f'<w:footnote w:id="{n}"><w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>'
                   "</w:footnote>" for n, text in enumerate(notes, start=1))
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
           f'<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
           f"<w:separator/></w:r></w:p></w:footnote>{body}</w:footnotes>")
    return _rewrite(path, {
        "word/footnotes.xml": xml.encode(),
        "[Content_Types].xml": lambda text: text.replace(
            "</Types>", f'<Override PartName="/word/footnotes.xml" ContentType="{FOOTNOTES_TYPE}"'
            "/></Types>"),
        "word/_rels/document.xml.rels": lambda text: text.replace(
            "</Relationships>", f'<Relationship Id="rIdFootnotes" Type="{FOOTNOTES_REL}" '
            'Target="footnotes.xml"/></Relationships>'),
    })


def without_core_properties(path: Path) -> Path:
    """The template without docProps/core.xml, as some tools write packages."""
    return _rewrite(path, {
        "docProps/core.xml": None,
        "[Content_Types].xml": lambda text: re.sub(r'<Override PartName="/docProps/core.xml"'
                                                   r"[^>]*/>", "", text),
        "_rels/.rels": lambda text: re.sub(r'<Relationship [^>]*Target="docProps/core.xml"'
                                           r"[^>]*/>", "", text),
    })


def _rewrite(path: Path, changes: dict[str, Any]) -> Path:
    """Replace, drop (None), edit (a function of the text) or add zip members."""
    with zipfile.ZipFile(path) as zf:
        entries = {info.filename: zf.read(info) for info in zf.infolist()}
    for name, change in changes.items():
        if change is None:
            del entries[name]
        elif callable(change):
            entries[name] = change(entries[name].decode("utf-8")).encode("utf-8")
        else:
            entries[name] = change
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def _save(doc: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
