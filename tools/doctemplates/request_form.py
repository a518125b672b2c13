"""The Request form, titled by the relationship ("Request for a Friendship City") and
pre-filled from the case file on the day it is sent.

Each heading stays with its table and no row breaks across pages. The home city shows no
"name in the local language" unless it has one; no internal case reference is printed.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.table import Table

from .blocks import heading, new_document, para
from .snippets import BLANK, or_blank, v, when
from .tables import Row, contact_fields_table, form_table, side_by_side

TITLE = "Request for a " + v("agreement.type_label")


def city_rows(side: str) -> list[Row]:
    """The form rows describing one city (same rows for both sides)."""
    local: list[Row] = (
        [("Name in the local language",
          "{% if partner.has_local_name %}" + v("partner.local_name") + "{% else %}" + BLANK
          + "{% endif %}")]
        if side == "partner" else
        ["if home.has_local_name", ("Name in the local language", v("home.local_name")),
         "endif"])
    return [
        ("City", v(f"{side}.city")),
        *local,
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


def kept_together(grid: Table) -> Table:
    """Keep a table on one page with its heading: every row's paragraphs but the last row's
    keep with the next (rows themselves never split: tables.set_column_widths)."""
    for row in grid.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    return grid


def request_form() -> DocxDocument:
    doc = new_document("Request for a Sister City", footer_kind="page")
    heading(doc, TITLE, 0)
    para(
        doc,
        "Pre-filled by the " + v("home.commission.name") + " on "
        + v("case.form_sent or doc.date")
        + ". Please correct any entry, complete the blank lines and return the form.",
        italic=True,
        size=9.5,
    )
    kept_together(form_table(doc, [(
        "Initiated by",
        "{% if case.origin == 'inquiry' %}" + v("partner.city")
        + when("case.inquiry", " (inquiry received " + v("case.inquiry.received") + ")")
        + "{% else %}" + v("home.city") + " (" + v("home.commission.name") + ")"
        + "{% endif %}",
    )]))
    heading(doc, "1. Home city")
    kept_together(form_table(doc, city_rows("home")))
    heading(doc, "2. Partner city")
    kept_together(form_table(doc, city_rows("partner")))
    heading(doc, "3. Highest officials")
    kept_together(side_by_side(
        doc,
        [
            ("Name", v("home.leader.name"), v("partner.leader.name")),
            ("Title", v("home.leader.title"), v("partner.leader.title")),
            ("Addressed as", v("home.leader.addressed_as"), v("partner.leader.addressed_as")),
        ],
    ))
    heading(doc, "4. Points of contact")
    kept_together(contact_fields_table(doc))
    heading(doc, "5. Proposed relationship")
    kept_together(form_table(
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
    ))
    heading(doc, "6. Support and the first year (optional)")
    kept_together(form_table(
        doc,
        [
            ("Community support (organizations and volunteers)",
             or_blank("case.proposal.community_support_text")),
            ("Program plan for the first year", or_blank("case.proposal.first_year_plan")),
            ("Budget for the first year", or_blank("case.proposal.first_year_budget")),
            ("Existing links between the cities",
             or_blank("case.proposal.existing_links_text")),
        ],
    ))
    heading(doc, "7. Completed by")
    kept_together(form_table(
        doc,
        [
            ("Name", BLANK),
            ("Title / organization", BLANK),
            ("Signature", BLANK),
            ("Date", or_blank("case.form_returned")),
        ],
    ))
    return doc
