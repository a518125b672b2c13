"""Review tools: DOCX text, paragraph/word diff, tracked-change redlines and their commands."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from docgen.cli.main import main
from docgen.docx.text import DocxReadError, Para, document_text, read_paragraphs
from docgen.errors import DocgenError, OutputError
from docgen.review.diff import diff_paragraphs, diff_words, has_changes, render_diff, tokenize
from docgen.review.redline import write_redline

REPO = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
DATE = datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc)
W_DATE = "2024-05-01T09:30:00Z"

# A paragraph is a string, or a list of (text, "b"/"i"/"") runs.
Runs = str | list[tuple[str, str]]

BODY: list[Runs] = [
    "Memorandum of Understanding",
    "between ນະຄອນຫຼວງວຽງຈັນ and 高崎市",
    "The cities of Тетово and پشاور send greetings.",
    "Both cities agree to exchange students every year.",
    [("Signed at ", ""), ("Milpitas City", "b"), (" Hall", "")],
]
TABLE = [["City", "Signatory"], ["Тетово", "Mayor"], ["高崎市", "Mayor"]]
FOOTER = "Sister Cities International — پشاور"
HEADER = "MOU draft ນະຄອນຫຼວງວຽງຈັນ"


def build_docx(path: Path, body: Sequence[Runs] = BODY, table: list[list[str]] | None = TABLE,
               footer: str | None = FOOTER, header: str | None = HEADER) -> Path:
    """A real DOCX made with python-docx: paragraphs, then a table, a header and a footer."""
    doc = docx.Document()
    for para in body:
        p = doc.add_paragraph()
        for text, fmt in ([(para, "")] if isinstance(para, str) else para):
            run = p.add_run(text)
            run.bold = "b" in fmt or None
            run.italic = "i" in fmt or None
    if table:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
    if header is not None:
        doc.sections[0].header.paragraphs[0].text = header
    if footer is not None:
        doc.sections[0].footer.paragraphs[0].text = footer
    doc.save(path)
    return path


def replaced(body: Sequence[Runs], index: int, new: Runs | None) -> list[Runs]:
    out = list(body)
    if new is None:
        del out[index]
    else:
        out[index] = new
    return out


VIENTIANE: Runs = [("Signed at ", ""), ("Vientiane Capital", "i"), (" Hall", "")]


@pytest.fixture
def old(tmp_path: Path) -> Path:
    return build_docx(tmp_path / "old.docx")


@pytest.fixture
def new(tmp_path: Path) -> Path:
    """The old MOU with the signing place changed to Vientiane."""
    return build_docx(tmp_path / "new.docx", replaced(BODY, 4, VIENTIANE))


def document_xml(path: Path, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(part))


def texts(el: etree._Element, xpath: str) -> list[str]:
    return ["".join(x.itertext()) for x in el.xpath(xpath, namespaces=NS)]


# ---- docx.text -----------------------------------------------------------------------------

def test_paragraphs_come_with_part_and_location(old: Path) -> None:
    paras = read_paragraphs(old)
    assert paras[0] == Para("document", 0, "Memorandum of Understanding", "body ¶1")
    assert paras[4] == Para("document", 4, "Signed at Milpitas City Hall", "body ¶5")
    assert paras[5:7] == [Para("document", 5, "City", "table 1 row 1 col 1"),
                          Para("document", 6, "Signatory", "table 1 row 1 col 2")]
    assert paras[9] == Para("document", 9, "高崎市", "table 1 row 3 col 1")
    assert paras[-2:] == [Para("header1", 0, HEADER, "header1 ¶1"),
                          Para("footer1", 0, FOOTER, "footer1 ¶1")]


def test_document_text_shows_body_tables_headers_and_footers(old: Path) -> None:
    assert document_text(old) == (
        "Memorandum of Understanding\n"
        "between ນະຄອນຫຼວງວຽງຈັນ and 高崎市\n"
        "The cities of Тетово and پشاور send greetings.\n"
        "Both cities agree to exchange students every year.\n"
        "Signed at Milpitas City Hall\n"
        "City | Signatory\n"
        "Тетово | Mayor\n"
        "高崎市 | Mayor\n"
        "\n[header1]\n" + HEADER + "\n"
        "\n[footer1]\n" + FOOTER + "\n"
    )


def test_text_reads_tabs_breaks_and_accepts_tracked_changes(tmp_path: Path) -> None:
    doc = docx.Document()
    p = doc.add_paragraph("Tetovo")
    p.add_run().add_tab()
    p.add_run("Milpitas").add_break()
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a" w:date="{W_DATE}">'
                          "<w:r><w:t>inserted</w:t></w:r></w:ins>"))
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="a" w:date="{W_DATE}">'
                          "<w:r><w:tab/><w:delText>deleted</w:delText><w:br/></w:r></w:del>"))
    doc.save(tmp_path / "t.docx")
    assert [x.text for x in read_paragraphs(tmp_path / "t.docx")] == ["Tetovo\tMilpitas\ninserted"]


def test_headers_and_footers_shared_by_sections_are_read_once(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("first section")
    doc.sections[0].footer.paragraphs[0].text = "shared footer"
    doc.add_section()
    doc.add_paragraph("second section")
    first, last = (s._sectPr for s in doc.sections)
    last.insert(0, copy.deepcopy(first.find(f"{{{W}}}footerReference")))
    doc.save(tmp_path / "s.docx")
    footers = [p for p in read_paragraphs(tmp_path / "s.docx") if p.part == "footer1"]
    assert footers == [Para("footer1", 0, "shared footer", "footer1 ¶1")]


def _zip_with(path: Path, entries: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: d / "missing.docx", "no such file"),
    (lambda d: d, "is a directory, not a DOCX file"),
    (lambda d: (d / "notes.docx").write_text("plain text") and d / "notes.docx",
     "not a DOCX file (not a zip archive)"),
    (lambda d: _zip_with(d / "other.docx", {"hello.txt": "hi"}),
     "not a DOCX file (no word/document.xml in the zip archive)"),
    (lambda d: _zip_with(d / "broken.docx", {"word/document.xml": "<w:document"}),
     "word/document.xml: malformed XML"),
], ids=["missing", "directory", "not-zip", "no-document", "bad-xml"])
def test_unreadable_files_raise_docx_read_error(tmp_path: Path, make, message: str) -> None:
    path = make(tmp_path)
    with pytest.raises(DocxReadError) as info:
        document_text(path)
    assert isinstance(info.value, DocgenError)
    assert info.value.path == str(path)
    assert info.value.message.startswith(message)
    assert info.value.lines() == [f"{path}: {info.value.message}"]


# ---- diff --------------------------------------------------------------------------------

def test_identical_documents_have_no_changes(old: Path, tmp_path: Path) -> None:
    same = build_docx(tmp_path / "same.docx")
    changes = diff_paragraphs(read_paragraphs(old), read_paragraphs(same))
    assert not has_changes(changes)
    assert {c.kind for c in changes} == {"equal"}
    assert len(changes) == len(read_paragraphs(old))
    assert render_diff(changes) == ""


def test_changed_signing_place_is_a_word_level_change(old: Path, new: Path) -> None:
    changes = diff_paragraphs(read_paragraphs(old), read_paragraphs(new))
    changed = [c for c in changes if c.kind != "equal"]
    assert len(changed) == 1
    assert changed[0].words == [("equal", "Signed at "), ("delete", "Milpitas City"),
                                ("insert", "Vientiane Capital"), ("equal", " Hall")]
    assert render_diff(changes, context=0) == (
        "@@ -5,1 +5,1 @@ document\n"
        "~ body ¶5: Signed at [-Milpitas City-]{+Vientiane Capital+} Hall\n")


def test_context_lines_and_colour(old: Path, new: Path) -> None:
    changes = diff_paragraphs(read_paragraphs(old), read_paragraphs(new))
    text = render_diff(changes, context=1, old_label="a.docx", new_label="b.docx")
    assert text.splitlines() == [
        "--- a.docx", "+++ b.docx", "@@ -4,3 +4,3 @@ document",
        "  body ¶4: Both cities agree to exchange students every year.",
        "~ body ¶5: Signed at [-Milpitas City-]{+Vientiane Capital+} Hall",
        "  table 1 row 1 col 1: City"]
    coloured = render_diff(changes, context=1, color=True)
    assert "\x1b[31m[-Milpitas City-]\x1b[0m\x1b[32m{+Vientiane Capital+}\x1b[0m" in coloured
    assert "\x1b[2m  body ¶4: Both cities" in coloured
    assert "\x1b[" not in text


def test_inserted_deleted_paragraphs_table_cells_and_footer(tmp_path: Path, old: Path) -> None:
    body = replaced(BODY, 3, None)  # exchange of students dropped
    body.insert(1, "Preamble: friendship between Тетово and 高崎市.")
    table = [TABLE[0], ["Тетово", "Deputy Mayor"], TABLE[2]]
    new = build_docx(tmp_path / "n.docx", body, table, footer="Sister Cities — Vientiane")
    lines = render_diff(diff_paragraphs(read_paragraphs(old), read_paragraphs(new)),
                        context=0).splitlines()
    assert lines == [
        "@@ -1,0 +2,1 @@ document",
        "+ body ¶2: {+Preamble: friendship between Тетово and 高崎市.+}",
        "@@ -4,1 +4,0 @@ document",
        "- body ¶4: [-Both cities agree to exchange students every year.-]",
        "@@ -9,1 +9,1 @@ document",
        "~ table 1 row 2 col 2: {+Deputy +}Mayor",
        "@@ -1,1 +1,1 @@ footer1",
        "~ footer1 ¶1: Sister Cities [-International -]— [-پشاور-]{+Vientiane+}",
    ]


@pytest.mark.parametrize(("before", "after"), [
    ("Signed at Milpitas City Hall", "Signed at Vientiane Capital Hall"),
    ("ນະຄອນຫຼວງວຽງຈັນ ແລະ Тетово", "ນະຄອນຫຼວງ ແລະ Тетово!"),
    ("高崎市と姉妹都市", "高崎市の姉妹都市です"),
    ("  spaces\tand\ttabs  ", "spaces and\ttabs\n"),
    ("", "new text"),
    ("پشاور شہر", ""),
])
def test_word_diff_rejoins_to_old_and_new_text(before: str, after: str) -> None:
    words = diff_words(before, after)
    assert "".join(t for op, t in words if op != "insert") == before
    assert "".join(t for op, t in words if op != "delete") == after
    assert all(t for _, t in words)


def test_tokens_keep_combining_marks_and_split_cjk() -> None:
    assert tokenize("ນະຄອນຫຼວງວຽງຈັນ, 高崎市") == ["ນະຄອນຫຼວງວຽງຈັນ", ",", " ", "高", "崎", "市"]


# ---- redline -----------------------------------------------------------------------------

def _revision(el: etree._Element) -> tuple[str | None, str | None]:
    return el.get(f"{{{W}}}author"), el.get(f"{{{W}}}date")


def test_redline_marks_signing_place_as_deletion_and_insertion(
        old: Path, new: Path, tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    stats = write_redline(old, new, out, author="Protocol Office", date=DATE)
    assert (stats.inserted, stats.deleted, stats.changed) == (0, 0, 1)
    root = document_xml(out)
    dels, inss = root.findall(".//w:del", NS), root.findall(".//w:ins", NS)
    assert [texts(d, ".//w:delText") for d in dels] == [["Milpitas City"]]
    assert [texts(i, ".//w:t") for i in inss] == [["Vientiane Capital"]]
    for mark in dels + inss:
        assert _revision(mark) == ("Protocol Office", W_DATE)
    # the deleted run keeps the old run's bold, the inserted one the new run's italics
    assert dels[0].find("w:r/w:rPr/w:b", NS) is not None
    assert inss[0].find("w:r/w:rPr/w:i", NS) is not None
    signed = dels[0].getparent()
    assert texts(signed, ".//w:t | .//w:delText") == [
        "Signed at ", "Milpitas City", "Vientiane Capital", " Hall"]


def test_redline_of_whole_paragraphs_table_rows_and_footer(tmp_path: Path, old: Path) -> None:
    body = replaced(BODY, 3, None)
    body.insert(1, "Preamble: friendship between Тетово and 高崎市.")
    table = [TABLE[0], ["Тетово", "Deputy Mayor"], TABLE[2], ["پشاور", "Nazim"]]
    new = build_docx(tmp_path / "n.docx", body, table, footer="Sister Cities — Vientiane")
    out = tmp_path / "r.docx"
    stats = write_redline(old, new, out, date=DATE)
    assert (stats.inserted, stats.deleted, stats.changed) == (3, 1, 2)
    root = document_xml(out)

    inserted = root.xpath("//w:p[w:pPr/w:rPr/w:ins]", namespaces=NS)
    assert [texts(p, ".//w:t") for p in inserted] == [
        ["Preamble: friendship between Тетово and 高崎市."], ["پشاور"], ["Nazim"]]
    assert not inserted[0].xpath("w:r", namespaces=NS), "every run is inside w:ins"
    deleted = root.xpath("//w:p[w:pPr/w:rPr/w:del]", namespaces=NS)
    assert [texts(p, ".//w:delText") for p in deleted] == [
        ["Both cities agree to exchange students every year."]]
    assert not deleted[0].xpath(".//w:t | w:r", namespaces=NS), "every run is inside w:del"

    cell = root.xpath("//w:tbl/w:tr[2]/w:tc[2]", namespaces=NS)[0]
    assert texts(cell, ".//w:ins//w:t") == ["Deputy "]
    new_row = root.xpath("//w:tbl/w:tr[4]", namespaces=NS)[0]
    assert new_row.find("w:trPr/w:ins", NS) is not None
    assert texts(new_row, ".//w:ins/w:r/w:t") == ["پشاور", "Nazim"]

    footer = document_xml(out, "word/footer1.xml")
    assert texts(footer, ".//w:del//w:delText") == ["International ", "پشاور"]
    assert texts(footer, ".//w:ins//w:t") == ["Vientiane"]

    ids = [int(x) for x in root.xpath("//w:ins/@w:id | //w:del/@w:id", namespaces=NS)]
    ids += [int(x) for x in footer.xpath("//w:ins/@w:id | //w:del/@w:id", namespaces=NS)]
    assert len(ids) == len(set(ids)) and min(ids) > 0


def test_deleted_paragraph_leaves_old_package_references_behind(tmp_path: Path) -> None:
    old = build_docx(tmp_path / "old.docx")
    doc = docx.Document(str(old))
    p = doc.paragraphs[3]._p
    rid = doc.part.relate_to("https://sister-cities.org/", RT.HYPERLINK, is_external=True)
    p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}">'
                       "<w:r><w:t xml:space='preserve'> (see website)</w:t></w:r></w:hyperlink>"))
    p.insert(0, parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="0" w:name="students"/>'))
    p.set("{http://schemas.microsoft.com/office/word/2010/wordml}paraId", "1A2B3C4D")
    doc.save(str(old))
    new = build_docx(tmp_path / "new.docx", replaced(BODY, 3, None))
    write_redline(old, new, tmp_path / "r.docx", date=DATE)
    [deleted] = document_xml(tmp_path / "r.docx").xpath("//w:p[w:pPr/w:rPr/w:del]",
                                                         namespaces=NS)
    assert texts(deleted, ".//w:delText") == [
        "Both cities agree to exchange students every year.", " (see website)"]
    assert deleted.xpath(".//w:hyperlink | .//w:bookmarkStart | .//@r:id", namespaces={
        **NS, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}) == []
    assert deleted.attrib == {}


def _view(root: etree._Element, keep: str) -> list[str]:
    """Paragraph texts with all changes accepted (keep="ins") or rejected (keep="del")."""
    drop = "del" if keep == "ins" else "ins"
    out = []
    for p in root.iter(f"{{{W}}}p"):
        if p.find(f"w:pPr/w:rPr/w:{drop}", NS) is not None or p.xpath(
                f"ancestor::w:tr[w:trPr/w:{drop}]", namespaces=NS):
            continue
        parts = p.xpath(f".//w:t[not(ancestor::w:{drop})] | .//w:delText[not(ancestor::w:"
                        f"{drop})]", namespaces=NS)
        out.append("".join(x.text or "" for x in parts))
    return out


@pytest.mark.parametrize("new_runs", [
    [("Signed at ", ""), ("Vientiane Capital", "i"), (" Hall", "")],
    [("Sig", ""), ("ned at Vient", "b"), ("iane Capital Ha", "i"), ("ll, Тетово", "")],
    [("Signed", "b"), (" at the ", ""), ("Milpitas City", "b"), (" Hall of ", ""), ("高崎市", "i")],
    "Signed",
])
def test_accepting_gives_new_text_and_rejecting_gives_old(tmp_path: Path, old: Path,
                                                          new_runs: Runs) -> None:
    new = build_docx(tmp_path / "n.docx", [*replaced(BODY, 4, new_runs), "An added line"],
                     [TABLE[0], ["Тетово", "Mayor"]])
    out = tmp_path / "r.docx"
    write_redline(old, new, out, date=DATE)
    root = document_xml(out)
    assert _view(root, keep="ins") == _view(document_xml(new), keep="ins")
    assert _view(root, keep="del") == _view(document_xml(old), keep="ins")
    assert [p.text for p in read_paragraphs(out)] == [p.text for p in read_paragraphs(new)]


def test_redline_is_deterministic_atomic_and_leaves_other_parts_alone(
        old: Path, new: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    first, second = out_dir / "a.docx", out_dir / "b.docx"
    write_redline(old, new, first, date=DATE)
    write_redline(old, new, second, date=DATE)
    assert first.read_bytes() == second.read_bytes()
    assert sorted(os.listdir(out_dir)) == ["a.docx", "b.docx"]  # no temporary files left
    with zipfile.ZipFile(first) as zf, zipfile.ZipFile(new) as original:
        assert zf.namelist() == original.namelist()
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        for name in ("word/styles.xml", "word/footer1.xml", "[Content_Types].xml"):
            assert zf.read(name) == original.read(name)
    reopened = docx.Document(str(first))
    assert [p.text for p in reopened.paragraphs][:2] == [
        "Memorandum of Understanding", "between ນະຄອນຫຼວງວຽງຈັນ and 高崎市"]
    assert len(reopened.tables) == 1


def test_redline_into_a_missing_folder_is_an_output_error(old: Path, new: Path,
                                                          tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write"):
        write_redline(old, new, tmp_path / "nowhere" / "r.docx", date=DATE)


def test_redline_of_a_three_page_mou_is_fast(tmp_path: Path) -> None:
    body = [f"Article {n}. The cities of Тетово and 高崎市 shall exchange delegations, "
            f"students and cultural programmes in year {n}, as set out below." for n in range(60)]
    table = [["City", "Signatory", "Date"]] + [[f"City {n}", "Mayor", "2024"] for n in range(8)]
    old = build_docx(tmp_path / "old.docx", body, table)
    body[10] = body[10].replace("students", "teachers")
    del body[30]
    body.insert(45, "A new article about ນະຄອນຫຼວງວຽງຈັນ.")
    table[3][1] = "Deputy Mayor"
    new = build_docx(tmp_path / "new.docx", body, table)
    start = time.perf_counter()
    stats = write_redline(old, new, tmp_path / "r.docx", date=DATE)
    elapsed = time.perf_counter() - start
    assert (stats.inserted, stats.deleted, stats.changed) == (1, 1, 2)
    assert elapsed < 2.0, f"redline took {elapsed:.2f}s"


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None and "CI" not in os.environ,
                    reason="LibreOffice (soffice) is not installed")
def test_libreoffice_shows_deleted_and_inserted_words(old: Path, tmp_path: Path) -> None:
    body = replaced(replaced(BODY, 4, VIENTIANE), 3, None)
    new = build_docx(tmp_path / "n.docx", [*body, "Added article on youth"])
    out = tmp_path / "redline.docx"
    write_redline(old, new, out, date=DATE)
    soffice = _soffice()
    assert soffice, "CI is set, so LibreOffice must be installed"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=240)
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "redline.pdf").pages)
    for word in ("Milpitas", "Vientiane", "Added article on youth", "exchange students"):
        assert word in text


# ---- commands ----------------------------------------------------------------------------

@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_show_prints_body_tables_headers_and_footers(runner: CliRunner, old: Path) -> None:
    result = runner.invoke(main, ["show", str(old)])
    assert result.exit_code == 0
    assert result.stdout == document_text(old)
    assert "Тетово | Mayor\n" in result.stdout
    assert f"[footer1]\n{FOOTER}\n" in result.stdout


@pytest.mark.parametrize(("args", "code", "stdout", "stderr"), [
    (["{old}", "{old}"], 0, "", ""),
    (["{old}", "{new}", "-U", "0"], 1,
     "~ body ¶5: Signed at [-Milpitas City-]{+Vientiane Capital+} Hall", ""),
    (["{old}", "{dir}/missing.docx"], 2, "", "{dir}/missing.docx: no such file"),
    (["{old}", "{dir}/notes.txt"], 2, "", "notes.txt: not a DOCX file (not a zip archive)"),
    (["{old}"], 2, "", "Missing argument 'NEW.docx'"),
    (["{old}", "{new}", "-U", "-1"], 2, "", "Invalid value for '-U'"),
    (["{old}", "{new}", "--color"], 1, "\x1b[31m[-Milpitas City-]", ""),
    (["{old}", "{new}", "--redline", "{dir}/nowhere/r.docx"], 2, "", "cannot write"),
], ids=["same", "differ", "missing", "not-docx", "usage", "bad-context", "color", "no-dir"])
def test_diff_command_exit_statuses(runner: CliRunner, tmp_path: Path, old: Path, new: Path,
                                    args: list[str], code: int, stdout: str,
                                    stderr: str) -> None:
    (tmp_path / "notes.txt").write_text("not a document")
    names = {"old": old, "new": new, "dir": tmp_path}
    result = runner.invoke(main, ["diff", *[a.format(**names) for a in args]])
    assert result.exit_code == code, result.output
    assert stdout in result.stdout if stdout else result.stdout == ""
    assert stderr.format(**names) in result.stderr
    assert "Traceback" not in result.output


def test_diff_command_writes_redline_dated_by_source_date_epoch(
        runner: CliRunner, tmp_path: Path, old: Path, new: Path) -> None:
    out = tmp_path / "redline.docx"
    result = runner.invoke(main, ["diff", str(old), str(new), "--redline", str(out)],
                           env={"SOURCE_DATE_EPOCH": "1714555800"})
    assert result.exit_code == 1
    assert "\x1b[" not in result.stdout  # no colour when stdout is not a terminal
    assert f"{out}: tracked changes in 1 paragraphs (0 inserted, 0 deleted, 1 changed)" \
        in result.stderr
    marks = document_xml(out).xpath("//w:ins | //w:del", namespaces=NS)
    assert {_revision(m) for m in marks} == {("docgen", W_DATE)}


@pytest.mark.parametrize("given", ["2024-05-01T09:30:00Z", "2024-05-01T11:30:00+02:00",
                                   "2024-05-01T09:30:00"])
def test_diff_command_date_option_is_written_in_utc(runner: CliRunner, tmp_path: Path,
                                                     old: Path, new: Path, given: str) -> None:
    out = tmp_path / "redline.docx"
    result = runner.invoke(main, ["diff", str(old), str(new), "--redline", str(out),
                                          "--date", given, "--author", "Council Clerk"])
    assert result.exit_code == 1, result.output
    marks = document_xml(out).xpath("//w:ins | //w:del", namespaces=NS)
    assert {_revision(m) for m in marks} == {("Council Clerk", W_DATE)}


def test_show_command_reports_unreadable_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["show", str(tmp_path / "gone.docx")])
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'gone.docx'}: no such file\n"


def test_review_commands_import_no_document_libraries() -> None:
    code = ("import sys, docgen.cli.review; "
            "print(sorted(m for m in ('lxml', 'docx', 'pypdf') if m in sys.modules))")
    found = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                           text=True, check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert found.stdout.strip() == "[]"
