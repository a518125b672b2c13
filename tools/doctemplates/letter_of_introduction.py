"""The Letter of Introduction: the home city's leader writes to the partner city's."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from .blocks import (
    bullets,
    cc_commission_chair,
    closing,
    control,
    date_line,
    home_contacts_paragraphs,
    leader_address,
    new_document,
    para,
)
from .snippets import FOCUS_EXCHANGE, v, when


def letter_of_introduction() -> DocxDocument:
    doc = new_document("Letter of Introduction")
    date_line(doc)
    leader_address(doc)
    para(
        doc,
        "On behalf of the people of " + v("home.full_name") + ", I am writing to introduce our "
        "community and to propose that "
        + v("home.city")
        + " and "
        + v("partner.city")
        + " explore the establishment of a "
        + v("agreement.relationship")
        + ".",
    )
    control(doc, "if home.population_text or home.geography_text or home.industries_text")
    para(
        doc,
        v("home.city")
        + " is a community"
        + when("home.population_text", " of " + v("home.population_text") + " residents")
        + when("home.state", " in the state of " + v("home.state"))
        + "."
        + when(
            "home.geography_text",
            " Its geography is characterized by its " + v("home.geography_text") + ".",
        )
        + when(
            "home.industries_text", " Its key industries are " + v("home.industries_text") + "."
        ),
    )
    control(doc, "endif")
    control(doc, "if home.institutions")
    para(doc, "Our community institutions include:", keep_with_next=True)
    bullets(doc, "inst in home.institutions", v("inst.category") + ": " + v("inst.names_text"))
    control(doc, "endif")
    control(doc, "if case.interest")
    para(
        doc,
        "We have chosen to write to "
        + v("partner.city")
        + " for the following reason: "
        + v("case.interest"),
    )
    control(doc, "endif")
    para(
        doc,
        "The " + v("home.commission.name") + ", which advises our City Council on sister city "
        "relationships, proposes that the partnership focus on "
        + v(FOCUS_EXCHANGE)
        + ".",
    )
    control(doc, "if case.exchanges")
    para(doc, "As a first step, we would welcome programs such as:", keep_with_next=True)
    bullets(doc, "exchange in case.exchanges", v("exchange"))
    control(doc, "endif")
    home_contacts_paragraphs(
        doc,
        "To open a line of communication, I have designated two points of contact for this "
        "initiative:",
    )
    para(
        doc,
        "I would be grateful to learn of " + v("partner.city") + "'s interest in this proposal, "
        "and I look forward to your reply and to the friendship of our two cities.",
    )
    closing(doc)
    cc_commission_chair(doc)
    return doc
