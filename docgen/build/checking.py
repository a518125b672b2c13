"""The checks stage of `docgen build`, one chunk of cases at a time.

In a build, a chunk's checks run right after its documents are rendered, on the documents
just rendered (as bytes, not read back from disk) and on the chunk's up-to-date outputs. Each
document of this build with errors is marked DRAFT in the staging folder and recorded with
the signature DRAFT_SIG: a document with errors is never up to date, so the next build checks
it again (and reports its errors again) until they are fixed or waived.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.build.stale import DRAFT_SIG
from docgen.build.targets import Action, Target
from docgen.workspace.lifecycle import due_kinds

if TYPE_CHECKING:
    from docgen.build.parallel import Rendered
    from docgen.build.state import State
    from docgen.checks.registry import Finding
    from docgen.workspace.model import Workspace

Marked = tuple[str, str, str]  # case id, kind, the DRAFT line


def check_cases(workspace: Workspace, rendered: Mapping[str, Rendered], output: Path,
                staging: Path, today: dt.date, kinds: Sequence[str] = ()
                ) -> tuple[list[Finding], list[Marked]]:
    """Check the cases of `workspace` (a chunk's) on `rendered` (this build's documents, by
    relpath) and their current outputs; DRAFT-mark in `staging` the documents with errors (of
    `kinds`, when given). The findings, and the documents marked."""
    from docgen.checks.draft import mark_draft
    from docgen.checks.inputs import RenderedDoc
    from docgen.checks.run import draft_message, run_checks
    from docgen.files import atomic_write

    docs: list[RenderedDoc] = []
    for case_file in workspace.cases:
        for kind in due_kinds(case_file.case):
            rel = Target(case_file.id, kind.id).relpath()
            made = rendered.get(rel)
            if made is not None:
                docs.append(RenderedDoc(case_file.id, kind.id, made.data, made.contents))
            elif (output / rel).is_file():
                docs.append(RenderedDoc(case_file.id, kind.id, (output / rel).read_bytes()))
    findings = run_checks(workspace, docs, today)
    marked: list[Marked] = []
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


def apply_marks(marked: Sequence[Marked], actions: list[Action], new: State) -> None:
    """Record the DRAFT-marked documents: rebuilt (an up-to-date one is now staged) and never
    up to date."""
    building = {a.target.relpath() for a in actions if a.verb == "build"}
    for case_id, kind, message in marked:
        target = Target(case_id, kind)
        if target.relpath() not in building:
            actions.append(Action(target, "build", [f"protocol errors: {message}"]))
        record = new.cases[case_id].targets.get(kind)
        if record is not None:
            record.sig = DRAFT_SIG
