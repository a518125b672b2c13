"""The engine against plain docxtpl: same text, same XML, same errors; cached, deterministic."""

from __future__ import annotations

import copy
import datetime as dt
import io
import multiprocessing
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, docx_text
from docxmaker import (
    add_footnotes,
    make_agreement,
    make_columns,
    make_pictures,
    make_template,
    make_unbalanced,
    without_core_properties,
)

from docgen.errors import TemplateProblem
from docgen.render import engine
from docgen.render.context import document_context
from docgen.render.document import render_docx, render_docx_docxtpl, warm
from docgen.render.templates import bundled_templates
from docgen.workspace.lifecycle import KIND_IDS, kind
from docgen.workspace.load import load_workspace
from docgen.workspace.model import Workspace

CASES = ("peshawar", "tetovo", "vientiane")
STAMP = dt.datetime(2026, 6, 2, tzinfo=dt.timezone.utc)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def fixture_workspace() -> Workspace:
    return load_workspace(FIXTURES)


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    engine.clear_cache()


def context_for(ws: Workspace, case_id: str, kind_id: str = "mou") -> dict[str, Any]:
    case_file = ws.case(case_id)
    assert case_file is not None
    return document_context(ws, case_file, kind(kind_id), dt.date(2026, 5, 1))


def both(template: Path, context: dict[str, Any]) -> tuple[bytes, bytes]:
    """(plain docxtpl's DOCX, the engine's DOCX) for the same template and context."""
    return (render_docx_docxtpl(template, template.name, context, "Title", STAMP),
            render_docx(template, template.name, context, "Title", STAMP))


def text_of(blob: bytes, tmp_path: Path) -> str:
    path = tmp_path / "read.docx"
    path.write_bytes(blob)
    return docx_text(path)


