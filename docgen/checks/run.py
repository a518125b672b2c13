"""Run every protocol rule on each case's data and rendered documents.

`run_checks` applies docgen.yaml's severity overrides (`rules:`) and the case's waivers: a
waived finding is kept, marked with its reason, and is not an error. `render_in_memory`
renders what `docgen check` and the packets check, without writing a file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.checks.catalog import all_rules, unknown_rule
from docgen.checks.inputs import CaseData, CaseDocuments, RenderedDoc
from docgen.checks.registry import Finding

if TYPE_CHECKING:
    from docgen.workspace.model import Case, CaseFile, Waiver, Workspace


def run_checks(workspace: Workspace, documents: Iterable[RenderedDoc], as_of: dt.date,
               cases: Sequence[str] = ()) -> list[Finding]:
    """Findings of every rule that is not off, for `cases` (default: all), in report order."""
    from docgen.workspace.lifecycle import KIND_IDS

    rules = sorted(all_rules().values(), key=lambda r: r.id)
    overrides = workspace.settings.rules
    by_case: dict[str, list[RenderedDoc]] = {}
    for doc in documents:
        by_case.setdefault(doc.case_id, []).append(doc)
    findings: list[Finding] = []
    for case_file in workspace.cases:
        if cases and case_file.id not in cases:
            continue
        docs = tuple(sorted(by_case.get(case_file.id, []), key=lambda d: KIND_IDS.index(d.kind)))
        data_input = CaseData(workspace, case_file, as_of)
        docs_input = CaseDocuments(workspace, case_file, as_of, docs)
        for r in rules:
            severity = overrides.get(r.id, r.severity)
            if severity == "off" or (r.scope == "documents" and not docs):
                continue
            for hit in r.func(data_input if r.scope == "data" else docs_input):
                finding = Finding(r.id, severity, case_file.id, hit.document, hit.message,
                                  hit.location, marks=hit.marks)
                findings.append(_waive(finding, case_file))
    order = {c.id: i for i, c in enumerate(workspace.cases)}
    return sorted(findings, key=lambda f: _order(f, order, KIND_IDS))


def _waive(finding: Finding, case_file: CaseFile) -> Finding:
    waiver = _waiver_for(finding, case_file.case.waivers)
    if waiver is None:
        return finding
    return Finding(finding.rule, finding.severity, finding.case, finding.document,
                   finding.message, finding.location, waiver.reason, finding.marks)


def _waiver_for(finding: Finding, waivers: Iterable[Waiver]) -> Waiver | None:
    for waiver in waivers:
        if waiver.rule == finding.rule and waiver.document in (None, finding.document):
            return waiver
    return None


def _order(f: Finding, cases: dict[str, int],
           kinds: tuple[str, ...]) -> tuple[int, int, list[tuple[int, str]], str]:
    doc = -1 if f.document is None else kinds.index(f.document)
    natural = [(int(part), "") if part.isdigit() else (0, part)
               for part in re.split(r"(\d+)", f.location)]
    return (cases.get(f.case or "", -1), doc, natural, f.rule)


def draft_message(findings: Iterable[Finding], case_id: str, kind: str,
                  case: Case | None = None) -> str | None:
    """The DRAFT line for a document still to sign whose case or text has errors, else None.

    A document of a completed step (its date is in `case`'s history: a letter sent, the MOU
    signed) keeps its content: its findings are reported, but it is not marked. A finding on
    a document marks that document; one on the data marks the documents it reaches
    (`Finding.marks`), or every document of the case still to sign."""
    if case is not None and step_done(case, kind):
        return None
    errors = sum(1 for f in findings if f.case == case_id and f.counts_as_error
                 and f.marks_document(kind))
    if not errors:
        return None
    return f"DRAFT — not for signature: {errors} protocol error{'s' if errors != 1 else ''}"


def step_done(case: Case, kind_id: str) -> bool:
    """Whether the step that dates document `kind_id` has happened (the document is final)."""
    from docgen.workspace.lifecycle import kind, step_dates

    step = kind(kind_id).dated_by
    return step is not None and step_dates(case).get(step) is not None


def summary(findings: Sequence[Finding]) -> str:
    """`2 errors, 1 warning, 1 waived`"""
    errors = sum(1 for f in findings if f.counts_as_error)
    warnings = sum(1 for f in findings if f.severity == "warning" and f.waived is None)
    waived = sum(1 for f in findings if f.waived is not None)
    return (f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}, {waived} waived")


def check_workspace(root: Path, cases: Sequence[str], as_of: dt.date) -> list[Finding]:
    """`docgen check`: load, render every due document in memory, run the rules."""
    from docgen.workspace.load import load_workspace

    workspace = load_workspace(root, rule_check=unknown_rule)
    workspace.require(*cases)
    docs = render_in_memory(workspace, cases, as_of)
    return run_checks(workspace, docs, as_of, cases)


def case_findings(as_of: dt.date) -> Callable[[Workspace, CaseFile], list[Finding]]:
    """A finding source for one case at a time (the council packet's staff reports)."""

    def findings(workspace: Workspace, case_file: CaseFile) -> list[Finding]:
        docs = render_in_memory(workspace, (case_file.id,), as_of)
        return run_checks(workspace, docs, as_of, (case_file.id,))

    return findings


def render_in_memory(workspace: Workspace, cases: Sequence[str],
                     today: dt.date) -> list[RenderedDoc]:
    """Every document the chosen cases are due, rendered without writing a file.

    Raises InputError naming each template that fails, once.
    """
    from docgen.clock import source_date
    from docgen.errors import InputError, Problem
    from docgen.render.context import document_context
    from docgen.render.document import render_docx
    from docgen.render.templates import find_template, shown_template
    from docgen.workspace.lifecycle import due_kinds

    root = Path(workspace.root)
    docs: list[RenderedDoc] = []
    problems: list[Problem] = []
    failed: set[str] = set()
    for case_file in workspace.cases:
        if cases and case_file.id not in cases:
            continue
        for kind in due_kinds(case_file.case):
            template = find_template(root, kind.template_name)
            shown = shown_template(template, root)
            if shown in failed:
                continue
            context = document_context(workspace, case_file, kind, today)
            stamp = source_date(dt.date.fromisoformat(context["doc"]["date_iso"]))
            contents: dict[str, bytes] = {}
            try:
                data = render_docx(template, shown, context, kind.title, stamp, contents)
            except InputError as exc:
                problems.extend(exc.problems())
                failed.add(shown)
                continue
            docs.append(RenderedDoc(case_file.id, kind.id, data, contents or None))
    if problems:
        raise InputError(problems)
    return docs
