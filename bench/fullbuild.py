"""Benchmark (not a test): a full build of N synthetic cases, its time and peak memory.

    python bench/fullbuild.py --cases 2000 --jobs 2
    python bench/fullbuild.py --smoke   # the 3 fixture cases, -j 2: about a second

Runs `python -m docgen build --force -j N` (this checkout's docgen; checks included, as in
every build) on a synthetic workspace (see incremental.py) and samples the proportional set
size (PSS) of the whole process tree every 50 ms: the sum of PSS counts memory shared by
forked workers once, which is what the machine really spends. The run fails (exit status 1)
when the build does or writes no document. The last line is the summary, in
the words of the README's benchmark table (which holds the figures).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]  # this checkout's docgen; bench/ modules

from common import add_smoke, checkout_env, count, fail, figure, sized  # noqa: E402
from incremental import make_workspace  # noqa: E402

SMOKE = {"cases": 3}
FULL = {"cases": 2000}


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return out


def pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, help="cases in the workspace (default 2000)")
    parser.add_argument("--jobs", type=int, default=2)
    add_smoke(parser, "the 3 fixture cases")
    args = parser.parse_args()
    sized(args, SMOKE, FULL)
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        ws = make_workspace(Path(tmp), args.cases)
        log = Path(tmp) / "stderr.txt"
        with log.open("wb") as stderr:
            start = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-m", "docgen", "build", str(ws),
                                     "--force", "-j", str(args.jobs)],
                                    stdout=subprocess.DEVNULL, stderr=stderr,
                                    env=checkout_env())
            peak = 0
            while proc.poll() is None:
                peak = max(peak, sum(pss_kb(p) for p in tree(proc.pid)))
                time.sleep(0.05)
            elapsed = time.perf_counter() - start
        documents = sum(1 for _ in (ws / "output").glob("*/*.docx"))
        if proc.returncode != 0:
            fail(f"docgen build exited with {proc.returncode}:\n"
                 f"{log.read_text(errors='replace')[-2000:]}")
    if documents == 0:
        fail("the build wrote no document")
    if peak == 0:
        fail("no memory sampled (is /proc/PID/smaps_rollup readable?)")
    print(f"python -m docgen build --force -j {args.jobs}: exit status {proc.returncode}, "
          f"{elapsed:.2f} s, peak PSS {peak / 1024:.1f} MB")
    print(f"full build of {count(args.cases)} cases ({count(documents)} documents, "
          f"checks included): {figure(elapsed)} s; "
          f"peak memory (PSS of all processes): {figure(peak / 1024)} MB")


if __name__ == "__main__":
    main()
