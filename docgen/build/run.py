"""The orchestrator: scan, load, plan, render, write, forget. It reads top to bottom.

A build does the least work that makes every output current: it stats inputs and outputs,
loads only cases whose files (or shared inputs) changed, compares each document's context
signature with the one recorded, renders only what differs, and rewrites a file only when
its bytes differ. Outputs of deleted cases and of documents no longer due are removed.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.build.checking import check_build
from docgen.build.parallel import RenderJob, render_jobs
from docgen.build.records import CaseRecord, TargetRecord
from docgen.build.stale import (
    CASE_PARTS,
    VERSION,
    Inputs,
    cases_to_load,
    context_parts,
    doc_digest,
    parts_digest,
    reasons_for,
    scan_inputs,
    target_signature,
)
from docgen.build.state import State, bound_cache, mark_swept, output_lock, sweep
from docgen.build.targets import (
    CACHE,
    CATALOGS,
    STAGING,
    Action,
    BuildRequest,
    BuildResult,
    Progress,
    Target,
    output_problem,
    pdf_path,
    today_for,
)
from docgen.clock import source_date
from docgen.errors import (
    InputError,
    NotDueError,
    OutputError,
    Problem,
    TemplateProblem,
    UsageError,
    unknown_cases,
)
from docgen.workspace.lifecycle import KIND_IDS, kind
from docgen.workspace.paths import SETTINGS_FILE

if TYPE_CHECKING:
    from docgen.workspace.model import CaseFile, Workspace


def build(request: BuildRequest, progress: Progress | None = None) -> BuildResult:
    root, output = request.workspace.resolve(), request.output.resolve()
    why = output_problem(root, output)
    if why is not None:
        raise OutputError(f"{request.output}: refused as the output folder: {why}")
    today = today_for(request)
    with nullcontext() if request.dry_run else output_lock(output), \
            _catalogs_cached(output, request.dry_run):
        # what a killed build left: its lock is ours now
        swept = None if request.dry_run else sweep(output)
        old = State.read(output)
        inputs = scan_inputs(root, old)
        if inputs.problems:
            raise InputError(inputs.problems)
        _check_request(request, inputs)
        load, everything = cases_to_load(inputs, old, output, today.isoformat(),
                                         request.force, request.cases)
        new, actions, jobs, notes = plan(request, root, output, old, inputs, load, today)
        result = BuildResult(actions, notes, output)
        _check_own_templates(jobs)
        if request.dry_run:
            return result
        staging = output / STAGING
        shutil.rmtree(staging, ignore_errors=True)
        rendering = bool(jobs)
        if rendering:
            from docgen.render.engine import use_disk_cache
            from docgen.render.sandbox import SANDBOX_EPOCH

            use_disk_cache(output / CACHE / SANDBOX_EPOCH)  # kept between builds
        try:
            render_jobs(jobs, staging, request.jobs, progress)
            jobs.clear()  # their contexts: not needed past rendering, and many
            result.findings = check_build(root, output, staging, load, actions, new, today,
                                          request.docs, request.jobs)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        write(actions, output, new)
        remove(actions, output, new)
        new.version, new.today = VERSION, (today.isoformat() if everything else old.today)
        _record_inputs(new, old, inputs, request, everything)
        new.write(output, old)  # not when unchanged: a no-op build writes nothing
        if rendering:
            bound_cache(output / CACHE, SANDBOX_EPOCH, CATALOGS)
        if request.then is not None:
            result.pdfs = request.then(current_documents(output, new, request))
        if swept is not None:
            mark_swept(output, swept)
        return result


@contextmanager
def _catalogs_cached(output: Path, dry_run: bool) -> Iterator[None]:
    """Translators' catalogs as read kept in the build's cache while unchanged: a build that
    loads one case does not read every case's entries again (a dry run writes nothing)."""
    if dry_run:
        yield
        return
    from docgen.workspace.translations import use_disk_cache

    use_disk_cache(output / CACHE / CATALOGS)
    try:
        yield
    finally:
        use_disk_cache(None)


