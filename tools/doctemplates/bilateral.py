"""The opening shared by the documents of both cities (the tentative agreement and the MOU)."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from .blocks import heading, new_document, para
from .snippets import city_name
from .styles import Align


def parties_title(doc: DocxDocument, connector: str,
                  sides: tuple[str, str] = ("home", "partner")) -> None:
    """The two cities, each in its own paragraph of the same style."""
    para(doc, city_name(sides[0]), style="Subtitle", bold=True, size=14, space_after=2)
    para(doc, connector, align=Align.CENTER, space_after=2)
    para(doc, city_name(sides[1]), style="Subtitle", bold=True, size=14, space_after=12)


def bilateral_opening(title: str, lead_in: str, space_after: float,
                      sides: tuple[str, str] = ("home", "partner")) -> DocxDocument:
    """A document of both cities: no one side's letterhead (equal prominence), the title,
    a lead-in line, then the two cities in paragraphs of the same style."""
    doc = new_document(title, with_letterhead=False)
    heading(doc, title, 0)
    para(doc, lead_in, align=Align.CENTER, space_after=space_after)
    parties_title(doc, "and", sides)
    return doc
