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
    ("TIM009", V, [("  council_approval: 2026-07-21\n", ""), ("  signed: 2026-09-12\n", ""),
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
    ("TIM009", V, [("  evaluation_by: 2027-09-12\n", "")], AS_OF),  # approved: no longer
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