def _check_own_templates(jobs: list[RenderJob]) -> None:
    """The workspace's own templates, checked as `docgen template check` does, before any
    document is rendered: every problem at once."""
    if all(job.shown.startswith("docgen:") for job in jobs):
        return  # bundled templates only (or nothing to render): nothing to load
    from docgen.render.lint import check_overrides

    problems = check_overrides([(job.template, job.shown, job.context) for job in jobs])
    if problems:
        raise TemplateProblem(problems)


def current_documents(output: Path, new: State, request: BuildRequest) -> list[Path]:
    """The documents the build keeps current that `request` asks for (its `--case` and
    `--doc`, else all), in case order."""
    return [output / Target(cid, kind_id).relpath()
            for cid, record in sorted(new.cases.items())
            if not request.cases or cid in request.cases
            for kind_id in record.targets if not request.docs or kind_id in request.docs]


def _check_request(request: BuildRequest, inputs: Inputs) -> None:
    unknown = [d for d in request.docs if d not in KIND_IDS]
    if unknown:
        raise UsageError(f"unknown document kind {unknown[0]!r}; "
                         f"known kinds: {', '.join(KIND_IDS)}")
    if SETTINGS_FILE not in inputs.files:
        raise InputError([Problem(SETTINGS_FILE, None, None,
                                  "not found (run `docgen init` to make a workspace)")])
    missing = [c for c in request.cases if c not in inputs.case_paths]
    if missing:
        raise unknown_cases(missing, inputs.case_paths)


def plan(request: BuildRequest, root: Path, output: Path, old: State, inputs: Inputs,
         load: set[str], today: dt.date) -> tuple[State, list[Action], list[RenderJob],
                                                  list[str]]:
    """Decide, per target, whether to build, keep or remove it, and say why."""
    new = State(home=old.home, cases={cid: rec for cid, rec in old.cases.items()
                                      if cid in inputs.case_paths and cid not in load})
    planner = _Planner(request, output, old, new, inputs, today)
    if load:
        from docgen.checks.catalog import unknown_rule
        from docgen.workspace.load import load_workspace  # heavy: only when some case must be read

        workspace = load_workspace(root, only=load, rule_check=unknown_rule)
        for case_file in workspace.cases:
            planner.plan_case(workspace, case_file)
    not_due = planner.not_due
    if request.docs and not_due and (request.cases or not planner.due):
        raise NotDueError("\n".join(not_due))
    actions = planner.actions + _removals(old, inputs, request)
    return new, actions, planner.jobs, [f"skipped {line}" for line in not_due]


@dataclass(frozen=True)
class _Shared:
    context: dict[str, Any]  # home, partner, case, agreement
    parts: dict[str, str]  # "partner.contacts" -> hash, home included
    digest: str


