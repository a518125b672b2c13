"""Rendering a chunk's jobs in this process, and the worker processes of `-j`.

A job's document is written to the staging folder and handed back, as bytes and as the
parts the engine made before compressing them, for the checks of its chunk to read without
opening the file or inflating it again. A template that fails is reported once, with every
other problem.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import InputError, Problem


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


@dataclass(frozen=True)
class Rendered:
    """A document just rendered: its bytes, and its parts uncompressed when the engine
    made them (None when it rendered through docxtpl)."""

    data: bytes
    contents: dict[str, bytes] | None


def render_jobs(jobs: list[RenderJob], staging: Path, failed: set[str]
                ) -> tuple[dict[str, Rendered], list[Problem]]:
    """Render every job to `staging/<relpath>`: the documents by relpath, and the problems
    of the templates that failed. A template in `failed` (or failing here) is not tried
    again; it is added to `failed`."""
    documents: dict[str, Rendered] = {}
    problems: list[Problem] = []
    for job in jobs:
        if job.shown in failed:
            continue
        data = _render_one(job, staging, problems)
        if data is None:
            failed.add(job.shown)
        else:
            documents[job.relpath] = data
    return documents, problems


def die_with_parent(build: int | None) -> None:
    """A worker is killed when its build (pid `build`) dies, even by kill -9: Linux's
    PR_SET_PDEATHSIG, and an exit when the build died before the worker got that far."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if build is not None and os.getppid() != build:  # the build died before the call
        os._exit(1)


def _render_one(job: RenderJob, staging: Path, problems: list[Problem]) -> Rendered | None:
    from docgen.render.document import render_docx

    contents: dict[str, bytes] = {}
    try:
        data = render_docx(job.template, job.shown, job.context, job.title, job.stamp,
                           contents)
    except InputError as exc:
        problems.extend(exc.problems())
        return None
    path = staging / job.relpath  # a private staging folder: no temporary file needed
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Rendered(data, contents or None)
