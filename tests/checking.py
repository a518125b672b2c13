"""Helpers of the checks tests: data findings of an edited workspace, findings of a rendered
document whose text is edited in place."""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from conftest import FIXTURES

from docgen.checks.inputs import RenderedDoc
from docgen.checks.registry import Finding
from docgen.checks.run import render_in_memory, run_checks
from docgen.workspace.load import load_workspace
from docgen.workspace.model import Workspace

AS_OF = dt.date(2026, 11, 22)


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of `path` that holds `text` (`^text`: starts with)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(text[1:]) if text.startswith("^") else text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def data_findings(ws: Path, as_of: dt.date = AS_OF) -> list[Finding]:
    """Findings of the data rules (no documents given, so no document rule runs)."""
    return run_checks(load_workspace(ws), [], as_of)


@functools.cache
def rendered() -> tuple[Workspace, tuple[RenderedDoc, ...]]:
    """The fixture workspace and every document its cases are due, rendered once."""
    workspace = load_workspace(FIXTURES)
    return workspace, tuple(render_in_memory(workspace, (), AS_OF))


def fixture_doc(case: str, kind: str) -> RenderedDoc:
    return next(d for d in rendered()[1] if d.case_id == case and d.kind == kind)


Edit = tuple[str, str] | tuple[str, str, int]  # old, new[, how many: all by default]


def edited(doc: RenderedDoc, edits: list[Edit]) -> RenderedDoc:
    """`doc` with text replaced in its body XML (each `old` must be there)."""
    with zipfile.ZipFile(io.BytesIO(doc.data)) as zf:
        parts = [(info, zf.read(info)) for info in zf.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for info, data in parts:
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                for old, new, *count in edits:
                    quoting = next((q for q in _QUOTING if _xml_text(old, q) in xml), None)
                    assert quoting is not None, f"{old!r} not in {doc.name}"
                    xml = xml.replace(_xml_text(old, quoting), _xml_text(new, quoting), *count)
                data = xml.encode("utf-8")
            zf.writestr(info, data)
    return RenderedDoc(doc.case_id, doc.kind, out.getvalue())


# how a writer may have spelled quotes in XML text
_QUOTING = ({}, {"'": "&#39;", '"': "&#34;"}, {"'": "&apos;", '"': "&quot;"})


def _xml_text(text: str, quoting: dict[str, str]) -> str:
    """Text as it stands in document XML; a leading '>' or trailing '<' anchors a whole run."""
    head = ">" if text.startswith(">") else ""
    tail = "<" if text.endswith("<") and len(text) > 1 else ""
    inner = text[len(head):len(text) - len(tail)]
    return head + escape(inner, quoting) + tail


def document_findings(case: str, kind: str, edits: list[Edit]) -> list[Finding]:
    """Findings of every rule on a case whose document `kind` is edited."""
    workspace, docs = rendered()
    mine = [edited(d, edits) if d.kind == kind else d
            for d in docs if d.case_id == case]
    return run_checks(workspace, mine, AS_OF, [case])
