"""The build's middle, chunk by chunk: plan some cases, render what they need, check them.

Each chunk of cases is planned, rendered and checked before the next: only one chunk's
contexts and documents are in memory (per process), and the checks read the documents the
engine just made. With `-j N` this process and N - 1 worker processes, forked once the
workspace is loaded and the templates compiled (they share those; only case ids go to them,
and small results come back), take the chunks in turn.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import importlib
import os
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.build.checking import Marked, check_cases
from docgen.build.parallel import die_with_parent, render_jobs
from docgen.build.planning import Planner, due_count
from docgen.build.records import CaseRecord
from docgen.build.state import State

if TYPE_CHECKING:
    from docgen.build.stale import Inputs
    from docgen.build.targets import Action, BuildRequest
    from docgen.checks.registry import Finding
    from docgen.errors import Problem
    from docgen.workspace.model import CaseFile, Workspace

# Cases planned, rendered and checked together: their contexts and documents are in memory
# at once (per worker).
CHUNK = 8
# Below this many cases, starting worker processes costs more than it saves.
PARALLEL_CASES = 8


@dataclass(frozen=True)
class Stage:
    """What every chunk of one build shares (a worker inherits it when it is forked)."""

    workspace: Workspace | None  # the loaded cases; None when no case is to be read
    loaded: Collection[str]  # their ids
    request: BuildRequest
    output: Path
    old: State
    inputs: Inputs
    today: dt.date
    staging: Path
    render: bool = True  # False: plan only (a dry run)

    @functools.cached_property
    def case_files(self) -> dict[str, CaseFile]:
        """The loaded cases by id (made before workers fork: they look up only theirs)."""
        return {c.id: c for c in self.workspace.cases} if self.workspace is not None else {}


@dataclass
class ChunkResult:
    cases: dict[str, CaseRecord]
    home: dict[str, str]  # the home city's part hashes, once a document was planned
    actions: list[Action]
    due: int
    problems: list[Problem] = field(default_factory=list)  # of templates that failed
    findings: list[Finding] = field(default_factory=list)
    marked: list[Marked] = field(default_factory=list)


def run_chunk(stage: Stage, case_ids: Sequence[str], failed: set[str] | None = None
              ) -> ChunkResult:
    """Plan the cases `case_ids`, render their jobs into the staging folder and check them.
    Templates in `failed` are not rendered again; the chunk is then not checked."""
    ws = stage.workspace
    assert ws is not None, "chunks are of loaded cases"
    chunk_ws = dataclasses.replace(ws, cases=tuple(stage.case_files[c] for c in case_ids))
    planner = Planner(stage.request, stage.output, stage.old, State(home=stage.old.home),
                      stage.inputs, stage.today)
    for case_file in chunk_ws.cases:
        planner.plan_case(chunk_ws, case_file)
    result = ChunkResult(planner.new.cases, planner.home_parts, planner.actions, planner.due)
    if not stage.render:
        return result
    failed = set() if failed is None else failed
    already = len(failed)
    rendered, result.problems = render_jobs(planner.jobs, stage.staging, failed)
    planner.jobs.clear()  # their contexts: not needed past rendering
    if result.problems or len(failed) > already:
        return result  # the build fails: nothing to check
    result.findings, result.marked = check_cases(chunk_ws, rendered, stage.output,
                                                 stage.staging, stage.today,
                                                 stage.request.docs)
    return result


def run_chunks(stage: Stage, workers: int,
               progress: Callable[[int, int], None] | None = None) -> list[ChunkResult]:
    """Every loaded case, chunk by chunk, in case order; in `workers` processes when worth it."""
    cases = stage.workspace.cases if stage.workspace is not None else ()
    total = sum(due_count(stage.request, c.case) for c in cases)
    ids = [c.id for c in cases]
    size = max(1, min(CHUNK, -(-len(ids) // (workers * 4)))) if workers > 1 else CHUNK
    chunks = [ids[i:i + size] for i in range(0, len(ids), size)]
    done = 0
    results: list[ChunkResult] = []
    for result in _results(stage, chunks, workers):
        results.append(result)
        done += result.due
        if progress is not None and total:
            progress(done, total)
    return results


_STAGE: Stage | None = None  # a worker's, inherited when it is forked


def _results(stage: Stage, chunks: list[list[str]], workers: int) -> Iterator[ChunkResult]:
    """Each chunk's result, in chunk order. With `workers` > 1 this process is one of the
    workers: `workers - 1` forked processes take chunks while it takes the next one itself."""
    failed: set[str] = set()
    if workers <= 1 or len(stage.loaded) < PARALLEL_CASES or not stage.render:
        for chunk in chunks:
            yield run_chunk(stage, chunk, failed)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    global _STAGE
    _STAGE = stage
    stage.case_files  # noqa: B018  # made here, shared by the workers
    templates = sorted({path for path, _shown in stage.inputs.templates.values()})
    _prepare(stage, templates)  # here, once: the workers share it
    # what the workers inherit stays shared: the collector never writes to it in a worker
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork"),
                                 initializer=die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            todo = deque(enumerate(chunks))
            pending: dict[int, Future[ChunkResult]] = {}
            done: dict[int, ChunkResult] = {}
            ahead = 2 * (workers - 1)  # chunks queued per worker: none waits for work
            following = 0
            while todo or pending:
                while todo and len(pending) < ahead:
                    index, chunk = todo.popleft()
                    pending[index] = pool.submit(_worker_chunk, chunk)
                if todo:
                    index, chunk = todo.popleft()
                    done[index] = run_chunk(stage, chunk, failed)
                else:
                    wait(pending.values(), return_when=FIRST_COMPLETED)
                for index in [i for i, future in pending.items() if future.done()]:
                    done[index] = pending.pop(index).result()
                while following in done:
                    yield done.pop(following)
                    following += 1
    finally:
        gc.unfreeze()
        _STAGE = None


def _prepare(stage: Stage, templates: list[Path]) -> None:
    """What every worker needs, made before they fork so that they share it rather than each
    making its own: the compiled templates, the translators' catalogs, the rules and the
    modules they import."""
    from docgen.checks.catalog import all_rules
    from docgen.errors import InputError
    from docgen.render.document import warm
    from docgen.workspace.translations import draft_catalog, load_catalog

    warm(templates)
    assert stage.workspace is not None
    codes = {code for c in stage.workspace.cases for code in c.case.agreement.languages}
    for code in sorted(codes):
        with contextlib.suppress(InputError):  # a broken catalog: its chunks report it
            load_catalog(stage.workspace.root, code)
            draft_catalog(code)
    all_rules()
    for name in ("docgen.docx.text", "docgen.render.context", "docgen.render.versions"):
        importlib.import_module(name)


def _worker_chunk(case_ids: list[str]) -> ChunkResult:
    assert _STAGE is not None, "a chunk worker is forked from a build"
    return run_chunk(_STAGE, case_ids)
