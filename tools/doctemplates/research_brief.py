"""The research brief on a candidate city: the two cities side by side on the commission's
selection criteria (seed 000), as far as the case data settles them, and what is still
unknown."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from .blocks import bullets, control, heading, new_document, para
from .snippets import v
from .tables import side_by_side

UNKNOWN = "not recorded"


def known(expr: str) -> str:
    return "{% if " + expr + " %}{{ " + expr + " }}{% else %}" + UNKNOWN + "{% endif %}"


def institutions(side: str) -> str:
    return ("{% for i in " + side + ".institutions %}{{ i.category }}: {{ i.names_text }}"
            "{% if not loop.last %}. {% endif %}{% else %}" + UNKNOWN + "{% endfor %}")


# criteria of seed 000 that the case format does not hold: the commission finds them out
NOT_IN_THE_DATA = (
    "Local ethnic population and links to the community (arts groups, universities, "
    "Rotary, YMCA)",
    "Sister city relationships of the candidate city in other countries, and whether they "
    "are successful",
    "Financial support pledged for exchanges and for maintaining the relationship",
    "Trade exchange potential, investment climate and annual number of tourists",
    "History of diplomatic relations between the two countries",
)


def research_brief() -> DocxDocument:
    doc = new_document("Research Brief")
    heading(doc, "Research brief: " + v("partner.city") + ", " + v("partner.country"), 0)
    para(doc, "For the " + v("home.commission.name") + " · " + v("doc.date"), italic=True)
    para(doc, "This brief compares " + v("home.city") + " and " + v("partner.city") + " on the "
         "commission's criteria for selecting a partner city, from what the case records so "
         "far."
         "{% if case.researched %} The commission discussed " + v("partner.city") + " at its "
         "meeting{% if case.researched|length > 1 %}s{% endif %} of "
         + v("case.researched_text") + ".{% endif %}")
    heading(doc, "The two cities", 2)
    side_by_side(doc, [
        ("Population", known("home.population_text"), known("partner.population_text")),
        ("Geography", known("home.geography_text"), known("partner.geography_text")),
        ("Key industries", known("home.industries_text"), known("partner.industries_text")),
        ("Languages", known("home.languages_text"), known("partner.languages_text")),
        ("Institutions", institutions("home"), institutions("partner")),
    ])
    heading(doc, "Why this community", 2)
    para(doc, known("case.interest"))
    heading(doc, "Exchange goals", 2)
    para(doc, "Focus areas: " + known("case.focus_areas_text") + ".")
    bullets(doc, "exchange in case.exchanges", v("exchange"), "No exchange has been proposed "
            "yet.")
    heading(doc, "Existing links", 2)
    control(doc, "if partner.volunteer_contact.present")
    para(doc, "A volunteer contact in " + v("partner.city") + ": " + v("partner.volunteer_contact"
         ".name") + "{% if partner.volunteer_contact.title %}, "
         + v("partner.volunteer_contact.title") + "{% endif %}.")
    control(doc, "else")
    para(doc, "The case records no volunteer contact in " + v("partner.city") + " yet.")
    control(doc, "endif")
    heading(doc, "Still unknown", 2)
    control(doc, "if not partner.population_text")
    para(doc, "The population of " + v("partner.city"), style="List Bullet")
    control(doc, "endif")
    for key, what in (("geography", "Its geography"), ("industries", "Its key industries"),
                      ("institutions", "Its institutions (schools, museums, civic groups)")):
        control(doc, "if not partner." + key)
        para(doc, what, style="List Bullet")
        control(doc, "endif")
    control(doc, "if not case.interest")
    para(doc, "Why this community: the key factor for programs and exchanges",
         style="List Bullet")
    control(doc, "endif")
    control(doc, "if not case.exchanges")
    para(doc, "The exchange goals of both cities", style="List Bullet")
    control(doc, "endif")
    for item in NOT_IN_THE_DATA:
        para(doc, item, style="List Bullet")
    return doc
