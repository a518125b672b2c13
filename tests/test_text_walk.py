"""The one-pass walker of docx.text and checks.reading's read_docx give what the former
recursive walk gave (tests/walkref.py): the same paragraphs, texts, locations, cells and
tables, over hand-written parts, generated ones, the test DOCX makers and rendered documents."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import walkref
from docxmaker import (
    add_footnotes,
    make_agreement,
    make_columns,
    make_pictures,
    make_template,
    make_unbalanced,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from docgen.checks.reading import read_docx
from docgen.docx.text import read_paragraphs, story_paragraphs

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = {
    "w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
DECLS = " ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items())
MARK = 'w:id="1" w:author="a" w:date="2024-05-01T00:00:00Z"'


def r(*children: str) -> str:
    return f"<w:r>{''.join(children)}</w:r>"


def t(text: str) -> str:
    return f'<w:t xml:space="preserve">{text}</w:t>'


def p(*children: str, ppr: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(children)}</w:p>"


def tc(*blocks: str, span: str | None = None) -> str:
    pr = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span is not None else ""
    return f"<w:tc>{pr}{''.join(blocks)}</w:tc>"


def tr(*cells: str) -> str:
    return f"<w:tr>{''.join(cells)}</w:tr>"


def tbl(*rows: str) -> str:
    return f"<w:tbl><w:tblPr/><w:tblGrid/>{''.join(rows)}</w:tbl>"


def sdt(*content: str) -> str:
    return f"<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtContent>{''.join(content)}" \
           "</w:sdtContent></w:sdt>"


def textbox(*blocks: str) -> str:
    return ("<w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>"
            f"<w:txbxContent>{''.join(blocks)}</w:txbxContent></wps:txbx></wps:wsp>"
            "</a:graphicData></a:graphic></wp:anchor></w:drawing>")


DELETED_MARK = f"<w:rPr><w:del {MARK}/></w:rPr>"
INSERTED_AND_DELETED = f"<w:rPr><w:ins {MARK}/><w:del {MARK}/></w:rPr>"
PARTS = {
    "plain": p(r(t("Hello"))) + p() + p(r(t("world"))),
    "tabs, breaks and tab stops": p(r(t("a"), "<w:tab/>", t("b"), "<w:br/>", "<w:cr/>",
                                      "<w:ptab/>", "<w:noBreakHyphen/>", "<w:t/>"),
                                    ppr='<w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs>'),
    "tracked changes": p(r(t("kept ")), f"<w:ins {MARK}>{r(t('inserted'))}</w:ins>",
                         f"<w:del {MARK}>{r('<w:delText>gone</w:delText>', '<w:tab/>')}</w:del>",
                         f"<w:moveFrom {MARK}>{r(t('moved away'))}</w:moveFrom>",
                         f"<w:moveTo {MARK}>{r(t('moved here'))}</w:moveTo>"),
    "deleted paragraph marks": p(r(t("one"))) + p(ppr=DELETED_MARK) + p(r(t("two")))
    + p(r(t("kept, it has text")), ppr=DELETED_MARK) + p(ppr=INSERTED_AND_DELETED)
    + tbl(tr(tc(p(r(t("x"))), p(ppr=DELETED_MARK)), tc(p(ppr=DELETED_MARK), p(r(t("y"))),
                                                         p(r(t("z")))))),
    "nested tables": p(r(t("before"))) + tbl(
        tr(tc(p(r(t("a"))), tbl(tr(tc(p(r(t("inner")))), tc(p(r(t("i2")))))), p(r(t("b")))),
           tc(p(r(t("c"))))),
        tr(tc(tbl(tr(tc(p(r(t("deep")))))), tbl(tr(tc(tbl(tr(tc(p(r(t("deeper")))))))))))),
    "merged cells": tbl(tr(tc(p(r(t("wide"))), span="2"), tc(p(r(t("c3"))))),
                        tr('<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p/></w:tc>',
                           tc(p(), span="0"), tc(p(r(t("x"))), span="-1"), tc(p()))),
    "content controls": sdt(p(r(t("in a block control")))) + tbl(
        sdt(tr(tc(p(r(t("row control")))))),
        tr(sdt(tc(p(r(t("cell control"))))), f"<w:customXml>{tc(p(r(t('custom'))))}"
           "</w:customXml>")) + p(sdt(r(t("run control"))))
    + f"<w:customXml>{p(r(t('custom block')))}</w:customXml>",
    "text boxes": p(r(t("anchor ")), r(textbox(p(r(t("boxed"))), tbl(tr(tc(p())))))),
    "alternate content": p(r("<mc:AlternateContent><mc:Choice Requires='wps'>"
                             f"{textbox(p(r(t('choice'))))}</mc:Choice><mc:Fallback>"
                             f"<w:pict><v:shape><v:textbox><w:txbxContent>{p(r(t('vml')))}"
                             "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
                             "</mc:AlternateContent>"), r(t("after"))),
    "hyperlinks and fields": p(f"<w:hyperlink r:id='rId9'>{r(t('link'))}</w:hyperlink>",
                               f"<w:fldSimple w:instr='PAGE'>{r(t('3'))}</w:fldSimple>",
                               r("<w:fldChar w:fldCharType='begin'/>"),
                               r("<w:instrText>NUMPAGES</w:instrText>"),
                               r("<w:fldChar w:fldCharType='separate'/>"), r(t("9")),
                               r("<w:fldChar w:fldCharType='end'/>")),
    "ruby": p(r(t("漢")), r("<w:ruby><w:rt>" + r(t("かん")) + "</w:rt><w:rubyBase>"
                          + r(t("字")) + "</w:rubyBase></w:ruby>")),
    "comments and instructions": p("<!-- a comment -->", r(t("x"), "<?pi y?>", t("z"))),
    "stray text outside paragraphs": p(r(t("last"))) + r(t("stray run"))
    + f"<w:del {MARK}>{r(t('stray deletion'))}</w:del>" + p(r(t("next")))
    + tbl(tr(p(r(t("paragraph in a row"))), tc(t("text in a cell"), p(r(t("ok"))))))
    + p("<w:t>bare text</w:t>") + r(t("trailing")),
    "a paragraph inside a paragraph": p(r(t("outer")), sdt(p(r(t("inner")))), r(t("tail"))),
    "empty": "",
}


def part(body: str, root: str = "document") -> etree._Element:
    if root == "document":
        return etree.fromstring(f"<w:document {DECLS}><w:body>{body}<w:sectPr/></w:body>"
                                "</w:document>")
    return etree.fromstring(f"<w:{root} {DECLS}>{body}</w:{root}>")


def same_as_before(label: str, root: etree._Element) -> list[Any]:
    """The new walker's paragraphs, once checked against the former walker's."""
    new, old = story_paragraphs(label, root), walkref.story_paragraphs(label, root)
    assert [(i.para, i.cell) for i in new] == [(i.para, i.cell) for i in old]
    assert all(a.element is b.element for a, b in zip(new, old, strict=True))
    return [(i.para.text, i.para.where) for i in new]


@pytest.mark.parametrize("name", PARTS)
@pytest.mark.parametrize(("label", "root"), [("document", "document"), ("header1", "hdr")])
def test_walker_reads_parts_as_before(name: str, label: str, root: str) -> None:
    same_as_before(label, part(PARTS[name], root))


def test_walker_locates_cells_and_nested_tables() -> None:
    assert same_as_before("document", part(PARTS["nested tables"])) == [
        ("before", "body ¶1"), ("a", "table 1 row 1 col 1 ¶1"),
        ("inner", "table 1 row 1 col 1 / table 1 row 1 col 1"),
        ("i2", "table 1 row 1 col 1 / table 1 row 1 col 2"), ("b", "table 1 row 1 col 1 ¶2"),
        ("c", "table 1 row 1 col 2"), ("deep", "table 1 row 2 col 1 / table 1 row 1 col 1"),
        ("deeper", "table 1 row 2 col 1 / table 2 row 1 col 1 / table 1 row 1 col 1")]
    assert same_as_before("footer2", part(PARTS["merged cells"], "ftr"))[:2] == [
        ("wide", "footer2 table 1 row 1 col 1"), ("c3", "footer2 table 1 row 1 col 3")]


def test_walker_reads_text_as_word_shows_it() -> None:
    texts = [text for text, _ in same_as_before("document", part(
        PARTS["tabs, breaks and tab stops"] + PARTS["tracked changes"] + PARTS["text boxes"]
        + PARTS["stray text outside paragraphs"]))]
    assert texts == ["a\tb\n\n\t-", "kept insertedmoved here", "anchor ", "last", "next",
                     "ok", "bare text"]


def test_walker_raises_as_before_on_a_bad_grid_span() -> None:
    root = part(tbl(tr(tc(p(r(t("x")))), tc(p(), span="two"))))
    with pytest.raises(ValueError, match="two") as old:
        walkref.story_paragraphs("document", root)
    with pytest.raises(ValueError, match="two") as new:
        story_paragraphs("document", root)
    assert str(new.value) == str(old.value)


# ---- generated parts ------------------------------------------------------------------------

_TEXTS = st.text(st.sampled_from("ab \t¶"), max_size=3)
_RUN_CHILDREN = ["t"] * 6 + ["<w:t/>", "delText", "instrText", "<w:tab/>", "<w:br/>", "<w:cr/>",
                              "<w:ptab/>", "<w:noBreakHyphen/>", "<w:sym w:char='F04A'/>",
                              "<w:rPr><w:b/></w:rPr>", "<!-- c -->", "box", "ruby"]
_INLINE = ["r"] * 8 + ["t", "<w:tab/>", "sdt", "ins", "del", "moveFrom", "moveTo", "hyperlink",
                       "fldSimple", "smartTag", "<w:bookmarkStart w:id='0' w:name='b'/>"]
_BLOCK = ["p"] * 8 + ["tbl"] * 2 + ["sdt", "customXml", "del", "inline"]
_PPR = ["", "", "<w:pPr><w:tabs><w:tab w:val='left' w:pos='9'/></w:tabs></w:pPr>",
        f"<w:pPr>{DELETED_MARK}</w:pPr>", f"<w:pPr>{INSERTED_AND_DELETED}</w:pPr>"]
_TCPR = ["", "", "", "<w:tcPr><w:gridSpan w:val='2'/></w:tcPr>",
         "<w:tcPr><w:gridSpan w:val='0'/></w:tcPr>", "<w:tcPr><w:vMerge/></w:tcPr>"]


def _many(draw: Any, make: Any, depth: int, most: int, least: int = 0) -> str:
    return "".join(make(draw, depth) for _ in range(draw(st.integers(least, most))))


def _run_child(draw: Any, depth: int) -> str:
    kind = draw(st.sampled_from(_RUN_CHILDREN if depth > 0 else _RUN_CHILDREN[:-2]))
    if kind in ("t", "delText", "instrText"):
        return f'<w:{kind} xml:space="preserve">{draw(_TEXTS)}</w:{kind}>'
    if kind == "box":
        return textbox(_many(draw, _block, depth - 1, 2))
    if kind == "ruby":
        return f"<w:ruby><w:rt>{r(_many(draw, _run_child, 0, 2))}</w:rt></w:ruby>"
    return kind


def _inline(draw: Any, depth: int) -> str:
    kind = draw(st.sampled_from(_INLINE if depth > 0 else _INLINE[:4]))
    if kind == "r":
        return r(_many(draw, _run_child, depth, 3))
    if kind == "t":
        return t(draw(_TEXTS))
    if kind == "sdt":
        return sdt(_many(draw, _inline, depth - 1, 3))
    if kind in ("ins", "del", "moveFrom", "moveTo"):
        return f"<w:{kind} {MARK}>{_many(draw, _inline, depth - 1, 3)}</w:{kind}>"
    if kind in ("hyperlink", "fldSimple", "smartTag"):
        return f"<w:{kind}>{_many(draw, _inline, depth - 1, 3)}</w:{kind}>"
    return kind


def _cell(draw: Any, depth: int) -> str:
    cell = f"<w:tc>{draw(st.sampled_from(_TCPR))}{_many(draw, _block, depth, 3, 1)}</w:tc>"
    return sdt(cell) if draw(st.integers(0, 5)) == 0 else cell


def _row(draw: Any, depth: int) -> str:
    row = tr(_many(draw, _cell, depth, 3, 1))
    return sdt(row) if draw(st.integers(0, 5)) == 0 else row


def _block(draw: Any, depth: int) -> str:
    kind = draw(st.sampled_from(_BLOCK if depth > 0 else ["p"]))
    if kind == "p":
        return f"<w:p>{draw(st.sampled_from(_PPR))}{_many(draw, _inline, depth, 4)}</w:p>"
    if kind == "tbl":
        return tbl(_many(draw, _row, depth - 1, 3, 1))
    if kind == "sdt":
        return sdt(_many(draw, _block, depth - 1, 3))
    if kind in ("customXml", "del"):
        return f"<w:{kind} {MARK if kind == 'del' else ''}>{_many(draw, _block, depth - 1, 3)}" \
               f"</w:{kind}>"
    return _inline(draw, depth)


@st.composite
def bodies(draw: Any) -> str:
    """Parts of paragraphs, tables (nested, merged, in content controls), tracked changes,
    text boxes and some oddities (text outside paragraphs, paragraphs in rows)."""
    return _many(draw, _block, 3, 8, 1)


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(body=bodies(), label=st.sampled_from(["document", "header1"]))
def test_walker_reads_generated_parts_as_before(body: str, label: str) -> None:
    root = part(body, "document" if label == "document" else "hdr")
    try:
        same_as_before(label, root)
    except ValueError:  # a bad grid span: the former walk must raise as well
        with pytest.raises(ValueError):
            walkref.story_paragraphs(label, root)


# ---- whole documents ------------------------------------------------------------------------

def _package(body: str, header: str, footer: str, footer_root: str = "ftr") -> bytes:
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    refs = ('<w:headerReference w:type="default" r:id="rIdH"/>'
            '<w:footerReference w:type="default" r:id="rIdF"/>')
    entries = {
        "[Content_Types].xml": "<Types/>",
        "_rels/.rels": "<Relationships/>",
        "word/document.xml": f"<w:document {DECLS}><w:body>{body}<w:sectPr>{refs}</w:sectPr>"
                             "</w:body></w:document>",
        "word/_rels/document.xml.rels":
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdH" Type="{rel}/header" Target="header1.xml"/>'
            f'<Relationship Id="rIdF" Type="{rel}/footer" Target="footer1.xml"/></Relationships>',
        "word/header1.xml": f"<w:hdr {DECLS}>{header}</w:hdr>",
        "word/footer1.xml": f"<w:{footer_root} {DECLS}>{footer}</w:{footer_root}>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in entries.items():
            zf.writestr(name, text)
    return out.getvalue()


def read_as_before(data: bytes) -> None:
    new, old = read_docx(data, "x.docx"), walkref.read_docx(data, "x.docx")
    assert [(i.para, i.cell) for i in new.items] == [(i.para, i.cell) for i in old.items]
    assert new.tables == old.tables
    assert all(i.element is None for i in new.items)  # the XML goes once read


def test_read_docx_reads_packages_as_before() -> None:
    body = "".join(PARTS.values())
    read_as_before(_package(body, PARTS["nested tables"], PARTS["merged cells"]))
    data = _package(PARTS["nested tables"] + PARTS["merged cells"], "", PARTS["plain"])
    assert [t.rows for t in read_docx(data).tables] == [  # spans of 0 and -1 overlap cells
        (("a\ninner\ni2\nb", "c"), ("deep\ndeeper",)), (("wide", "c3"), ("\n", "\nx"))]


def test_read_docx_reads_repeated_headers_and_footers_as_before() -> None:
    from docgen.checks import reading

    reading._PARTS.clear()
    header, footer = PARTS["nested tables"], PARTS["hyperlinks and fields"]
    for body in ("", PARTS["plain"], PARTS["merged cells"]):  # the same parts, read again
        read_as_before(_package(body, header, footer))
    assert len(reading._PARTS) == 2
    read_as_before(_package("", header, header, "hdr"))  # the same XML as another part
    read_as_before(_package("", header + PARTS["plain"], footer))
    assert len(reading._PARTS) == 4


def test_read_docx_reads_the_test_makers_documents_as_before(tmp_path: Path) -> None:
    made = [make_template(tmp_path / "t.docx", "one", "two\tthree", header="h", footer="f"),
            make_agreement(tmp_path / "a.docx"), make_columns(tmp_path / "c.docx"),
            make_pictures(tmp_path / "p.docx"), make_unbalanced(tmp_path / "u.docx"),
            make_unbalanced(tmp_path / "uh.docx", where="header"),
            add_footnotes(make_template(tmp_path / "n.docx", "x"), "note")]
    for path in made:
        read_as_before(path.read_bytes())
        assert read_paragraphs(path) == [item.para for item in walkref.read_docx(
            path.read_bytes()).items]


def test_read_docx_reads_rendered_documents_as_before(workspace: Path, run) -> None:
    run("build", workspace, "--date", "2026-05-01")
    rendered = sorted((workspace / "output").rglob("*.docx"))
    assert len(rendered) > 5
    for path in rendered:
        read_as_before(path.read_bytes())


# ---- the zip reader -------------------------------------------------------------------------

def _zip(entries: Any, method: int = zipfile.ZIP_DEFLATED, **options: Any) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, data in dict(entries).items() if isinstance(entries, dict) else entries:
            info = zipfile.ZipInfo(name)
            info.compress_type = method
            if "extra" in options:
                info.extra = options["extra"]
            with zf.open(info, "w", force_zip64=options.get("zip64", False)) as fh:
                fh.write(data)
        if "comment" in options:
            zf.comment = options["comment"]
    return out.getvalue()


ENTRIES = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>" * 50,
           "word/media/image1.png": bytes(range(256)), "word/header1.xml": b"",
           "word/document.xml.bak": b"x", "docProps/\u00e9t\u00e9.xml": "été".encode()}


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]


PLAIN, STORED = _zip(ENTRIES), _zip(ENTRIES, zipfile.ZIP_STORED)
ZIPS = {
    "deflated": (PLAIN, True),
    "stored": (STORED, True),
    "empty archive": (_zip({}), False),
    "a name twice": (_zip([("a.xml", b"1"), ("b.xml", b"2"), ("a.xml", b"3")]), True),
    "a comment": (_zip(ENTRIES, comment=b"hi"), False),
    "zip64 local headers": (_zip(ENTRIES, zip64=True), True),
    "extra fields": (_zip(ENTRIES, extra=b"\x99\x99\x02\x00ab"), False),
    "bzip2": (_zip(ENTRIES, zipfile.ZIP_BZIP2), False),
    "data before it": (b"MZ" * 40 + PLAIN, False),
    "a bad CRC": (_flip(STORED, STORED.index(b"<w:document/>") + 3), False),
    "damaged deflate data": (_flip(PLAIN, 30 + len("[Content_Types].xml") + 2), False),
    "names that differ": (PLAIN[:31] + b"c" + PLAIN[32:], False),  # "[content_Types].xml"
    "truncated": (PLAIN[:-30], False),
    "not a zip": (b"plain text, long enough to hold an end record" * 3, False),
}


@pytest.mark.parametrize("name", ZIPS)
def test_zip_entries_reads_what_zipfile_reads(name: str) -> None:
    from docgen.docx.package import _plain_entries, zip_entries

    data, plain = ZIPS[name]

    def keep(entry: str) -> bool:
        return entry.endswith(".xml")

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            expected: Any = [(i.filename, zf.read(i)) for i in zf.infolist()
                             if keep(i.filename)]
        expected = list(dict(expected).items())
    except Exception as e:  # whatever zipfile raises, zip_entries raises too
        expected = (type(e), str(e))
    try:
        got: Any = list(zip_entries(data, keep).items())
    except Exception as e:
        got = (type(e), str(e))
    assert got == expected
    assert (_plain_entries(data, keep) is not None) is plain  # read here, or by zipfile
