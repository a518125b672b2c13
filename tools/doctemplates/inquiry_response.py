"""The Response to an Inquiry: the home city's mayor thanks the partner city and answers.

It never quotes the case file's internal summary back; it names the commission meeting that
will hear the inquiry (the next one after the reply), not the internal deadline, and lists as
enclosed only the request form that is sent with it.
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

REQUEST_FORM = "Request for a " + v("agreement.type_label")


def inquiry_response() -> DocxDocument:
    doc = new_document("Response to an Inquiry", letter=True)
    inquiry = "case.inquiry"
    date_line(doc)
    leader_address(doc)
    control(doc, "if " + inquiry)
    para(
        doc,
        "Thank you for the " + v(inquiry + ".channel_text") + " of " + v(inquiry + ".received")
        + when(inquiry + ".from_name", " from " + v(inquiry + ".from_name")
               + when(inquiry + ".from_title", ", " + v(inquiry + ".from_title")) + ",")
        + " proposing a " + v("agreement.relationship") + " between " + v("partner.city")
        + " and " + v("home.city") + ". The City of " + v("home.city")
        + " warmly welcomes it.",
    )
    control(doc, "else")
    para(
        doc,
        "Thank you for your interest in a " + v("agreement.relationship") + " between "
        + v("partner.city") + " and " + v("home.city") + ". The City of " + v("home.city")
        + " warmly welcomes it.",
    )
    control(doc, "endif")
    para(
        doc,
        when("case.interest", v("case.interest") + " ")
        + "The " + v("home.commission.name") + ", which reviews these proposals and advises "
        "the City Council, shares your interest in " + v(FOCUS_EXCHANGE) + "."
        + when("case.exchanges_text", " Programs such as " + v("case.exchanges_text")
               + " would give the relationship substance from its first year."),
    )
    para(
        doc,
        "The commission will hear your proposal at "
        + "{% if doc.next_commission_meeting %}its meeting of " + v("doc.next_commission_meeting")
        + "{% else %}its next regular meeting{% endif %}. To help it do so, I enclose the "
        "commission's " + REQUEST_FORM + " form; we would be grateful if your office could "
        "complete and return it, and a member of the commission will gladly help with any part "
        "of it. Once the form is returned, our two cities would confirm the focus areas in a "
        "tentative agreement, and a Memorandum of Understanding, approved by the "
        + v("home.city") + " City Council, would then be signed by the highest officials of "
        "both cities and registered with Sister Cities International.",
    )
    home_contacts_sentence(
        doc, "In the meantime, please write with any question to ",
        " our " + POINTS_OF_CONTACT + ".", conjunction="or",
    )
    para(doc, "I look forward to the friendship and cooperation of our two cities.")
    closing(doc)
    para(doc, REQUEST_FORM + " form", label="Enclosure: ", size=9.5, space_after=0)
    cc_commission_chair(doc)
    control(doc, f"if {inquiry} and {inquiry}.from_name")
    para(
        doc,
        v(inquiry + ".from_name")
        + when(inquiry + ".from_title", ", " + v(inquiry + ".from_title")),
        label="cc: ",
        size=9.5,
        space_after=0,
    )
    control(doc, "endif")
    courtesy_translation(doc)
    return doc
