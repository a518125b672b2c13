"""The checks stage of `docgen build`, and the in-memory rendering of `docgen check`.

In a build, the stage runs after rendering and before staged documents move into place. It
checks every case the build loaded, on its staged documents and on its up-to-date outputs,
marks DRAFT each document of this build with errors, and records such a document with the
signature DRAFT_SIG: a document with errors is never up to date, so the next build checks
it again (and reports its errors again) until they are fixed or waived.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.checks import RenderedDoc, draft_message, run_checks
from docgen.checks.draft import mark_draft
from docgen.checks.registry import Finding

if TYPE_CHECKING:
    from docgen.build import Action
    from docgen.model import Workspace
    from docgen.state import State


def check_build(root: Path, output: Path, staging: Path, loaded: Collection[str],
                actions: list[Action], new: State, today: dt.date,
                kinds: Sequence[str] = (), workers: int = 1) -> list[Finding]:
    """Check the loaded cases; mark this build's documents with errors DRAFT in `staging`.

    Cases are checked in chunks across `workers` processes; findings keep case order."""
    if not loaded:
        return []
    from docgen.build import Action, Target
    from docgen.stale import DRAFT_SIG

    building = frozenset(a.target.relpath() for a in actions if a.verb == "build")
    ids = sorted(loaded)
    chunks = [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]  # memory stays flat
    args = [(root, output, staging, chunk, building, today, tuple(kinds)) for chunk in chunks]
    if workers <= 1 or len(ids) < PARALLEL_CASES:
        results = [_check_chunk(*arg) for arg in args]
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_check_chunk, *zip(*args, strict=True)))
    findings: list[Finding] = []
    for chunk_findings, marked in results:
        findings.extend(chunk_findings)
        for case_id, kind, message in marked:
            target = Target(case_id, kind)
            if target.relpath() not in building:
                actions.append(Action(target, "build", [f"protocol errors: {message}"]))
            record = new.cases[case_id].targets.get(kind)
            if record is not None:
                record.sig = DRAFT_SIG
    return findings


# Below this many cases, starting worker processes costs more than checking in this one.
PARALLEL_CASES = 16
CHUNK = 32  # cases checked together: their documents are in memory at once


def _check_chunk(root: Path, output: Path, staging: Path, chunk: list[str],
                 building: frozenset[str], today: dt.date, kinds: tuple[str, ...]
                 ) -> tuple[list[Finding], list[tuple[str, str, str]]]:
    """Check some cases (in a worker, or here); DRAFT-mark their documents with errors."""
    from docgen.build import Target
    from docgen.docxio import atomic_write
    from docgen.lifecycle import due_kinds
    from docgen.load import load_workspace

    workspace = load_workspace(root, only=set(chunk))
    docs: list[RenderedDoc] = []
    for case_file in workspace.cases:
        for kind in due_kinds(case_file.case):
            rel = Target(case_file.id, kind.id).relpath()
            path = staging / rel if rel in building else output / rel
            if path.is_file():
                docs.append(RenderedDoc(case_file.id, kind.id, path.read_bytes()))
    findings = run_checks(workspace, docs, today)
    marked: list[tuple[str, str, str]] = []
    for doc in docs:
        message = draft_message(findings, doc.case_id, doc.kind)
        if message is None or (kinds and doc.kind not in kinds):
            continue
        atomic_write(staging / Target(doc.case_id, doc.kind).relpath(),
                     mark_draft(doc.data, message))
        marked.append((doc.case_id, doc.kind, message))
    return findings, marked


def render_in_memory(workspace: Workspace, cases: Sequence[str],
                     today: dt.date) -> list[RenderedDoc]:
    """Every document the chosen cases are due, rendered without writing a file.

    Raises InputError naming each template that fails, once.
    """
    from docgen.context import document_context
    from docgen.docxio import source_date
    from docgen.errors import InputError, Problem
    from docgen.lifecycle import due_kinds
    from docgen.render import find_template, render_docx, shown_template

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
            try:
                data = render_docx(template, shown, context, kind.title, stamp)
            except InputError as exc:
                problems.extend(exc.problems())
                failed.add(shown)
                continue
            docs.append(RenderedDoc(case_file.id, kind.id, data))
    if problems:
        raise InputError(problems)
    return docs
