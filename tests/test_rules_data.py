"""Data rules: each broken by an edit of the fixture workspace, reported at the edited line;
and each passed by a nearby edit that is fine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from checking import AS_OF, data_findings, line_of
from conftest import edit

from docgen.checks.catalog import all_rules

VOLUNTEER = ("    - role: volunteer\n      name: Noy Keovilay\n"
             "      title: Coordinator, Lao-American Friendship Association\n"
             "      email: noy.keovilay@example.la\n")
HOME_VOLUNTEER = ("    - role: volunteer\n      name: Helen Tran\n"
                  "      title: Commissioner, Milpitas Sister Cities Commission\n"
                  "      email: htran@example.org\n")
TITLE = "title: Mayor of Vientiane Capital"
PESHAWAR_AGREEMENT = ("agreement:\n  type: friendship-city\n  languages: [en, ur]\n"
                      "  term_years: 3\n  council_meeting: 2026-04-21\n"
                      "  evaluation_by: 2027-06-02\n")
PESHAWAR_PLACE = "  signing_place: Peshawar City Hall, Peshawar, Islamic Republic of Pakistan\n"
V, T, P, H = "cases/vientiane.yaml", "cases/tetovo.yaml", "cases/peshawar.yaml", "docgen.yaml"

# rule, file edited, edits, the text on the reported line, a piece of the message, as of
BREAKS = [
    ("PAR001", V, [(TITLE, "title: Deputy Mayor of Vientiane Capital")], "Deputy Mayor",
     "is a deputy, not the highest official", AS_OF),
    ("PAR001", H, [("title: Mayor of the City", "title: Acting Mayor of the City")],
     "Acting Mayor", "is an acting official", AS_OF),
    ("PAR001", T, [("title: Mayor of the Municipality", "title: Former Mayor of the "
                    "Municipality")], "Former Mayor", "a former official", AS_OF),
    ("PAR001", V, [(TITLE, "title: Director of External Relations")], "Director of",
     "does not name a city's highest office", AS_OF),
    ("PAR003", V, [(TITLE, "title: Governor of Vientiane Capital")], "Governor of",
     "are offices of different rank", AS_OF),
    ("PAR005", V, [("form_of_address: His Excellency",
                    "form_of_address: His Excellency\n    in_office_until: 2026-08-31")],
     "in_office_until", "leaves office on 2026-08-31, before the date of: mou (2026-09-12)",
     AS_OF),
    ("ADR006", V, [("form_of_address: His Excellency", "form_of_address: The Honorable")],
     "name: Khamphanh", "Lao names are used in formal address by the given name", AS_OF),
    ("ADR007", T, [("  address:\n    - Municipality of Tetovo\n    - Ilindenska bb\n"
                    "    - 1200 Tetovo, North Macedonia\n", "")],
     "partner:", "no postal address for Arben Ziberi", AS_OF),
    ("PAR005", H, [("form_of_address: The Honorable",
                    "form_of_address: The Honorable\n    in_office_since: 2026-05-01")],
     "in_office_since", "takes office on 2026-05-01, after the date of: "
     "letter-of-introduction (2026-04-20)", AS_OF),
    ("ADR004", T, [("    form_of_address: The Honorable\n", "")], "  leader:",
     "no form of address for Arben Ziberi", AS_OF),
    ("DAT002", V, [("  signing_place: Milpitas City Hall, Milpitas, California", "")],
     "signed: 2026-09-12", "agreement.signing_place is missing", AS_OF),
    ("SYM003", V, [(VOLUNTEER, "")], "  contacts:", "Vientiane has no volunteer contact", AS_OF),
    ("SYM003", H, [(HOME_VOLUNTEER, "")], "  contacts:", "Milpitas has no volunteer contact",
     AS_OF),
    ("LNG001", V, [("languages: [en, lo]", "languages: [fr]")], "languages: [fr]",
     "no official language of Lao People's Democratic Republic (Lao)", AS_OF),
    # English, which Vientiane lists among its languages, does not stand in for Lao (CLDR)
    ("LNG001", V, [("languages: [en, lo]", "languages: [en]")], "languages: [en]",
     "done in English, but no official language of Lao People's Democratic Republic", AS_OF),
    ("LNG001", P, [("  languages: [en, ur]\n", "")], "^agreement:",
     "agreement.languages is empty", AS_OF),
    ("REG002", V, [("  signed: 2026-09-12", "  signed: 2026-09-12\n  registered: 2026-10-01")],
     "registered:", "agreement.signed_copy is missing", AS_OF),
    ("TIM011", V, [("  council_approval: 2026-07-21\n", ""), ("  signed: 2026-09-12\n", ""),
                   ("  evaluation_by: 2027-09-12\n", "")], "^agreement:",
     "the MOU goes to council on 2026-07-21 with no evaluation date", AS_OF),
    ("SYM009", V, [("  term_years: 5", "  term_years: 5\n  attest:\n    home: {name: Carmen "
                    "Reyes, title: City Clerk}")], "  attest:",
     "only one side's signature is attested: name who attests for Vientiane", AS_OF),
    ("REG002", V, [("  term_years: 5", "  term_years: 5\n  signed_copy: scans/mou.pdf")],
     "signed_copy:", "'scans/mou.pdf' is not a file in the workspace", AS_OF),
    ("TIM001", V, [("council_approval: 2026-07-21", "council_approval: 2026-09-20")],
     "signed: 2026-09-12", "history.signed (2026-09-12) is before history.council_approval",
     AS_OF),
    ("TIM001", P, [("responded: 2026-01-09", "responded: 2026-01-02")], "responded:",
     "is before inquiry.received (2026-01-05)", AS_OF),
    ("TIM001", V, [("introduction_sent: 2026-04-20", "introduction_sent: 2026-03-01")],
     "introduction_sent:", "before the first research meeting (2026-03-11)", AS_OF),
    ("TIM002", V, [("  council_approval: 2026-07-21\n", "")], "signed: 2026-09-12",
     "history.signed is recorded but history.council_approval is missing", AS_OF),
    ("TIM002", T, [("  researched: [2026-10-14]",
                    "  researched: [2026-10-14]\n  tentative_agreement: 2026-11-11")],
     "tentative_agreement:", "history.request_form_received is missing", AS_OF),
    ("TIM003", T, [("researched: [2026-10-14]", "researched: [2027-01-13]")], "researched:",
     "first discussed on 2027-01-13, after the 3rd commission meeting since (2026-12-09)",
     AS_OF),
    ("TIM003", T, [("  researched: [2026-10-14]\n", "")], "received:",
     "has not been discussed (history.researched) and the 3rd commission meeting since "
     "(2026-12-09) has passed", dt.date(2026, 12, 10)),
    ("TIM004", T, [("  researched: [2026-10-14]\n", "")], "received:",
     "must be discussed at the next commission meeting (2026-12-09)", AS_OF),
    ("TIM004", T, [("  researched: [2026-10-14]\n", ""), ("received: 2026-10-02",
                                                          "received: 2027-02-01")],
     "received:", "meetings.commission lists no coming meeting", dt.date(2027, 3, 20)),
    ("TIM005", V, [("evaluation_by: 2027-09-12", "evaluation_by: 2027-01-12")],
     "evaluation_by:", "is not between 2027-03-12 and 2028-09-12", AS_OF),
    ("TIM005", V, [("  evaluation_by: 2027-09-12\n", "")], "signed: 2026-09-12",
     "agreement.evaluation_by is missing", AS_OF),
    ("TIM007", V, [("council_meeting: 2026-07-21", "council_meeting: 2026-07-22")],
     "council_meeting:", "is not a council meeting in meetings.council", AS_OF),
    ("TIM007", V, [("council_meeting: 2026-07-21", "council_meeting: 2026-10-20")],
     "council_meeting:", "is after the signing (2026-09-12)", AS_OF),
    # rank read by meaning, wherever the title says it
    ("PAR001", V, [(TITLE, "title: Mayor of Vientiane Capital (Deputy)")], "(Deputy)",
     "is a deputy", AS_OF),
    ("PAR001", V, [(TITLE, "title: Mayor-in-charge of Vientiane Capital")], "Mayor-in-charge",
     "an official in charge for the office holder", AS_OF),
    ("PAR001", V, [(TITLE, "title: Officer-in-Charge, Office of the Mayor of Vientiane")],
     "Officer-in-Charge", "an official in charge", AS_OF),
    ("PAR001", V, [(TITLE, "title: Mayor Pro Tem of Vientiane Capital")], "Pro Tem",
     "a temporary official", AS_OF),
    ("PAR001", V, [(TITLE, "title: 高崎市副市長")], "高崎市副市長", "is a deputy", AS_OF),
    ("PAR001", T, [("title: Mayor of the Municipality of Tetovo",
                    "title: Заменик-градоначалник на Општина Тетово")], "Заменик",
     "is a deputy", AS_OF),
    ("PAR006", T, [("title: Mayor of the Municipality of Tetovo",
                    "title: President of the Council of the Municipality of Tetovo")],
     "President of the Council", "presides over the council, but the data names a mayor's "
     "office (“Head of the Mayor's Cabinet”)", AS_OF),
    ("ADR010", V, [("form_of_address: His Excellency", "form_of_address: His Excellency\n"
                    "    salutation: \"Dear Governor Sengdara:\"")], "salutation:",
     "addresses a governor, but Khamphanh Sengdara is “Mayor of Vientiane Capital”", AS_OF),
    ("ADR010", T, [("form_of_address: The Honorable", "form_of_address: Hon.")],
     "form_of_address: Hon.", "written out (The Honorable), never abbreviated", AS_OF),
    ("ADR010", T, [("form_of_address: The Honorable", "form_of_address: The Honorable\n"
                    "    salutation: \"Your Excellency,\"")], "salutation:",
     "uses “Excellency”, but the recorded form of address is “The Honorable”", AS_OF),
    ("ADR010", V, [("form_of_address: His Excellency", "form_of_address: His Excellency\n"
                    "    salutation: \"Dear Madam Mayor:\"")], "form_of_address:",
     "“His Excellency” for Khamphanh Sengdara, whom the data calls “madam”", AS_OF),
    ("SYM006", P, [("name: Imran Shah", "name: Ayesha Gul")], "^    - role: volunteer",
     "Ayesha Gul is both the mayor's-office and the volunteer contact of Peshawar", AS_OF),
    ("SYM006", H, [("email: htran@example.org", "email: MOrtega@example.org")],
     "^    - role: volunteer", "the e-mail MOrtega@example.org is both", AS_OF),
    ("NAM003", T, [("country: Republic of North Macedonia", "country: Republic of Macedonia")],
     "country:", "“Republic of Macedonia” is not its name of North Macedonia: write “Republic "
     "of North Macedonia”", AS_OF),
    ("NAM003", V, [("country: Lao People's Democratic Republic", "country: Burma")],
     "country:", "“Burma” is a former name (until 1989) of Myanmar", AS_OF),
    ("TIM001", P, [("responded: 2026-01-09", "responded: 2027-01-09")], "responded:",
     "history.responded (2027-01-09) is after history.request_form_received (2026-02-20)",
     AS_OF),
    ("TIM005", V, [("term_years: 5", "term_years: 1"),
                   ("evaluation_by: 2027-09-12", "evaluation_by: 2028-01-12")],
     "evaluation_by:", "is after the term of 1 years ends (2027-09-12)", AS_OF),
    ("TIM008", T, [("  responded: 2026-10-09", "  # responded: 2026-10-09")], "^history:",
     "has no written reply (history.responded) and the commission's deadline (2026-12-09) "
     "has passed", dt.date(2026, 12, 10)),
    ("TIM008", T, [("  responded: 2026-10-09", "  introduction_sent: 2026-10-20")],
     "^history:", "has no written reply, yet history.introduction_sent is recorded", AS_OF),
    ("TIM009", V, [("signed: 2026-09-12", "signed: 2026-12-01")], "signed: 2026-12-01",
     "history.signed (2026-12-01) is after today (2026-11-22)", AS_OF),
    ("TIM009", T, [("researched: [2026-10-14]", "researched: [2026-10-14, 2026-12-09]")],
     "researched:", "history.researched[1] (2026-12-09) is after today", AS_OF),
    ("TIM010", P, [(PESHAWAR_AGREEMENT, ""), (PESHAWAR_PLACE, "")], "^history:",
     "has no agreement: section: add one at the top level", AS_OF),
]

# rule, file edited, edits (none: the fixture as it is), as of: the rule stays silent
PASSES = [
    ("PAR001", V, [(TITLE, "title: Lord Mayor of Vientiane Capital")], AS_OF),
    ("PAR001", V, [(TITLE, "title: Governor of Vientiane Capital")], AS_OF),
    ("PAR003", V, [(TITLE, "title: Chair of the People's Committee of Vientiane")], AS_OF),
    ("PAR005", V, [("form_of_address: His Excellency", "form_of_address: His Excellency\n"
                    "    in_office_since: 2026-01-01\n    in_office_until: 2030-12-31")], AS_OF),
    ("ADR004", T, [("form_of_address: The Honorable", "form_of_address: Her Excellency")],
     AS_OF),
    ("DAT002", T, [], AS_OF),
    ("SYM003", T, [], AS_OF),  # one contact only, but no tentative agreement yet
    ("LNG001", P, [("languages: [en, ur]", "languages: [ur, en-US]")], AS_OF),
    ("REG002", V, [("  signed: 2026-09-12", "  signed: 2026-09-12\n  registered: 2026-10-01"),
                   ("  term_years: 5", "  term_years: 5\n  signed_copy: cases/vientiane.yaml")],
     AS_OF),
    ("TIM001", P, [], AS_OF),  # researched after the reply to the inquiry: in order
    ("TIM002", T, [], AS_OF),
    ("TIM003", T, [("researched: [2026-10-14]", "researched: [2026-12-09]")], AS_OF),
    ("TIM004", T, [("  researched: [2026-10-14]\n", "")], dt.date(2026, 10, 20)),
    ("TIM005", V, [("evaluation_by: 2027-09-12", "evaluation_by: 2027-03-12")], AS_OF),
    ("TIM005", V, [("evaluation_by: 2027-09-12", "evaluation_by: 2028-09-12")], AS_OF),
    ("TIM007", P, [], AS_OF),
    ("ADR006", V, [("form_of_address: His Excellency",
                    "form_of_address: The Honorable\n    given_name: Khamphanh")], AS_OF),
    ("ADR007", T, [], AS_OF),
    ("PAR001", V, [(TITLE, "title: ເຈົ້າຄອງນະຄອນຫຼວງວຽງຈັນ")], AS_OF),  # in its own script
    ("PAR001", V, [(TITLE, "title: 高崎市長")], AS_OF),
    ("PAR001", T, [("title: Mayor of the Municipality of Tetovo",
                    "title: Градоначалник на Општина Тетово")], AS_OF),
    ("PAR001", V, [(TITLE, "title: Mayor of Vientiane Capital (Lao PDR)")], AS_OF),
    ("PAR006", V, [(TITLE, "title: Chair of the People's Committee of Vientiane")], AS_OF),
    ("PAR006", T, [], AS_OF),
    ("ADR010", V, [("form_of_address: His Excellency", "form_of_address: His Excellency\n"
                    "    salutation: \"Excellency:\"")], AS_OF),
    ("ADR010", T, [("form_of_address: The Honorable", "form_of_address: The Honorable\n"
                    "    salutation: \"Dear Mr. Mayor:\"")], AS_OF),
    ("SYM006", P, [], AS_OF),
    ("NAM003", T, [], AS_OF),
    ("NAM003", T, [("country: Republic of North Macedonia", "country: North Macedonia")],
     AS_OF),
    ("TIM008", P, [], AS_OF),
    ("TIM008", T, [("  responded: 2026-10-09", "  # responded: 2026-10-09")], AS_OF),
    ("TIM009", V, [], AS_OF),
    ("TIM010", T, [], AS_OF),
    ("TIM011", V, [("  evaluation_by: 2027-09-12\n", "")], AS_OF),  # approved: no longer
    ("SYM009", V, [("  term_years: 5", "  term_years: 5\n  attest:\n    home: {name: Carmen "
                    "Reyes, title: City Clerk}\n    partner: {name: Bounmy Vongsa}")], AS_OF),
]


def _apply(ws: Path, file: str, edits: list[tuple[str, str]]) -> None:
    for old, new in edits:
        edit(ws / file, old, new)


@pytest.mark.parametrize(("rule", "file", "edits", "at", "message", "as_of"), BREAKS,
                         ids=[f"{b[0]}-{i}" for i, b in enumerate(BREAKS)])
def test_rule_reports_broken_data_at_its_line(workspace: Path, rule: str, file: str,
                                              edits: list[tuple[str, str]], at: str,
                                              message: str, as_of: dt.date) -> None:
    _apply(workspace, file, edits)
    found = [f for f in data_findings(workspace, as_of) if f.rule == rule]
    location = f"{file}:{line_of(workspace / file, at)}"
    assert any(f.location == location and message in f.message for f in found), found
    assert all(f.severity == all_rules()[rule].severity and f.document is None for f in found)


@pytest.mark.parametrize(("rule", "file", "edits", "as_of"), PASSES,
                         ids=[f"{p[0]}-{i}" for i, p in enumerate(PASSES)])
def test_rule_passes_good_data(workspace: Path, rule: str, file: str,
                               edits: list[tuple[str, str]], as_of: dt.date) -> None:
    _apply(workspace, file, edits)
    assert [f for f in data_findings(workspace, as_of) if f.rule == rule] == []


def test_every_data_rule_is_broken_and_passed_above() -> None:
    data_rules = {r.id for r in all_rules().values() if r.scope == "data"}
    assert {b[0] for b in BREAKS} == data_rules
    assert {p[0] for p in PASSES} == data_rules


def test_policy_numbers_come_from_the_settings(workspace: Path) -> None:
    edit(workspace / "cases/tetovo.yaml", "researched: [2026-10-14]", "researched: [2026-12-09]")
    assert not [f for f in data_findings(workspace) if f.rule == "TIM003"]
    (workspace / "docgen.yaml").write_text((workspace / "docgen.yaml").read_text()
                                           + "policy:\n  inquiry_meetings: 2\n"
                                           "  evaluation_min_months: 13\n")
    rules = {f.rule for f in data_findings(workspace)}
    assert {"TIM003", "TIM005"} <= rules  # 3rd meeting now too late; 12 months now too soon


def test_one_rank_per_side_and_no_other_rule_for_a_deputy(workspace: Path) -> None:
    edit(workspace / "cases/vientiane.yaml", TITLE, "title: Vice-Mayor of Vientiane Capital")
    found = data_findings(workspace)
    assert [(f.rule, f.case) for f in found] == [("PAR001", "vientiane")]


def test_a_wrong_date_is_reported_once_at_its_own_line(workspace: Path) -> None:
    edit(workspace / P, "responded: 2026-01-09", "responded: 2027-01-09")
    found = [f for f in data_findings(workspace) if f.rule == "TIM001"]
    assert [f.location for f in found] == [f"{P}:{line_of(workspace / P, 'responded:')}"]


def test_a_missing_agreement_section_is_one_finding_that_says_what_to_add(
        workspace: Path) -> None:
    edit(workspace / P, PESHAWAR_AGREEMENT, "")
    edit(workspace / P, PESHAWAR_PLACE, "")
    rules = {f.rule for f in data_findings(workspace) if f.case == "peshawar"}
    assert "TIM010" in rules and not rules & {"TIM005", "TIM007", "DAT002"}
