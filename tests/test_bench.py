"""Every benchmark still runs: `bench/<name>.py --smoke` exits 0 and ends with its summary line.

A smoke run is tiny (the fixture cases, one round, 2 PDFs) but takes the same code paths as the
real run, so a benchmark broken by a change to docgen fails here rather than on the day someone
wants its figures. The summary line must also say what the README's benchmark table says: the
table's "what it measures" phrases, each followed by its "measured" figure.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT, soffice

# the summary line of each smoke run (its sizes: 3 fixture cases, 2 PDFs), figures left open
FIGURE = r"\d+(?:\.\d+)?"
OR_SKIPPED = rf"(?:{FIGURE}|skipped)"  # bench/peers: without Node or LibreOffice
RATIO_OR_SKIPPED = rf"(?:{FIGURE}×|skipped)"
SUMMARIES = {
    "incremental": rf"no-op build: {FIGURE} s; one case changed among 3: {FIGURE} s",
    "fullbuild": rf"full build of 3 cases \(\d+ documents, checks included\): {FIGURE} s; "
                 rf"peak memory \(PSS of all processes\): {FIGURE} MB",
    "render": rf"plain docxtpl against docgen's engine, same templates and contexts: "
              rf"{FIGURE} ms vs {FIGURE} ms per document \({FIGURE}×\)",
    "fuzz": rf"case files, templates and forms fuzzed: {FIGURE}, {FIGURE} and {FIGURE} examples; "
            rf"tracebacks and hangs: 0 and 0; peak memory of a worker: {FIGURE} MB",
    "pdf": rf"soffice --convert-to per file against the warm converter, 2 documents: "
           rf"{FIGURE} vs {FIGURE} ms per document \({FIGURE}×\)",
    "peers/run": rf"docgen's engine against plain docxtpl, docxtemplater and Carbone per warm "
                 rf"document: {FIGURE} vs {FIGURE}, {OR_SKIPPED}, {OR_SKIPPED} ms "
                 rf"\({FIGURE}×, {RATIO_OR_SKIPPED}, {RATIO_OR_SKIPPED}\); "
                 rf"first document in a fresh process, uncached and cached: {FIGURE} and "
                 rf"{FIGURE} vs {FIGURE}, {OR_SKIPPED}, {OR_SKIPPED} ms; "
                 rf"warm PDF per document against Carbone's converter: {OR_SKIPPED} vs "
                 rf"{OR_SKIPPED} ms; whole build -j 1 per document against the bare engine and "
                 rf"plain docxtpl: {FIGURE} vs {FIGURE} and {FIGURE} ms "
                 rf"\(build/engine {FIGURE}×, docxtpl/build {FIGURE}×\)",
}


def _numbers_out(text: str) -> str:
    """`text` with every number (2,000 / 0.31 / 7.4) as N, and a figure or ratio "skipped"
    (bench/peers without Node) as N: smoke runs are smaller."""
    return re.sub(r"\bskipped\b", "N", re.sub(r"\d+(?:[,.]\d+)*", "N", text)).replace("N×", "N")


def readme_summary(name: str) -> str:
    """The summary line the README's benchmark table gives `bench/<name>.py`, numbers as N:
    each "what it measures" phrase followed by ": " and its "measured" figure."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines()
            if line.startswith("| `python bench/") and f"bench/{name}.py" in line]
    assert len(rows) == 1, f"README's benchmark table has {len(rows)} rows for {name}.py"
    _command, what, measured = (cell.strip().replace("`", "") for cell in rows[0].split("|")[1:4])
    phrases, figures = what.split("; "), measured.split("; ")
    assert len(phrases) == len(figures), f"README: {what!r} and {measured!r} do not pair up"
    return _numbers_out("; ".join(f"{p}: {f}" for p, f in zip(phrases, figures, strict=True)))


def test_every_benchmark_is_tested() -> None:
    scripts = [p.stem for p in (ROOT / "bench").glob("*.py") if p.stem != "common"]
    scripts += [f"{p.parent.name}/run" for p in (ROOT / "bench").glob("*/run.py")]
    assert sorted(scripts) == sorted(SUMMARIES)


@pytest.mark.parametrize("name", sorted(SUMMARIES))
def test_benchmark_smoke(name: str) -> None:
    if name == "pdf" and soffice() is None:  # under CI, soffice() fails instead
        pytest.skip("LibreOffice is not installed")
    proc = subprocess.run([sys.executable, f"bench/{name}.py", "--smoke"], cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, f"exit status {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    lines = proc.stdout.strip().splitlines()
    assert lines, f"no output; stderr:\n{proc.stderr}"
    summary = lines[-1]
    assert re.fullmatch(SUMMARIES[name], summary), summary
    assert _numbers_out(summary) == readme_summary(name)
