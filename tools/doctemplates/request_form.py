"""The Request for a Sister City form, pre-filled from the case file."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from .blocks import heading, new_document, para
from .snippets import BLANK, or_blank, v, when
from .tables import Row, contact_fields_table, form_table, side_by_side


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
