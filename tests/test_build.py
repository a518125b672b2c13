"""Building documents: the right set, real DOCX, escaping, Unicode, overrides, safety."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, edit, snapshot

from docgen.workspace.lifecycle import KIND_IDS

DUE = {
    "peshawar": ["research-brief", "inquiry-response", "request-form", "tentative-agreement",
                 "mou", "resolution", "sci-registration"],
    "tetovo": ["research-brief", "inquiry-response", "request-form"],
    "vientiane": ["research-brief", "letter-of-introduction", "request-form",
                  "tentative-agreement", "mou", "resolution", "sci-registration"],
}
LOCAL_NAME_KINDS = ("request-form", "tentative-agreement", "mou")


def built(output: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted(output.glob("*/*.docx")):
        out.setdefault(path.parent.name, []).append(path.stem)
    return {case: sorted(kinds, key=KIND_IDS.index) for case, kinds in out.items()}


def make_template(path: Path, *paragraphs: str, footer: str | None = None) -> Path:
    """A small real DOCX template, written with python-docx."""
    from docx import Document

    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if footer is not None:
        doc.sections[0].footer.paragraphs[0].text = footer
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def test_builds_exactly_the_documents_each_case_is_due(workspace: Path, run) -> None:
    result = run("build", workspace)
    assert result.exit_code == 0, result.output
    assert built(workspace / "output") == DUE


@pytest.mark.parametrize(("case", "kind"),
                         [(c, k) for c, kinds in DUE.items() for k in kinds])
def test_every_document_names_both_cities_and_holds_no_tags(workspace: Path, run, case: str,
                                                            kind: str) -> None:
    assert run("build", workspace, "--case", case, "--doc", kind).exit_code == 0
    text = docx_text(workspace / "output" / case / f"{kind}.docx")
    partner = {"peshawar": "Peshawar", "tetovo": "Tetovo", "vientiane": "Vientiane"}[case]
    assert "Milpitas" in text and partner in text
    for leftover in ("{{", "}}", "{%", "%}", "None"):
        assert leftover not in text
    local = {"peshawar": "پشاور", "tetovo": "Тетово", "vientiane": "ນະຄອນຫຼວງວຽງຈັນ"}[case]
    if kind in LOCAL_NAME_KINDS:
        assert local in text


def test_letters_follow_protocol(workspace: Path, run) -> None:
    run("build", workspace, "--doc", "letter-of-introduction")
    text = docx_text(workspace / "output/vientiane/letter-of-introduction.docx")
    assert "His Excellency Khamphanh Sengdara" in text
    assert "Mayor of Vientiane Capital" in text
    # with Excellency the salutation is "Excellency:", never a surname guessed from the name
    assert "\nExcellency:\n" in text and "Dear Mayor Sengdara" not in text
    assert "Dear The Honorable" not in text and "Dear His Excellency" not in text
    assert "April 20, 2026" in text  # the date the letter was sent, month spelled out
    run("build", workspace, "--case", "tetovo", "--doc", "inquiry-response")
    text = docx_text(workspace / "output/tetovo/inquiry-response.docx")
    assert "The Honorable Arben Ziberi" in text and "Dear Mayor Ziberi:" in text


def test_relationship_type_is_named(workspace: Path, run) -> None:
    run("build", workspace, "--doc", "mou")
    assert "Friendship City" in docx_text(workspace / "output/peshawar/mou.docx")
    assert "Sister City" in docx_text(workspace / "output/vientiane/mou.docx")


def test_date_style_day_month_year(workspace: Path, run) -> None:
    (workspace / "docgen.yaml").write_text(
        (workspace / "docgen.yaml").read_text() + "date_style: day-month-year\n")
    run("build", workspace, "--case", "vientiane", "--doc", "letter-of-introduction")
    text = docx_text(workspace / "output/vientiane/letter-of-introduction.docx")
    assert "20 April 2026" in text


def test_data_is_escaped_and_comes_out_as_typed(workspace: Path, run) -> None:
    nasty = "Tetovo & Sons <b>\"Kale\"</b> 'Old' Town"
    quoted = nasty.replace("'", "''")  # YAML single-quoted style doubles quotes
    edit(workspace / "cases/tetovo.yaml", "  city: Tetovo", f"  city: '{quoted}'")
    result = run("build", workspace, "--case", "tetovo")
    assert result.exit_code == 0, result.output
    for kind in DUE["tetovo"]:
        assert nasty in docx_text(workspace / "output/tetovo" / f"{kind}.docx")


@pytest.mark.parametrize("name", ["ວຽງຈັນ", "پشاور", "Тетово", "高崎市", "Shkodër Qytet"])
def test_unicode_names_round_trip(workspace: Path, run, name: str) -> None:
    edit(workspace / "cases/vientiane.yaml", "  city: Vientiane", f"  city: {name}")
    edit(workspace / "cases/vientiane.yaml", "    name: Khamphanh Sengdara",
         f"    name: {name} Leader")
    assert run("build", workspace, "--case", "vientiane").exit_code == 0
    for kind in DUE["vientiane"]:
        text = docx_text(workspace / "output/vientiane" / f"{kind}.docx")
        assert name in text, kind


def test_document_not_due_is_explained(workspace: Path, run) -> None:
    result = run("build", workspace, "--case", "tetovo", "--doc", "mou")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("cases/tetovo.yaml: mou: not due yet: there is no "
                                     "tentative agreement yet (history.tentative_agreement)")
    assert not (workspace / "output").exists()


def test_doc_filter_builds_that_kind_where_due(workspace: Path, run) -> None:
    result = run("build", workspace, "--doc", "mou")
    assert result.exit_code == 0
    assert built(workspace / "output") == {"peshawar": ["mou"], "vientiane": ["mou"]}
    assert "skipped cases/tetovo.yaml: mou: not due yet" in result.stderr


def test_unknown_case(workspace: Path, run) -> None:
    result = run("build", workspace, "--case", "atlantis")
    assert result.exit_code == 1
    assert result.stderr.startswith("cases/atlantis.yaml: no such case (known cases: peshawar")


def test_nothing_written_when_input_is_bad(workspace: Path, run) -> None:
    assert run("build", workspace).exit_code == 0
    before = snapshot(workspace / "output")
    edit(workspace / "cases/tetovo.yaml", "population: 52915", "population: many")
    edit(workspace / "cases/vientiane.yaml", "  city: Vientiane", "  city: Vientiane City")
    result = run("build", workspace)
    assert result.exit_code == 1
    assert result.stderr.strip() == ("cases/tetovo.yaml:6: partner.population: expected a "
                                     "whole number")
    assert "Traceback" not in result.output
    assert snapshot(workspace / "output") == before


def test_workspace_template_overrides_the_bundled_one(workspace: Path, run) -> None:
    make_template(workspace / "templates/mou.docx",
                  "Our own MOU for {{ partner.city }} and {{ home.city }}",
                  footer="Footer: {{ partner.local_name }}")
    # a one-line MOU breaks protocol rules: it is written all the same, marked DRAFT
    assert run("build", workspace, "--doc", "mou").exit_code == 1
    text = docx_text(workspace / "output/vientiane/mou.docx")
    assert "Our own MOU for Vientiane and Milpitas" in text
    assert "Footer: ນະຄອນຫຼວງວຽງຈັນ" in text
    # other kinds still come from the bundled templates
    run("build", workspace, "--doc", "tentative-agreement")
    assert "Our own" not in docx_text(workspace / "output/vientiane/tentative-agreement.docx")


def test_undefined_variable_names_template_and_variable(workspace: Path, run) -> None:
    make_template(workspace / "templates/mou.docx", "Signed by {{ partner.mayor_name }}")
    result = run("build", workspace)
    assert result.exit_code == 1
    # the template check runs before rendering: the paragraph, and the variable as written
    assert result.stderr.splitlines()[0] == (
        "templates/mou.docx: body ¶1: unknown variable 'partner.mayor_name'")
    assert not (workspace / "output").exists() or not any((workspace / "output").rglob("*.docx"))


def test_template_reaching_python_internals_is_refused(workspace: Path, run) -> None:
    make_template(workspace / "templates/request-form.docx",
                  "{{ partner.city.__class__.__mro__[1].__subclasses__() }}")
    result = run("build", workspace, "--doc", "request-form")
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/request-form.docx: refused: the template "
                                    "tries to reach Python internals")


def test_template_syntax_error(workspace: Path, run) -> None:
    make_template(workspace / "templates/mou.docx", "{% if partner.city %}unclosed")
    result = run("build", workspace, "--doc", "mou")
    assert result.exit_code == 1
    assert result.stderr.startswith(  # found by the template check, at its paragraph
        "templates/mou.docx: body ¶1: '{% if %}' is never closed: add '{% endif %}'")


def test_same_inputs_give_the_same_bytes(workspace: Path, run, monkeypatch) -> None:
    run("build", workspace, "-o", workspace / "a")
    import time

    time.sleep(1.1)  # zip timestamps have two-second resolution; make a difference visible
    run("build", workspace, "-o", workspace / "b")
    a, b = snapshot(workspace / "a"), snapshot(workspace / "b")
    docs = sorted(k for k in a if k.endswith(".docx"))
    assert len(docs) == 17
    assert [a[k][1] for k in docs] == [b[k][1] for k in docs]


def test_atomic_write_leaves_a_file_others_can_read(tmp_path: Path) -> None:
    from docgen.files import atomic_write

    path = tmp_path / "packets" / "council.pdf"
    atomic_write(path, b"%PDF-")
    assert path.read_bytes() == b"%PDF-"
    assert path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in path.parent.iterdir()] == ["council.pdf"]  # no temporary left


def test_a_bare_minimum_workspace_renders_every_document(tmp_path: Path, run) -> None:
    """Only the required keys: every template must still read well, whatever is missing."""
    ws = tmp_path / "bare"
    (ws / "cases").mkdir(parents=True)
    (ws / "docgen.yaml").write_text(
        "home:\n  city: 高崎市\n  country: Japan\n"
        "  leader: {name: 富岡 賢治, title: Mayor of Takasaki, family_name: 富岡}\n")
    (ws / "cases/signed.yaml").write_text(
        "partner:\n  city: Muntinlupa\n  country: Philippines\n"
        "  leader: {name: Ruffy Biazon, title: Mayor of Muntinlupa}\norigin: initiated\n"
        "history:\n  introduction_sent: 2026-01-10\n  request_form_received: 2026-02-01\n"
        "  tentative_agreement: 2026-03-01\n  signed: 2026-05-01\n")
    (ws / "cases/asked.yaml").write_text(
        "partner:\n  city: Lahore\n  country: Pakistan\n"
        "  leader: {name: Mian Amir Mahmood, title: Mayor of Lahore}\n"
        "origin: inquiry\ninquiry: {received: 2026-10-01}\n")
    result = run("build", ws)
    assert "undefined" not in result.stderr and "template" not in result.stderr
    assert built(ws / "output") == {
        "asked": ["inquiry-response", "request-form"],
        "signed": ["letter-of-introduction", "request-form", "tentative-agreement", "mou",
                   "resolution", "sci-registration"]}
    for path in (ws / "output").glob("*/*.docx"):
        text = docx_text(path)
        assert "None" not in text and "{{" not in text, path
        gaps = [line for line in text.splitlines() if "  " in line.strip()]
        assert gaps == [], path  # no sentence with a hole where a value was missing
        assert "Dear Mayor 富岡" not in text  # the partner is addressed, not the home mayor


def test_the_contract_workspace_builds_exactly_what_its_cases_are_due(contract: Path,
                                                                       run) -> None:
    ws = contract
    result = run("build", ws)
    # without a Lao catalog the agreements are written, English only and marked DRAFT
    assert result.exit_code == 1, result.output
    assert {line.split(": ")[1] for line in result.stderr.splitlines()[1:-1]} == {
        "error LNG004"}
    assert built(ws / "output") == {"tetovo": DUE["tetovo"], "vientiane": DUE["vientiane"]}
    (ws / "translations").mkdir()
    shutil.copyfile(FIXTURES / "translations/lo.po", ws / "translations/lo.po")
    assert run("build", ws).exit_code == 0
    assert run("check", ws, "--as-of", "2026-11-22").exit_code == 0


def _signature_columns(path: Path) -> dict[str, int]:
    """Who signs in which column of the last table (the signature blocks), as the reader
    sees them: a table laid out right to left (w:bidiVisual) shows its first cell right."""
    from docx import Document
    from docx.oxml.ns import qn

    table = Document(str(path)).tables[-1]
    mirrored = table._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    names = ("Dana Whitfield", "Khamphanh Sengdara", "Zubair Ahmad Khan")
    return {p.text: (len(row.cells) - 1 - col if mirrored else col)
            for row in table.rows for col, cell in enumerate(row.cells)
            for p in cell.paragraphs if p.text in names}


@pytest.mark.parametrize(("case", "partner", "leader", "honour"), [
    ("vientiane", "Vientiane", "Khamphanh Sengdara", 0),  # Lao: the left is the place of honour
    ("peshawar", "Peshawar", "Zubair Ahmad Khan", 1),  # Urdu, right to left: the right
])
def test_alternat_each_city_has_its_own_original(workspace: Path, run, case: str, partner: str,
                                                 leader: str, honour: int) -> None:
    edit(workspace / f"cases/{case}.yaml", "  term_years:", "  originals: each\n  term_years:")
    result = run("build", workspace, "--case", case)
    assert result.exit_code == 0, result.output
    home_original = workspace / f"output/{case}/mou.docx"
    partner_original = workspace / f"output/{case}/mou-partner.docx"
    ours, theirs = docx_text(home_original), docx_text(partner_original)
    assert ours.index("Milpitas, United States") < ours.index(f"{partner} (")
    assert theirs.index(f"{partner} (") < theirs.index("Milpitas, United States")
    assert _signature_columns(home_original) == {"Dana Whitfield": 0, leader: 1}
    assert _signature_columns(partner_original) == {leader: honour, "Dana Whitfield": 1 - honour}
    assert run("check", workspace, "--case", case, "--as-of", "2026-11-22").exit_code == 0
    assert "mou-partner" not in DUE[case]  # a single original unless the case asks for both
