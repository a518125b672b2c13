"""The registration of the relationship with Sister Cities International: the cover
letter and the Partnership Registration Form."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from .blocks import (
    address_block,
    bullets,
    cc_commission_chair,
    closing,
    date_line,
    heading,
    new_document,
    para,
)
from .snippets import SHORT_BLANK, contact_line, or_blank, v, when
from .tables import contacts_table, form_table


def sci_registration() -> DocxDocument:
    doc = new_document("Registration with Sister Cities International")
    date_line(doc)
    address_block(
        doc,
        [
            "Membership",
            "Sister Cities International",
            "Washington, DC",
            "By email: membership@sistercities.org",
        ],
        None,
    )
    para(doc, "Dear Membership Team:", space_before=6)
    para(
        doc,
        "On behalf of the City of " + v("home.city") + ", I am pleased to submit for "
        "registration the "
        + v("agreement.relationship")
        + " between "
        + v("home.full_name")
        + " and "
        + v("partner.full_name")
        + ", established by a Memorandum of Understanding "
        "signed at "
        + or_blank("agreement.signing_place")
        + " on "
        + or_blank("agreement.signing_date", SHORT_BLANK)
        + ".",
    )
    para(
        doc,
        "The Memorandum was approved by the "
        + v("home.city")
        + " City Council on "
        + or_blank("agreement.council_approval", SHORT_BLANK)
        + ". I enclose the documents listed below for the registration.",
    )
    para(
        doc,
        "We would be grateful if the partnership could be added to our community's profile and "
        "a certificate issued recognizing it. Please direct any questions to "
        "{% if home.leader_office_contact.present %}"
        + contact_line("home.leader_office_contact", '", "')
        + "{% else %}the "
        + v("home.commission.name")
        + "{% endif %}.",
    )
    closing(doc)
    para(doc, "Enclosures", bold=True, size=9.5, space_after=0, keep_with_next=True)
    bullets(doc, "enclosure in agreement.enclosures", v("enclosure"))
    cc_commission_chair(doc)

    form_heading = heading(doc, "Registration summary")
    form_heading.paragraph_format.page_break_before = True
    form_table(
        doc,
        [
            ("US city and state", v("home.city") + when("home.state", ", " + v("home.state"))),
            ("SCI member", "{% if home.sci_membership.recorded %}"
             + v("home.sci_membership.member")
             + when("home.sci_membership.number", ", member no. " + v("home.sci_membership.number"))
             + when("home.sci_membership.dues_through",
                    "; dues paid through " + v("home.sci_membership.dues_through"))
             + "{% else %}not recorded{% endif %}"),
            ("Commission", v("home.commission.name")),
            ("Partner city", v("partner.city")),
            ("Name in the local language", v("partner.local_name or partner.city")),
            ("Partner country", v("partner.country")),
            ("Relationship type", v("agreement.type_label")),
            ("Date signed", or_blank("agreement.signing_date")),
            ("Place of signing", or_blank("agreement.signing_place")),
            ("City Council approval", or_blank("agreement.council_approval")),
            (
                "Agreement languages",
                or_blank("agreement.languages_text")
                + when("agreement.equally_authentic", " (equally authentic texts)"),
            ),
            ("Term", or_blank("agreement.term_text")),
            ("Evaluation by", or_blank("agreement.evaluation_by")),
            ("Date submitted", v("doc.date")),
        ],
    )
    heading(doc, "Points of contact", 2)
    contacts_table(doc)
    return doc
