"""DOCX to PDF with a warm LibreOffice: `build --pdf`, the names in every script, the fonts."""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, soffice

from docgen.cli.main import main
from docgen.pdf.convert import ConversionError, Converter

TAKASAKI = textwrap.dedent("""\
    partner:
      city: Takasaki
      local_name: 高崎市
      country: Japan
      languages: [ja, en]
      leader:
        name: Kenji Tomioka
        title: Mayor of Takasaki
      contacts:
        - role: leader_office
          name: 佐藤 花子
          title: International Affairs Division
    origin: inquiry
    inquiry:
      received: 2026-10-01
      channel: letter
    history:
      responded: 2026-10-05
    """)
LOCAL = {"peshawar": "پشاور", "tetovo": "Тетово", "vientiane": "ນະຄອນຫຼວງວຽງຈັນ",
         "takasaki": "高崎市"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace plus a Japanese case, built once with --pdf."""
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    ws = tmp_path_factory.mktemp("pdf") / "ws"
    shutil.copytree(FIXTURES, ws, ignore=shutil.ignore_patterns("output"))
    (ws / "cases/takasaki.yaml").write_text(TAKASAKI, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(ws), "--pdf"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return ws / "output"


def text_of(pdf: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(pdf)).pages)


def fonts_of(pdf: Path) -> set[str]:
    """The base font names a PDF uses, subset prefixes dropped (pypdf's font resources)."""
    from pypdf import PdfReader

    names: set[str] = set()
    for page in PdfReader(str(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            for f in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
                names.add(str(f.get("/BaseFont", "")).lstrip("/").split("+")[-1])
    return names


def test_a_pdf_beside_every_docx(built: Path) -> None:
    from pypdf import PdfReader

    docs = sorted(built.glob("*/*.docx"))
    assert len(docs) == 19
    for doc in docs:
        pdf = doc.with_suffix(".pdf")
        assert pdf.read_bytes()[:5] == b"%PDF-", pdf
        assert len(PdfReader(str(pdf)).pages) >= 1


@pytest.mark.parametrize("case", sorted(LOCAL))
def test_pdf_text_holds_the_names(built: Path, case: str) -> None:
    text = text_of(built / case / "request-form.pdf")
    assert "Milpitas" in text
    assert case.capitalize() in text
    if case in ("tetovo", "takasaki", "vientiane"):  # Cyrillic, Japanese, Lao extract as is
        assert LOCAL[case] in text
    if case == "peshawar":
        # Urdu comes out in visual order with stray control characters: the letters are
        # there, the word is not (pypdf's extraction, not the PDF, is at fault).
        assert set(LOCAL[case]) <= set(text)


def test_scripts_get_noto_fonts(built: Path) -> None:
    # Urdu is set in Nastaliq, its own style of the Arabic script
    assert any(f.startswith("NotoNastaliqUrdu") for f in fonts_of(built / "peshawar/mou.pdf"))
    assert any("CJK" in f for f in fonts_of(built / "takasaki/request-form.pdf"))
    assert any(f.startswith("NotoSerif") for f in fonts_of(built / "tetovo/request-form.pdf"))


def test_lao_gets_a_noto_lao_font(built: Path) -> None:
    assert any(re.match(r"Noto(Serif|Sans)Lao", f) for f in fonts_of(built / "vientiane/mou.pdf"))


def test_up_to_date_pdfs_are_left_alone(built: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in built.glob("*/*.pdf")}
    result = CliRunner().invoke(main, ["build", str(built.parent), "--pdf"])
    assert result.exit_code == 0, result.output
    assert ".pdf" not in result.output
    assert before == {p: p.stat().st_mtime_ns for p in built.glob("*/*.pdf")}


def test_pdf_converts_only_the_cases_and_documents_asked_for(workspace: Path, run) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    assert run("build", workspace).exit_code == 0  # every case's documents are current
    result = run("build", workspace, "--case", "tetovo", "--doc", "request-form", "--pdf")
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(workspace / "output").as_posix()
                  for p in (workspace / "output").glob("*/*.pdf")) == ["tetovo/request-form.pdf"]


def test_missing_libreoffice_is_one_line(workspace: Path, run, monkeypatch,
                                         tmp_path: Path) -> None:
    monkeypatch.delenv("DOCGEN_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on it
    result = run("build", workspace, "--case", "tetovo", "--pdf", "-j", "1")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert "apt-get install libreoffice-writer-nogui" in lines[-1]
    assert "Traceback" not in result.output


def test_a_stuck_conversion_times_out_and_cleans_up(built: Path, tmp_path: Path) -> None:
    """The real LibreOffice, given far too little time: it is stopped and its profile goes."""
    converter = Converter(timeout=0.001)
    converter.start()
    session = converter._session
    assert session is not None and os.path.isdir(session.profile)
    assert [s for s in session.sockets if os.path.exists(s)]  # its pipes, in /tmp
    with pytest.raises(ConversionError,
                       match=r"mou\.docx: LibreOffice did not finish .* 0\.001 s"):
        converter.convert(built / "vientiane/mou.docx", tmp_path / "mou.pdf")
    assert not os.path.exists(session.profile)
    assert not [s for s in session.sockets if os.path.exists(s)]  # LibreOffice left them
    assert session.soffice.poll() is not None and session.worker.poll() is not None
    assert not (tmp_path / "mou.pdf").exists()


def test_a_broken_document_is_named(tmp_path: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip" * 20)
    with Converter() as converter, pytest.raises(ConversionError, match=r"broken\.docx"):
        converter.convert(bad, tmp_path / "broken.pdf")
    assert not list(tmp_path.glob("*.pdf"))
