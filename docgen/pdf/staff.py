"""What the council staff report says, computed from a case as it stood on the meeting day.

`staff_part` gives the template (`templates/staff-report.docx`) every sentence it prints:
the header rows from `home.staff`, the commission's recommendation, the recommended council
action, the background, the key terms of the MOU, fiscal impact, environmental review,
alternatives, the protocol findings as sentences a council reads, the steps so far with
their human names, and the lettered attachments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from docgen.render.context import format_date, join_words, number_words
from docgen.render.submission import language_versions_present
from docgen.workspace.languages import language
from docgen.workspace.model import RELATIONSHIP_LABELS, Case, CaseFile, Person, Workspace

STEP_NAMES = {
    "researched": "Discussed by the {commission}",
    "responded": "Inquiry answered in writing",
    "introduction_sent": "Letter of introduction sent by the Mayor",
    "request_form_received": "Request for a Sister City form received",
    "tentative_agreement": "Tentative agreement confirmed by both cities",
    "council_approval": "Approved by the City Council",
    "signed": "Signed by both Mayors",
    "registered": "Registered with Sister Cities International",
}
CEQA = ("CEQA: this action is not a project under the California Environmental Quality Act "
        "(CEQA Guidelines section 15378): approving a memorandum of understanding results in "
        "no direct or reasonably foreseeable indirect physical change in the environment.")
NO_REVIEW = ("No environmental review is required: approving a memorandum of understanding "
             "makes no physical change to the environment.")
_KEY_REF = re.compile(r"\s*\((?:[a-z_]+\.)+[a-z_0-9.]+(?::[^)]*)?\)")
_KEY = re.compile(r"\b(?:history|agreement|partner|home|inquiry|leader|policy|meetings)"
                  r"(?:\.[a-z_0-9]+)+")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
KEY_WORDS = {"agreement.council_meeting": "the council meeting named for the agreement",
             "history.council_approval": "the recorded council approval",
             "agreement.signed_copy": "the scan of the signed agreement",
             "agreement.signing_place": "the place of signing",
             "agreement.evaluation_by": "the evaluation date"}


def staff_part(ws: Workspace, case_file: CaseFile, number: int, meeting: dt.date,
               findings: Sequence[object], attachments: Sequence[str]) -> dict[str, Any]:
    """`staff` for the report on `case_file` (already as of `meeting`), item `number`."""
    style = ws.settings.date_style
    home = ws.settings.home
    case = case_file.case

    def date(day: dt.date | None) -> str:
        return format_date(day, style)

    commission = home.commission.name if home.commission else \
        f"{home.city} Sister Cities Commission"
    subject = agenda_subject(case_file)
    present = language_versions_present(ws, case_file)
    return {
        "meeting": date(meeting),
        "item": number,
        "subject": subject,
        "header": header_rows(ws, date(meeting), number, subject, commission),
        "action": council_action(ws, case),
        "commission_recommendation": recommendation(case, commission, date),
        "background": background(ws, case, commission, date),
        "terms": key_terms(ws, case, present),
        "steps": steps(case, commission, date),
        "findings_lead": "The review of the documents for this item found the following:",
        "findings_none": "The review of the agreement and its supporting documents found "
                         "nothing that needs the Council's attention.",
        "findings": council_findings(case, findings, style, present),
        "fiscal": "No appropriation is requested. Each city bears the costs of its own "
                  "participation in exchanges, and exchanges are arranged by the commission's "
                  "volunteers with the organizations taking part; any future request for City "
                  "funds will come to the Council separately.",
        "environmental": environmental_line(ws),
        "alternatives": [
            "Adopt the resolution with changes to the Memorandum, which "
            f"{case.partner.city} must then accept before it is signed.",
            f"Refer the item back to the {commission} for further study.",
            "Decline to establish the relationship at this time.",
        ],
        "attachments": [{"letter": chr(ord("A") + i), "title": t}
                        for i, t in enumerate(attachments)],
    }


def agenda_subject(case_file: CaseFile) -> str:
    case = case_file.case
    label = RELATIONSHIP_LABELS[case.agreement.type]
    return (f"{label} Memorandum of Understanding with {case.partner.city}, "
            f"{case.partner.country}")


def _person(person: Person | None, default_title: str) -> str:
    if person is None:
        return ""
    return f"{person.name}, {person.title or default_title}"


def header_rows(ws: Workspace, meeting: str, number: int, subject: str,
                commission: str) -> list[dict[str, str]]:
    staff = ws.settings.home.staff
    rows = [("To", "Honorable Mayor and Members of the City Council"),
            ("From", _person(staff.city_manager, "City Manager") if staff and staff.city_manager
             else f"Staff to the {commission}"),
            ("Prepared by", _person(staff.prepared_by, "") if staff else ""),
            ("Reviewed by", _person(staff.reviewed_by, "") if staff else ""),
            ("Meeting date", meeting), ("Agenda item", str(number)), ("Subject", subject)]
    return [{"label": label, "value": value.rstrip(", ")} for label, value in rows if value]


def council_action(ws: Workspace, case: Case) -> str:
    home = ws.settings.home
    relationship = RELATIONSHIP_LABELS[case.agreement.type].lower()
    return (f"Adopt Resolution No. ______ approving the Memorandum of Understanding "
            f"establishing a {relationship} relationship between the City of {home.city} and "
            f"{case.partner.city}, {case.partner.country}, and authorizing the Mayor to sign "
            "it.")


def recommendation(case: Case, commission: str, date: Any) -> str:
    text = (f"The {commission} recommends that the City Council approve the Memorandum of "
            "Understanding")
    if case.history.tentative_agreement:
        text += (f", whose focus areas the two cities confirmed in a tentative agreement of "
                 f"{date(case.history.tentative_agreement)}")
    return text + "."


def background(ws: Workspace, case: Case, commission: str, date: Any) -> list[str]:
    partner, history = case.partner, case.history
    out: list[str] = []
    if case.origin == "inquiry" and case.inquiry is not None:
        sender = case.inquiry.from_
        by = f" from {sender.name}" + (f", {sender.title}" if sender and sender.title else "") \
            if sender else ""
        first = (f"On {date(case.inquiry.received)} the City received an inquiry{by} of "
                 f"{partner.city} about a partnership.")
        if case.inquiry.summary:
            first += " " + " ".join(case.inquiry.summary.split())
        if history.responded:
            first += f" The {commission} answered it in writing on {date(history.responded)}."
        out.append(first)
    if history.researched:
        meetings = join_words([date(d) for d in history.researched])
        plural = "s" if len(history.researched) > 1 else ""
        text = (f"The {commission} researched {partner.city} against its criteria for "
                f"selecting a sister city at its meeting{plural} of {meetings}.")
        if history.introduction_sent:
            text += (f" On {date(history.introduction_sent)} the Mayor wrote to the "
                     f"{partner.leader.title} to open a line of communication.")
        out.append(text)
    if history.request_form_received:
        text = (f"The City received {partner.city}'s completed Request for a Sister City form "
                f"on {date(history.request_form_received)}.")
        if history.tentative_agreement:
            areas = join_words(list(case.focus_areas))
            text += (f" In a tentative agreement of {date(history.tentative_agreement)} the "
                     f"two cities confirmed {areas + ' as ' if areas else ''}the focus areas "
                     "of the partnership.")
        out.append(text)
    facts = []
    if partner.population:
        facts.append(f"has a population of {partner.population:,}")
    if partner.languages:
        facts.append("speaks " + join_words([language(c).name for c in partner.languages]))
    if partner.industries:
        facts.append("has its key industries in " + join_words(list(partner.industries)))
    if facts:
        out.append(f"{partner.city} " + join_words(facts) + ".")
    if case.interest:
        out.append(" ".join(case.interest.split()))
    return out


def key_terms(ws: Workspace, case: Case, versions: list[str]) -> list[dict[str, str]]:
    """The terms a council reads first; `versions`: the language versions that exist."""
    agreement, policy = case.agreement, ws.settings.policy
    home = ws.settings.home
    if agreement.term_years:
        term = (f"{number_words(agreement.term_years).capitalize()} years from the date both "
                "cities sign, renewable for further periods by mutual written consent.")
    else:
        term = "No fixed term: the Memorandum remains in effect until either city ends it."
    if agreement.evaluation_by:
        by = format_date(agreement.evaluation_by, ws.settings.date_style)
        evaluation = f"Both cities evaluate the partnership by {by}."
    else:
        evaluation = (f"Both cities evaluate the partnership {policy.evaluation_min_months} to "
                      f"{policy.evaluation_max_months} months after signing; the date is set "
                      "when the Memorandum is signed.")
    present = [language(c).name for c in versions]
    missing = [language(c).name for c in agreement.languages if c not in versions]
    done_in = (f"Done in {join_words(present)}"
               + (", the texts being equally valid" if len(present) > 1 else "") + "."
               if present else "The languages of the agreement are not yet recorded.")
    if missing:
        done_in += (f" The {join_words(missing)} text is still to be translated; the "
                    "Memorandum will name only the versions it contains.")
    originals = (f"An original for each city, each naming its own city first; the Mayor of "
                 f"{home.city} and the {case.partner.leader.title} sign both."
                 if agreement.originals == "each"
                 else f"One original, signed by the Mayor of {home.city} and the "
                      f"{case.partner.leader.title}.")
    return [
        {"label": "Relationship", "text": RELATIONSHIP_LABELS[agreement.type] + " relationship."},
        {"label": "Term and renewal", "text": term},
        {"label": "Termination", "text": f"Either city may end the Memorandum by "
                                         f"{number_words(agreement.notice_months)} months' "
                                         "written notice to the other."},
        {"label": "Costs", "text": "Each city bears the costs of its own participation in "
                                   "exchanges, unless both agree otherwise in writing."},
        {"label": "Evaluation", "text": evaluation},
        {"label": "Languages", "text": done_in},
        {"label": "Originals", "text": originals},
    ]


def steps(case: Case, commission: str, date: Any) -> list[dict[str, str]]:
    rows: list[tuple[dt.date, str]] = []
    if case.inquiry is not None:
        rows.append((case.inquiry.received, f"Inquiry received from {case.partner.city}"))
    for key, name in STEP_NAMES.items():
        value = getattr(case.history, key)
        for day in value if isinstance(value, list) else [value] if value else []:
            rows.append((day, name.format(commission=commission)))
    return [{"step": name, "date": date(day)} for day, name in sorted(rows,
                                                                      key=lambda r: r[0])]


def council_findings(case: Case, findings: Sequence[object], style: str,
                     versions: list[str]) -> list[str]:
    """Each finding as a sentence a council can read, then the language versions missing."""
    out = [sentence(f, style) for f in findings]
    present = set(versions)
    for code in case.agreement.languages:
        if code not in present:
            out.append(f"The agreement has no {language(code).name} text yet: the "
                       "Memorandum attached is the "
                       f"{join_words([language(c).name for c in sorted(present)])} version.")
    return out


def sentence(finding: object, style: str = "month-day-year") -> str:
    """`“X” is a deputy (agreement.y)` -> `“X” is a deputy.`: no data keys, dates spelled
    out, with any waiver's reason."""
    message = getattr(finding, "message", None) or str(finding)
    text = _KEY_REF.sub("", " ".join(str(message).split())).strip()
    text = _KEY.sub(lambda m: KEY_WORDS.get(m.group(0), "the " + m.group(0).rsplit(".", 1)[-1]
                                            .replace("_", " ")), text)
    text = _ISO.sub(lambda m: _spelled(m, style), text)
    text = text[:1].upper() + text[1:]
    if not text.endswith((".", "!", "?")):
        text += "."
    reason = getattr(finding, "waived", None)
    if reason:
        text += f" The commission has accepted this: {reason}"
    return text


def environmental_line(ws: Workspace) -> str:
    home = ws.settings.home
    if home.staff and home.staff.environmental_review:
        return home.staff.environmental_review
    return CEQA if (home.state or "").strip() in ("California", "CA") else NO_REVIEW


def _spelled(match: re.Match[str], style: str) -> str:
    try:
        return format_date(dt.date(*(int(g) for g in match.groups())), style)
    except ValueError:
        return match.group(0)
