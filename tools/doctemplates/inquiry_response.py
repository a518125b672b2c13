"""The Response to an Inquiry: the home city's leader answers the partner city's inquiry."""

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
    static_list,
)
from .snippets import FOCUS_EXCHANGE, v, when


def inquiry_response() -> DocxDocument:
    doc = new_document("Response to an Inquiry")
    inquiry = "case.inquiry"
    date_line(doc)
    leader_address(doc)
    control(doc, "if " + inquiry)
    para(
        doc,
        "Thank you for the "
        + v(inquiry + ".channel")
        + " of "
        + v(inquiry + ".received")
        + when(
            inquiry + ".from_name",
            " from "
            + v(inquiry + ".from_name")
            + when(inquiry + ".from_title", ", " + v(inquiry + ".from_title")),
        )
        + ", inquiring about a "
        + v("agreement.relationship")
        + " between "
        + v("partner.city")
        + " and "
        + v("home.city")
        + ".",
    )
    control(doc, "if " + inquiry + ".summary")
    para(doc, "We have recorded your inquiry as follows: " + v(inquiry + ".summary"))
    control(doc, "endif")
    control(doc, "else")
    para(
        doc,
        "Thank you for your interest in a "
        + v("agreement.relationship")
        + " between "
        + v("partner.city")
        + " and "
        + v("home.city")
        + ".",
    )
    control(doc, "endif")
    para(
        doc,
        "The City of "
        + v("home.city")
        + " warmly welcomes this interest. The "
        + v("home.commission.name")
        + ", which reviews sister city proposals and makes "
        "recommendations to our City Council, shares your interest in "
        + v(FOCUS_EXCHANGE)
        + "."
        + when("case.interest", " " + v("case.interest")),
    )
    control(doc, "if case.exchanges")
    para(doc, "Exchanges that could give the relationship substance include:", keep_with_next=True)
    bullets(doc, "exchange in case.exchanges", v("exchange"))
    control(doc, "endif")
    para(
        doc,
        "The commission will discuss your inquiry at its regular meetings"
        + when("case.discuss_by", ", no later than " + v("case.discuss_by"))
        + ". To help it do so, "
        "I enclose the commission's Request for a Sister City form, and we would be grateful "
        "if your office could complete and return it. A member of the commission will gladly "
        "help with any part of it.",
    )
    para(
        doc,
        "The next steps toward a " + v("agreement.relationship") + " would be:",
        keep_with_next=True,
    )
    static_list(
        doc,
        (
            "completion and review of the Request for a Sister City form;",
            "a tentative agreement confirming the focus areas and criteria for the relationship;",
            "a Memorandum of Understanding, reviewed and approved by the "
            + v("home.city")
            + " City Council and signed by the highest officials of both cities;",
            "registration of the relationship with Sister Cities International.",
        ),
        style="List Number",
    )
    home_contacts_paragraphs(
        doc, "Please do not hesitate to contact us in the meantime. Our points of contact are:"
    )
    para(doc, "I look forward to the friendship and cooperation of our two cities.")
    closing(doc)
    para(doc, "Request for a Sister City form", label="Enclosure: ", size=9.5, space_after=0)
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
    return doc
