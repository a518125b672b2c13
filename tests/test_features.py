"""docxtpl's features, one small template each, rendered by plain docxtpl and by
`docgen.DocxTemplate`: the same parts (text and canonical XML), relationships, content types
and media. The one deliberate difference of the class, drawing ids unique across parts, is
named in its own test; the CLI's two (the per-script font pass, fixed dates) in theirs."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, soffice
from features import FEATURES, Feature, render

import docgen

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCPR_ID = re.compile(r'(<wp:docPr id=")(\d+)(")')


def members(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def canonical(blob: bytes) -> dict[str, Any]:
    """Every part: XML canonical (C14N), relationships and content types as sets, media as
    bytes."""
    from lxml import etree

    out: dict[str, Any] = {}
    for name, data in members(blob).items():
        if name == "[Content_Types].xml" or name.endswith(".rels"):
            out[name] = {etree.tostring(e, method="c14n") for e in etree.fromstring(data)}
        elif name.endswith(".xml"):
            out[name] = etree.tostring(etree.fromstring(data), method="c14n")
        else:
            out[name] = data
    return out


def text(blob: bytes) -> list[str]:
    from docx import Document

    doc = Document(io.BytesIO(blob))  # python-docx opens it: no dangling relationship
    body = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    heads = [p.text for s in doc.sections for p in s.header.paragraphs + s.footer.paragraphs]
    return body + cells + heads


def both(name: str, folder: Path) -> tuple[bytes, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    feature = FEATURES[name]
    template = feature.make(folder)
    import docxtpl

    return (render(docxtpl.DocxTemplate, feature, template, folder),
            render(docgen.DocxTemplate, feature, template, folder))


# pictures in more than one header or footer: docxtpl gives each part's first picture id 1
UNIQUE_IDS = ["inline images in header and footer", "two headers with pictures"]
SAME = [name for name in FEATURES if name not in UNIQUE_IDS]


@pytest.mark.parametrize("name", SAME)
def test_feature_renders_as_docxtpl_does(name: str, tmp_path: Path) -> None:
    plain, mine = both(name, tmp_path)
    assert text(mine) == text(plain)
    assert canonical(mine) == canonical(plain)
    # a merged sub-document is inserted as it is: its tags are not rendered (as docxtpl's)
    assert "{{" not in "".join(text(mine)) or name in ("escapes", "merged .docx sub-document")


def test_every_feature_is_compared() -> None:
    assert set(SAME) | set(UNIQUE_IDS) == set(FEATURES)
    assert len(FEATURES) >= 16


def _rezip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _rels(blob: bytes, part: str = "word/_rels/document.xml.rels") -> str:
    return members(blob)[part].decode()


# -- each feature does what it says (so the comparison cannot pass on two empty outputs) --

def test_inline_images_are_parts_with_relationships(tmp_path: Path) -> None:
    _plain, mine = both("inline images in the body", tmp_path)
    parts = members(mine)
    assert len([n for n in parts if n.startswith("word/media/")]) == 6
    xml = parts["word/document.xml"].decode()
    embeds = re.findall(r'r:embed="(rId\d+)"', xml)
    assert len(embeds) == 6 and all(f'Id="{rid}"' in _rels(mine) for rid in embeds)
    ids = [m.group(2) for m in DOCPR_ID.finditer(xml)]
    assert len(ids) == len(set(ids)) == 6
    assert "https://example.org/seal" in _rels(mine)  # the picture's own hyperlink
    types = parts["[Content_Types].xml"].decode()
    assert 'Extension="png"' in types and 'Extension="jpg"' in types


def test_header_and_footer_images_belong_to_their_parts(tmp_path: Path) -> None:
    _plain, mine = both("inline images in header and footer", tmp_path)
    parts = members(mine)
    header = next(n for n in parts if re.match(r"word/header\d+\.xml$", n))
    footer = next(n for n in parts if re.match(r"word/footer\d+\.xml$", n))
    for part in (header, footer):
        rid = re.search(r'r:embed="(rId\d+)"', parts[part].decode())
        assert rid is not None
        rels = _rels(mine, part.replace("word/", "word/_rels/") + ".rels")
        assert f'Id="{rid.group(1)}"' in rels and "media/" in rels


def test_hyperlinks_have_their_relationships(tmp_path: Path) -> None:
    _plain, mine = both("hyperlinks (RichText, RichTextParagraph)", tmp_path)
    xml = members(mine)["word/document.xml"].decode()
    rels = _rels(mine)
    links = re.findall(r'<w:hyperlink r:id="(rId\d+)"', xml)
    assert len(links) == 2 and all(f'Id="{rid}"' in rels for rid in links)
    assert "https://example.org/commission?a=1&amp;b=2" in rels
    assert 'TargetMode="External"' in rels


def test_sub_documents_bring_pictures_and_styles(tmp_path: Path) -> None:
    for name, style in (("sub-document built in code", "IntenseQuote"),
                        ("merged .docx sub-document", "IntenseQuote")):
        _plain, mine = both(name, tmp_path / name.replace(" ", "-"))
        parts = members(mine)
        assert any(n.startswith("word/media/") for n in parts), name
        assert f'w:styleId="{style}"' in parts["word/styles.xml"].decode(), name
        rid = re.search(r'r:embed="(rId\d+)"', parts["word/document.xml"].decode())
        assert rid is not None and f'Id="{rid.group(1)}"' in _rels(mine)
    assert "word/numbering.xml" in members(mine)
    assert "List" in "".join(text(mine)) or "First item" in "".join(text(mine))


def test_replace_pic_and_replace_media_swap_the_bytes(tmp_path: Path) -> None:
    for name, new in (("replace_pic", "city-logo.png"), ("replace_media", "new.png")):
        folder = tmp_path / name
        _plain, mine = both(name, folder)
        media = [data for n, data in members(mine).items() if n.startswith("word/media/")]
        assert media == [(folder / new).read_bytes()], name


def test_core_properties_are_rendered(tmp_path: Path) -> None:
    from docx import Document

    _plain, mine = both("core properties", tmp_path)
    core = Document(io.BytesIO(mine)).core_properties
    assert (core.title, core.author, core.subject, core.comments, core.identifier) == (
        "MOU Tetovo", "Ana Ruiz", "Partnership with Milpitas", "Draft for Ana Ruiz", "MOU-7")


def test_table_features(tmp_path: Path) -> None:
    _plain, mine = both("merges (vm, hm, colspan)", tmp_path / "m")
    xml = members(mine)["word/document.xml"].decode()
    assert xml.count('<w:vMerge w:val="restart"/>') == 1 and xml.count("continue") == 2
    assert '<w:gridSpan w:val="3"/>' in xml and '<w:gridSpan w:val="2"/>' in xml
    _plain, mine = both("cell colours", tmp_path / "c")
    xml = members(mine)["word/document.xml"].decode()
    assert 'w:fill="FF0000"' in xml and 'w:fill="00FF00"' in xml


# -- the deliberate difference ----------------------------------------------------------

@pytest.mark.parametrize("name", UNIQUE_IDS)
def test_drawing_ids_are_unique_across_parts_unlike_plain_docxtpl(name: str,
                                                                  tmp_path: Path) -> None:
    plain, mine = both(name, tmp_path)

    def ids(blob: bytes) -> list[str]:
        return [m.group(2) for name, data in members(blob).items() if name.endswith(".xml")
                for m in DOCPR_ID.finditer(data.decode())]

    assert len(ids(plain)) == len(ids(mine)) >= 2
    assert len(set(ids(plain))) < len(ids(plain))  # docxtpl: two parts' pictures share id 1
    assert len(set(ids(mine))) == len(ids(mine))
    assert text(mine) == text(plain)

    def masked(blob: bytes) -> dict[str, Any]:
        return canonical(_rezip({name: DOCPR_ID.sub(r"\g<1>0\3", data.decode()).encode()
                                 if name.endswith(".xml") else data
                                 for name, data in members(blob).items()}))

    assert masked(mine) == masked(plain)  # all else the same


# -- what readers see ------------------------------------------------------------------

def test_outputs_convert_with_the_same_page_count(tmp_path: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    from pypdf import PdfReader

    from docgen.pdf.convert import convert_all

    jobs = []
    for n, name in enumerate(FEATURES):
        folder = tmp_path / str(n)
        for side, blob in zip(("plain", "docgen"), both(name, folder), strict=True):
            (folder / f"{side}.docx").write_bytes(blob)
            jobs.append((folder / f"{side}.docx", folder / f"{side}.pdf"))
    convert_all(jobs)
    for n, name in enumerate(FEATURES):
        pages = [len(PdfReader(tmp_path / str(n) / f"{side}.pdf").pages)
                 for side in ("plain", "docgen")]
        assert pages[0] == pages[1] >= 1, name
    images = PdfReader(tmp_path / "0" / "docgen.pdf").pages[0].images
    assert len(images) >= 5  # the body's pictures reach the PDF


def test_import_docgen_stays_light() -> None:
    code = ("import sys, docgen\n"
            "print(','.join(m for m in ('docxtpl', 'docx', 'jinja2', 'lxml')\n"
            "               if m in sys.modules))\n"
            "from docgen import DocxTemplate\n"
            "import docxtpl\n"
            "print(issubclass(DocxTemplate, docxtpl.DocxTemplate))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout.split() == ["True"] or done.stdout.splitlines() == ["", "True"]


def test_custom_jinja_env_is_honoured(tmp_path: Path) -> None:
    from docxmaker import make_template
    from jinja2 import Environment

    env = Environment()
    env.filters["shout"] = lambda s: s.upper() + "!"
    template = make_template(tmp_path / "t.docx", "{{ city|shout }}")
    tpl = docgen.DocxTemplate(str(template))
    tpl.render({"city": "Tetovo"}, env)
    buffer = io.BytesIO()
    tpl.save(buffer)
    assert "TETOVO!" in text(buffer.getvalue())


def test_undeclared_variables(tmp_path: Path) -> None:
    feature: Feature = FEATURES["core properties"]
    tpl = docgen.DocxTemplate(str(feature.make(tmp_path)))
    assert tpl.get_undeclared_template_variables() == {"city"}


def test_without_package_objects_no_python_docx_package_is_loaded(tmp_path: Path) -> None:
    from docxmaker import make_template

    template = make_template(tmp_path / "t.docx", "Dear {{ name }}", header="{{ name }}")
    tpl = docgen.DocxTemplate(str(template))
    tpl.render({"name": "Tetovo"})
    assert tpl._docx is None  # joined from the compiled parts
    assert [p.text for p in tpl.docx.paragraphs] == ["Dear Tetovo"]  # read on first use
    tpl.docx.add_paragraph("added in code")  # and what code changes is saved
    buffer = io.BytesIO()
    tpl.save(buffer)
    assert text(buffer.getvalue())[:2] == ["Dear Tetovo", "added in code"]


def test_replace_pic_after_rendering_still_applies(tmp_path: Path) -> None:
    feature = FEATURES["replace_pic"]
    template = feature.make(tmp_path)
    tpl = docgen.DocxTemplate(str(template))
    tpl.render({"city": "Milpitas"})
    feature.prepare(tpl, tmp_path)
    buffer = io.BytesIO()
    tpl.save(buffer)
    media = [d for n, d in members(buffer.getvalue()).items() if n.startswith("word/media/")]
    assert media == [(tmp_path / "city-logo.png").read_bytes()]


def test_the_commands_differ_from_plain_docxtpl_in_fonts_and_dates_only(tmp_path: Path) -> None:
    """What `docgen build` writes against what plain docxtpl saves for the same template and
    context: the per-script font pass on the stories (Lao here) and the fixed core
    properties (dates, author) — the template's tagged properties rendered alike."""
    import datetime as dt

    from docx import Document
    from docxtpl import DocxTemplate

    from docgen.render.document import render_docx
    from docgen.render.sandbox import jinja_environment
    from docgen.render.scripts import apply_script_fonts, is_story

    template = FEATURES["core properties"].make(tmp_path)
    context = {"city": "ວຽງຈັນ", "clerk": "Ana Ruiz", "other": "Milpitas", "ref": "MOU-7"}
    tpl = DocxTemplate(str(template))
    tpl.render(context, jinja_environment(), autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    plain = members(buffer.getvalue())
    stamp = dt.datetime(2026, 6, 2, tzinfo=dt.timezone.utc)
    mine_blob = render_docx(template, "t.docx", context, "Fallback title", stamp)
    mine = members(mine_blob)
    assert set(plain) == set(mine)
    differ = {name for name in plain if canonical_part(name, plain[name])
              != canonical_part(name, mine[name])}
    assert differ == {"word/document.xml", "docProps/core.xml"}  # fonts (Lao), dates
    assert canonical_part("word/document.xml", apply_script_fonts(plain["word/document.xml"])) \
        == canonical_part("word/document.xml", mine["word/document.xml"])
    assert is_story("word/document.xml")
    core, theirs = (Document(io.BytesIO(b)).core_properties for b in (mine_blob,
                                                                       buffer.getvalue()))
    assert (core.title, core.author, core.subject, core.identifier) == (
        theirs.title, theirs.author, theirs.subject, theirs.identifier) == (
        "MOU ວຽງຈັນ", "Ana Ruiz", "Partnership with Milpitas", "MOU-7")
    assert core.created == core.modified == stamp
    assert theirs.created != core.created


def canonical_part(name: str, data: bytes) -> Any:
    from lxml import etree

    if name == "[Content_Types].xml" or name.endswith(".rels"):
        return {etree.tostring(e, method="c14n") for e in etree.fromstring(data)}
    if name.endswith(".xml"):
        return etree.tostring(etree.fromstring(data), method="c14n")
    return data
