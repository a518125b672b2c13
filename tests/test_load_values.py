"""Values checked at load: e-mail addresses, phone numbers, focus areas; each refused at its
line with what to write instead, and each accepted where it is fine."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit
from test_load import problems_of

from docgen.workspace.load import load_workspace

T, H = "cases/tetovo.yaml", "docgen.yaml"
MAIL = "email: cabinet@example.mk"


@pytest.mark.parametrize(("file", "old", "new", "problem"), [
    (T, MAIL, "email: cabinet.example.mk",
     "cases/tetovo.yaml:22: partner.contacts[0].email: 'cabinet.example.mk' is not an e-mail "
     "address: An email address must have an @-sign."),
    (T, MAIL, f"{MAIL}\n      phone: 389.44",
     "cases/tetovo.yaml:23: partner.contacts[0].phone: expected a phone number: write it as "
     "text in quotes, e.g. \"+1 408 555 0142\""),
    (T, "focus_areas: [educational, social]", "focus_areas: [educational, culture]",
     "cases/tetovo.yaml:42: focus_areas: 'culture' is not a focus area; did you mean "
     "'cultural'? allowed: educational, cultural, social, economic, charitable (declare "
     "others in docgen.yaml policy.focus_areas)"),
    (H, "focus_areas: [educational, cultural, social, economic, charitable]",
     "focus_areas: [educational, sports]", "docgen.yaml:36: home.focus_areas: 'sports' is "
     "not a focus area; allowed: educational"),
])
def test_a_bad_value_is_refused_at_its_line(workspace: Path, file: str, old: str, new: str,
                                            problem: str) -> None:
    edit(workspace / file, old, new)
    found = problems_of(workspace)
    assert any(p.startswith(problem) for p in found), found


@pytest.mark.parametrize(("file", "old", "new"), [
    (T, MAIL, f"{MAIL}\n      phone: 38944555010"),  # a whole number is read as text
    (T, MAIL, f"{MAIL}\n      phone: \"+389 44 555 010\""),
    (T, MAIL, "email: elira.selimi+sister-cities@example.mk"),
])
def test_a_good_value_is_accepted(workspace: Path, file: str, old: str, new: str) -> None:
    edit(workspace / file, old, new)
    load_workspace(workspace)  # no InputError


def test_a_workspace_declares_more_focus_areas(workspace: Path) -> None:
    edit(workspace / T, "focus_areas: [educational, social]",
         "focus_areas: [educational, environmental]")
    assert any("'environmental' is not a focus area" in p for p in problems_of(workspace))
    (workspace / H).write_text((workspace / H).read_text()
                               + "policy:\n  focus_areas: [environmental]\n")
    ws = load_workspace(workspace)
    assert ws.case("tetovo").case.focus_areas == ["educational", "environmental"]
    phone = load_workspace(workspace).settings.home.contacts[0].phone
    assert phone == "+1 408 555 0142"
