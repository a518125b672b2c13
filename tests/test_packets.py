"""Council and SCI packets: bookmarks, page counts, stamps, links, and bad attachments."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, edit, soffice

from docgen.cli.main import main
from docgen.errors import DocgenError
from docgen.pdf.packets import PacketRequest
from docgen.pdf.sci import sci_packet

MEETING = "2026-07-21"
ITEMS = [
    "Item 1: Friendship City Memorandum of Understanding with Peshawar, "
    "Islamic Republic of Pakistan",
    "Item 2: Sister City Memorandum of Understanding with Vientiane, "
    "Lao People's Democratic Republic",
]
ATTACHMENTS = ["Staff report", "A. Draft Resolution", "B. Memorandum of Understanding",
               "C. Tentative Agreement", "D. Request for a Sister City form"]


def pdf_bytes(*pages: str, password: str | None = None, size: tuple[float, float] = (612, 792),
              rotate: int = 0) -> bytes:
    """A small real PDF with one line of text per page."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size)
    for text in pages:
        canvas.drawString(72, size[1] - 100, text)
        canvas.showPage()
    canvas.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    for page in writer.pages:
        if rotate:
            page.rotate(rotate)
    if password is not None:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def prepare(ws: Path) -> None:
    """Two items on the July meeting, and a scanned signed agreement for Vientiane."""
    edit(ws / "cases/peshawar.yaml", "council_meeting: 2026-04-21",
         f"council_meeting: {MEETING}")
    edit(ws / "cases/vientiane.yaml", "  signing_place:",
         "  signed_copy: scans/vientiane-signed.pdf\n  signing_place:")
    (ws / "scans").mkdir()
    (ws / "scans/vientiane-signed.pdf").write_bytes(
        pdf_bytes("SIGNED ORIGINAL page one", "SIGNED ORIGINAL page two", rotate=90))


@pytest.fixture
def ws(workspace: Path) -> Path:
    prepare(workspace)
    return workspace


