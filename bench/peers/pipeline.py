"""The whole pipeline against the bare engine and plain docxtpl on the same documents."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

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
    """(build, bare engine, plain docxtpl) ms per document over the same documents."""
    ws = make_workspace(folder / "build", cases)
    command = [sys.executable, "-m", "docgen", "build", str(ws), "--force", "-j", "1",
               "--date", today.isoformat()]
    runs = []
    for _ in range(2):  # the first run fills the build's cache of compiled templates
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, env=checkout_env())
        runs.append(time.perf_counter() - start)
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
    for render, _plain, context in jobs:
        render(context)  # compiles each template once
    same = sum(1 for (render, _p, context), path in zip(jobs, built, strict=True)
               if document_texts(render(context)) == document_texts(path.read_bytes()))
    start = time.perf_counter()
    for render, _plain, context in jobs:
        render(context)
    bare = (time.perf_counter() - start) / len(jobs)
    start = time.perf_counter()
    for _render, plain, context in jobs:
        plain(context)
    docxtpl = (time.perf_counter() - start) / len(jobs)
    n = len(built)
    print(f"\nwhole build of {count(cases)} cases, {count(n)} documents, -j 1: "
          f"{runs[1]:.2f} s ({runs[0]:.2f} s with an empty cache), "
          f"{runs[1] * 1000 / n:.1f} ms per document; the bare engine "
          f"{bare * 1000:.2f} ms and plain docxtpl {docxtpl * 1000:.1f} ms per document on "
          f"the same contexts; {count(same)} of {count(n)} documents' text equal to the "
          f"engine's alone")
    return runs[1] * 1000 / n, bare * 1000, docxtpl * 1000, n


