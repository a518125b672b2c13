"""`docgen template check`: every class of mistake at its place, all at once; the bundled
templates pass; `docgen build` checks a workspace's own templates the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from docxmaker import make_template, table

from docgen.render.templates import bundled_templates

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _paragraph_xml(doc, xml: str) -> None:
    from docx.oxml import parse_xml

    doc.element.body.insert(len(doc.element.body) - 1, parse_xml(
        f'<w:p xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships">{xml}</w:p>'))


def broken_template(path: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Dear {{ partner.leader.salutation }}")                      # ¶1 fine
    doc.add_paragraph("To the City of {{ partner.cty }},")                        # ¶2
    doc.add_paragraph("{% if partner.city %}opened, never closed")               # ¶3
    doc.add_paragraph("{{ home.city | }}")                                        # ¶4
    doc.add_paragraph("{%p for line in partner.address %} and more text")        # ¶5
    doc.add_paragraph("{{ line }}")                                               # ¶6
    doc.add_paragraph("{%p endfor %}")                                            # ¶7
    doc.add_paragraph("{%tr for c in partner.contacts %}")                        # ¶8
    doc.add_paragraph("{{ partner.leader.name")                                   # ¶9
    doc.add_paragraph("}} and {% endfor %}")                                      # ¶10
    _paragraph_xml(doc, '<w:del w:id="1" w:author="Clerk"><w:r><w:delText>{{ home.city }}'
                        '</w:delText></w:r></w:del><w:r><w:t>kept</w:t></w:r>')   # ¶11
    _paragraph_xml(doc, '<w:r><w:t>{{ partner.</w:t></w:r><w:hyperlink r:id="rId99">'
                        '<w:r><w:t>city }}</w:t></w:r></w:hyperlink>')            # ¶12
    table(doc, [["Name", "{%tr for c in partner.contacts %}"],
                ["{{ c.name }}", "{{ c.emial }}"], ["{%tr endfor %}", ""]])
    commented = doc.add_paragraph("Signed")                                       # ¶13
    doc.add_comment(commented.runs, text="use {{ home.leader.name }} here", author="Clerk")
    doc.save(str(path))
    return path


EXPECTED = [
    "body ¶2: unknown variable 'partner.cty'; did you mean 'partner.city'?",
    "body ¶3: '{% if %}' is never closed: add '{% endif %}'",
    "body ¶4: tag syntax error in '{{ home.city | }}': expected token 'name', got 'end of "
    "print statement'",
    "body ¶5: '{%p for line in partner.address %}' shares its paragraph with other text, "
    "which docxtpl drops: give the tag a paragraph of its own",
    "body ¶8: '{% for %}' is never closed: add '{% endfor %}'",  # its endfor: in ¶10
    "body ¶8: '{%tr for c in partner.contacts %}' is not in a table row: docxtpl's 'tr' tags "
    "stand for the table row they are in",
    "body ¶9: a tag is not closed in this paragraph: '{{ ... }}' and '{% ... %}' must begin "
    "and end in the same paragraph",
    "body ¶10: a tag is not closed in this paragraph: '{{ ... }}' and '{% ... %}' must begin "
    "and end in the same paragraph",
    "body ¶11: a tag in a tracked deletion: accept or reject the change in Word (Review > "
    "Accept), docxtpl reads deleted text too",
    "body ¶12: a tag is split by Word's formatting in a way docxtpl cannot rejoin (a field, "
    "link or other markup inside it): retype the tag in one go",
    "table 1 row 1 col 2: '{%tr for c in partner.contacts %}' shares its table row with "
    "other text, which docxtpl drops: give the tag a table row of its own",
    "table 1 row 2 col 2: unknown variable 'c.emial'; did you mean 'c.email'?",
    "comment 1: a tag in a comment: docxtpl does not render comments; move the tag into the "
    "text or delete it",
]


def test_every_mistake_at_its_place_at_once(tmp_path: Path, run) -> None:
    template = broken_template(tmp_path / "mou.docx")
    result = run("template", "check", template, "-w", tmp_path / "nowhere")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert sorted(lines) == sorted(f"{template}: {line}" for line in EXPECTED), lines


@pytest.mark.parametrize("path", sorted(bundled_templates().glob("*.docx")),
                         ids=lambda p: p.stem)
def test_bundled_templates_pass(path: Path, run) -> None:
    result = run("template", "check", path, "-w", Path(__file__).parent.parent / "fixtures")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{path}: no problems")


def test_the_kind_decides_the_context(tmp_path: Path, run) -> None:
    template = make_template(tmp_path / "mine.docx", "{{ agreement.signing_place }}",
                             "{{ doc.kind }}", header="{{ home.commission.nam }}")
    result = run("template", "check", template, "--kind", "mou")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{template}: header1 ¶1: unknown variable 'home.commission.nam'; did you mean "
        "'home.commission.name'?"]
    assert run("template", "check", template).stdout.endswith(
        "(variables not checked: no kind uses this file name; give --kind)\n")


def test_loops_and_assignments_are_known(tmp_path: Path, run) -> None:
    template = make_template(
        tmp_path / "mou.docx", "{% set n = partner.city %}{{ n }}",
        "{% for area in home.focus_areas %}{{ area }} {{ loop.index }}{% endfor %}",
        "{{ partner.city.upper() }} {{ partner.address|join(', ') }}",
        "{% if partner.motto is defined %}{{ partner.motto }}{% endif %}",
        "{{ partner.motto|default(partner.city) }} {{ partner.address[0] }}")
    result = run("template", "check", template)
    assert result.exit_code == 0, result.stderr


def test_build_checks_the_workspaces_own_templates(workspace: Path, run) -> None:
    (workspace / "templates").mkdir()
    broken_template(workspace / "templates" / "mou.docx")
    result = run("build", workspace, "--doc", "mou")
    assert result.exit_code == 1
    assert sorted(result.stderr.splitlines()) == sorted(f"templates/mou.docx: {line}"
                                                        for line in EXPECTED)
    assert not (workspace / "output").exists() or not any((workspace / "output").rglob("*.docx"))


def test_footnotes_and_unreadable_files(tmp_path: Path, run) -> None:
    from docxmaker import add_footnotes

    template = add_footnotes(make_template(tmp_path / "mou.docx", "x"), "On {{ partner.cty }}")
    result = run("template", "check", template)
    assert result.stderr.splitlines() == [
        f"{template}: footnote 1 ¶1: unknown variable 'partner.cty'; did you mean "
        "'partner.city'?"]
    (tmp_path / "bad.docx").write_text("not a zip")
    result = run("template", "check", tmp_path / "bad.docx")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{tmp_path / 'bad.docx'}: not a DOCX file (not a zip archive)"
