"""Letters and the Request form as sent abroad: the mayor's letterhead and a continuation
header, no internal footer, prose instead of lists, the inquiry answered (not quoted back),
the request form titled by the relationship, and dates that follow the steps."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import docx_text, edit, soffice

from docgen.workspace.load import load_workspace

LETTERS = [("vientiane", "letter-of-introduction"), ("tetovo", "inquiry-response"),
           ("peshawar", "inquiry-response")]


@pytest.fixture
def built(workspace: Path, run) -> Path:
    result = run("build", workspace, "--date", "2026-11-22")
    assert result.exit_code == 0, result.output
    return workspace / "output"


def parts_text(path: Path, prefix: str) -> list[str]:
    """The text of each header or footer part of a DOCX (`word/footer`...)."""
    from lxml import etree

    with zipfile.ZipFile(path) as zf:
        names = sorted(n for n in zf.namelist() if n.startswith(prefix))
        return ["".join(etree.fromstring(zf.read(n)).itertext()) for n in names]


@pytest.mark.parametrize(("case", "kind"), LETTERS)
def test_letters_have_no_internal_footer(built: Path, case: str, kind: str) -> None:
    letter = built / case / f"{kind}.docx"
    assert all(not text.strip() for text in parts_text(letter, "word/footer"))
    text = docx_text(letter)
    assert "· page" not in text and "Letter of Introduction" not in text


@pytest.mark.parametrize(("case", "kind"), LETTERS)
def test_letterhead_on_page_one_and_a_continuation_header_after(built: Path, case: str,
                                                                kind: str) -> None:
    from docx import Document

    section = Document(str(built / case / f"{kind}.docx")).sections[0]
    assert section.different_first_page_header_footer
    first = [p.text for p in section.first_page_header.paragraphs]
    assert first[:2] == ["City of Milpitas", "Office of the Mayor"]  # the mayor's letterhead
    assert "455 East Calaveras Boulevard" in first[2]
    later = [p.text for p in section.header.paragraphs]
    leader = load_workspace(built.parent).case(case)
    assert leader is not None
    date = {"vientiane": "April 20, 2026", "tetovo": "October 9, 2026",
            "peshawar": "January 9, 2026"}[case]
    assert later[1] == date and later[2].startswith("Page ")
    assert leader.case.partner.leader.name in later[0]
    assert "City of Milpitas" not in " ".join(later)
    page_field = section.header._element.xpath(".//w:fldSimple/@w:instr")
    assert [f.strip() for f in page_field] == ["PAGE"]


@pytest.mark.parametrize(("case", "kind"), LETTERS)
def test_letters_read_written_not_filled_in(built: Path, case: str, kind: str) -> None:
    from docx import Document

    doc = Document(str(built / case / f"{kind}.docx"))
    styles = {p.style.name for p in doc.paragraphs if p.text.strip()}
    assert not styles & {"List Bullet", "List Number"}  # lists became sentences
    text = docx_text(built / case / f"{kind}.docx")
    for filled_in in ("characterized by", "include:", "Academic:", "for the following reason:",
                      "Volunteer contact:", "In the Mayor's office:"):
        assert filled_in not in text
    # the mayor signs; the commission is a point of contact, not the sender
    assert "Sincerely,\nDana Whitfield\nMayor of the City of Milpitas" in text
    assert "Helen Tran, Commissioner, Milpitas Sister Cities Commission" in text


def test_the_inquiry_response_thanks_and_answers(built: Path) -> None:
    text = docx_text(built / "tetovo/inquiry-response.docx")
    case = load_workspace(built.parent).case("tetovo")
    assert case is not None and case.case.inquiry is not None
    assert case.case.inquiry.summary is not None
    assert case.case.inquiry.summary[:40] not in " ".join(text.split())
    assert "recorded your inquiry" not in text
    assert text.count("Thank you for the email of October 2, 2026 from Elira Selimi") == 1
    # the meeting that will hear it, the next after the reply of October 9; not the deadline
    assert "will hear your proposal at its meeting of October 14, 2026" in text
    assert "no later than" not in text and "December 9, 2026" not in text


def test_enclosures_listed_are_the_enclosures_sent(built: Path) -> None:
    reply = docx_text(built / "peshawar/inquiry-response.docx")
    assert "\nEnclosure: Request for a Friendship City form\n" in reply
    assert (built / "peshawar/request-form.docx").is_file()  # and it is built to be sent
    assert "Enclosure" not in docx_text(built / "vientiane/letter-of-introduction.docx")


@pytest.mark.parametrize(("kind", "title"), [
    ("sister-city", "Request for a Sister City"),
    ("friendship-city", "Request for a Friendship City"),
    ("county", "Request for a Sister County"),
    ("state", "Request for a Sister State"),
])
def test_request_form_is_titled_by_the_relationship(workspace: Path, run, kind: str,
                                                    title: str) -> None:
    from docx import Document

    edit(workspace / "cases/vientiane.yaml", "type: sister-city", f"type: {kind}")
    assert run("build", workspace, "--case", "vientiane", "--doc", "request-form").exit_code in (
        0, 1)
    path = workspace / "output/vientiane/request-form.docx"
    doc = Document(str(path))
    assert doc.paragraphs[0].text == title and doc.paragraphs[0].style.name == "Title"
    text = docx_text(path)
    assert "Commission reference" not in text and "| vientiane" not in text
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["Name in the local language", "Milpitas"] not in cells  # the home city has none
    assert ["Name in the local language", "ນະຄອນຫຼວງວຽງຈັນ"] in cells
    labels = {row[0] for row in cells}
    assert {"Community support (organizations and volunteers)",
            "Program plan for the first year", "Budget for the first year",
            "Existing links between the cities"} <= labels
    # headings keep with their tables; rows never split
    for table in doc.tables:
        for row in table.rows:
            assert row._tr.xpath("./w:trPr/w:cantSplit")
        for row in table.rows[:-1]:
            assert all(p.paragraph_format.keep_with_next for c in row.cells
                       for p in c.paragraphs)


def test_documents_are_dated_by_their_steps(workspace: Path, run) -> None:
    # built long before the steps: no document is dated before the step it reports
    assert run("build", workspace, "--date", "2026-01-02").exit_code == 0
    form = docx_text(workspace / "output/vientiane/request-form.docx")
    # pre-filled when it was sent (with the introduction), not when it came back
    assert "Pre-filled by the Milpitas Sister Cities Commission on April 20, 2026." in form
    assert "\nDate\nMay 28, 2026" in form  # it came back then
    tetovo = docx_text(workspace / "output/tetovo/request-form.docx")
    assert "on October 9, 2026." in tetovo and "\nDate\n____" in tetovo
    registration = docx_text(workspace / "output/vientiane/sci-registration.docx")
    assert "January 2, 2026" not in registration  # before the signing it reports
    assert "September 12, 2026" in registration


@pytest.mark.parametrize(("case", "kind"), LETTERS)
def test_letters_fit_on_one_page(built: Path, tmp_path: Path, case: str, kind: str) -> None:
    binary = soffice()
    if binary is None:
        pytest.skip("LibreOffice is not installed")
    subprocess.run([binary, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(built / case / f"{kind}.docx")], check=True, capture_output=True,
                   timeout=180)
    from pypdf import PdfReader

    assert len(PdfReader(str(tmp_path / f"{kind}.pdf")).pages) == 1
