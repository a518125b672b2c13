"""Benchmark (not a test): full, no-op and one-case-changed builds of a synthetic workspace.

    python bench/incremental.py --cases 2000 --jobs 2 [--runs 5]
    python bench/incremental.py --smoke   # the 3 fixture cases, one run of each: seconds

Each build runs the real CLI in a fresh process (`python -m docgen build`, this checkout's
docgen), as a clerk would; figures are medians of --runs runs (the full build: of --full-runs
runs). The run fails (exit status 1) when a build fails, when the no-op build writes anything,
or when changing one case rewrites nothing or documents of another case. The last line is
the summary, in the words of the README's benchmark table (which holds the figures).
The no-op build must also leave the build's state file alone (bytes and mtime).
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

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]  # this checkout's docgen; bench/common.py

from common import FIXTURES, add_smoke, checkout_env, count, fail, figure, sized  # noqa: E402

SMOKE = {"cases": 3, "runs": 1, "full_runs": 1}
FULL = {"cases": 2000, "runs": 5, "full_runs": 1}


def make_workspace(folder: Path, cases: int) -> Path:
    """`cases` partnerships cycling through the fixture cases, each with its own city name."""
    ws = folder / "ws"
    (ws / "cases").mkdir(parents=True)
    shutil.copyfile(FIXTURES / "docgen.yaml", ws / "docgen.yaml")
    sources = sorted((FIXTURES / "cases").glob("*.yaml"))
    if not sources:
        fail(f"no fixture cases in {FIXTURES / 'cases'}")
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sources]
    ids: list[tuple[str, str]] = []
    for i in range(cases):
        stem, text = texts[i % len(texts)]
        city = stem.capitalize()
        text = text.replace(f"city: {city}", f"city: {city} {i:05}")
        (ws / "cases" / f"{stem}-{i:05}.yaml").write_text(text, encoding="utf-8")
        ids.append((stem, f"{stem}-{i:05}"))
    copy_catalogs(ws, ids)
    return ws


def copy_catalogs(ws: Path, ids: list[tuple[str, str]]) -> None:
    """The fixtures' translators' catalogs, each case's own entries copied for every case
    made from that fixture case (its msgctxt names the case)."""
    import polib

    for source in sorted((FIXTURES / "translations").glob("*.po")):
        po = polib.pofile(str(source))
        own = {}
        for entry in list(po):
            stem, _, key = (entry.msgctxt or "").partition(":")
            if key and stem != "home":
                own.setdefault(stem, []).append(entry)
                po.remove(entry)
        for stem, case_id in ids:
            number = case_id.rpartition("-")[2]
            for entry in own.get(stem, []):
                key = entry.msgctxt.partition(":")[2]
                tail = f" {number}" if key == "partner.city" else ""  # as make_workspace
                po.append(polib.POEntry(msgctxt=f"{case_id}:{key}", msgid=entry.msgid + tail,
                                        msgstr=entry.msgstr + tail, flags=list(entry.flags)))
        (ws / "translations").mkdir(exist_ok=True)
        po.save(str(ws / "translations" / source.name))


def timed_build(ws: Path, *args: str) -> tuple[float, list[str]]:
    """Seconds of one `docgen build` and the paths it wrote (its `wrote PATH` lines)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "docgen", "build", str(ws), *args],
                          capture_output=True, text=True, env=checkout_env())
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        fail(f"docgen build {' '.join(args)} exited with {proc.returncode}:\n"
             f"{proc.stderr[-2000:]}")
    wrote = [line.removeprefix("wrote ") for line in proc.stdout.splitlines()
             if line.startswith("wrote ")]
    return elapsed, wrote


def change(case: Path, run: int) -> None:
    """A new e-mail address for `case`'s mayor's office, different at every run (data no
    translator translates: a new signing place would leave the catalogs behind)."""
    text = case.read_text(encoding="utf-8")
    old, new = ("email: external.relations@", f"email: external.relations{run}@") \
        if run == 0 else (f"relations{run - 1}@", f"relations{run}@")
    if old not in text:
        fail(f"{old!r} is not in {case.name}: changing it would change nothing")
    case.write_text(text.replace(old, new, 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, help="cases in the workspace (default 2000)")
    parser.add_argument("--runs", type=int, help="runs of the no-op and one-case builds (5)")
    parser.add_argument("--full-runs", type=int, help="runs of the full build (1)")
    parser.add_argument("--jobs", type=int, default=0, help="-j for builds (0: all cores)")
    add_smoke(parser, "the 3 fixture cases, one run of each build")
    args = parser.parse_args()
    sized(args, SMOKE, FULL)
    jobs = ["-j", str(args.jobs)] if args.jobs else []
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        ws = make_workspace(Path(tmp), args.cases)
        full = [timed_build(ws, "--force", *jobs)[0] for _ in range(args.full_runs)]
        documents = sum(1 for _ in (ws / "output").rglob("*.docx"))
        if documents == 0:
            fail("the full build wrote no document")
        noop = []
        state = ws / "output/.docgen/state.json"
        for _ in range(args.runs):
            before = (state.stat().st_mtime_ns, state.read_bytes())
            seconds, wrote = timed_build(ws, *jobs)
            if wrote:
                fail(f"the no-op build wrote {len(wrote)} file(s), e.g. {wrote[0]}")
            if (state.stat().st_mtime_ns, state.read_bytes()) != before:
                fail("the no-op build rewrote the build's state")
            noop.append(seconds)
        one = []
        case = next(iter(sorted((ws / "cases").glob("vientiane-*.yaml"))), None)
        if case is None:
            fail("no vientiane-* case to change (fixtures/cases/vientiane.yaml)")
        for run in range(args.runs):
            change(case, run)
            seconds, wrote = timed_build(ws, *jobs)
            others = [w for w in wrote if Path(w).parent.name != case.stem]
            if not wrote or others:
                fail(f"changing {case.name} wrote {wrote or 'nothing'}")
            one.append(seconds)
    print(f"workspace: {count(args.cases)} cases, {count(documents)} documents")
    print(f"full build        {statistics.median(full):8.2f} s   "
          f"({1000 * statistics.median(full) / documents:.1f} ms/document)")
    print(f"no-op build       {statistics.median(noop):8.3f} s   (target <= 0.2 s)")
    print(f"one case changed  {statistics.median(one):8.3f} s   (target <= 0.5 s)")
    print(f"no-op build: {figure(statistics.median(noop))} s; "
          f"one case changed among {count(args.cases)}: {figure(statistics.median(one))} s")


if __name__ == "__main__":
    main()
