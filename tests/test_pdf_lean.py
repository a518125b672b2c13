"""The converter's own preparations: lean copies of DOCX files, fresh profiles that start as
known ones, several documents in flight, and a converter that stays in step after a failure."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import soffice
from docxmaker import _rewrite

from docgen.pdf.convert import ConversionError, Converter
from docgen.pdf.lean import lean_copy
from docgen.pdf.office import _office_version, find_office, seed_profile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _styled(path: Path) -> Path:
    """python-docx's default document (about a hundred table styles) with a "Table Grid"
    table in the body and a "Light Shading Accent 1" one in the header."""
    from docx import Document
    from docx.shared import Inches

    doc = Document()
    doc.add_paragraph("Sister cities")
    doc.add_table(rows=1, cols=2).style = "Table Grid"
    header = doc.sections[0].header
    header.add_table(rows=1, cols=1, width=Inches(2)).style = "Light Shading Accent 1"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def _styles(path: Path) -> dict[str, str]:
    """style id -> type, of the package's word/styles.xml."""
    from lxml import etree

    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/styles.xml"))
    return {s.get(f"{W}styleId"): s.get(f"{W}type") for s in root.iter(f"{W}style")}


def test_a_lean_copy_keeps_the_table_styles_in_use_and_every_other_part(tmp_path: Path) -> None:
    src = _styled(tmp_path / "src.docx")
    # a style basedOn chain to follow: Table Grid based on an otherwise unused table style
    _rewrite(src, {"word/styles.xml": lambda text: text.replace(
        '<w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>',
        '<w:name w:val="Table Grid"/><w:basedOn w:val="LightList"/>')})
    before = _styles(src)
    assert sum(kind == "table" for kind in before.values()) > 90
    assert lean_copy(src, tmp_path / "lean.docx")
    after = _styles(tmp_path / "lean.docx")
    assert {i for i, kind in after.items() if kind == "table"} == {
        "TableNormal", "TableGrid", "LightList", "LightShading-Accent1"}
    assert {i: k for i, k in before.items() if k != "table"} == {
        i: k for i, k in after.items() if k != "table"}
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(tmp_path / "lean.docx") as b:
        assert b.testzip() is None
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        for info in a.infolist():
            if info.filename != "word/styles.xml":
                assert a.read(info) == b.read(info.filename), info.filename


def test_nothing_to_leave_out_means_no_copy(tmp_path: Path) -> None:
    assert lean_copy(_styled(tmp_path / "src.docx"), tmp_path / "lean.docx")
    assert not lean_copy(tmp_path / "lean.docx", tmp_path / "again.docx")
    assert not (tmp_path / "again.docx").exists()
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really a zip" * 20)
    assert not lean_copy(tmp_path / "bad.docx", tmp_path / "bad-lean.docx")
    assert not (tmp_path / "bad-lean.docx").exists()


def test_a_fresh_profile_starts_at_this_installations_version(tmp_path: Path) -> None:
    program = tmp_path / "lo" / "program"
    program.mkdir(parents=True)
    (program / "soffice").write_text("")
    seed_profile(tmp_path / "none", str(program / "soffice"))  # no share/registry: left alone
    assert not (tmp_path / "none").exists()
    registry = tmp_path / "lo" / "share" / "registry"
    registry.mkdir(parents=True)
    (registry / "main.xcd").write_text('<prop oor:name="ooSetupVersion" oor:type="xs:string">'
                                       '<value/></prop><prop oor:name="ooSetupVersion">\n'
                                       '  <value>24.8</value></prop>')
    other = tmp_path / "lo" / "program" / "soffice.bin"  # another path: not cached
    other.write_text("")
    seed_profile(tmp_path / "user", str(other))
    text = (tmp_path / "user" / "user" / "registrymodifications.xcu").read_text()
    assert re.search(r'oor:name="ooSetupLastVersion" oor:op="fuse"><value>24\.8</value>', text)


def test_the_installed_libreoffice_version_is_found() -> None:
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    assert re.fullmatch(r"\d+\.\d+", _office_version(find_office().soffice) or "")


def test_several_documents_in_flight_and_a_failure_among_them(tmp_path: Path) -> None:
    """The failing document is named, those after it are not written, no temporary file is
    left, and the converter's next document gets its own answer."""
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    good = _styled(tmp_path / "good.docx")
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip" * 20)
    out = tmp_path / "out"
    with Converter() as converter:
        assert converter.convert_many([(good, out / "1.pdf"), (good, out / "2.pdf")]) == [
            out / "1.pdf", out / "2.pdf"]
        with pytest.raises(ConversionError, match=r"broken\.docx"):
            converter.convert_many([(good, out / "3.pdf"), (bad, out / "4.pdf"),
                                    (good, out / "5.pdf"), (good, out / "6.pdf")])
        assert sorted(p.name for p in out.iterdir()) == ["1.pdf", "2.pdf", "3.pdf"]
        with pytest.raises(ConversionError, match=r"missing\.docx: not found"):
            converter.convert_many([(good, out / "7.pdf"), (tmp_path / "missing.docx",
                                                            out / "8.pdf")])
        assert converter.convert(good, out / "9.pdf").read_bytes()[:5] == b"%PDF-"
        session = converter._session
        assert session is not None
        assert list(Path(session.profile, "lean").iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["1.pdf", "2.pdf", "3.pdf", "7.pdf", "9.pdf"]
    assert session.soffice.poll() is not None and session.worker.poll() is not None
    assert not Path(session.profile).exists()
