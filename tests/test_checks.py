"""The checks engine and its commands: clean workspaces, report formats, exit statuses,
severity overrides, waivers, configuration errors, generated rule lists, DRAFT marking."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import checking
import pytest
from checking import line_of, rendered
from conftest import FIXTURES, ROOT, edit

from docgen.checks.catalog import all_rules
from docgen.checks.draft import mark_draft
from docgen.checks.inputs import RenderedDoc
from docgen.checks.registry import README_END, README_START, rule, rule_table, with_rule_table
from docgen.checks.run import run_checks

AS_OF = ("--as-of", "2026-11-22")
DEPUTY = ("title: Mayor of Vientiane Capital", "title: Deputy Mayor of Vientiane Capital")
GOVERNOR = ("title: Mayor of Vientiane Capital", "title: Governor of Vientiane Capital")
ONE_SIDED = ("Both cities shall encourage", "The City of Milpitas shall encourage")


def retitle(workspace: Path, change: tuple[str, str]) -> None:
    """A new title for Vientiane's leader, in the case and in the Lao catalog's English (as
    `docgen translations` would bring it), so that only the title's own findings remain."""
    edit(workspace / "cases/vientiane.yaml", *change)
    old, new = (c.removeprefix("title: ") for c in change)
    edit(workspace / "translations/lo.po", f'msgid "{old}"', f'msgid "{new}"')


def add(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_fixtures_have_no_findings(workspace: Path, run) -> None:
    result = run("check", workspace, *AS_OF)
    assert result.exit_code == 0, result.output
    assert result.output == "0 errors, 0 warnings, 0 waived\n"


def test_contract_workspace_lacks_only_its_lao_text(contract: Path, run) -> None:
    # the contract's example has no translators' catalogs: its agreements name Lao and
    # cannot carry the Lao text, which is the one finding (each agreement is a DRAFT)
    result = run("check", contract, *AS_OF)
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        "translations/lo.po: error LNG004: no Lao catalog: run `docgen translations --lang lo`"
        f" and have it translated; the {what} names only English"
        for what in ("tentative agreement", "MOU")] + ["2 errors, 0 warnings, 0 waived"]
    (contract / "translations").mkdir()
    shutil.copyfile(FIXTURES / "translations/lo.po", contract / "translations/lo.po")
    result = run("check", contract, *AS_OF)
    assert result.exit_code == 0, result.output
    assert result.output.endswith("0 errors, 0 warnings, 0 waived\n")


def test_text_report_and_exit_status(workspace: Path, run) -> None:
    retitle(workspace, DEPUTY)
    result = run("check", workspace, *AS_OF)
    assert result.exit_code == 1
    line = line_of(workspace / "cases/vientiane.yaml", "Deputy Mayor")
    assert result.output.splitlines() == [
        f"cases/vientiane.yaml:{line}: error PAR001: “Deputy Mayor of Vientiane Capital” is a "
        "deputy, not the highest official: the two highest officials sign",
        "1 error, 0 warnings, 0 waived",
    ]


def test_warnings_alone_exit_0(workspace: Path, run) -> None:
    retitle(workspace, GOVERNOR)
    result = run("check", workspace, *AS_OF)
    assert result.exit_code == 0
    assert " warning PAR003: " in result.output
    assert result.output.endswith("0 errors, 1 warning, 0 waived\n")


