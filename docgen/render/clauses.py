"""The agreements' text as a clause library: every sentence once, in English, with a stable id.

The tentative agreement and the MOU are sequences of blocks (titles, headings, clauses, list
items). Each clause has a `msgctxt` that never changes with its wording, and python-brace
placeholders (`{first_city}`) that docgen fills in each language. Blocks that hold case data
(`@interest`, `@exchanges`, ...) become the case's own strings. `render.versions` turns the
library and the catalogs into the text of every language version.

The drafting is that of a non-binding municipal instrument, as US cities' texts are: "will",
"the two cities", no "shall" or "Article".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    kind: str  # title | lead | party | para | heading | item | bullet | contact
    ctx: str  # a clause id, or "@<data>" for case strings
    text: str = ""
    when: str | None = None  # a condition (see versions.conditions); "!x" for its negation
    comment: str = ""


RELATIONSHIPS = {
    "sister-city": "Sister City relationship",
    "friendship-city": "Friendship City relationship",
    "county": "Sister County relationship",
    "state": "Sister State relationship",
}

# Pieces used inside clauses and signature blocks.
PIECES = {
    "party.full": ("{city}, {country}", "a city and its country, as the parties are named"),
    "party.local": ("{city} ({local_name})", "a city followed by its name in its own script"),
    "sign.date": ("Date: {date}", "the date line of a signature block"),
    "sign.for": ("For the City of {city}", "the line under a signatory's title"),
    "sign.place_date": ("Signed at {place} on {date}", "a signatory's place and date line"),
    "sign.attest": ("Attest: {name}, {title}", "who attests a signature (a City Clerk)"),
    "contact.leader_office": ("{city}, mayor's office: {contact}", "a city's contact in its "
                              "mayor's office: name, title, e-mail"),
    "contact.volunteer": ("{city}, volunteer contact: {contact}", "a city's volunteer contact"),
    "contact.missing": ("to be designated", "a contact not yet named"),
    "blank.place": ("(place to be completed)", "an unknown place of signing"),
    "blank.date": ("(date to be completed)", "an unknown date"),
}

_MOU_HEAD = (
    Block("title", "mou.title", "Memorandum of Understanding"),
    Block("lead", "mou.original_of", "Original of {first_city}", "each_original",
          "with an original for each city: whose original this is"),
    Block("lead", "mou.lead", "establishing a {relationship} between"),
    Block("party", "@first"),
    Block("lead", "common.and", "and"),
    Block("party", "@second"),
)

MOU = (
    *_MOU_HEAD,
    Block("para", "mou.recital.parties", "{first} and {second}, hereinafter “the two cities”,"),
    Block("para", "mou.recital.exchange", "Recognizing the value of exchanges between people in "
          "building mutual understanding and lasting friendship between the peoples of their "
          "two countries;"),
    Block("para", "mou.recital.cooperate", "Desiring to cooperate on the basis of equality and "
          "mutual benefit in {focus} exchange;", "focus"),
    Block("para", "mou.recital.cooperate_any", "Desiring to cooperate on the basis of equality "
          "and mutual benefit in exchanges between their communities;", "!focus"),
    Block("para", "mou.recital.council", "Noting that the City Council of {home_city} approved "
          "this Memorandum on {council_approval};", "council"),
    Block("para", "mou.recital.partner_approval", "Noting that {partner_approval_by} approved "
          "this Memorandum on {partner_approval_date};", "partner_approval_dated"),
    Block("para", "mou.recital.partner_approved", "Noting that {partner_approval_by} approved "
          "this Memorandum;", "partner_approval_undated"),
    Block("para", "mou.recital.understanding", "Have reached the following understanding:"),
    Block("heading", "mou.h.purpose", "Purpose"),
    Block("para", "mou.purpose", "This Memorandum establishes a {relationship} between "
          "{first_city} and {second_city}, to promote mutual understanding, friendship and "
          "cooperation between their peoples."),
    Block("para", "mou.objectives", "The objectives of the relationship are {focus} exchanges "
          "between the residents, institutions and governments of both cities.", "focus"),
    Block("para", "@interest", when="interest"),
    Block("para", "mou.exchanges", "The two cities intend to begin with the following "
          "exchanges:", "exchanges"),
    Block("bullet", "@exchanges", when="exchanges"),
    Block("heading", "mou.h.cooperation", "Cooperation"),
    Block("item", "mou.coop.encourage", "The two cities will encourage exchanges between their "
          "residents, schools, universities, cultural institutions, civic organizations and "
          "businesses in the areas named above."),
    Block("item", "mou.coop.plan", "The two cities will develop together a work plan with "
          "short- and long-term goals for the partnership and will review it every year."),
    Block("item", "mou.coop.support", "The two cities will seek the support of local "
          "organizations, volunteers and businesses for the programs carried out under this "
          "Memorandum."),
    Block("item", "mou.coop.costs", "Each city will bear the costs of its own participation in "
          "exchanges, unless the two cities decide otherwise in writing."),
    Block("item", "mou.coop.contacts", "Each city will inform the other in writing of any "
          "change to its points of contact."),
    Block("item", "mou.coop.laws", "The two cities will carry out this Memorandum in "
          "accordance with the laws in force in their respective countries."),
    Block("heading", "mou.h.contacts", "Points of contact"),
    Block("para", "mou.contacts", "Each city designates a contact in the office of its mayor "
          "and a volunteer contact:"),
    Block("contact", "@contacts"),
    Block("heading", "mou.h.term", "Term"),
    Block("para", "mou.term.fixed", "This Memorandum takes effect on the date of its signature "
          "by both cities and remains in effect for {term_years} years.", "term"),
    Block("para", "mou.term.open", "This Memorandum takes effect on the date of its signature "
          "by both cities and remains in effect for an indefinite period.", "!term"),
    Block("para", "mou.renewal", "It may be renewed for further periods by mutual written "
          "consent of both cities.", "term"),
    Block("para", "mou.termination", "Either city may terminate this Memorandum by giving "
          "{notice_months} months' written notice to the other city."),
    Block("para", "mou.amendment", "This Memorandum may be amended by mutual written consent "
          "of both cities."),
    Block("heading", "mou.h.evaluation", "Evaluation"),
    Block("para", "mou.evaluation", "The two cities will evaluate the partnership by "
          "{evaluation_by} and may adjust the work plan in light of that evaluation.",
          "evaluation"),
    Block("para", "mou.evaluation_open", "The two cities will evaluate the partnership on a date "
          "they set together, and may adjust the work plan in light of that evaluation.",
          "!evaluation"),
    Block("heading", "mou.h.nature", "Nature of this Memorandum"),
    Block("para", "mou.nonbinding", "This Memorandum expresses the intentions of the two "
          "cities. It creates no legal obligations under domestic or international law."),
    Block("heading", "mou.h.languages", "Languages and originals"),
    Block("para", "mou.originals.one", "This Memorandum is done in one original, in "
          "{languages}.", "one_original_single"),
    Block("para", "mou.originals.one_multi", "This Memorandum is done in one original, in "
          "{languages}, the texts being equally valid.", "one_original_multi"),
    Block("para", "mou.originals.each", "This Memorandum is done in two originals, in "
          "{languages}; each city keeps one original.", "each_original_single"),
    Block("para", "mou.originals.each_multi", "This Memorandum is done in two originals, each "
          "in {languages}, the texts being equally valid; each city keeps one original.",
          "each_original_multi"),
    Block("heading", "mou.h.signature", "Signature"),
    Block("para", "mou.signed", "Signed at {place} on {signing_date} by the highest officials "
          "of both cities."),
)

TENTATIVE = (
    Block("title", "ta.title", "Tentative Agreement"),
    Block("lead", "ta.lead", "toward a {relationship} between"),
    Block("party", "@first"),
    Block("lead", "common.and", "and"),
    Block("party", "@second"),
    Block("heading", "ta.h.purpose", "Purpose"),
    Block("para", "ta.purpose", "This Tentative Agreement records the shared intention of "
          "{first_city} and {second_city} to establish a {relationship}. It confirms the focus "
          "areas of the relationship, the criteria both cities agree on and the next steps. "
          "The relationship itself will be established by a Memorandum of Understanding "
          "signed by the highest officials of both cities."),
    Block("heading", "ta.h.focus", "Focus areas"),
    Block("para", "ta.focus", "Both cities confirm the focus areas of the relationship: {focus} "
          "exchange.", "focus"),
    Block("para", "ta.focus_open", "Both cities will agree on the focus areas of the "
          "relationship in the Memorandum of Understanding.", "!focus"),
    Block("para", "@interest", when="interest"),
    Block("heading", "ta.h.criteria", "Shared criteria"),
    Block("para", "ta.criteria", "Both cities agree that the relationship rests on:"),
    Block("item", "ta.criteria.interest", "the genuine interest of both communities in each "
          "other;"),
    Block("item", "ta.criteria.commitment", "a long-term commitment of both cities;"),
    Block("item", "ta.criteria.equality", "equality and reciprocity: each city takes part on "
          "the same footing and bears the costs of its own participation;"),
    Block("item", "ta.criteria.people", "the participation of residents, institutions and "
          "volunteers as well as of both municipal governments."),
    Block("heading", "ta.h.exchanges", "Planned exchanges"),
    Block("para", "ta.exchanges", "Both cities intend to begin with the following exchanges:",
          "exchanges"),
    Block("bullet", "@exchanges", when="exchanges"),
    Block("para", "ta.exchanges_open", "Both cities will agree on the first exchanges in the "
          "Memorandum of Understanding.", "!exchanges"),
    Block("heading", "ta.h.contacts", "Points of contact"),
    Block("para", "ta.contacts", "Each city designates a contact in the office of its mayor "
          "and a volunteer contact:"),
    Block("contact", "@contacts"),
    Block("heading", "ta.h.next", "Next steps"),
    Block("para", "ta.next", "Both cities will proceed to a Memorandum of Understanding "
          "establishing the {relationship}, for approval by the City Council of {home_city} "
          "and by the competent authorities of {partner_city}, and for signature by the highest "
          "officials of both cities."),
    Block("para", "ta.done", "Done on {date}."),
)

DOCUMENTS = {"mou": MOU, "mou-partner": MOU, "tentative-agreement": TENTATIVE}

# The case data a block or a placeholder takes, by `@name`, for the translators' catalogs.
CASE_KEYS = ("interest", "exchanges", "focus_areas", "agreement.signing_place")
CITY_KEYS = ("city", "state", "country", "leader.title")


def bundled_sources() -> list[tuple[str, str, str]]:
    """Every bundled clause as (msgctxt, English, comment), in document order, once."""
    out: dict[str, tuple[str, str, str]] = {}
    for blocks in (TENTATIVE, MOU):
        for block in blocks:
            if not block.ctx.startswith("@") and block.ctx not in out:
                out[block.ctx] = (block.ctx, block.text, block.comment)
    for type_id, text in RELATIONSHIPS.items():
        out[f"relationship.{type_id}"] = (f"relationship.{type_id}", text,
                                          "the kind of relationship, after “a”")
    for ctx, (text, comment) in PIECES.items():
        out[ctx] = (ctx, text, comment)
    return list(out.values())
