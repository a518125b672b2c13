"""The fuzz suite at scale: generated case files, templates and forms, each run through docgen.

    python bench/fuzz.py [--examples 1000] [--templates 300] [--intake 100] [--seed 0]
    python bench/fuzz.py --smoke   # 20, 10 and 5 examples: under a minute

Case files are mutations of the fixtures (values of every type, sizes, Unicode, control
characters, YAML features); templates are Jinja payloads and package shapes (zip bombs,
`../` members, links, broken XML); forms are filled with generated values, some then damaged.
Each example is built (or taken in) by a worker process through docgen's CLI with a deadline
of 30 s and a 2 GB address space: it must end in exit status 0 or 1 with no traceback. A hang
restarts the worker. The generation is hypothesis's (tests/fuzzing.py), seeded.

Exit status 1 when any example gave a traceback, hung or ended otherwise; the failures are
printed. The last line is the summary, in the words of the README's benchmark table.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH), str(ROOT / "tests")]  # docgen; common; fuzzing

from common import add_smoke, count, figure, sized  # noqa: E402
from fuzzing import Tally, Worker, fuzz  # noqa: E402

SMOKE = {"examples": 20, "templates": 10, "intake": 5}
FULL = {"examples": 1000, "templates": 300, "intake": 100}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, help="case files (default 1000)")
    parser.add_argument("--templates", type=int, help="templates (default 300)")
    parser.add_argument("--intake", type=int, help="filled forms (default 100)")
    parser.add_argument("--seed", type=int, default=0)
    add_smoke(parser, "20 case files, 10 templates, 5 forms")
    args = parser.parse_args()
    sized(args, SMOKE, FULL)
    worker = Worker()
    tallies: dict[str, Tally] = {}
    try:
        for target, n in (("cases", args.examples), ("templates", args.templates),
                          ("intake", args.intake)):
            tally = tallies[target] = Tally()
            start = time.monotonic()
            if n:
                fuzz(target, n, worker, tally, args.seed)
            print(f"{target}: {tally.examples} examples ({tally.built} exit 0) in "
                  f"{time.monotonic() - start:.0f} s; "
                  f"tracebacks {tally.tracebacks}, hangs {tally.hangs}, other exits "
                  f"{tally.bad_exits}; worker peak memory {tally.peak_mb:.0f} MB", flush=True)
            for failure in tally.failures[:20]:
                print(f"  {failure}")
    finally:
        worker.close()
    every = list(tallies.values())
    tracebacks = sum(t.tracebacks + t.bad_exits for t in every)
    hangs = sum(t.hangs for t in every)
    peak = max(t.peak_mb for t in every)
    print(f"case files, templates and forms fuzzed: {count(tallies['cases'].examples)}, "
          f"{count(tallies['templates'].examples)} and {count(tallies['intake'].examples)} "
          f"examples; tracebacks and hangs: {tracebacks} and {hangs}; "
          f"peak memory of a worker: {figure(peak)} MB")
    if tracebacks or hangs:
        sys.exit(1)


if __name__ == "__main__":
    main()
