"""The Memorandum of Understanding establishing the relationship, signed by both leaders.

Its text is docgen's clause library in every language of `agreement.languages` (see
`docgen/render/clauses.py` and the translators' catalogs); this template lays it out.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument

from .agreement_text import agreement_text, signature_blocks
from .blocks import new_document
from .seals import seal_row


def mou() -> DocxDocument:
    # the order of this original (the alternat): its own city first, its own language first,
    # its signature in the place of honour of its layout
    doc = new_document("Memorandum of Understanding", with_letterhead=False)
    agreement_text(doc)
    seal_row(doc, ("left", "right"))  # each city's seal above its signature block
    signature_blocks(doc, ("title", "city", "date"))
    return doc