@pytest.fixture(scope="module")
def packets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Both packets, made once with the real LibreOffice."""
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    from pypdf import PdfReader

    ws = tmp_path_factory.mktemp("packets") / "ws"
    shutil.copytree(FIXTURES, ws, ignore=shutil.ignore_patterns("output"))
    prepare(ws)
    runner = CliRunner()
    council = runner.invoke(main, ["packet", "council", MEETING, "-w", str(ws)])
    assert council.exit_code == 0, council.output
    sci = runner.invoke(main, ["packet", "sci", "vientiane", "-w", str(ws)])
    assert sci.exit_code == 0, sci.output
    out = ws / "output"
    return {"council": PdfReader(str(out / f"packets/council-{MEETING}.pdf")),
            "sci": PdfReader(str(out / "vientiane/sci-registration-packet.pdf")),
            "council_output": council.output, "sci_output": sci.output, "ws": ws}


def outline(reader: Any) -> list[Any]:
    """[(title, page index, [children...]), ...]"""
    def walk(items: list[Any]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            if isinstance(item, list):
                out[-1][2].extend(walk(item))
            else:
                out.append((item.title, reader.get_destination_page_number(item), []))
        return out

    return walk(reader.outline)


def test_council_packet_bookmarks_items_then_attachments(packets: dict[str, Any]) -> None:
    reader = packets["council"]
    marks = outline(reader)
    assert [m[0] for m in marks] == ITEMS
    for title, page, children in marks:
        assert [c[0] for c in children] == ATTACHMENTS, title
        assert children[0][1] == page  # the item opens on its staff report
        assert [c[1] for c in children] == sorted(c[1] for c in children)
    assert marks[0][1] == 1  # after the one-page cover
    assert len(reader.pages) > marks[1][2][-1][1]


def test_council_packet_stamps_every_page_after_the_cover(packets: dict[str, Any]) -> None:
    reader = packets["council"]
    total = len(reader.pages) - 1
    assert not re.search(r"Page \d+ of \d+", reader.pages[0].extract_text())
    for number, page in enumerate(reader.pages[1:], start=1):
        assert f"Page {number} of {total}" in page.extract_text()
    assert f"({len(reader.pages)} pages)" in packets["council_output"]


def test_council_cover_lists_items_and_links_to_them(packets: dict[str, Any]) -> None:
    reader = packets["council"]
    cover = reader.pages[0].extract_text()
    assert "City Council" in cover and "Tuesday, July 21, 2026" in cover
    assert "1. Friendship City Memorandum of Understanding with Peshawar" in cover
    assert "2. Sister City Memorandum" in cover
    targets = []
    for annot in reader.pages[0]["/Annots"]:
        link = annot.get_object()
        assert link["/Subtype"] == "/Link"
        targets.append(reader.get_page_number(link["/Dest"][0].get_object()))
    starts = [m[1] for m in outline(reader)]
    assert targets[0] == starts[0] and starts[1] in targets
    assert len(targets) == 2 * (1 + len(ATTACHMENTS))


def test_staff_report_content(packets: dict[str, Any]) -> None:
    reader = packets["council"]
    first = outline(reader)[1]  # Vientiane
    text = "".join(reader.pages[i].extract_text() for i in range(first[1], first[2][1][1]))
    for words in ("Recommended council action", "authorizing the Mayor to sign", "Background",
                  "Key terms", "Fiscal impact", "Steps so far", "Review of the documents",
                  "educational, cultural and economic", "July 21, 2026"):
        assert words in " ".join(text.split()), words


def test_sci_packet_parts_and_scan(packets: dict[str, Any]) -> None:
    reader = packets["sci"]
    marks = outline(reader)
    assert [m[0] for m in marks] == [
        "Cover letter",
        "Signed Memorandum of Understanding, English and Lao versions, signed September 12, "
        "2026 (scan)",
        "Registration summary: relationship type, points of contact and SCI membership"]
    assert all(not m[2] for m in marks)
    assert [m[1] for m in marks] == sorted(m[1] for m in marks)
    assert "Membership" in reader.pages[0].extract_text()
    assert "SIGNED ORIGINAL page one" in reader.pages[marks[1][1]].extract_text()
    assert "Registration summary" in reader.pages[marks[2][1]].extract_text()
    assert marks[2][1] == marks[1][1] + 2
    assert "warning: no record of the council approval" in packets["sci_output"]


def test_a_date_without_items_says_so(workspace: Path, run) -> None:
    result = run("packet", "council", "2026-07-22", "-w", workspace)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "no agenda items for the council meeting of 2026-07-22 "
        "(no case has agreement.council_meeting: 2026-07-22)")


@pytest.fixture
def converted(ws: Path) -> Path:
    """The workspace, with LibreOffice at hand to convert its documents for real."""
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    return ws


def test_encrypted_attachment_stops_the_packet(converted: Path) -> None:
    (converted / "scans/vientiane-signed.pdf").write_bytes(pdf_bytes("secret", password="pw"))
    with pytest.raises(DocgenError) as caught:
        sci_packet(PacketRequest(converted, converted / "output"), "vientiane")
    assert str(caught.value).startswith("scans/vientiane-signed.pdf")
    assert "encrypted (password-protected); docgen needs an unprotected copy" in \
        str(caught.value)
    assert not (converted / "output/vientiane/sci-registration-packet.pdf").exists()


def test_unreadable_scan_stops_the_sci_packet(converted: Path) -> None:
    (converted / "scans/vientiane-signed.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    with pytest.raises(DocgenError, match=r"^scans/vientiane-signed\.pdf: not a readable PDF"):
        sci_packet(PacketRequest(converted, converted / "output"), "vientiane")


def test_missing_scan_file_stops_the_packet(converted: Path, run) -> None:
    (converted / "scans/vientiane-signed.pdf").unlink()
    result = run("packet", "sci", "vientiane", "-w", converted)
    assert result.exit_code == 1
    assert result.stderr.startswith("cases/vientiane.yaml:")
    assert "agreement.signed_copy: scans/vientiane-signed.pdf not found: the letter lists it " \
           "as enclosed" in result.stderr
    assert not (converted / "output/vientiane/sci-registration-packet.pdf").exists()


@pytest.mark.parametrize("name", ["../outside.pdf", "/etc/passwd", "scans/../../x.pdf"])
def test_scan_outside_the_workspace_is_refused(ws: Path, run, name: str) -> None:
    edit(ws / "cases/vientiane.yaml", "scans/vientiane-signed.pdf", name)
    result = run("packet", "sci", "vientiane", "-w", ws)
    assert result.exit_code == 1
    assert "agreement.signed_copy: refused:" in result.stderr
    assert result.stderr.startswith("cases/vientiane.yaml:")


def test_unknown_case(workspace: Path, run) -> None:
    result = run("packet", "sci", "nowhere", "-w", workspace)
    assert result.exit_code == 1
    assert "cases/nowhere.yaml: no such case" in result.stderr
