"""Document rules: the fixture documents rendered from the bundled templates, each broken by an
edit of its text and reported at the paragraph or table row; and each passed."""

from __future__ import annotations

import pytest
from checking import Edit, document_findings

from docgen.checks.catalog import all_rules

LETTER, MOU, REG = "letter-of-introduction", "mou", "sci-registration"
REPLY = "inquiry-response"

# rule, case, document, edits of its text, where (after "case/kind.docx"), message piece
BREAKS = [
    ("PAR002", "vientiane", MOU, [("Khamphanh Sengdara", "Somphone Keo")], ": table 2 row 1",
     "the signature table does not name Khamphanh Sengdara"),
    ("PAR002", "vientiane", MOU, [(">Mayor of Vientiane Capital<", ">Mayor<")],
     ": table 2 row 1", "lacks the title “Mayor of Vientiane Capital”"),
    ("PAR004", "vientiane", LETTER, [("Dana Whitfield", "Marcus Ortega")], "",
     "does not name its signatory “Dana Whitfield”"),
    ("ADR001", "tetovo", REPLY, [("The Honorable Arben Ziberi", "The Honorable Mayor Ziberi")],
     ": body ¶2", "“The Honorable” goes only before the person's full name"),
    ("ADR002", "tetovo", REPLY, [("Dear Mayor Ziberi:", "Dear Honorable Mayor Ziberi:")],
     ": body ¶8", "an honorific is written in the address block, never in the salutation"),
    ("ADR003", "tetovo", REPLY, [("The Honorable Arben Ziberi", "His Excellency Arben Ziberi")],
     ": body ¶2", "“Excellency” is not the recorded form of address of Arben Ziberi"),
    ("ADR005", "tetovo", REPLY, [("Dear Mayor Ziberi:", "Dear Arben,")], ": body ¶8",
     "the salutation “Dear Arben,” should be “Dear Mayor Ziberi:”"),
    ("NAM001", "vientiane", LETTER, [(">Mayor of Vientiane Capital<", ">Mayor of Vientiane<")],
     ": body ¶3", "“Mayor of Vientiane”: the title is spelled “Mayor of Vientiane Capital”"),
    ("NAM001", "vientiane", MOU, [(">Mayor of Vientiane Capital<",
                                   ">Mayor of Vientiane Capitol<")],
     ": table 2 row 1 col 2 ¶3", "“Mayor of Vientiane Capitol”"),
    ("NAM002", "vientiane", LETTER, [("We write to Vientiane because",
                                      "We write to Vientianne because")],
     ": body ¶11", "“Vientianne” looks like a misspelling of “Vientiane”"),
    ("NAM002", "peshawar", REPLY, [("Peshawar's freelancers", "Peshware's freelancers")],
     ": body ¶10", "“Peshware” looks like a misspelling of “Peshawar”"),
    ("DAT001", "vientiane", LETTER, [("April 20, 2026", "04/20/2026")], ": body ¶1",
     "“04/20/2026”: write the date with the month spelled out"),
    ("DAT001", "vientiane", MOU, [("by September 12, 2027", "by 2027-09-12")],
     ": table 1 row 38 col 1",
     "“2027-09-12”"),
    ("DAT003", "vientiane", MOU, [("Signed at Milpitas City Hall, Milpitas, California on",
                                   "Signed on")], "",
     "does not state the place of signing (Milpitas City Hall, Milpitas, California)"),
    ("SYM001", "vientiane", MOU, [(">Vientiane (ນະຄອນຫຼວງວຽງຈັນ), Lao People's Democratic "
                                   "Republic<", ">Vientiane (ນະຄອນຫຼວງວຽງຈັນ)<")],
     ": table 1 row 1 col 1", "the title does not name “Lao People's Democratic Republic”"),
    ("SYM002", "vientiane", MOU, [(">Date: September 12, 2026<", ">September 12, 2026<", 1)],
     ": table 2 row 1", "the two signature blocks differ: [____, text, text, text, text, "
     "text, text, ວັນທີ: text] against [____, text, text, text, text, text, date: text, "
     "ວັນທີ: text]"),
    ("SYM005", "vientiane", MOU, [("relationship between<", "relationship between "
                                   "Vientiane and<")], ": table 1 row 2 col 1",
     "the title names Vientiane before Milpitas, whose original this is"),
    ("SYM004", "vientiane", MOU, [("The two cities will encourage exchanges",
                                   "The City of Milpitas will encourage exchanges")],
     ": table 1 row 20 col 1", "binds one city only"),
    ("LNG002", "vientiane", MOU, [("the texts being equally valid", "each text signed")],
     "", "done in English, Lao, but no clause says the texts are equally valid"),
    ("LNG003", "peshawar", MOU, [("in English and Urdu, the texts", "in English, the texts"),
                                 ("انگریزی اور اردو میں", "انگریزی میں")], "",
     "the MOU does not say it is done in Urdu"),
    ("TIM006", "vientiane", MOU, [("It may be renewed", "It may be extended")], "",
     "a term of 5 years needs a renewal clause"),
    ("TIM006", "vientiane", MOU, [("Either city may terminate", "The City of Milpitas may "
                                   "terminate")], ": table 1 row 35 col 1",
     "not open to either city alike"),
    ("TIM006", "vientiane", MOU, [("6 months' written notice", "6 months' notice")],
     ": table 1 row 35 col 1", "does not require written notice"),
    ("TIM006", "vientiane", MOU, [("in effect for 5 years", "in effect until revoked")], "",
     "the MOU does not state its term of 5 years"),
    ("REG001", "peshawar", MOU, [("establishing a Friendship City relationship",
                                  "establishing a Sister City relationship")],
     ": table 1 row 2 col 1",
     "calls the relationship a Sister City, but the case is a Friendship City relationship"),
    ("REG001", "vientiane", REG, [(">Sister City<", ">Partnership<"),
                                  ("sister city relationship", "partnership")], "",
     "does not name the relationship type “Sister City”"),
    ("REG003", "peshawar", REG, [("Imran Shah", "I. Shah")], "",
     "does not name Peshawar's contact Imran Shah"),
    ("REG003", "peshawar", REG, [("approved by the Milpitas City Council on April 21, 2026",
                                  "approved by the Milpitas City Council"),
                                 (">April 21, 2026<", "><")],
     "", "does not state the date of the council approval (April 21, 2026)"),
    ("DOC001", "vientiane", LETTER, [(">Excellency:<", ">{{ partner.leader.rank }}:<")],
     ": body ¶8", "template tag left in the text"),
    ("DOC002", "vientiane", LETTER, [("Chanthabouly District", "None")], ": body ¶5",
     "“None” printed where a value belongs"),
    ("DOC003", "vientiane", REG, [(">Milpitas City Hall, Milpitas, California<", "><")],
     ": table 1 row 9", "“Place of signing” has an empty value cell"),
    ("DOC003", "vientiane", LETTER, [(">Priya Raman, Chair, Milpitas Sister Cities "
                                      "Commission<", "><")],
     ": body ¶17", "“cc:” has no value"),
    ("DOC004", "vientiane", LETTER, [("Chanthabouly District", "TBD")], ": body ¶5",
     "placeholder text “TBD”"),
    ("NAM001", "vientiane", LETTER, [(">Mayor of Vientiane Capital<",
                                      ">Mayor of Vientiane Capital City<")], ": body ¶3",
     "“Mayor of Vientiane Capital City”: the title is spelled “Mayor of Vientiane Capital”"),
    ("NAM001", "peshawar", MOU, [(">Mayor of Peshawar<", ">Mayor of the City of Peshawar<")],
     ": table 2 row 1 col 2 ¶3", "“Mayor of the City of Peshawar”: the title is spelled "
     "“Mayor of Peshawar”"),
    ("NAM001", "peshawar", MOU, [(">Mayor of Peshawar<", ">Mayor of Peshawar (Acting)<")],
     ": table 2 row 1 col 2 ¶3", "“Mayor of Peshawar (Acting)”: the title is spelled"),
    ("NAM001", "peshawar", MOU, [(">Mayor of Peshawar<", ">Mayor-in-charge of Peshawar<")],
     ": table 2 row 1 col 2 ¶3", "“Mayor-in-charge of Peshawar”: the title is spelled"),
    ("NAM001", "tetovo", REPLY, [("The Honorable Arben Ziberi", "Deputy Mayor of the "
                                  "Municipality of Tetovo Arben Ziberi")], ": body ¶2",
     "“Deputy Mayor of the Municipality of Tetovo”: the title is spelled"),
    ("REG001", "peshawar", MOU, [("The two cities will encourage exchanges",
                                  "The two sister cities will encourage exchanges")],
     ": table 1 row 19 col 1", "“sister cities” calls the relationship a Sister City"),
    ("REG001", "peshawar", MOU, [("The two cities will encourage exchanges",
                                  "As a fine sister-city, the two cities will encourage "
                                  "exchanges")],
     ": table 1 row 19 col 1", "“sister-city” calls the relationship a Sister City"),
    ("REG001", "peshawar", MOU, [("The two cities will encourage exchanges",
                                  "両市は姉妹都市として exchanges")],
     ": table 1 row 19 col 1", "“姉妹都市” calls the relationship a Sister City"),
    ("REG001", "vientiane", MOU, [("The two cities will encourage exchanges",
                                   "Las ciudades amigas will encourage exchanges")],
     ": table 1 row 20 col 1", "“ciudades amigas” calls the relationship a Friendship City"),
    ("SYM004", "vientiane", MOU, [("The two cities will seek the support of local organizations, "
                                   "volunteers and businesses for the programs carried out "
                                   "under this Memorandum.",
                                   "Milpitas may terminate this Memorandum at any time without "
                                   "notice.")],
     ": table 1 row 22 col 1", "gives one city a right the other lacks"),
    ("SYM004", "vientiane", MOU, [("The two cities will encourage exchanges",
                                   "The City of Milpitas agrees to encourage exchanges")],
     ": table 1 row 20 col 1", "binds one city only"),
    ("SYM004", "vientiane", MOU, [("The two cities will encourage exchanges",
                                   "Vientiane must encourage exchanges")],
     ": table 1 row 20 col 1", "binds one city only"),
    ("SYM007", "vientiane", MOU, [("the texts being equally valid",
                                   "the texts being equally valid; in case of divergence, "
                                   "the English text shall prevail")],
     ": table 1 row 42 col 1",
     "a prevailing text contradicts the clause that the texts are equally valid"),
    ("NAM004", "tetovo", REPLY, [("relationship between Tetovo and Milpitas",
                                  "relationship between Tetovo, Republic of Macedonia, and "
                                  "Milpitas")],
     ": body ¶", "“Republic of Macedonia” is not its name of North Macedonia: write "
     "“Republic of North Macedonia”"),
    ("NAM005", "peshawar", MOU, [("Signed at Peshawar City Hall, Peshawar, Islamic Republic of "
                                  "Pakistan on", "Signed at Peshawar City Hall, Peshawar, "
                                  "Pakistan on")],
     ": table 1 row 43 col 1",
     "“Pakistan” here, “Islamic Republic of Pakistan” elsewhere in the document"),
    ("ADR011", "tetovo", REPLY, [("The Honorable Arben Ziberi", "Hon. Arben Ziberi")],
     ": body ¶2", "“Hon.”: write the honorific out (The Honorable)"),
    ("ADR011", "vientiane", LETTER, [("His Excellency Khamphanh Sengdara",
                                      "Her Excellency Khamphanh Sengdara")],
     ": body ¶2", "the recorded form of address is “His Excellency”"),
    ("ADR002", "tetovo", REPLY, [("Dear Mayor Ziberi:", "Your Excellency,")], ": body ¶8",
     "an honorific is written in the address block, never in the salutation"),
]

