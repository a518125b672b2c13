"""The disk cache keeps whole loaded templates: a second load prepares no XML, compiles no
Jinja and compresses nothing, and renders the same bytes; a damaged record is loaded anew."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docgen.render import cache, xmlparts
from docgen.render.compiled import CompiledTemplate
from docgen.render.sandbox import jinja_environment
from docgen.render.templates import bundled_templates

STAMP = dt.datetime(2026, 6, 2, tzinfo=dt.timezone.utc)


def _render(template: CompiledTemplate) -> bytes | None:
    from conftest import FIXTURES

    from docgen.render.context import document_context
    from docgen.workspace.lifecycle import kind
    from docgen.workspace.load import load_workspace

    workspace = load_workspace(FIXTURES)
    context = document_context(workspace, workspace.cases[0], kind("mou"), dt.date(2026, 5, 1))
    return template.render(context, "Title", STAMP)


def test_second_load_reads_the_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = bundled_templates() / "mou.docx"
    monkeypatch.setattr(cache.DISK, "folder", tmp_path)
    first = CompiledTemplate.load(path, jinja_environment())
    assert any(p.name.startswith("template-") for p in tmp_path.iterdir())

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("prepared or compiled again")

    with monkeypatch.context() as patched:
        patched.setattr(xmlparts, "prepare", refused)
        patched.setattr(jinja_environment().__class__, "compile", refused)
        patched.setattr("docgen.render.compiled.zip_member", refused)
        again = CompiledTemplate.load(path, jinja_environment())
    assert again.package == first.package
    assert _render(again) == _render(first)
    for record in tmp_path.glob("template-*"):
        record.write_bytes(b"damaged")
    assert _render(CompiledTemplate.load(path, jinja_environment())) == _render(first)
