"""The Tentative Agreement: both cities confirm the focus areas, the shared criteria and the
next steps, in every language of `agreement.languages`, adopted by each city's leader.

The home commission's own selection criteria are its internal business and do not appear
as commitments of both cities.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument

from .agreement_text import agreement_text, signature_blocks
from .blocks import new_document
from .seals import seal_row


def tentative_agreement() -> DocxDocument:
    doc = new_document("Tentative Agreement", with_letterhead=False)
    agreement_text(doc)
    # each leader adopts it for the city, with the place and date in one line
    seal_row(doc, ("left", "right"))  # each city's seal above its signature block
    signature_blocks(doc, ("title", "for", "date"))
    return doc
