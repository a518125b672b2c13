"""The public record: a council packet true as of its meeting, the commission's packet, and an
SCI submission that encloses what its letter lists. Real LibreOffice, PDFs read with pypdf."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, edit, soffice
from test_packets import outline, pdf_bytes

from docgen.cli.main import main

MAY = "2026-05-19"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
SPELLED = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{1,2}), (\d{4})\b")


def signed_in_june(ws: Path) -> None:
    """Vientiane on the council agenda of May 19, 2026, approved then and signed June 20."""
    case = ws / "cases/vientiane.yaml"
    for old, new in (("request_form_received: 2026-05-28", "request_form_received: 2026-04-30"),
                     ("tentative_agreement: 2026-06-10", "tentative_agreement: 2026-05-13"),
                     ("council_approval: 2026-07-21", f"council_approval: {MAY}"),
                     ("signed: 2026-09-12", "signed: 2026-06-20"),
                     ("council_meeting: 2026-07-21", f"council_meeting: {MAY}"),
                     ("evaluation_by: 2027-09-12", "evaluation_by: 2027-06-20")):
        edit(case, old, new)


def copy_fixtures(root: Path) -> Path:
    ws = root / "ws"
    shutil.copytree(FIXTURES, ws, ignore=shutil.ignore_patterns("output"))
    return ws


def invoke(*args: object, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def pages_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def may(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    ws = copy_fixtures(tmp_path_factory.mktemp("may"))
    signed_in_june(ws)
    result = invoke("packet", "council", MAY, "-w", ws)
    assert result.exit_code == 0, result.output
    return {"ws": ws, "path": ws / f"output/packets/council-{MAY}.pdf"}


def test_the_may_packet_holds_nothing_dated_after_its_meeting(may: dict[str, Any]) -> None:
    meeting = dt.date.fromisoformat(MAY)
    for number, text in enumerate(pages_text(may["path"]), start=1):
        for month, day, year in SPELLED.findall(text):
            when = dt.date(int(year), MONTHS.index(month) + 1, int(day))
            assert when <= meeting, f"page {number}: {month} {day}, {year}"
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), f"page {number}"
        assert "June 20" not in text and "Signed by both Mayors" not in text
        assert "Approved by the City Council" not in text, f"page {number}"


def test_the_mou_in_the_packet_is_unsigned(may: dict[str, Any]) -> None:
    from pypdf import PdfReader

    reader = PdfReader(may["path"])
    [item] = outline(reader)
    start = next(c[1] for c in item[2] if c[0] == "B. Memorandum of Understanding")
    end = next(c[1] for c in item[2] if c[0] == "C. Tentative Agreement")
    text = " ".join(" ".join(reader.pages[i].extract_text().split()) for i in range(start, end))
    # the place is known, the date is not: left to complete, in the clause and in both blocks
    assert ("Signed at Milpitas City Hall, Milpitas, California on (date to be completed) by "
            "the highest officials of both cities.") in text
    assert text.count("Date: (date to be completed)") == 2
    assert text.count("ວັນທີ: (ວັນທີຈະຕື່ມພາຍຫຼັງ)") == 2
    assert not re.search(r"Date: (?!\(date to be completed\))", text)
    assert text.count("_" * 20) == 2  # both signature lines blank
    # the evaluation date follows from the signing: not yet set
    assert "evaluate the partnership on a date they set together" in text
    assert "evaluate the partnership by" not in text


def test_regenerating_a_past_packet_gives_the_same_bytes(may: dict[str, Any],
                                                         tmp_path: Path) -> None:
    before = may["path"].read_bytes()
    later = str(int(dt.datetime(2027, 3, 1, tzinfo=dt.timezone.utc).timestamp()))
    result = invoke("packet", "council", MAY, "-w", may["ws"], "-o", tmp_path,
                    env={"SOURCE_DATE_EPOCH": later})
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"packets/council-{MAY}.pdf").read_bytes() == before


def test_bookmarks_hold_staff_report_resolution_and_each_attachment(may: dict[str, Any]) -> None:
    from pypdf import PdfReader

    [item] = outline(PdfReader(may["path"]))
    assert item[0].startswith("Item 1: Sister City Memorandum of Understanding with Vientiane")
    assert [c[0] for c in item[2]] == [
        "Staff report", "A. Draft Resolution", "B. Memorandum of Understanding",
        "C. Tentative Agreement", "D. Request for a Sister City form"]


def test_the_staff_report_reads_as_a_clerk_publishes_it(may: dict[str, Any]) -> None:
    from pypdf import PdfReader

    reader = PdfReader(may["path"])
    [item] = outline(reader)
    text = " ".join(" ".join(reader.pages[i].extract_text().split())
                    for i in range(item[2][0][1], item[2][1][1]))
    assert "docgen" not in text.lower()
    for words in ("Adopt Resolution No. ______ approving the Memorandum of Understanding",
                  "authorizing the Mayor to sign it",
                  "The Milpitas Sister Cities Commission recommends",
                  "Term and renewal Five years from the date both cities sign, renewable",
                  "Termination Either city may end the Memorandum by six months' written "
                  "notice", "Fiscal impact", "Environmental review CEQA",
                  "Alternatives", "A. Draft Resolution",
                  "Letter of introduction sent by the Mayor",
                  "Languages Done in English and Lao, the texts being equally valid"):
        assert words in text, words
    resolution = " ".join(reader.pages[item[2][1][1]].extract_text().split())
    assert "Resolution No. ____" in resolution and "WHEREAS" in resolution
    assert "PASSED AND ADOPTED this ____" in " ".join(
        " ".join(reader.pages[i].extract_text().split())
        for i in range(item[2][1][1], item[2][2][1]))


def test_staff_named_in_the_workspace_sign_the_report(tmp_path: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    ws = copy_fixtures(tmp_path)
    signed_in_june(ws)
    edit(ws / "docgen.yaml", "  focus_areas:", "  staff:\n    city_manager: {name: Ana Ruiz}\n"
         "    prepared_by: {name: Lee Park, title: Management Analyst}\n"
         "    environmental_review: Not a project under CEQA.\n  focus_areas:")
    assert invoke("packet", "council", MAY, "-w", ws).exit_code == 0
    text = " ".join(pages_text(ws / f"output/packets/council-{MAY}.pdf")[1:4])
    assert "From Ana Ruiz, City Manager" in text
    assert "Prepared by Lee Park, Management Analyst" in text
    assert "Environmental review Not a project under CEQA." in text


def test_staff_report_tables_do_not_break_across_pages() -> None:
    from docx import Document
    from docx.oxml.ns import qn

    from docgen.render.templates import bundled_templates

    doc = Document(str(bundled_templates() / "staff-report.docx"))
    assert len(doc.tables) == 3
    for table in doc.tables:
        rows = table.rows
        for row in rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
        for row in rows[:-1]:
            for cell in row.cells:
                assert all(p.paragraph_format.keep_with_next for p in cell.paragraphs)


# ------------------------------------------------------------------- the commission's packet


@pytest.fixture(scope="module")
def december(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Tetovo's inquiry of October 2 not yet discussed: December 9 is its last meeting."""
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    ws = copy_fixtures(tmp_path_factory.mktemp("december"))
    edit(ws / "cases/tetovo.yaml", "  researched: [2026-10-14]\n", "")
    result = invoke("packet", "commission", "2026-12-09", "-w", ws)
    assert result.exit_code == 0, result.output
    return {"ws": ws, "path": ws / "output/packets/commission-2026-12-09.pdf"}


