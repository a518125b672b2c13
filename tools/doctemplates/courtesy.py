"""The courtesy translation after a letter (`letters_translated: true` in the case).

From a new page: the heading ("Courtesy translation — the English letter is the original",
in the partner's language), then the translated letter paragraph by paragraph. docgen's
context gives it as `doc.courtesy` only when every sentence is translated. A right-to-left
language's paragraphs are all `w:bidi`, also those led by a Latin name (the salutation, the
mayor's name); the script pass (render/scripts.py) gives their runs font and direction.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.text.paragraph import Paragraph

from .blocks import control, para
from .snippets import v

# w:pPr children that come after w:bidi in the schema's order
_AFTER_BIDI = ("adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
               "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
               "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
               "pPrChange")


def _bidi(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    for index, child in enumerate(ppr):
        if child.tag.rpartition("}")[2] in _AFTER_BIDI:
            ppr.insert(index, bidi)
            return
    ppr.append(bidi)


def _translation(doc: DocxDocument, rtl: bool) -> None:
    heading = para(doc, v("doc.courtesy.heading"), bold=True, space_after=12)
    heading.paragraph_format.page_break_before = True
    control(doc, "for paragraph in doc.courtesy.paragraphs")
    body = para(doc, v("paragraph"), space_after=8)
    control(doc, "endfor")
    if rtl:
        _bidi(heading)
        _bidi(body)


def courtesy_translation(doc: DocxDocument) -> None:
    control(doc, "if doc.courtesy and doc.courtesy.rtl")
    _translation(doc, rtl=True)
    control(doc, "elif doc.courtesy")
    _translation(doc, rtl=False)
    control(doc, "endif")
