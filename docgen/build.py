"""The orchestrator: load, plan, render, write. It reads top to bottom and holds no rules."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from docgen.context import document_context
from docgen.docxio import atomic_write, source_date
from docgen.errors import InputError, NotDueError, Problem, UsageError
from docgen.lifecycle import KIND_IDS, kind
from docgen.load import load_workspace
from docgen.model import Workspace
from docgen.pdf import to_pdf
from docgen.render import find_template, render_docx, shown_template

STAGING = ".docgen-staging"


@dataclass(frozen=True)
class BuildRequest:
    workspace: Path
    output: Path
    cases: tuple[str, ...] = ()  # empty: every case
    docs: tuple[str, ...] = ()  # empty: every document due
    today: dt.date | None = None  # the date of documents whose step has no date yet
    pdf: bool = False  # also write a PDF beside each DOCX (LibreOffice)


@dataclass(frozen=True)
class Target:
    case_id: str
    kind_id: str

    def relpath(self) -> str:
        return f"{self.case_id}/{self.kind_id}.docx"


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def today_for(request: BuildRequest) -> dt.date:
    if request.today is not None:
        return request.today
    return source_date(dt.date.today()).date()


def build(request: BuildRequest) -> BuildResult:
    workspace = load_workspace(request.workspace)
    targets, notes = plan(workspace, request.cases, request.docs)
    staged = render_all(workspace, targets, request.output, today_for(request))
    written = commit(staged, request.output)
    if request.pdf:
        written += to_pdf(written)
    return BuildResult(written, notes)


def plan(workspace: Workspace, case_ids: tuple[str, ...],
         doc_ids: tuple[str, ...]) -> tuple[list[Target], list[str]]:
    """The documents to build, in case then lifecycle order; explain what is not due."""
    unknown = [d for d in doc_ids if d not in KIND_IDS]
    if unknown:
        raise UsageError(f"unknown document kind {unknown[0]!r}; "
                         f"known kinds: {', '.join(KIND_IDS)}")
    missing = [c for c in case_ids if workspace.case(c) is None]
    if missing:
        known = ", ".join(c.id for c in workspace.cases) or "none"
        raise InputError([Problem(f"cases/{c}.yaml", None, None,
                                  f"no such case (known cases: {known})") for c in missing])
    chosen = [c for c in workspace.cases if not case_ids or c.id in case_ids]
    targets: list[Target] = []
    not_due: list[str] = []
    for case_file in chosen:
        for kind_id in doc_ids or KIND_IDS:
            reason = kind(kind_id).not_due(case_file.case)
            if reason is None:
                targets.append(Target(case_file.id, kind_id))
            elif doc_ids:
                not_due.append(f"{case_file.path}: {kind_id}: {reason}")
    if doc_ids and not_due and (case_ids or not targets):
        raise NotDueError("\n".join(not_due))
    return targets, [f"skipped {line}" for line in not_due]


def render_all(workspace: Workspace, targets: list[Target], output: Path,
               today: dt.date) -> list[tuple[Target, Path]]:
    """Render every target into a staging folder; on any problem, stage nothing."""
    root = Path(workspace.root)
    staging = output / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staged: list[tuple[Target, Path]] = []
    problems: list[Problem] = []
    failed_templates: set[str] = set()
    for target in targets:
        doc_kind = kind(target.kind_id)
        template = find_template(root, target.kind_id)
        shown = shown_template(template, root)
        if shown in failed_templates:
            continue
        case_file = workspace.case(target.case_id)
        assert case_file is not None
        context = document_context(workspace, case_file, doc_kind, today)
        stamp = source_date(dt.date.fromisoformat(context["doc"]["date_iso"]))
        try:
            data = render_docx(template, shown, context, doc_kind.title, stamp)
        except InputError as exc:
            problems.extend(exc.problems())
            failed_templates.add(shown)
            continue
        path = staging / target.relpath()
        atomic_write(path, data)
        staged.append((target, path))
    if problems:
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(problems)
    return staged


def commit(staged: list[tuple[Target, Path]], output: Path) -> list[Path]:
    """Move staged documents into place, one atomic rename each."""
    written: list[Path] = []
    for target, path in staged:
        final = output / target.relpath()
        final.parent.mkdir(parents=True, exist_ok=True)
        path.replace(final)
        written.append(final)
    shutil.rmtree(output / STAGING, ignore_errors=True)
    return written
