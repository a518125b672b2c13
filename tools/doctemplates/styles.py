"""Styles, page, core properties and the deterministic save shared by every template."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Inches, Pt, RGBColor
from docx.styles.style import BaseStyle

FONT = "Noto Serif"
FONT_EAST_ASIA = "Noto Serif CJK JP"
FONT_COMPLEX = "Noto Naskh Arabic"
# the w:rFonts attribute for each script, in the order they are written
FONTS = {"w:ascii": FONT, "w:hAnsi": FONT, "w:eastAsia": FONT_EAST_ASIA, "w:cs": FONT_COMPLEX}
BLACK = RGBColor(0, 0, 0)
FIXED_TIME = datetime(2026, 1, 1, tzinfo=timezone.utc)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o644  # Unix permissions recorded for each zip entry

TEXT_WIDTH = 6.5  # inches: US Letter minus two 1-inch margins

Align = WD_ALIGN_PARAGRAPH


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
    for attr, name in FONTS.items():
        rfonts.set(qn(attr), name)
    style.font.color.rgb = BLACK  # type: ignore[attr-defined]
    set_run_properties(rpr, bold=bold, italic=italic, size=size)


def clear_default_fonts(doc: DocxDocument) -> None:
    """Drop the fonts of the document defaults: theme fonts there override the style fonts."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for rfonts in defaults.iter(qn("w:rFonts")):
            rfonts.attrib.clear()


def setup_styles(doc: DocxDocument) -> None:
    """The serif styles of the templates: body, titles, headings, lists, header and footer."""
    styles = doc.styles
    clear_default_fonts(doc)
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
    """US Letter with 1-inch margins; header and footer half an inch from the edge."""
    for section in doc.sections:
        section.page_width = Inches(8.5)
        section.page_height = Inches(11)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Inches(1))
        section.header_distance = Inches(0.5)
        section.footer_distance = Inches(0.5)


def setup_properties(doc: DocxDocument, title: str, **fields: str) -> None:
    """Deterministic core properties (the title, docgen as author, a fixed date, and any
    other fields given by name, e.g. ``subject``); drop python-docx's thumbnail."""
    props = doc.core_properties
    props.title = title
    for name, value in fields.items():
        setattr(props, name, value)
    props.author = "docgen"
    props.last_modified_by = "docgen"
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]


def save(doc: DocxDocument, path: Path, file_mode: int = FILE_MODE) -> None:
    """Save with constant zip timestamps so that identical input gives identical bytes;
    ``file_mode`` is the Unix permissions recorded for each entry (0: none)."""
    buffer = io.BytesIO()
    doc.save(buffer)
    buffer.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = file_mode << 16
            dst.writestr(info, src.read(item.filename))
    path.write_bytes(out.getvalue())
