"""Benchmark (not a test): `soffice --convert-to pdf` once per file vs docgen's warm converter.

    python bench/pdf.py [--docs 20] [--workers 1]
    python bench/pdf.py --smoke   # 2 documents: about 5 s, mostly LibreOffice start-ups

Builds the example workspace into a temporary folder, takes --docs of its documents (cycling
through the 12 the example is due), converts each one both ways in the same run, and prints
milliseconds per document for both and the ratio. The cold side uses one profile folder for
every call (as a user would), created by a warm-up call that is not timed. The run fails (exit
status 1) when a conversion does, or either side leaves a PDF missing. The last line is the
summary, in the words of the README's benchmark table (which holds the figures).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]  # this checkout's docgen; bench/common.py

from common import add_smoke, count, fail, figure, sized  # noqa: E402

from docgen.build.run import build  # noqa: E402
from docgen.build.targets import BuildRequest  # noqa: E402
from docgen.pdf.convert import Converter, convert_all, find_office  # noqa: E402

SMOKE = {"docs": 2}
FULL = {"docs": 20}


def documents(folder: Path, wanted: int) -> list[Path]:
    ws = folder / "ws"
    shutil.copytree(ROOT / "fixtures", ws, ignore=shutil.ignore_patterns("output"))
    build(BuildRequest(ws, ws / "output"))
    built = sorted((ws / "output").glob("*/*.docx"))
    if not built:
        fail("the example workspace built no document")
    docs = []
    for n in range(wanted):
        src = built[n % len(built)]
        dst = folder / "docs" / f"{n:02d}-{src.parent.name}-{src.name}"
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        docs.append(dst)
    return docs


def cold(soffice: str, docs: list[Path], folder: Path) -> float:
    profile = (folder / "cold-profile").as_uri()
    out = folder / "cold"

    def once(doc: Path) -> None:
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out), str(doc)],
                       check=True, capture_output=True, timeout=300)

    once(docs[0])  # warm-up: creates the profile; not timed
    start = time.perf_counter()
    for doc in docs:
        once(doc)
    return time.perf_counter() - start


def warm(docs: list[Path], folder: Path, workers: int) -> tuple[float, float, float]:
    """(total seconds with LibreOffice's start-up and shutdown, seconds of start-up alone,
    seconds from nothing to the first PDF)."""
    jobs = [(d, folder / "warm" / d.with_suffix(".pdf").name) for d in docs]
    start = time.perf_counter()
    if workers > 1:
        convert_all(jobs, workers)
        return time.perf_counter() - start, float("nan"), float("nan")
    with Converter() as converter:
        converter.start()
        started = time.perf_counter()
        converter.convert_many(jobs[:1])
        first = time.perf_counter()
        converter.convert_many(jobs[1:])
    return time.perf_counter() - start, started - start, first - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, help="documents to convert (default 20)")
    parser.add_argument("--workers", type=int, default=1)
    add_smoke(parser, "2 documents")
    args = parser.parse_args()
    sized(args, SMOKE, FULL)
    if args.docs < 1:
        fail("--docs must be at least 1")
    office = find_office()
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        folder = Path(tmp)
        docs = documents(folder, args.docs)
        cold_s = cold(office.soffice, docs, folder)
        warm_s, startup_s, first_s = warm(docs, folder, args.workers)
        for side in ("cold", "warm"):
            missing = [d.name for d in docs
                       if not (folder / side / d.with_suffix(".pdf").name).is_file()]
            if missing:
                fail(f"the {side} side wrote no PDF of {', '.join(missing)}")
    n = len(docs)
    print(f"{n} documents, LibreOffice {office.soffice}, UNO via {office.python}")
    print(f"soffice --convert-to per file: {cold_s * 1000 / n:8.0f} ms/document "
          f"({cold_s:.1f} s)")
    print(f"docgen warm converter ({args.workers} worker{'s' if args.workers > 1 else ''}): "
          f"{warm_s * 1000 / n:8.0f} ms/document ({warm_s:.1f} s, start-up included)")
    if args.workers == 1:
        steady = (warm_s - startup_s) * 1000 / n
        print(f"  of which LibreOffice start-up: {startup_s * 1000:.0f} ms once; then "
              f"{steady:.0f} ms/document; the first PDF {first_s * 1000:.0f} ms after the "
              "converter was made")
    print(f"ratio: {cold_s / warm_s:.1f}x faster per document")
    print(f"soffice --convert-to per file against the warm converter, {count(n)} documents: "
          f"{figure(cold_s * 1000 / n)} vs {figure(warm_s * 1000 / n)} ms per document "
          f"({figure(cold_s / warm_s)}×)")


if __name__ == "__main__":
    main()