def test_json_report(workspace: Path, run) -> None:
    retitle(workspace, DEPUTY)
    result = run("check", workspace, *AS_OF, "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.output)
    assert {"rule", "severity", "case", "document", "message", "location"} <= set(findings[0])
    assert findings[0]["rule"] == "PAR001" and findings[0]["document"] is None
    assert findings[0]["case"] == "vientiane" and findings[0]["severity"] == "error"


def test_json_report_of_a_document_finding(workspace: Path, run) -> None:
    (workspace / "templates").mkdir()
    _own_mou(workspace, "Both cities shall meet. The City of Milpitas shall pay for the visit.")
    result = run("check", workspace, "--case", "vientiane", *AS_OF, "--format", "json")
    findings = [f for f in json.loads(result.output) if f["rule"] == "SYM004"]
    assert findings == [{
        "rule": "SYM004", "severity": "error", "case": "vientiane", "document": "mou",
        "message": "“The City of Milpitas shall pay for the visit.”: binds one city only; give "
                   "the other city the same obligation, or make it mutual",
        "location": "vientiane/mou.docx: body ¶2", "waived": False, "reason": None}]


def _own_mou(workspace: Path, *paragraphs: str) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Memorandum between {{ home.city }} and {{ partner.city }}")
    for text in paragraphs:
        doc.add_paragraph(text)
    (workspace / "templates").mkdir(exist_ok=True)
    doc.save(str(workspace / "templates/mou.docx"))


def test_case_filter(workspace: Path, run) -> None:
    retitle(workspace, DEPUTY)
    assert run("check", workspace, "--case", "tetovo", *AS_OF).exit_code == 0
    assert run("check", workspace, "--case", "vientiane", *AS_OF).exit_code == 1
    unknown = run("check", workspace, "--case", "atlantis")
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("cases/atlantis.yaml: no such case (known cases: peshawar")


def test_as_of_moves_the_deadline(workspace: Path, run) -> None:
    edit(workspace / "cases/tetovo.yaml", "  researched: [2026-10-14]\n", "")
    assert run("check", workspace, "--as-of", "2026-12-08").exit_code == 0
    late = run("check", workspace, "--as-of", "2026-12-10")
    assert late.exit_code == 1 and " error TIM003: " in late.output
    assert run("check", workspace, "--as-of", "soon").exit_code == 2


@pytest.mark.parametrize(("setting", "exit_code", "shown"), [
    ("PAR001: warning", 0, " warning PAR001: "),
    ("PAR001: off", 0, None),
    ("PAR001: 'off'", 0, None),
    ("PAR001: error", 1, " error PAR001: "),
])
def test_severity_overrides(workspace: Path, run, setting: str, exit_code: int,
                            shown: str | None) -> None:
    retitle(workspace, DEPUTY)
    add(workspace / "docgen.yaml", f"rules:\n  {setting}\n")
    result = run("check", workspace, *AS_OF)
    assert result.exit_code == exit_code, result.output
    if shown is not None:
        assert shown in result.output
    else:
        assert "PAR001" not in result.output


def test_a_warning_made_an_error(workspace: Path, run) -> None:
    retitle(workspace, GOVERNOR)
    add(workspace / "docgen.yaml", "rules:\n  PAR003: error\n")
    result = run("check", workspace, *AS_OF)
    assert result.exit_code == 1 and " error PAR003: " in result.output


@pytest.mark.parametrize(("setting", "message"), [
    ("PAR01: off", "rules.PAR01: unknown rule id 'PAR01'; did you mean 'PAR001'?"),
    ("par001: off", "rules.par001: unknown rule id 'par001'; did you mean 'PAR001'?"),
    ("PAR001: fatal", "rules.PAR001: 'fatal' is not one of 'error', 'warning' or 'off'"),
])
def test_bad_rule_settings_are_reported_at_their_line(workspace: Path, run, setting: str,
                                                       message: str) -> None:
    add(workspace / "docgen.yaml", f"rules:\n  {setting}\n")
    result = run("check", workspace)
    assert result.exit_code == 1
    line = line_of(workspace / "docgen.yaml", setting.split(":")[0] + ":")
    assert result.stderr.splitlines() == [f"docgen.yaml:{line}: {message}"]


WAIVER = ("waivers:\n  - rule: PAR001\n    reason: The mayor is abroad; the deputy signs "
          "with the council's mandate.\n")


def test_waived_finding_is_reported_with_its_reason_and_is_no_error(workspace: Path,
                                                                    run) -> None:
    retitle(workspace, DEPUTY)
    add(workspace / "cases/vientiane.yaml", WAIVER)
    result = run("check", workspace, *AS_OF)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith(" [waived: The mayor is abroad; the deputy signs with the "
                             "council's mandate.]")
    assert " error PAR001: " in lines[0]
    assert lines[-1] == "0 errors, 0 warnings, 1 waived"
    data = json.loads(run("check", workspace, *AS_OF, "--format", "json").output)
    assert data[0]["waived"] is True and data[0]["reason"].startswith("The mayor is abroad")


def test_waiver_for_one_document_only(workspace: Path, run) -> None:
    _own_mou(workspace, "The City of Milpitas shall pay for the visit.")
    add(workspace / "cases/vientiane.yaml", "waivers:\n  - rule: SYM004\n    document: "
                                            "tentative-agreement\n    reason: not this one\n")
    result = run("check", workspace, "--case", "vientiane", *AS_OF)
    assert [line for line in result.output.splitlines() if "SYM004" in line] == [
        "vientiane/mou.docx: body ¶2: error SYM004: “The City of Milpitas shall pay for the "
        "visit.”: binds one city only; give the other city the same obligation, or make it "
        "mutual"]


@pytest.mark.parametrize(("waiver", "message"), [
    ("  - rule: PAR01\n    reason: x\n", "waivers[0].rule: unknown rule id 'PAR01'; did you "
                                          "mean 'PAR001'?"),
    ("  - rule: PAR001\n", "waivers[0].reason: required, but missing (add reason:)"),
    ("  - rule: PAR001\n    reason: x\n    document: memo\n",
     "waivers[0].document: 'memo' is not a document kind"),
])
def test_bad_waivers_are_reported_at_their_line(workspace: Path, run, waiver: str,
                                                message: str) -> None:
    add(workspace / "cases/vientiane.yaml", "waivers:\n" + waiver)
    result = run("check", workspace)
    assert result.exit_code == 1
    assert any(line.startswith("cases/vientiane.yaml:") and message in line
               for line in result.stderr.splitlines()), result.stderr


def test_check_help_lists_every_rule_from_the_registry(run) -> None:
    text = " ".join(run("check", "--help").output.split())
    for r in all_rules().values():
        assert f"{r.id} [{r.severity}] {' '.join(r.explanation.split())}" in text


def test_rules_command_lists_every_rule(run) -> None:
    rows = [line.split("\t") for line in run("rules").output.splitlines()]
    assert [row[0] for row in rows] == sorted(all_rules())
    assert all(len(row) == 4 and row[1] in ("error", "warning") for row in rows)


def test_readme_rule_table_is_the_registry_s() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_START in readme and README_END in readme
    assert with_rule_table(readme, all_rules().values()) == readme
    table = readme.split(README_START)[1].split(README_END)[0]
    assert table.strip() == rule_table(all_rules().values()).strip()


def test_readme_regeneration_command(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n{README_START}\nold\n{README_END}\nafter\n", encoding="utf-8")
    check = [sys.executable, "-m", "docgen.checks", "--readme", str(readme), "--check"]
    assert subprocess.run(check, capture_output=True, cwd=ROOT).returncode == 1
    subprocess.run(check[:-1], check=True, capture_output=True, cwd=ROOT)
    assert "| `PAR001` | parties and rank | error |" in readme.read_text(encoding="utf-8")
    assert subprocess.run(check, capture_output=True, cwd=ROOT).returncode == 0


def test_check_help_imports_no_document_library() -> None:
    code = ("import sys; from docgen.cli.main import main\n"
            "try: main(['check', '--help'])\nexcept SystemExit: pass\n"
            "heavy = [m for m in ('docx', 'docxtpl', 'lxml', 'jinja2') if m in sys.modules]\n"
            "print('heavy:', *heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert "PAR001" in out
    assert out.strip().splitlines()[-1] == "heavy:"


def test_registry_refuses_bad_and_duplicate_ids() -> None:
    with pytest.raises(ValueError, match="bad rule id"):
        rule("XYZ001", "error", "x", "data")
    with pytest.raises(ValueError, match="registered twice"):
        rule("PAR001", "error", "x", "data")


def test_rules_cope_with_a_bare_new_workspace(tmp_path: Path, run) -> None:
    assert run("init", tmp_path / "new").exit_code == 0
    result = run("check", tmp_path / "new", "--as-of", "2027-01-20")
    assert "Traceback" not in result.output
    assert result.output.splitlines()[-1].startswith(("0 errors", "1 error", "2 errors"))


# DRAFT marking ---------------------------------------------------------------------------

def header_text(path: Path, first_page: bool = False) -> list[str]:
    from docx import Document

    section = Document(str(path)).sections[0]
    header = section.first_page_header if first_page else section.header
    return [p.text for p in header.paragraphs]


def test_build_with_errors_writes_documents_marked_draft(workspace: Path, run) -> None:
    # Tetovo's reply is still to send: a data error marks it, and the form still to come
    edit(workspace / "cases/tetovo.yaml", "title: Mayor of the Municipality",
         "title: Deputy Mayor of the Municipality")
    edit(workspace / "cases/tetovo.yaml", "  responded: 2026-10-09 ", "  # responded: ")
    result = run("build", workspace, "--date", "2026-11-22")
    assert result.exit_code == 1
    assert " error PAR001: " in result.stderr and "1 error, 0 warnings" in result.stderr
    # a letter keeps its letterhead (first page) and continuation header below the DRAFT line
    for first_page in (True, False):
        letter = header_text(workspace / "output/tetovo/inquiry-response.docx", first_page)
        assert letter[0] == "DRAFT — not for signature: 1 protocol error"
        reply = header_text(workspace / "output/peshawar/inquiry-response.docx", first_page)
        assert not any("DRAFT" in t for t in reply)
        assert ("City of Milpitas" in letter) == first_page
    form = header_text(workspace / "output/tetovo/request-form.docx")
    assert form[0] == "DRAFT — not for signature: 1 protocol error"
    assert not any("DRAFT" in t for t in header_text(workspace / "output/peshawar/mou.docx"))


def test_draft_marks_only_what_is_still_to_sign(workspace: Path, run) -> None:
    # Vientiane is signed: a data error keeps the sent letter and the signed MOU as they are
    # and marks only the registration, still to send; the finding is reported on the case
    edit(workspace / "cases/vientiane.yaml", *DEPUTY)
    result = run("build", workspace, "--date", "2026-11-22")
    assert result.exit_code == 1 and "cases/vientiane.yaml:15: error PAR001" in result.stderr
    for kind in ("letter-of-introduction", "request-form", "tentative-agreement", "mou"):
        assert not any("DRAFT" in t for t in header_text(workspace / f"output/vientiane/"
                                                                     f"{kind}.docx")), kind
    # the MOU has no header of its own (no letterhead of one side): a marked one gets one
    edit(workspace / "cases/vientiane.yaml", "  signed: 2026-09-12\n", "")
    assert run("build", workspace, "--date", "2026-11-22").exit_code == 1
    assert header_text(workspace / "output/vientiane/mou.docx") == [
        "DRAFT — not for signature: 1 protocol error"]
    assert not any("DRAFT" in t for t in header_text(workspace / "output/vientiane/"
                                                                 "letter-of-introduction.docx"))


def test_draft_is_checked_again_until_fixed_or_waived(workspace: Path, run) -> None:
    retitle(workspace, DEPUTY)
    assert run("build", workspace).exit_code == 1
    again = run("build", workspace, "--explain")
    assert again.exit_code == 1 and " error PAR001: " in again.stderr
    assert "it was marked DRAFT (protocol errors): checked again" in again.stdout
    add(workspace / "cases/vientiane.yaml", WAIVER)
    waived = run("build", workspace)
    assert waived.exit_code == 0, waived.output
    assert "[waived: The mayor is abroad" in waived.stderr
    assert "DRAFT" not in " ".join(header_text(workspace / "output/vientiane/mou.docx"))
    assert run("build", workspace).stderr.strip() == "everything is up to date"


def test_document_errors_mark_that_document_only(workspace: Path, run) -> None:
    _own_mou(workspace, "The City of Milpitas shall pay for the visit.")
    edit(workspace / "cases/vientiane.yaml", "  signed: 2026-09-12\n", "")  # still to sign
    result = run("build", workspace, "--case", "vientiane")
    assert result.exit_code == 1
    assert header_text(workspace / "output/vientiane/mou.docx")[0].startswith(
        "DRAFT — not for signature: ")
    assert "DRAFT" not in " ".join(header_text(workspace / "output/vientiane/"
                                               "tentative-agreement.docx"))


def _docx(header: str | None = None) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Body text")
    if header is not None:
        doc.sections[0].header.paragraphs[0].text = header
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("header", [None, "City of Milpitas"])
def test_mark_draft_adds_a_first_header_line(tmp_path: Path, header: str | None) -> None:
    from docx import Document

    marked = mark_draft(_docx(header), "DRAFT — not for signature: 2 protocol errors")
    (tmp_path / "x.docx").write_bytes(marked)
    doc = Document(str(tmp_path / "x.docx"))
    lines = [p.text for p in doc.sections[0].header.paragraphs]
    assert lines[0] == "DRAFT — not for signature: 2 protocol errors"
    assert [t for t in lines[1:] if t] == ([header] if header else [])
    assert [p.text for p in doc.paragraphs] == ["Body text"]


def test_mark_draft_is_deterministic() -> None:
    data = _docx("Header")
    assert mark_draft(data, "DRAFT") == mark_draft(data, "DRAFT")


def test_rules_never_raise_on_empty_or_odd_documents() -> None:
    from docx import Document

    workspace, docs = rendered()
    odd = Document()
    table = odd.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Signature: ____ Date:"
    table.cell(1, 1).add_table(rows=1, cols=1).cell(0, 0).text = "Khamphanh Sengdara"
    odd.add_paragraph("Email:")
    blobs = []
    for doc in (Document(), odd):
        buffer = io.BytesIO()
        doc.save(buffer)
        blobs.append(buffer.getvalue())
    for blob in blobs:
        fake = [RenderedDoc(d.case_id, d.kind, blob) for d in docs]
        findings = run_checks(workspace, fake, checking.AS_OF)
        assert {"PAR002", "SYM001", "LNG002"} <= {f.rule for f in findings}


def test_an_up_to_date_document_is_marked_when_a_setting_makes_its_finding_an_error(
        workspace: Path, run) -> None:
    retitle(workspace, GOVERNOR)
    edit(workspace / "cases/vientiane.yaml", "  signed: 2026-09-12\n", "")  # still to sign
    assert run("build", workspace).exit_code == 0  # PAR003 is a warning
    assert "DRAFT" not in " ".join(header_text(workspace / "output/vientiane/mou.docx"))
    add(workspace / "docgen.yaml", "rules:\n  PAR003: error\n")
    result = run("build", workspace, "--explain")
    assert result.exit_code == 1
    assert "protocol errors: DRAFT — not for signature: 1 protocol error" in result.stdout
    assert header_text(workspace / "output/vientiane/mou.docx")[0].startswith("DRAFT")
    assert "DRAFT" not in " ".join(header_text(workspace / "output/peshawar/mou.docx"))


def test_a_typo_in_the_case_s_own_prose_is_caught_in_the_documents(workspace: Path,
                                                                    run) -> None:
    # the seed newsletter itself writes "Peshware's" for Peshawar
    edit(workspace / "cases/peshawar.yaml", "Peshawar's freelancers", "Peshware's freelancers")
    result = run("check", workspace, "--case", "peshawar", *AS_OF)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if " NAM002: " in line]
    # once, at the line of the interest, naming the documents it reaches
    interest = line_of(workspace / "cases/peshawar.yaml", "^interest:")
    assert lines == [f"cases/peshawar.yaml:{interest}: error NAM002: interest: “Peshware” "
                     "looks like a misspelling of “Peshawar” (in research-brief, "
                     "inquiry-response, request-form, tentative-agreement, mou, resolution)"]


def test_a_template_that_cannot_render_is_reported_not_checked(workspace: Path, run) -> None:
    _own_mou(workspace, "{% if partner.city %}unclosed")
    result = run("check", workspace, *AS_OF)
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/mou.docx: template syntax error")
    assert result.stdout == ""
