"""The engine hands the checks its parts before compressing them: the checks then read the
text the engine just made without inflating the package, and must read exactly what is in it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_seals import STAMP, with_seals

from docgen.checks.reading import read_docx
from docgen.checks.run import render_in_memory
from docgen.docx.package import zip_entries
from docgen.render.document import render_docx
from docgen.workspace.load import load_workspace

TODAY = dt.date(2026, 5, 1)


@pytest.mark.parametrize("seals", [False, True], ids=["plain", "with seals"])
def test_the_parts_handed_over_are_the_packages_parts(workspace: Path, seals: bool) -> None:
    ws = load_workspace(with_seals(workspace) if seals else workspace)
    docs = render_in_memory(ws, (), TODAY)
    handed = [doc for doc in docs if doc.contents]
    assert len(handed) > len(docs) // 2  # the engine made most of them itself
    for doc in handed:
        assert doc.contents is not None
        package = zip_entries(doc.data, lambda _name: True)
        assert list(doc.contents) == list(package), doc.name  # every part, in its order
        assert dict(doc.contents) == package, doc.name  # byte for byte
        assert read_docx(doc.data, doc.name, doc.contents) == read_docx(doc.data, doc.name)


def test_a_document_docxtpl_renders_hands_nothing_over(workspace: Path) -> None:
    """A template picture the data replaces (docxtpl's replace_pic) needs docxtpl's package:
    then no parts are handed over, and the checks inflate the bytes. The same template with
    the picture left alone is rendered from the compiled parts, and hands them over."""
    from docx import Document
    from docx.shared import Mm
    from features import png
    from test_seals import context

    ws = with_seals(workspace)
    for alt, handed in (("home.seal", False), ("a drawing", True)):
        doc = Document()
        doc.add_picture(str(png(ws / "placeholder.png", (8, 8), "gray")), width=Mm(10))
        doc.inline_shapes[0]._inline.graphic.graphicData.pic.nvPicPr.cNvPr.set("descr", alt)
        doc.add_paragraph("Sister cities: {{ home.city }} and {{ partner.city }}")
        template = ws / "mine.docx"
        doc.save(str(template))
        contents: dict[str, bytes] = {}
        blob = render_docx(template, "mine.docx", context(ws, "mou"), "T", STAMP, contents)
        assert bool(contents) is handed, alt
        if handed:
            assert contents == zip_entries(blob, lambda _name: True)
        text = [p.text for p in read_docx(blob, "mine.docx", contents or None).paras]
        assert "Sister cities: Milpitas and Peshawar" in text