class _Planner:
    """Plans the targets of loaded cases, one case at a time."""

    def __init__(self, request: BuildRequest, output: Path, old: State, new: State,
                 inputs: Inputs, today: dt.date) -> None:
        self.request, self.output, self.old, self.new = request, output, old, new
        self.inputs, self.today = inputs, today
        self.actions: list[Action] = []
        self.jobs: list[RenderJob] = []
        self.not_due: list[str] = []
        self.due = 0  # targets due among those asked for, built or up to date
        self.home: dict[str, Any] | None = None  # the home city's context, once per build
        self.home_parts: dict[str, str] = {}

    def plan_case(self, workspace: Workspace, case_file: CaseFile) -> None:
        previous = self.old.cases.get(case_file.id)
        record = CaseRecord(case_file.path, previous.parts if previous else {})
        self.new.cases[case_file.id] = record
        old_parts = {**self.old.home, **record.parts}
        shared: _Shared | None = None
        for kind_id in KIND_IDS:
            old_target = previous.targets.get(kind_id) if previous else None
            target = Target(case_file.id, kind_id)
            reason = kind(kind_id).not_due(case_file.case)
            if self.request.docs and kind_id not in self.request.docs:
                if old_target is not None:
                    record.targets[kind_id] = old_target  # not this build's business
            elif reason is not None:
                if self.request.docs:
                    self.not_due.append(f"{case_file.path}: {kind_id}: {reason}")
                if old_target is not None:
                    self.actions.append(Action(target, "remove", [f"no longer due: {reason}"]))
            else:
                self.due += 1
                shared = shared or self.shared(workspace, case_file, record)
                self.plan_target(workspace, case_file, target, old_target, shared, old_parts)

    def shared(self, workspace: Workspace, case_file: CaseFile,
               record: CaseRecord) -> _Shared:
        """The context every document of the case shares, its part hashes and digest."""
        from docgen.render.context import case_context, city_context

        if self.home is None:
            self.home = city_context(workspace.settings.home, workspace.settings.date_style)
            self.home_parts = context_parts({"home": self.home}, ("home",))
            self.new.home = self.home_parts
        context = case_context(workspace, case_file, self.home)
        record.parts = context_parts(context, CASE_PARTS)
        parts = {**self.home_parts, **record.parts}
        return _Shared(context, parts, parts_digest(parts))

    def plan_target(self, workspace: Workspace, case_file: CaseFile, target: Target,
                    old_target: TargetRecord | None, shared: _Shared,
                    old_parts: dict[str, str]) -> None:
        from docgen.render.context import assemble, doc_context

        doc_kind = kind(target.kind_id)
        path, shown = self.inputs.templates[target.kind_id]
        doc = doc_context(workspace, case_file, doc_kind, self.today)
        context = assemble(doc, shared.context)
        doc_hash = doc_digest(context)
        sig = target_signature(shared.digest, doc_hash, self.inputs.files.get(shown))
        step = doc_kind.dated_by
        dated_today = not (step and getattr(case_file.case.history, step))
        entry = TargetRecord(sig, shown, dated_today, [], doc_hash)
        why = reasons_for(old_target, sig=sig, shown_template=shown, inputs=self.inputs,
                          old=self.old, old_parts=old_parts, new_parts=shared.parts,
                          doc=entry.doc, output_path=self.output / target.relpath(),
                          force=self.request.force)
        record = self.new.cases[case_file.id]
        if not why and old_target is not None:
            record.targets[target.kind_id] = replace(old_target, template=shown)
            return
        record.targets[target.kind_id] = entry
        self.actions.append(Action(target, "build", why))
        stamp = source_date(dt.date.fromisoformat(context["doc"]["date_iso"]))
        self.jobs.append(RenderJob(target.relpath(), path, shown, context, doc_kind.title,
                                   stamp))


def _removals(old: State, inputs: Inputs, request: BuildRequest) -> list[Action]:
    """Outputs of cases whose file is gone."""
    if request.cases or request.docs:
        return []
    return [Action(Target(cid, kind_id), "remove", [f"case deleted ({rec.input} is gone)"])
            for cid, rec in sorted(old.cases.items()) if cid not in inputs.case_paths
            for kind_id in rec.targets]


def write(actions: list[Action], output: Path, new: State) -> None:
    """Move each staged document into place (one rename each); leave equal files alone."""
    staging = output / STAGING
    for action in actions:
        if action.verb != "build":
            continue
        staged, final = staging / action.target.relpath(), output / action.target.relpath()
        if _same_file(staged, final):
            staged.unlink()
            action.outcome = "unchanged"
            continue
        final.parent.mkdir(parents=True, exist_ok=True)
        staged.replace(final)
        action.outcome = "written"
    shutil.rmtree(staging, ignore_errors=True)
    for action in actions:
        if action.verb == "build":
            st = (output / action.target.relpath()).stat()
            record = new.cases[action.target.case_id].targets[action.target.kind_id]
            record.out = [st.st_size, st.st_mtime_ns]


def remove(actions: list[Action], output: Path, new: State) -> None:
    for action in actions:
        if action.verb != "remove":
            continue
        path = output / action.target.relpath()
        path.unlink(missing_ok=True)
        pdf_path(path).unlink(missing_ok=True)
        action.outcome = "removed"
        record = new.cases.get(action.target.case_id)
        if record is not None:
            record.targets.pop(action.target.kind_id, None)
        folder = path.parent
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _record_inputs(new: State, old: State, inputs: Inputs, request: BuildRequest,
                   everything: bool) -> None:
    """Remember input signatures only for what this build fully took into account."""
    if everything and not request.docs:
        new.inputs = dict(inputs.files)
        return
    new.inputs = dict(old.inputs)
    if not request.docs:
        for cid in new.cases:
            shown = inputs.case_paths.get(cid)
            if shown in inputs.files and cid in (request.cases or new.cases):
                new.inputs[shown] = inputs.files[shown]
