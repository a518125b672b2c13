"""The whole pipeline against the bare engine and plain docxtpl on the same documents."""

from __future__ import annotations

import datetime as dt
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import checkout_env, count, fail
from incremental import make_workspace
from render import docgen_engine, plain_docxtpl
from texts import document_texts

from docgen.render.context import document_context
from docgen.render.sandbox import jinja_environment
from docgen.render.templates import bundled_templates
from docgen.workspace.lifecycle import kind
from docgen.workspace.load import load_workspace


def pipeline(cases: int, today: dt.date, folder: Path) -> tuple[float, float, float, int]:
    """(build, bare engine, plain docxtpl) ms per document over the same documents; their
    CPU times printed beside."""
    ws = make_workspace(folder / "build", cases)
    command = [sys.executable, "-m", "docgen", "build", str(ws), "--force", "-j", "1",
               "--date", today.isoformat()]
    runs = []
    for _ in range(2):  # the first run fills the build's cache of compiled templates
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, env=checkout_env())
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        runs.append((wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
        if proc.returncode != 0:
            fail(f"docgen build exited with {proc.returncode}:\n{proc.stderr[-2000:]}")
    built = sorted((ws / "output").glob("*/*.docx"))
    if not built:
        fail("the build wrote no document")
    workspace = load_workspace(ws)
    cases_by_id = {case.id: case for case in workspace.cases}
    jobs = []
    for path in built:
        doc_kind = kind(path.stem)
        context = document_context(workspace, cases_by_id[path.parent.name], doc_kind, today)
        template = bundled_templates() / f"{doc_kind.template_name}.docx"
        jobs.append((docgen_engine(template, doc_kind.title),
                     plain_docxtpl(template, jinja_environment()), context))
    compiled: set[str] = set()
    for path, (render, _plain, context) in zip(built, jobs, strict=True):
        if kind(path.stem).template_name not in compiled:  # compiles each template once,
            compiled.add(kind(path.stem).template_name)  # with one document, as a build does
            render(context)
    # each document once, as the build renders it: the engine has made only the first
    # document of each template before (what it keeps of them, a build keeps too)
    bare = _timed([(render, context) for render, _plain, context in jobs])
    same = sum(1 for (render, _p, context), path in zip(jobs, built, strict=True)
               if document_texts(render(context)) == document_texts(path.read_bytes()))
    docxtpl = _timed([(plain, context) for _render, plain, context in jobs])
    n = len(built)
    (wall, cpu), (cold_wall, _cold_cpu) = runs[1], runs[0]
    print(f"\nwhole build of {count(cases)} cases, {count(n)} documents, -j 1: "
          f"{wall:.2f} s ({cold_wall:.2f} s with an empty cache), {wall * 1000 / n:.1f} ms "
          f"(CPU {cpu * 1000 / n:.1f} ms) per document; on the same contexts the bare engine "
          f"{bare[0] * 1000:.2f} ms (CPU {bare[1] * 1000:.2f}) and plain docxtpl "
          f"{docxtpl[0] * 1000:.1f} ms (CPU {docxtpl[1] * 1000:.1f}) per document; "
          f"{count(same)} of {count(n)} documents' text equal to the engine's alone")
    print(f"in CPU time: build/engine {cpu / n / bare[1]:.1f}×, "
          f"docxtpl/build {docxtpl[1] / (cpu / n):.1f}×")
    return wall * 1000 / n, bare[0] * 1000, docxtpl[0] * 1000, n


def _timed(calls: list[tuple[Any, dict[str, Any]]]) -> tuple[float, float]:
    """(wall, CPU) seconds per call."""
    wall, cpu = time.perf_counter(), time.process_time()
    for render, context in calls:
        render(context)
    return (time.perf_counter() - wall) / len(calls), (time.process_time() - cpu) / len(calls)
