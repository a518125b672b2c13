"""The Letter of Introduction: the home city's mayor writes to the partner city's leader.

On the mayor's letterhead, from the mayor; the commission and the mayor's office are named as
points of contact. Lists are written as sentences so that the letter fits on one page.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument

from .blocks import (
    cc_commission_chair,
    closing,
    control,
    date_line,
    home_contacts_sentence,
    leader_address,
    new_document,
    para,
)
from .courtesy import courtesy_translation
from .snippets import FOCUS_EXCHANGE, POINTS_OF_CONTACT, v, when


def letter_of_introduction() -> DocxDocument:
    doc = new_document("Letter of Introduction", letter=True)
    date_line(doc)
    leader_address(doc)
    para(
        doc,
        "On behalf of the people of " + v("home.city") + when("home.state", ", " + v("home.state"))
        + ", I am writing to introduce our community and to propose that "
        + v("home.city") + " and " + v("partner.city") + " explore a "
        + v("agreement.relationship") + ".",
    )
    control(doc, "if home.population_text or home.industries_text or home.institutions_text")
    para(
        doc,
        when("home.population_text",
             v("home.city") + " is home to " + v("home.population_text") + " residents. ")
        + when("home.industries_text",
               "Our economy is built on " + v("home.industries_text") + ". ")
        + when("home.institutions_text",
               "Among the institutions that would welcome partners in " + v("partner.city")
               + " are " + v("home.institutions_text") + "."),
    )
    control(doc, "endif")
    para(
        doc,
        when("case.interest", "We write to " + v("partner.city") + " because we see much that "
             "our cities share. " + v("case.interest") + " ")
        + "The " + v("home.commission.name") + ", which advises the City Council on these "
        "relationships, proposes that the partnership focus on " + v(FOCUS_EXCHANGE) + "."
        + when("case.exchanges_text",
               " As first steps, we would welcome " + v("case.exchanges_text") + "."),
    )
    home_contacts_sentence(
        doc, "To open a line of communication, I have asked ",
        " to serve as " + POINTS_OF_CONTACT + " for this initiative; your office is welcome to "
        "write at any time.",
    )
    para(
        doc,
        "I would be grateful to learn of " + v("partner.city") + "'s interest in this proposal, "
        "and I look forward to your reply and to the friendship of our two cities.",
    )
    closing(doc)
    cc_commission_chair(doc)
    courtesy_translation(doc)
    return doc
