"""The Tentative Agreement: both cities confirm the focus areas and criteria."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from .bilateral import bilateral_opening
from .blocks import bullets, control, heading, para, static_list
from .seals import seal_row
from .snippets import BLANK, SHORT_BLANK, or_blank, v
from .tables import Signatory, contacts_table, signature_table

OVERALL_CRITERIA = (
    "Genuine interest of both cities in the relationship.",
    "Long-term commitment of both cities to the relationship.",
    "Adequate financial support for exchanges and for the maintenance of the relationship.",
    "A realistic assessment of the interests and similarities on which a successful "
    "relationship rests.",
    "A shared desire to learn from and share experiences with each other, which may balance "
    "differences between the two communities.",
    "Separation of personal beliefs from political, economic, commercial and cultural realities.",
    "A focus on the existing strengths of both communities.",
    "Recognition that the relationship is sustained by volunteers as well as by both "
    "municipal governments.",
)


def tentative_agreement() -> DocxDocument:
    doc = bilateral_opening("Tentative Agreement",
                            "toward a " + v("agreement.relationship") + " between", 2)
    heading(doc, "Purpose")
    para(
        doc,
        "This Tentative Agreement records the shared intention of "
        + v("home.city")
        + " and "
        + v("partner.city")
        + " to establish a "
        + v("agreement.relationship")
        + ". It confirms "
        "the focus areas and criteria for the relationship. The relationship itself will be "
        "established by a Memorandum of Understanding signed by the highest officials of both "
        "cities.",
    )
    heading(doc, "Focus areas")
    para(
        doc,
        "Both cities confirm the focus areas of the relationship: "
        + or_blank("case.focus_areas_text")
        + " exchange.",
    )
    control(doc, "if case.interest")
    para(doc, v("case.interest"))
    control(doc, "endif")
    heading(doc, "Guiding criteria")
    para(
        doc, "Both cities confirm the following criteria for the relationship:", keep_with_next=True
    )
    static_list(doc, OVERALL_CRITERIA)
    heading(doc, "Planned exchanges")
    para(doc, "Both cities intend to begin with the following exchanges:", keep_with_next=True)
    bullets(doc, "exchange in case.exchanges", v("exchange"), "To be agreed: " + BLANK)
    heading(doc, "Points of contact")
    para(
        doc,
        "Each city designates a contact in the office of its mayor and a volunteer contact:",
        keep_with_next=True,
    )
    contacts_table(doc)
    heading(doc, "Next steps")
    para(
        doc,
        "Both cities will proceed to a Memorandum of Understanding establishing the "
        + v("agreement.relationship")
        + ", for review and approval by the "
        + v("home.city")
        + " City Council and by the competent authorities of "
        + v("partner.city")
        + ", and for signature by the highest officials of both cities.",
    )
    para(doc, "Done on " + v("doc.date") + ".", keep_with_next=True)
    # matched roles: each mayor's office confirms for its city
    blank_date = "Date: " + SHORT_BLANK
    seal_row(doc, ("home", "partner"))
    signature_table(
        doc,
        *(
            Signatory(
                or_blank(f"{side}.leader_office_contact.name"),
                or_blank(f"{side}.leader_office_contact.title"),
                v(f"{side}.city") + ", " + v(f"{side}.country"),
                blank_date,
            )
            for side in ("home", "partner")
        ),
    )
    return doc
