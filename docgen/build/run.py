"""The orchestrator: scan, load, plan, render, write, forget. It reads top to bottom.

A build does the least work that makes every output current: it stats inputs and outputs,
loads only cases whose files (or shared inputs) changed, compares each document's context
signature with the one recorded, renders only what differs, and rewrites a file only when
its bytes differ. Outputs of deleted cases and of documents no longer due are removed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.build.chunks import ChunkResult, Stage, run_chunks
from docgen.build.planning import due_count, not_due
from docgen.build.stale import VERSION, Inputs, cases_to_load, scan_inputs
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
from docgen.errors import (
    InputError,
    NotDueError,
    OutputError,
    Problem,
    TemplateProblem,
    UsageError,
    unknown_cases,
)
from docgen.workspace.lifecycle import KIND_IDS
from docgen.workspace.paths import SETTINGS_FILE

if TYPE_CHECKING:
    from docgen.checks.registry import Finding
    from docgen.workspace.model import Workspace


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
        workspace = _load(root, load)
        _check_due(request, workspace)
        staging = output / STAGING
        stage = Stage(workspace, load, request, output, old, inputs, today, staging,
                      render=not request.dry_run)
        if workspace is not None and _own_templates(inputs):
            _check_own_templates(replace(stage, render=False))
        if request.dry_run:
            _new, actions, _findings, notes = _merged(stage, run_chunks(stage, 1))
            return BuildResult(actions, notes, output)
        shutil.rmtree(staging, ignore_errors=True)
        rendering = workspace is not None
        if rendering:
            from docgen.render.engine import use_disk_cache
            from docgen.render.sandbox import SANDBOX_EPOCH

            use_disk_cache(output / CACHE / SANDBOX_EPOCH)  # kept between builds
        try:
            new, actions, findings, notes = _merged(
                stage, run_chunks(stage, request.jobs, progress))
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        result = BuildResult(actions, notes, output, findings)
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


def _load(root: Path, load: set[str]) -> Workspace | None:
    """The cases to plan, with the settings (every input problem of them at once); None
    when no case needs reading (nothing is imported for that)."""
    if not load:
        return None
    from docgen.checks.catalog import unknown_rule
    from docgen.workspace.load import load_workspace  # heavy: only when some case must be read

    return load_workspace(root, only=load, rule_check=unknown_rule)


def _check_due(request: BuildRequest, workspace: Workspace | None) -> None:
    """Documents asked for by `--doc` that a case named by `--case` is not due (or that no
    case is due) are an error, before anything is rendered."""
    if not request.docs or workspace is None:
        return
    lines = [line for case_file in workspace.cases for line in not_due(request, case_file)]
    if lines and (request.cases or not any(due_count(request, c.case)
                                           for c in workspace.cases)):
        raise NotDueError("\n".join(lines))


def _merged(stage: Stage, results: list[ChunkResult]
            ) -> tuple[State, list[Action], list[Finding], list[str]]:
    """The chunks' results as one plan: the new state, actions, findings and notes; an
    InputError naming every template that failed."""
    old, inputs, request = stage.old, stage.inputs, stage.request
    new = State(home=old.home, cases={cid: rec for cid, rec in old.cases.items()
                                      if cid in inputs.case_paths and cid not in
                                      stage.loaded})
    actions: list[Action] = []
    problems: list[Problem] = []
    findings: list[Finding] = []
    notes: list[str] = []
    for result in results:
        new.cases.update(result.cases)
        new.home = result.home or new.home
        actions.extend(result.actions)
        problems.extend(p for p in result.problems if p not in problems)
        findings.extend(result.findings)
    if problems:
        raise InputError(problems)
    if request.docs and stage.workspace is not None:
        notes = [f"skipped {line}" for case_file in stage.workspace.cases
                 for line in not_due(request, case_file)]
    actions += _removals(old, inputs, request)
    from docgen.build.checking import apply_marks

    apply_marks([m for result in results for m in result.marked], actions, new)
    return new, actions, findings, notes


def _own_templates(inputs: Inputs) -> bool:
    return any(not shown.startswith("docgen:") for _path, shown in inputs.templates.values())


def _check_own_templates(stage: Stage) -> None:
    """The workspace's own templates, checked as `docgen template check` does, before any
    document is rendered: every problem at once, against every context they would get."""
    from docgen.build.planning import Planner
    from docgen.render.lint import check_overrides

    planner = Planner(stage.request, stage.output, stage.old, State(home=stage.old.home),
                      stage.inputs, stage.today)
    workspace = stage.workspace
    own: list[tuple[Path, str, dict[str, Any]]] = []
    for case_file in workspace.cases if workspace is not None else ():
        planner.plan_case(workspace, case_file)
        own += [(job.template, job.shown, job.context) for job in planner.jobs
                if not job.shown.startswith("docgen:")]
        planner.jobs.clear()  # the bundled templates' contexts: not kept
    problems = check_overrides(own) if own else []
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