# rule, case, document, edits (none: the document as rendered): the rule stays silent
PASSES = [
    *[(rule, case, kind, []) for rule, case, kind in [
        ("PAR002", "peshawar", MOU), ("PAR004", "tetovo", REPLY), ("ADR001", "tetovo", REPLY),
        ("ADR002", "vientiane", LETTER), ("ADR003", "vientiane", LETTER),
        ("ADR005", "peshawar", REPLY), ("NAM001", "vientiane", MOU),
        ("DAT001", "peshawar", REG), ("DAT003", "peshawar", MOU),
        ("SYM001", "peshawar", MOU), ("SYM002", "vientiane", MOU),
        ("SYM005", "peshawar", MOU),
        ("LNG002", "peshawar", MOU), ("LNG003", "vientiane", MOU),
        ("TIM006", "peshawar", MOU), ("REG001", "peshawar", REPLY),
        ("REG003", "vientiane", REG), ("DOC001", "peshawar", MOU),
        ("DOC002", "tetovo", "request-form"), ("DOC003", "vientiane", LETTER),
        ("DOC004", "vientiane", MOU)]],
    ("NAM002", "peshawar", REPLY, [("Peshawar's freelancers", "Peshawari freelancers")]),
    ("NAM002", "tetovo", REPLY, [("University of Tetova", "University of Tetova")]),
    ("SYM004", "vientiane", MOU, [("The two cities will seek the support of local organizations, "
                                   "volunteers and businesses for the programs carried out "
                                   "under this Memorandum.",
                                   "Milpitas will host the first delegation. Vientiane will "
                                   "host the second delegation.")]),
    ("TIM006", "vientiane", MOU, [("Either city may terminate this Memorandum by giving 6 "
                                   "months' written notice",
                                   "Each city may terminate this Memorandum by notice in "
                                   "writing")]),
    ("ADR003", "tetovo", REPLY, [("Dear Mayor Ziberi:", "Dear Mayor Ziberi:")]),
    ("DAT001", "vientiane", LETTER, [("+1 408 555 0142", "+1 (408) 555-0142")]),
    *[(rule, case, kind, []) for rule, case, kind in [
        ("SYM007", "peshawar", MOU), ("NAM004", "tetovo", REPLY), ("NAM005", "peshawar", MOU),
        ("NAM005", "tetovo", REPLY), ("ADR011", "vientiane", LETTER),
        ("REG001", "peshawar", MOU), ("REG001", "peshawar", "request-form")]],
    ("REG001", "vientiane", MOU, [("The two cities will encourage exchanges",
                                   "両市は姉妹都市として exchanges")]),
    ("NAM005", "tetovo", REPLY, [("relationship between Tetovo and Milpitas",
                                  "relationship between Tetovo, North Macedonia, and Milpitas")]),
    ("SYM004", "vientiane", MOU, [("Either city may terminate", "Either city may terminate")]),
]


