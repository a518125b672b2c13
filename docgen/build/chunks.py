"""The build's middle, chunk by chunk: plan some cases, render what they need, check them.

Each chunk of cases is planned, rendered and checked before the next: only one chunk's
contexts and documents are in memory (per process), and the checks read the documents the
engine just made. With `-j N` the chunks go to N worker processes forked after the
workspace is loaded (they share it; only case ids go to them, and small results come back).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.build.checking import Marked, check_cases
from docgen.build.parallel import render_jobs, warm_worker
from docgen.build.planning import Planner, due_count
from docgen.build.state import CaseRecord, State

if TYPE_CHECKING:
    from docgen.build.stale import Inputs
    from docgen.build.targets import Action, BuildRequest
    from docgen.checks.registry import Finding
    from docgen.errors import Problem
    from docgen.workspace.model import Workspace

# Cases planned, rendered and checked together: their contexts and documents are in memory
# at once (per worker).
CHUNK = 16
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


@dataclass
class ChunkResult:
    cases: dict[str, CaseRecord]
    home: dict[str, str]  # the home city's part hashes, once a document was planned
    actions: list[Action]
    not_due: list[str]
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
    wanted = set(case_ids)
    chunk_ws = dataclasses.replace(ws, cases=tuple(c for c in ws.cases if c.id in wanted))
    planner = Planner(stage.request, stage.output, stage.old, State(home=stage.old.home),
                      stage.inputs, stage.today)
    for case_file in chunk_ws.cases:
        planner.plan_case(chunk_ws, case_file)
    result = ChunkResult(planner.new.cases, planner.home_parts, planner.actions,
                         planner.not_due, planner.due)
    if not stage.render:
        return result
    failed = set() if failed is None else failed
    already = len(failed)
    rendered, result.problems = render_jobs(planner.jobs, stage.staging, failed)
    planner.jobs.clear()  # their contexts: not needed past rendering
    if result.problems or len(failed) > already:
        return result  # the build fails: nothing to check
    result.findings, result.marked = check_cases(chunk_ws, wanted, rendered, stage.output,
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
    if workers <= 1 or len(stage.loaded) < PARALLEL_CASES or not stage.render:
        failed: set[str] = set()
        for chunk in chunks:
            yield run_chunk(stage, chunk, failed)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _STAGE
    _STAGE = stage
    templates = sorted({path for path, _shown in stage.inputs.templates.values()})
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=warm_worker,
                                 initargs=(templates, os.getpid())) as pool:
            yield from pool.map(_worker_chunk, chunks)  # in order; a few chunks in flight
    finally:
        _STAGE = None


def _worker_chunk(case_ids: list[str]) -> ChunkResult:
    assert _STAGE is not None, "a chunk worker is forked from a build"
    return run_chunk(_STAGE, case_ids)