def test_commission_packet_lists_the_inquiry_due_at_its_last_meeting(
        december: dict[str, Any]) -> None:
    from pypdf import PdfReader

    reader = PdfReader(december["path"])
    marks = outline(reader)
    assert marks[0][0] == "Item 1: Inquiries due and the cases in progress"
    status = " ".join(reader.pages[marks[0][1]].extract_text().split())
    assert ("Tetovo, Republic of North Macedonia: received October 2, 2026; meetings left: 1; "
            "last meeting in time: December 9, 2026 (this meeting).") in status
    assert "Vientiane, Lao People's Democratic Republic: signed. Next: Register the " \
           "relationship with Sister Cities International." in status
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Milpitas Sister Cities Commission" in cover and "Wednesday, December 9, 2026" in cover
    assert "Inquiries waiting to be discussed: Tetovo (last meeting in time: December 9, " \
           "2026)." in cover
    assert len(reader.pages[0]["/Annots"]) >= 2 * len(marks)


def test_commission_packet_includes_a_research_brief(december: dict[str, Any]) -> None:
    from pypdf import PdfReader

    reader = PdfReader(december["path"])
    marks = outline(reader)
    [brief] = [m for m in marks if "Research: Tetovo" in m[0]]
    assert [c[0] for c in brief[2]] == ["Research brief: Tetovo"]
    text = " ".join(" ".join(reader.pages[i].extract_text().split())
                    for i in range(brief[1], len(reader.pages)))
    assert "Population 80,273 52,915" in text
    assert "Still unknown" in text and "Sister city relationships of the candidate" in text
    total = len(reader.pages) - 1
    assert f"Page {total} of {total}" in reader.pages[-1].extract_text()


# ------------------------------------------------------------------------------ SCI


def test_sci_packet_without_a_scan_is_refused_in_one_line(workspace: Path) -> None:
    result = invoke("packet", "sci", "vientiane", "-w", workspace)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("cases/vientiane.yaml:")
    assert "agreement.signed_copy: no scan of the signed agreement" in lines[0]
    assert not (workspace / "output/vientiane/sci-registration-packet.pdf").exists()