@pytest.mark.parametrize(("rule", "case", "kind", "edits", "where", "message"), BREAKS,
                         ids=[f"{b[0]}-{i}" for i, b in enumerate(BREAKS)])
def test_rule_reports_broken_document_where_it_is(rule: str, case: str, kind: str,
                                                  edits: list[Edit], where: str,
                                                  message: str) -> None:
    found = [f for f in document_findings(case, kind, edits) if f.rule == rule]
    location = f"{case}/{kind}.docx{where}"
    assert any(f.location.startswith(location) and message in f.message and f.document == kind
               for f in found), found
    exact = not where or not where.endswith("¶")
    assert not exact or any(f.location == location for f in found), found
    assert all(f.severity == all_rules()[rule].severity for f in found)


@pytest.mark.parametrize(("rule", "case", "kind", "edits"), PASSES,
                         ids=[f"{p[0]}-{i}" for i, p in enumerate(PASSES)])
def test_rule_passes_good_document(rule: str, case: str, kind: str,
                                   edits: list[Edit]) -> None:
    assert [f for f in document_findings(case, kind, edits) if f.rule == rule] == []


def test_every_document_rule_is_broken_and_passed_above() -> None:
    # the catalog rules (LNG004-LNG006) are broken and passed by catalogs: test_languages.py
    document_rules = {r.id for r in all_rules().values() if r.scope == "documents"} - {
        "LNG004", "LNG005", "LNG006"}
    assert {b[0] for b in BREAKS} == document_rules
    assert {p[0] for p in PASSES} == document_rules


def test_a_document_edit_breaks_only_what_it_should() -> None:
    found = document_findings("tetovo", REPLY, [("Dear Mayor Ziberi:", "Dear Arben,")])
    assert [(f.rule, f.location) for f in found] == [
        ("ADR005", "tetovo/inquiry-response.docx: body ¶8")]


def test_a_misspelt_title_is_reported_once() -> None:
    found = document_findings("vientiane", MOU, [(">Mayor of Vientiane Capital<",
                                                  ">Mayor of Vientiane Capitol<")])
    assert [f.message for f in found if f.rule == "NAM001"] == [
        "“Mayor of Vientiane Capitol”: the title is spelled “Mayor of Vientiane Capital” in the "
        "case data"]
