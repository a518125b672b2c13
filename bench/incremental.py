"""Benchmark (not a test): full, no-op and one-case-changed builds of a synthetic workspace.

    python bench/incremental.py --cases 2000 --runs 5

Each build runs the real CLI in a fresh process (`python -m docgen build`), as a clerk would;
figures are medians of --runs runs (the full build: of --full-runs runs).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def make_workspace(folder: Path, cases: int) -> Path:
    """`cases` partnerships cycling through the fixture cases, each with its own city name."""
    ws = folder / "ws"
    (ws / "cases").mkdir(parents=True)
    shutil.copyfile(FIXTURES / "docgen.yaml", ws / "docgen.yaml")
    sources = sorted((FIXTURES / "cases").glob("*.yaml"))
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sources]
    for i in range(cases):
        stem, text = texts[i % len(texts)]
        city = stem.capitalize()
        text = text.replace(f"city: {city}", f"city: {city} {i:05}")
        (ws / "cases" / f"{stem}-{i:05}.yaml").write_text(text, encoding="utf-8")
    return ws


def timed_build(ws: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "docgen", "build", str(ws), *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--full-runs", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=0, help="-j for builds (0: all cores)")
    args = parser.parse_args()
    jobs = ["-j", str(args.jobs)] if args.jobs else []
    with tempfile.TemporaryDirectory() as tmp:
        ws = make_workspace(Path(tmp), args.cases)
        full = []
        for _ in range(args.full_runs):
            full.append(timed_build(ws, "--force", *jobs))
        documents = sum(1 for _ in (ws / "output").rglob("*.docx"))
        noop = [timed_build(ws, *jobs) for _ in range(args.runs)]
        one = []
        case = next(iter(sorted((ws / "cases").glob("vientiane-*.yaml"))))
        for run in range(args.runs):
            text = case.read_text(encoding="utf-8")
            case.write_text(text.replace("signing_place: ", f"signing_place: Hall {run}, ", 1)
                            if run == 0 else text.replace(f"Hall {run - 1}, ", f"Hall {run}, "),
                            encoding="utf-8")
            one.append(timed_build(ws, *jobs))
    print(f"workspace: {args.cases} cases, {documents} documents")
    print(f"full build        {statistics.median(full):8.2f} s   "
          f"({1000 * statistics.median(full) / documents:.1f} ms/document)")
    print(f"no-op build       {statistics.median(noop):8.3f} s   (target < 0.5 s)")
    print(f"one case changed  {statistics.median(one):8.3f} s   (target < 1 s)")


if __name__ == "__main__":
    main()
