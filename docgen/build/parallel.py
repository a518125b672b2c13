"""Render jobs, in this process or across worker processes (`-j`), into a staging folder.

Workers write their documents straight to disk, so only small job descriptions cross
process boundaries. A template that fails is reported once, with every other problem.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.errors import InputError, Problem

if TYPE_CHECKING:
    from concurrent.futures import Future

# Below this many documents, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 24


@dataclass(frozen=True)
class RenderJob:
    relpath: str  # "<case>/<kind>.docx"
    template: Path
    shown: str  # the template's name in messages
    context: dict[str, Any]
    title: str
    stamp: dt.datetime


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def render_jobs(jobs: list[RenderJob], staging: Path, workers: int,
                progress: Callable[[int, int], None] | None = None) -> None:
    """Render every job to `staging/<relpath>`; raise InputError with all template problems."""
    problems: list[Problem] = []
    for done, result in enumerate(_results(jobs, staging, workers), start=1):
        problems.extend(result)
        if progress is not None:
            progress(done, len(jobs))
    if problems:
        raise InputError(problems)


def _results(jobs: list[RenderJob], staging: Path, workers: int) -> Iterator[list[Problem]]:
    if workers <= 1 or len(jobs) < PARALLEL_THRESHOLD:
        failed: set[str] = set()
        for job in jobs:
            if job.shown in failed:
                yield []
                continue
            problems = _render_one(job, staging)
            if problems:
                failed.add(job.shown)
            yield problems
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    context = multiprocessing.get_context("fork")
    templates = sorted({job.template for job in jobs})
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_warm,
                             initargs=(templates, os.getpid())) as pool:
        pending: set[Future[list[Problem]]] = set()
        queue = iter(jobs)
        limit = workers * 8  # bounded in flight: memory stays flat for any number of jobs
        for job in queue:
            pending.add(pool.submit(_render_one, job, staging))
            if len(pending) >= limit:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield future.result()
        for future in pending:
            yield future.result()


def _warm(templates: list[Path], build: int | None = None) -> None:
    die_with_parent(build)
    from docgen.render import document as render

    warm = getattr(render, "warm", None)
    if warm is not None:
        warm(templates)


def die_with_parent(build: int | None) -> None:
    """A worker is killed when its build (pid `build`) dies, even by kill -9: Linux's
    PR_SET_PDEATHSIG, and an exit when the build died before the worker got that far."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if build is not None and os.getppid() != build:  # the build died before the call
        os._exit(1)


def _render_one(job: RenderJob, staging: Path) -> list[Problem]:
    from docgen.render.document import render_docx

    try:
        data = render_docx(job.template, job.shown, job.context, job.title, job.stamp)
    except InputError as exc:
        return exc.problems()
    path = staging / job.relpath  # a private staging folder: no temporary file needed
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return []
