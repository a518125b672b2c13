"""Benchmark (not a test): a full build of N synthetic cases, its time and peak memory.

    python bench/fullbuild.py --cases 2000 --jobs 2

Runs `python -m docgen build --force -j N` on a synthetic workspace (see incremental.py) and
samples the proportional set size (PSS) of the whole process tree every 50 ms: the sum of
PSS counts memory shared by forked workers once, which is what the machine really spends.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from incremental import make_workspace


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
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = make_workspace(Path(tmp), args.cases)
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "docgen", "build", str(ws), "--force",
                                 "-j", str(args.jobs)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, sum(pss_kb(p) for p in tree(proc.pid)))
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        documents = sum(1 for _ in (ws / "output").glob("*/*.docx"))
    print(f"full build of {args.cases} cases ({documents} documents) with -j {args.jobs}: "
          f"{elapsed:.1f} s, peak memory (PSS of all processes) {peak / 1024:.0f} MB "
          f"(exit status {proc.returncode})")


if __name__ == "__main__":
    main()
