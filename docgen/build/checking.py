"""The checks stage of `docgen build`.

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

from docgen.build.stale import DRAFT_SIG
from docgen.build.targets import Action, Target
from docgen.files import atomic_write
from docgen.workspace.lifecycle import due_kinds

if TYPE_CHECKING:
    from docgen.build.state import State
    from docgen.checks.registry import Finding


def check_build(root: Path, output: Path, staging: Path, loaded: Collection[str],
                actions: list[Action], new: State, today: dt.date,
                kinds: Sequence[str] = (), workers: int = 1) -> list[Finding]:
    """Check the loaded cases; mark this build's documents with errors DRAFT in `staging`.

    Cases are checked in chunks across `workers` processes; findings keep case order."""
    if not loaded:
        return []
    building = frozenset(a.target.relpath() for a in actions if a.verb == "build")
    ids = sorted(loaded)
    chunks = [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]  # memory stays flat
    args = [(root, output, staging, chunk, building, today, tuple(kinds)) for chunk in chunks]
    if workers <= 1 or len(ids) < PARALLEL_CASES:
        results = [_check_chunk(*arg) for arg in args]
    else:
        import multiprocessing
        import os
        from concurrent.futures import ProcessPoolExecutor

        from docgen.build.parallel import die_with_parent

        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
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
    from docgen.checks.catalog import unknown_rule
    from docgen.checks.draft import mark_draft
    from docgen.checks.inputs import RenderedDoc
    from docgen.checks.run import draft_message, run_checks
    from docgen.workspace.load import load_workspace

    workspace = load_workspace(root, only=set(chunk), rule_check=unknown_rule)
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
        case_file = workspace.case(doc.case_id)
        message = draft_message(findings, doc.case_id, doc.kind,
                                case_file.case if case_file is not None else None)
        if message is None or (kinds and doc.kind not in kinds):
            continue
        atomic_write(staging / Target(doc.case_id, doc.kind).relpath(),
                     mark_draft(doc.data, message))
        marked.append((doc.case_id, doc.kind, message))
    return findings, marked
