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
    static_list,
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
        + ". I enclose the signed "
        "agreement in every language version, the record of the council approval, and the "
        "registration form below with the points of contact of both cities.",
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
    para(
        doc,
        "signed Memorandum of Understanding"
        + when("agreement.languages_text", " (" + v("agreement.languages_text") + ")")
        + "; record of the City Council approval; Partnership Registration Form",
        label="Enclosures: ",
        size=9.5,
        space_after=0,
    )
    cc_commission_chair(doc)

    form_heading = heading(doc, "Partnership Registration Form")
    form_heading.paragraph_format.page_break_before = True
    form_table(
        doc,
        [
            ("US city and state", v("home.city") + when("home.state", ", " + v("home.state"))),
            ("US member organization", v("home.commission.name")),
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
    heading(doc, "Enclosures", 2)
    bullets(
        doc,
        "language in agreement.languages",
        "Signed Memorandum of Understanding, " + v("language.name") + " version",
        "Signed Memorandum of Understanding",
    )
    static_list(
        doc,
        (
            "Record of the "
            + v("home.city")
            + " City Council approval"
            + when("agreement.council_approval", " of " + v("agreement.council_approval")),
        ),
    )
    return doc