def test_sci_packet_of_an_unsigned_agreement_is_refused(workspace: Path) -> None:
    edit(workspace / "cases/vientiane.yaml", "  signed: 2026-09-12\n", "")
    result = invoke("packet", "sci", "vientiane", "-w", workspace)
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("history.signed: the agreement has not been signed: "
                                          "SCI registers a signed agreement")


@pytest.fixture
def submitted(workspace: Path) -> Path:
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    (workspace / "scans").mkdir()
    (workspace / "scans/vientiane-en.pdf").write_bytes(pdf_bytes("SIGNED EN 1", "SIGNED EN 2"))
    (workspace / "scans/vientiane-lo.pdf").write_bytes(pdf_bytes("SIGNED LO 1"))
    (workspace / "records").mkdir()
    (workspace / "records/resolution.pdf").write_bytes(pdf_bytes("RESOLUTION 2026-41"))
    edit(workspace / "cases/vientiane.yaml", "  signing_place:",
         "  signed_copies: {en: scans/vientiane-en.pdf, lo: scans/vientiane-lo.pdf}\n"
         "  council_record: records/resolution.pdf\n  signing_place:")
    edit(workspace / "docgen.yaml", "  focus_areas:", "  sci_membership: {member: City of "
         "Milpitas, number: '4417', dues_through: 2026-06-30}\n  focus_areas:")
    return workspace


def test_sci_packet_encloses_exactly_what_its_letter_lists(submitted: Path) -> None:
    from pypdf import PdfReader

    result = invoke("packet", "sci", "vientiane", "-w", submitted, "--date", "2026-10-01")
    assert result.exit_code == 0, result.output
    assert "warning: SCI membership not in good standing on October 1, 2026: dues are paid " \
           "through June 30, 2026" in result.stderr
    reader = PdfReader(submitted / "output/vientiane/sci-registration-packet.pdf")
    marks = outline(reader)
    letter = " ".join(reader.pages[0].extract_text().split())
    listed = letter.split("Enclosures ", 1)[1].split(" cc: ")[0]
    titles = [m[0] for m in marks]
    assert titles[0] == "Cover letter"
    assert all(t in listed for t in titles[1:])  # the letter lists every enclosure
    assert listed.count("Signed Memorandum") == 2 and listed.count("Record of") == 1
    assert titles[1:] == [
        "Signed Memorandum of Understanding, English version, signed September 12, 2026 (scan)",
        "Signed Memorandum of Understanding, Lao version, signed September 12, 2026 (scan)",
        "Record of the City Council approval of July 21, 2026",
        "Registration summary: relationship type, points of contact and SCI membership"]
    starts = [m[1] for m in marks] + [len(reader.pages)]
    counts = [b - a for a, b in itertools.pairwise(starts)]
    assert counts[1:4] == [2, 1, 1]  # each scan and the council record, whole
    assert "SIGNED EN 1" in reader.pages[marks[1][1]].extract_text()
    assert "SIGNED LO 1" in reader.pages[marks[2][1]].extract_text()
    assert "RESOLUTION 2026-41" in reader.pages[marks[3][1]].extract_text()
    summary = reader.pages[marks[4][1]].extract_text()
    assert "Registration summary" in summary and "City of Milpitas, member no. 4417" in summary
    assert "Form" not in summary


def test_build_pdf_and_the_sci_packet_do_not_share_a_path(submitted: Path) -> None:
    assert invoke("build", submitted, "--case", "vientiane", "--pdf").exit_code == 0
    built = submitted / "output/vientiane/sci-registration.pdf"
    before = built.read_bytes()
    result = invoke("packet", "sci", "vientiane", "-w", submitted)
    assert result.exit_code == 0, result.output
    packet = submitted / "output/vientiane/sci-registration-packet.pdf"
    assert packet.is_file() and built.read_bytes() == before
    assert f"wrote {packet}" in result.stdout


def test_approve_and_the_review_page_know_both_pdfs(submitted: Path) -> None:
    import json

    assert invoke("build", submitted, "--case", "vientiane", "--pdf").exit_code == 0
    assert invoke("packet", "sci", "vientiane", "-w", submitted).exit_code == 0
    result = invoke("approve", "-w", submitted, "--case", "vientiane", "--doc",
                    "sci-registration")
    assert result.exit_code == 0, result.output
    out = submitted / "output"
    for name in ("sci-registration.pdf", "sci-registration-packet.pdf"):
        assert (out / ".approved/vientiane" / name).read_bytes() == \
            (out / "vientiane" / name).read_bytes(), name
    entry = json.loads((out / ".approved/.manifest.json").read_text())["documents"][
        "vientiane/sci-registration.docx"]
    assert set(entry) == {"approved_at", "sha256", "pdf_sha256", "packet_sha256"}
    assert invoke("review", "-w", submitted).exit_code == 0
    page = (out / "review/index.html").read_text()
    assert 'href="../vientiane/sci-registration-packet.pdf"' in page
    assert 'href="../vientiane/sci-registration.pdf"' in page
