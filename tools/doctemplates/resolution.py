"""The draft council resolution approving the MOU: recitals from the case, the operative
clauses, the Mayor's signature and the City Clerk's attestation.  Its number, the vote and
(until the council acts) the date of adoption are left blank for the clerk."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from .blocks import control, new_document, para
from .snippets import SHORT_BLANK, SIGNATURE_LINE, or_blank, v, when
from .styles import Align

TITLE = (
    "A Resolution of the City Council of the City of " + v("home.city") + " approving a "
    "Memorandum of Understanding establishing a " + v("agreement.relationship") + " between "
    "the City of " + v("home.city") + " and " + v("partner.city") + ", " + v("partner.country")
    + ", and authorizing the Mayor to sign it and the City Clerk to attest the signature"
)
COMMISSION = v("home.commission.name")


def recital(doc: DocxDocument, text: str) -> None:
    para(doc, text, label="WHEREAS, ", align=Align.JUSTIFY)


def resolution() -> DocxDocument:
    doc = new_document("Resolution", with_letterhead=False)
    para(doc, "Resolution No. " + SHORT_BLANK, bold=True, align=Align.CENTER, space_after=12)
    para(doc, TITLE, bold=True, align=Align.CENTER, space_after=18)
    recital(doc, "the City of " + v("home.city") + " takes part in partnerships with cities "
            "abroad to build mutual understanding between peoples through "
            + or_blank("home.focus_areas_text") + " exchanges;")
    control(doc, "if case.origin == 'inquiry' and case.inquiry")
    recital(doc, "on " + v("case.inquiry.received") + " the City received an inquiry from "
            + v("partner.city") + ", " + v("partner.country") + ", about a partnership, and "
            "the " + COMMISSION + " answered it in writing"
            + when("case.dates.responded", " on " + v("case.dates.responded")) + ";")
    control(doc, "endif")
    control(doc, "if case.researched")
    recital(doc, "the " + COMMISSION + " researched " + v("partner.city") + " at its meeting"
            "{% if case.researched|length > 1 %}s{% endif %} of " + v("case.researched_text")
            + " against its criteria for selecting a "
            "partner city;")
    control(doc, "endif")
    control(doc, "if case.interest")
    recital(doc, "the " + COMMISSION + " finds a genuine common interest: " + v("case.interest"))
    control(doc, "endif")
    control(doc, "if case.dates.tentative_agreement")
    recital(doc, "by a tentative agreement of " + v("case.dates.tentative_agreement") + " the "
            "two cities confirmed "
            + when("case.focus_areas_text", v("case.focus_areas_text") + " as ")
            + "the focus areas of the partnership;")
    control(doc, "endif")
    recital(doc, "the Memorandum of Understanding provides that it remains in effect for "
            + or_blank("agreement.term_text") + when("agreement.term_years",
                                                     ", renewable by mutual written consent")
            + ", that either city may end it by " + v("agreement.notice_text") + " written "
            "notice, and that each city bears the costs of its own participation;")
    recital(doc, "the " + COMMISSION + " recommends that the City Council approve the "
            "Memorandum of Understanding;")
    para(doc, "NOW, THEREFORE, BE IT RESOLVED by the City Council of the City of "
         + v("home.city") + " as follows:", bold=True, space_before=6)
    for text in (
        "The City Council finds that the foregoing recitals are true and correct.",
        "The City Council approves the Memorandum of Understanding establishing a "
        + v("agreement.relationship") + " between the City of " + v("home.city") + " and "
        + v("partner.city") + ", " + v("partner.country") + ", in the form presented to it"
        + when("agreement.languages_text", ", done in " + v("agreement.languages_text")) + ".",
        "The City Council authorizes the Mayor to sign the Memorandum of Understanding on "
        "behalf of the City, and the City Clerk to attest the signature.",
    ):
        para(doc, text, style="List Number")
    control(doc, "if agreement.council_approval")
    para(doc, "PASSED AND ADOPTED on " + v("agreement.council_approval") + ", by the "
         "following vote:", space_before=12)
    control(doc, "else")
    para(doc, "PASSED AND ADOPTED this " + SHORT_BLANK + " day of " + SHORT_BLANK + ", by the "
         "following vote:", space_before=12)
    control(doc, "endif")
    for label in ("AYES", "NOES", "ABSENT", "ABSTAIN"):
        para(doc, SIGNATURE_LINE, label=label + ": ", space_after=2)
    para(doc, SIGNATURE_LINE, space_before=30, space_after=0, keep_with_next=True)
    para(doc, v("home.leader.name") + ", " + v("home.leader.title"), keep_with_next=True)
    para(doc, "ATTEST:", bold=True, space_before=12, keep_with_next=True)
    para(doc, SIGNATURE_LINE, space_before=24, space_after=0, keep_with_next=True)
    para(doc, "City Clerk")
    return doc
