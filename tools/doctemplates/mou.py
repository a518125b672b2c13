"""The Memorandum of Understanding establishing the relationship, signed by both leaders."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from .bilateral import bilateral_opening
from .blocks import bullets, control, heading, para, static_list
from .seals import seal_row
from .snippets import FOCUS_EXCHANGE, SHORT_BLANK, or_blank, v, when
from .tables import contacts_table, leader_signatory, signature_table

ORDER = ("first", "second")  # the two cities in the order of the document's original


def mou() -> DocxDocument:
    # the order of this original (the alternat): its own city first, its signature in the
    # place of honour; the home city's original is home first, home on the left
    doc = bilateral_opening("Memorandum of Understanding",
                            "establishing a " + v("agreement.type_label") + " relationship "
                            "between", 8, ORDER)
    para(
        doc,
        v("first.full_name") + ", and " + v("second.full_name") + ", hereinafter “the two cities”,",
    )
    para(
        doc,
        "Recognizing the value of exchanges between people in building mutual understanding "
        "and lasting friendship between the peoples of their two countries;",
    )
    para(
        doc,
        "Desiring to cooperate on the basis of equality and mutual benefit in "
        + v(FOCUS_EXCHANGE)
        + ";",
    )
    para(doc, "Have agreed as follows:")

    heading(doc, "Article 1 — Purpose and objectives")
    para(
        doc,
        "The purpose of this Memorandum is to establish a "
        + v("agreement.relationship")
        + " between "
        + v("first.city")
        + " and "
        + v("second.city")
        + ", in order to promote "
        "mutual understanding, friendship and cooperation between their peoples.",
    )
    para(
        doc,
        "The objectives of the relationship are "
        + or_blank("case.focus_areas_text")
        + " exchanges between the residents, institutions and governments of both cities.",
    )
    control(doc, "if case.interest")
    para(doc, v("case.interest"))
    control(doc, "endif")
    control(doc, "if case.exchanges")
    para(doc, "Both cities intend to begin with the following exchanges:", keep_with_next=True)
    bullets(doc, "exchange in case.exchanges", v("exchange"))
    control(doc, "endif")

    heading(doc, "Article 2 — Cooperation")
    static_list(
        doc,
        (
            "Both cities shall encourage exchanges between their residents, schools, "
            "universities, cultural institutions, civic organizations and businesses in the "
            "focus areas named in Article 1.",
            "Both cities will develop together a work plan with short- and long-term goals for "
            "the partnership and will review it every year.",
            "Both cities will seek the support of local organizations, volunteers and businesses "
            "for the programs carried out under this Memorandum.",
            "Each city shall bear the costs of its own participation in exchanges, unless both "
            "cities agree otherwise in writing.",
            "Each city shall inform the other in writing of any change to its points of contact.",
            "Both cities shall carry out this Memorandum in accordance with the laws in force in "
            "their respective countries.",
        ),
        style="List Number",
    )

    heading(doc, "Article 3 — Points of contact")
    para(
        doc,
        "Each city designates a contact in the office of its mayor and a volunteer contact:",
        keep_with_next=True,
    )
    contacts_table(doc, ORDER)

    heading(doc, "Article 4 — Term")
    para(
        doc,
        "This Memorandum shall take effect on the date of its signature by both cities and "
        "shall remain in effect for " + or_blank("agreement.term_text") + ".",
    )
    control(doc, "if agreement.term_years")
    para(doc, "It may be renewed for further periods by mutual written consent of both cities.")
    control(doc, "endif")
    para(
        doc,
        "Either city may terminate this Memorandum by giving "
        + v("agreement.notice_text")
        + " written notice to the other city. This Memorandum may be amended by mutual "
        "written consent of both cities.",
    )

    heading(doc, "Article 5 — Evaluation")
    para(
        doc,
        "Both cities will evaluate the partnership by "
        + or_blank("agreement.evaluation_by")
        + " and may adjust the work plan in light of that evaluation.",
    )

    heading(doc, "Article 6 — Languages")
    para(
        doc,
        "This Memorandum is done in "
        + or_blank("agreement.languages_text")
        + when("agreement.equally_authentic", ", each text being equally authentic")
        + ".",
    )

    heading(doc, "Article 7 — Signature")
    para(
        doc,
        "Signed at "
        + or_blank("agreement.signing_place")
        + " on "
        + or_blank("agreement.signing_date", SHORT_BLANK)
        + ", by the highest officials of "
        "both cities.",
        keep_with_next=True,
    )
    signing_date = "Date: " + or_blank("agreement.signing_date", SHORT_BLANK)
    seal_row(doc, ("left", "right"))
    signature_table(
        doc, leader_signatory("left", signing_date), leader_signatory("right", signing_date)
    )
    return doc