def canonical(blob: bytes) -> dict[str, Any]:
    """Every part: XML in canonical form (C14N), anything else as bytes. python-docx writes
    the content types and relationships anew, in its own order: those compare as sets."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    out: dict[str, Any] = {}
    for name, data in parts.items():
        if name == "[Content_Types].xml" or name.endswith(".rels"):
            out[name] = {etree.tostring(e, method="c14n") for e in etree.fromstring(data)}
        elif name.endswith(".xml"):
            out[name] = etree.tostring(etree.fromstring(data), method="c14n")
        else:
            out[name] = data
    return out


def footnote_texts(blob: bytes) -> list[str]:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        root = etree.fromstring(zf.read("word/footnotes.xml"))
    return ["".join(t.text or "" for t in note.iter(f"{W}t")) for note in root]


def assert_same(template: Path, context: dict[str, Any], tmp_path: Path) -> str:
    plain, mine = both(template, context)
    text = text_of(plain, tmp_path)
    assert text_of(mine, tmp_path) == text
    assert canonical(mine) == canonical(plain)
    return text


# -- the same documents as plain docxtpl -------------------------------------------------

@pytest.mark.parametrize("case_id", CASES)
@pytest.mark.parametrize("kind_id", KIND_IDS)
def test_bundled_template_renders_as_docxtpl_does(fixture_workspace: Workspace, tmp_path: Path,
                                                  kind_id: str, case_id: str) -> None:
    # every template with every case's context, due or not: text and canonical XML alike
    text = assert_same(bundled_templates() / f"{kind(kind_id).template_name}.docx",
                       context_for(fixture_workspace, case_id, kind_id), tmp_path)
    assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize("case_id", CASES)
def test_staff_report_renders_as_docxtpl_does(fixture_workspace: Workspace, tmp_path: Path,
                                              case_id: str) -> None:
    from docgen.pdf.packets import STAFF_REPORT, staff_context

    case_file = fixture_workspace.case(case_id)
    assert case_file is not None
    context = staff_context(fixture_workspace, case_file, 3, dt.date(2026, 6, 16),
                            dt.date(2026, 6, 2), ["Titles differ: “Mayor” & <Lord Mayor>"])
    text = assert_same(bundled_templates() / f"{STAFF_REPORT}.docx", context, tmp_path)
    assert "Titles differ: “Mayor” & <Lord Mayor>" in text


def test_every_bundled_template_is_compared() -> None:
    compared = {*(kind(k).template_name for k in KIND_IDS), "staff-report"}
    assert {path.stem for path in bundled_templates().glob("*.docx")} == compared


MAKERS: dict[str, Callable[[Path], Path]] = {
    "agreement": make_agreement,  # {%p if/for %}, {%tr for %}, split runs, header, footer
    "columns": make_columns,  # {%tc for %}: table grid redrawn
    "pictures": make_pictures,  # looped drawings: ids renumbered
    "unbalanced body": make_unbalanced,  # broken body XML: repaired like docxtpl
    "footnotes": lambda p: add_footnotes(make_template(p, "Body of {{ home.city }}"),
                                         "A note on {{ partner.city }} & {{ home.city }}"),
    "no core properties": lambda p: without_core_properties(
        make_template(p, "{{ partner.city }}")),
    "escaped delimiters": lambda p: make_template(p, "Literal {_{ partner.city }_} and "
                                                     "{_% if %_}, then {{ partner.city }}"),
}


@pytest.mark.parametrize("case_id", CASES)
@pytest.mark.parametrize("maker", list(MAKERS))
def test_feature_renders_as_docxtpl_does(fixture_workspace: Workspace, tmp_path: Path,
                                         maker: str, case_id: str) -> None:
    template = MAKERS[maker](tmp_path / "template.docx")
    assert_same(template, context_for(fixture_workspace, case_id), tmp_path)


def test_footnotes_are_rendered(fixture_workspace: Workspace, tmp_path: Path) -> None:
    template = add_footnotes(make_template(tmp_path / "t.docx", "x"), "On {{ partner.city }}")
    _plain, mine = both(template, context_for(fixture_workspace, "tetovo"))
    assert footnote_texts(mine) == ["", "On Tetovo"]


def test_table_grid_follows_generated_cells(fixture_workspace: Workspace,
                                            tmp_path: Path) -> None:
    _plain, mine = both(make_columns(tmp_path / "t.docx"), context_for(fixture_workspace,
                                                                        "tetovo"))
    xml = zipfile.ZipFile(io.BytesIO(mine)).read("word/document.xml").decode()
    assert xml.count("<w:gridCol ") == 5  # one per focus area, as docxtpl's fix_tables makes


def test_repeated_pictures_get_unique_ids(fixture_workspace: Workspace, tmp_path: Path) -> None:
    import re

    _plain, mine = both(make_pictures(tmp_path / "t.docx"), context_for(fixture_workspace,
                                                                         "tetovo"))
    xml = zipfile.ZipFile(io.BytesIO(mine)).read("word/document.xml").decode()
    ids = re.findall(r'<wp:docPr id="(\d+)"', xml)
    assert ids == [str(n) for n in range(1001, 1006)]


def test_listing_characters_become_breaks_and_tabs(fixture_workspace: Workspace,
                                                   tmp_path: Path) -> None:
    context = context_for(fixture_workspace, "tetovo")
    context["partner"]["city"] = "Tetovo\nKale\tOld Town"
    text = assert_same(make_template(tmp_path / "t.docx", "City: {{ partner.city }}"),
                       context, tmp_path)
    assert "City: Tetovo\nKale\tOld Town" in text


# -- data comes out as typed ------------------------------------------------------------

def test_markup_characters_in_data_are_escaped(fixture_workspace: Workspace,
                                               tmp_path: Path) -> None:
    nasty = "Tetovo & Sons <b>\"Kale\"</b> 'Old' Town"
    context = context_for(fixture_workspace, "tetovo")
    context["partner"]["city"] = nasty
    template = make_template(tmp_path / "t.docx", "To {{ partner.city }}.",
                             header="{{ partner.city }}", footer="{{ partner.city }}")
    text = assert_same(template, context, tmp_path)
    assert text.count(nasty) == 3


@pytest.mark.parametrize("name", ["ວຽງຈັນ", "پشاور", "Тетово", "高崎市"])
def test_scripts_round_trip(fixture_workspace: Workspace, tmp_path: Path, name: str) -> None:
    context = copy.deepcopy(context_for(fixture_workspace, "vientiane"))
    context["partner"]["city"] = name
    context["partner"]["leader"]["name"] = f"{name} Leader"
    text = assert_same(make_agreement(tmp_path / "t.docx"), context, tmp_path)
    assert f"City of {name}" in text and f"{name} Leader" in text


# -- errors: the same problem, worded the same ------------------------------------------

BROKEN: dict[str, Callable[[Path], Path]] = {
    "undefined": lambda p: make_template(p, "Signed by {{ partner.mayor_name }}"),
    "undefined in header": lambda p: make_template(p, "x", header="{{ nobody }}"),
    "body before header": lambda p: make_template(p, "{{ in_body }}", header="{{ in_header }}"),
    "sandbox": lambda p: make_template(
        p, "{{ partner.city.__class__.__mro__[1].__subclasses__() }}"),
    "syntax": lambda p: make_template(p, "Intro", "{% if partner.city %}unclosed", "Outro"),
    "syntax in footer": lambda p: make_template(p, "x", footer="{{ partner.city }"),
    "undefined in core properties": lambda p: _titled(make_template(p, "x"), "{{ nope }}"),
    "broken header XML": lambda p: make_unbalanced(p, where="header"),
}


def _titled(path: Path, title: str) -> Path:
    from docx import Document

    doc = Document(str(path))
    doc.core_properties.title = title
    doc.save(str(path))
    return path


@pytest.mark.parametrize("broken", list(BROKEN))
def test_errors_translate_as_plain_render_does(fixture_workspace: Workspace, tmp_path: Path,
                                               broken: str) -> None:
    template = BROKEN[broken](tmp_path / "mou.docx")
    context = context_for(fixture_workspace, "tetovo")
    with pytest.raises(TemplateProblem) as plain:
        render_docx_docxtpl(template, "templates/mou.docx", context, "T", STAMP)
    with pytest.raises(TemplateProblem) as mine:
        render_docx(template, "templates/mou.docx", context, "T", STAMP)
    assert str(mine.value) == str(plain.value)
    assert str(mine.value).startswith("templates/mou.docx: ")


def test_error_messages_name_the_problem(fixture_workspace: Workspace, tmp_path: Path) -> None:
    context = context_for(fixture_workspace, "tetovo")
    expected = {
        "undefined": "uses an undefined variable: 'dict object' has no attribute 'mayor_name'",
        "body before header": "uses an undefined variable: 'in_body' is undefined",
        "sandbox": "refused: the template tries to reach Python internals",
        "syntax": "template syntax error: Unexpected end of template. Jinja was looking for "
                  "the following tags: 'elif' or 'else' or 'endif'",
        "broken header XML": "rendering produced invalid XML",
    }
    for broken, message in expected.items():
        template = BROKEN[broken](tmp_path / f"{broken}.docx")
        with pytest.raises(TemplateProblem) as problem:
            render_docx(template, "t.docx", context, "T", STAMP)
        assert str(problem.value).startswith(f"t.docx: {message}"), broken


def test_syntax_error_quotes_the_text_near_it(fixture_workspace: Workspace,
                                              tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", "Intro", "{% if partner.city %}unclosed")
    with pytest.raises(TemplateProblem) as problem:
        render_docx(template, "t.docx", context_for(fixture_workspace, "tetovo"), "T", STAMP)
    assert "near “Intro {% if partner.city %}unclosed”" in str(problem.value)


def test_not_a_docx(fixture_workspace: Workspace, tmp_path: Path) -> None:
    template = tmp_path / "mou.docx"
    template.write_bytes(b"not a zip")
    with pytest.raises(TemplateProblem) as problem:
        render_docx(template, "mou.docx", context_for(fixture_workspace, "tetovo"), "T", STAMP)
    assert str(problem.value).startswith("mou.docx: not a usable Word (.docx) template")


# -- compiled once, same bytes every time -----------------------------------------------

def test_second_render_hits_the_cache(fixture_workspace: Workspace, tmp_path: Path) -> None:
    template = make_agreement(tmp_path / "t.docx")
    context = context_for(fixture_workspace, "tetovo")
    render_docx(template, "t.docx", context, "T", STAMP)
    render_docx(template, "t.docx", context, "T", STAMP)
    assert engine.cache_info() == engine.CacheInfo(hits=1, misses=1, size=1)


def test_edited_template_is_compiled_again(fixture_workspace: Workspace,
                                           tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", "Old {{ partner.city }}")
    context = context_for(fixture_workspace, "tetovo")
    render_docx(template, "t.docx", context, "T", STAMP)
    make_template(template, "New text for {{ partner.city }}")
    os.utime(template, ns=(1, 1))  # a different mtime even on a coarse clock
    blob = render_docx(template, "t.docx", context, "T", STAMP)
    assert "New text for Tetovo" in text_of(blob, tmp_path)
    assert engine.cache_info() == engine.CacheInfo(hits=0, misses=2, size=1)


def test_output_is_deterministic(fixture_workspace: Workspace, tmp_path: Path) -> None:
    template = make_agreement(tmp_path / "t.docx")
    context = context_for(fixture_workspace, "peshawar")
    first = render_docx(template, "t.docx", context, "T", STAMP)
    assert render_docx(template, "t.docx", context, "T", STAMP) == first
    engine.clear_cache()
    assert render_docx(template, "t.docx", copy.deepcopy(context), "T", STAMP) == first


def test_warm_compiles_what_it_can(tmp_path: Path) -> None:
    good = make_template(tmp_path / "good.docx", "{{ partner.city }}")
    bad = make_template(tmp_path / "bad.docx", "{% if %}")
    assert engine.warm([good, bad, tmp_path / "missing.docx"]) == [good]
    assert engine.cache_info().size == 1


def _render_in_worker(template: Path, context: dict[str, Any]) -> tuple[bytes, Any]:
    return render_docx(template, "t.docx", context, "T", STAMP), engine.cache_info()


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_workers_warm_their_own_cache(fixture_workspace: Workspace, tmp_path: Path,
                                      start: str) -> None:
    template = make_agreement(tmp_path / "t.docx")
    context = context_for(fixture_workspace, "vientiane")
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(start),
                               initializer=warm, initargs=([template],))
    with pool:
        results = [pool.submit(_render_in_worker, template, context).result() for _ in range(2)]
    assert results[-1][1] == engine.CacheInfo(hits=2, misses=1, size=1)  # compiled by warm
    expected = render_docx(template, "t.docx", context, "T", STAMP)
    assert [blob for blob, _info in results] == [expected, expected]


def test_engine_import_needs_neither_docxtpl_nor_python_docx() -> None:
    code = ("import sys, docgen.render.engine, docgen.render.document, docgen.render.templates\n"
            "print(','.join(m for m in ('docxtpl', 'docx', 'pypdf') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout.strip() == ""
