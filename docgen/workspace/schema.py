"""The JSON Schema of case files and of docgen.yaml, for editors (`docgen schema`).

It accepts exactly what the loader accepts (a test runs both over the same files): text
fields take numbers too (the loader reads `phone: 38944555010` as text), a phone number is
text or a whole number, an e-mail address has the shape name@domain.tld, focus areas are
seed 000's words plus those the workspace declares (policy.focus_areas). Every field carries
a description, from what the contract's example files say of it, for hover and completion.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from docgen.workspace.kinds import KIND_IDS
from docgen.workspace.model import Case, Settings
from docgen.workspace.values import BCP47, EMAIL_SHAPE, FOCUS_AREAS

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_CITY = {
    "": "A city: its profile, its highest official and its contacts.",
    "city": "The city's name in English, as documents print it.",
    "local_name": "The city's name in its own language and script (e.g. Тетово, ນະຄອນຫຼວງວຽງຈັນ).",
    "state": "The state, province or prefecture the city lies in.",
    "country": "The country's name, as documents print it (a current name, e.g. Republic of "
               "North Macedonia).",
    "population": "The number of residents, a whole number.",
    "languages": "The city's languages as BCP 47 codes (en, lo, mk, sq, ur, ja), official "
                 "ones first.",
    "geography": "Words for the city's geography (valley, river, mountains).",
    "industries": "The city's key industries.",
    "institutions": "Institutions by kind (academic, cultural, civic, sports...): lists of "
                    "names.",
    "leader": "The city's highest official, who signs the agreement.",
    "contacts": "The city's points of contact: a mayor's-office (leader_office) and a "
                "volunteer contact.",
    "address": "The postal address, one line per item, as letters print it.",
    "seal": "The city's seal, a PNG or JPEG file inside the workspace (images/seal.png), "
            "shown beside its signature block.",
}
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Settings": {
        "": "Workspace settings: the home city's profile and its meeting calendar.",
        "home": "The home city's profile. Every case is a prospective partnership of this "
                "city.",
        "meetings": "Dates of regular meetings: the commission discusses cases; the council "
                    "approves agreements.",
        "policy": "The commission's own numbers and words (deadlines, evaluation window, "
                  "focus areas).",
        "date_style": "How documents spell dates: month-day-year (February 1, 2027, the "
                      "default) or day-month-year (1 February 2027).",
        "rules": "Severity overrides of protocol rules by id: error, warning or off "
                 "(`docgen rules` lists the ids).",
    },
    "Home": {**_CITY, "": "The home city's profile.",
             "commission": "The sister cities commission: its name and its chair.",
             "focus_areas": "The commission's focus areas: educational, cultural, social, "
                            "economic, charitable, and the words of policy.focus_areas.",
             "letterhead": "The logo at the head of outgoing letters, a PNG or JPEG file "
                           "inside the workspace; without it the home seal heads them.",
             "staff": "Who the council's staff report comes from: the City Manager, who "
                      "prepared it and who reviewed it.",
             "sci_membership": "The city's membership of Sister Cities International: "
                               "member name, number, dues paid through."},
    "Staff": {
        "": "The staff named on the council's staff report.",
        "city_manager": "The City Manager (or chief administrator) the report comes from.",
        "prepared_by": "Who prepared the report: name and title.",
        "reviewed_by": "Who reviewed the report: name and title.",
        "environmental_review": "The report's environmental review line in the city's own "
                                "words (e.g. a CEQA determination).",
    },
    "Membership": {
        "": "A Sister Cities International membership.",
        "member": "The member's name as Sister Cities International lists it.",
        "number": "The membership number.",
        "dues_through": "The date the dues are paid through (a date).",
    },
    "Partner": {**_CITY, "": "The partner city abroad."},
    "City": _CITY,
    "Official": {
        "": "A city's highest official.",
        "name": "The official's full name, as written in the address block.",
        "title": "The title of the office (Mayor of the City of Milpitas), spelled the same "
                 "in every document; it may be written in the city's own script.",
        "form_of_address": "The form of address the official's office confirmed (The "
                           "Honorable, His Excellency, Her Excellency).",
        "family_name": "The surname, when it is not the last word of the name.",
        "given_name": "The given name, for cultures that address officials by it (Lao, "
                      "Thai, Icelandic).",
        "name_order": "given-first or family-first: the order in which name is written "
                      "(Tomioka Kenji is family-first).",
        "salutation": "The whole salutation the official's office confirmed (Dear Mayor "
                      "Tanabe:); by default Dear <rank> <surname>:.",
        "in_office_since": "The first day in office (a date).",
        "in_office_until": "The last day in office (a date).",
    },
    "Commission": {"": "The sister cities commission.", "name": "The commission's name.",
                   "chair": "The commission's chair."},
    "Contact": {
        "": "A point of contact.",
        "role": "leader_office (the mayor's office) or volunteer.",
        "name": "The contact's full name.",
        "title": "The contact's position.",
        "organization": "The contact's organization, when not in the title.",
        "email": "The contact's e-mail address (name@domain.tld).",
        "phone": "The contact's phone number, best as text in quotes (\"+1 408 555 0142\").",
    },
    "Meetings": {"": "Dates of regular meetings.",
                 "commission": "The commission's meeting dates (ISO dates, 2026-01-14).",
                 "council": "The city council's meeting dates (ISO dates)."},
    "Policy": {
        "": "The commission's own numbers and words.",
        "inquiry_meetings": "An inquiry is discussed within this many commission meetings "
                            "of its receipt (3).",
        "evaluation_min_months": "The earliest evaluation, in months after signing (6).",
        "evaluation_max_months": "The latest evaluation, in months after signing (24).",
        "focus_areas": "Focus-area words the commission uses besides educational, cultural, "
                       "social, economic and charitable.",
    },
    "Case": {
        "": "A prospective partnership; the file name is the case id.",
        "partner": "The partner city abroad.",
        "origin": "initiated (the commission reached out) or inquiry (the city abroad wrote "
                  "first; then inquiry holds when and how).",
        "inquiry": "The inquiry from abroad: when and how it came, from whom, what it asks.",
        "interest": "Why this community: the key factor that drives programs and exchanges.",
        "focus_areas": "The partnership's focus areas, words of the commission's list.",
        "exchanges": "Exchanges that give the relationship substance, one per item.",
        "history": "What has happened so far, oldest first. Later steps need the earlier "
                   "ones.",
        "agreement": "The agreement: type, languages, term, council meeting, evaluation and "
                     "signing.",
        "waivers": "Protocol findings the commission accepts, each with its reason.",
        "proposal": "What the Request form asks beyond the two cities: community support, "
                    "first-year plan and budget, existing links.",
        "letters_translated": "true: the letter of introduction and the inquiry response are "
                              "followed by a courtesy translation into the partner's language "
                              "of the agreement (from translations/<lang>.po).",
    },
    "Inquiry": {
        "": "The inquiry from abroad.",
        "received": "The date the inquiry was received.",
        "channel": "How it came: email, letter, visit or phone.",
        "from": "Who wrote: name and title.",
        "summary": "What the inquiry asks, in a sentence or two.",
    },
    "Person": {"": "A person.", "name": "The person's full name.",
               "title": "The person's position."},
    "History": {
        "": "The dates of the steps that have happened, in order.",
        "researched": "Commission meetings that discussed the city (dates).",
        "responded": "The written reply to an inquiry (email first, then the formal letter).",
        "introduction_sent": "The mayor's letter of introduction was sent.",
        "request_form_received": "The completed Request for a Sister City form came back.",
        "tentative_agreement": "The tentative agreement confirmed focus areas and criteria.",
        "council_approval": "The city council approved the agreement.",
        "signed": "The highest officials of both cities signed the agreement.",
        "registered": "The packet was sent to Sister Cities International.",
    },
    "Agreement": {
        "": "The agreement between the two cities.",
        "type": "sister-city, friendship-city, county or state.",
        "languages": "The languages the agreement is done in (BCP 47 codes), one official "
                     "language of each city at least.",
        "term_years": "The term in years; a fixed term comes with renewal and termination "
                      "clauses.",
        "council_meeting": "The council meeting whose agenda carries the MOU (a date in "
                           "meetings.council).",
        "evaluation_by": "The date of the evaluation, 6 to 24 months after signing.",
        "signing_place": "Where the agreement is signed, as the MOU states it.",
        "signed_copy": "A scan of the signed agreement, a file inside the workspace.",
        "notice_months": "Months of written notice to terminate (6).",
        "originals": "one (a single original, the default) or each (an original per city, "
                     "each naming its own city first).",
        "signed_copies": "One scan of the signed agreement per language version, by "
                         "language code ({en: scans/x-en.pdf}).",
        "council_record": "The council's resolution or minutes approving the agreement, a "
                          "PDF inside the workspace.",
        "layout": "columns (the language versions side by side) or sequential (one after "
                  "the other); by default columns for two languages.",
        "partner_approval": "The partner's approval of the agreement (e.g. a municipal "
                            "assembly decision): who approved it and when.",
        "attest": "Who attests the signatures on each side (e.g. the City Clerk): both or "
                  "neither.",
    },
    "Approval": {
        "": "An approval of the agreement by a body of the partner city.",
        "by": "The body that approved it (the Municipal Assembly of Tetovo).",
        "date": "The date of the approval.",
    },
    "Attestation": {
        "": "The witnesses who attest the two signatures.",
        "home": "Who attests the home city's signature: name and title.",
        "partner": "Who attests the partner city's signature: name and title.",
    },
    "Proposal": {
        "": "What the Request form asks beyond the two cities.",
        "community_support": "Organizations and volunteer groups that support the link, one "
                             "per item.",
        "first_year_plan": "The program planned for the first year.",
        "first_year_budget": "The budget of the first year and who funds it.",
        "existing_links": "Links between the two communities that exist already (visits, "
                          "exchanges, businesses, family ties).",
    },
    "Waiver": {
        "": "A finding the commission accepts.",
        "rule": "The rule id (PAR001...).",
        "reason": "Why the finding is accepted; shown in every report.",
        "document": "Only in this document kind (mou, letter-of-introduction...).",
    },
}


class _Generator(GenerateJsonSchema):
    def str_schema(self, schema: Any) -> dict[str, Any]:
        out = super().str_schema(schema)
        out["type"] = ["string", "number"]  # the loader reads a number as text
        return out


def json_schema(settings: bool = False, focus_areas: Iterable[str] = (),
                rule_ids: Iterable[str] = ()) -> dict[str, Any]:
    """The schema of docgen.yaml (`settings`) or of a case file; `focus_areas`: the words a
    workspace declares (policy.focus_areas); `rule_ids`: the known rules (the checks' catalog,
    which this layer does not import)."""
    model = Settings if settings else Case
    data = model.model_json_schema(by_alias=True, schema_generator=_Generator)
    words = [*FOCUS_AREAS, *(w for w in focus_areas if w not in FOCUS_AREAS)]
    rules = sorted(rule_ids)
    for name, node in [(model.__name__, data), *data.get("$defs", {}).items()]:
        texts = DESCRIPTIONS.get(name, {})
        node.pop("title", None)
        if "" in texts:
            node["description"] = texts[""]
        for key, prop in node.get("properties", {}).items():
            prop.pop("title", None)
            prop["description"] = texts.get(key, "")
            _refine(name, key, prop, words, rules)
    if not settings:  # origin: inquiry needs the inquiry: section
        data["if"] = {"properties": {"origin": {"const": "inquiry"}}, "required": ["origin"]}
        data["then"] = {"required": ["inquiry"]}
    data["$schema"] = DRAFT
    data["title"] = "docgen settings (docgen.yaml)" if settings else "docgen case file"
    return data


def _refine(model: str, key: str, prop: dict[str, Any], words: list[str],
            rules: list[str]) -> None:
    if model == "Contact" and key == "email":
        prop["anyOf"] = [{"type": "string", "pattern": EMAIL_SHAPE}, {"type": "null"}]
    elif model == "Contact" and key == "phone":
        prop["anyOf"] = [{"type": ["string", "integer"]}, {"type": "null"}]
    elif key == "focus_areas" and model in ("Home", "Case"):
        prop["items"] = {"enum": words}
    elif key == "languages" and model in ("City", "Home", "Partner", "Agreement"):
        from docgen.workspace.languages import known_codes  # CLDR's, as the loader checks

        prop["items"] = {"type": "string", "pattern": BCP47.pattern, "enum": known_codes()}
    elif model == "Waiver" and key == "document":
        prop["anyOf"] = [{"enum": list(KIND_IDS)}, {"type": "null"}]
    elif model == "Waiver" and key == "rule" and rules:
        prop["enum"] = rules
    elif model == "Settings" and key == "rules" and rules:
        prop["propertyNames"] = {"enum": rules}
