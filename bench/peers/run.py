"""docgen side by side with its peers: docxtpl, docxtemplater, Carbone; engine, build and PDF.

    python bench/peers/run.py [--cases 30] [--rounds 10] [--pdf-docs 10] [--build-cases 100]
    python bench/peers/run.py --smoke   # the fixture cases, one round: seconds

The MOU and the request form render through docgen's engine, plain docxtpl and, where Node
is present, docxtemplater and Carbone (pinned in package.json; `npm ci` here installs them,
as the full run does when they are missing; --smoke then skips them with a note). Their
templates are ported from the bundled ones by port.py, and before anything is timed the text
of every peer's document (every non-empty paragraph of body, headers and footers, line
breaks and tabs as such) must equal that of docgen's: the run fails otherwise. The check also
renders, untimed, the first case with every list in its context empty, for the else branches.

Then, each in the same run:
- warm documents: interleaved rounds (the engines' order turned each round), ms per document
  and each peer's ratio to the engine, round by round; medians at the end, CPU time too;
- the first document in a fresh process, from before loading the engine to the document's
  bytes (contexts read from JSON): docgen's engine without and with its disk cache of
  compiled templates, docxtpl, docxtemplater, Carbone;
- warm PDF conversion of the same files: docgen's converter (docgen/pdf/convert.py) and
  Carbone's (its own LibreOffice), each started and given one file before the clock starts;
- the whole pipeline: `python -m docgen build --force -j 1` of --build-cases cases (run
  once before, untimed, so that its cache of compiled templates is filled, as on any
  rebuild), per document written, against the bare engine and plain docxtpl rendering the
  same documents from the same contexts in this process.

The last line is the summary, in the words of the README's benchmark table, which holds the
figures; a part that cannot run here (no Node, no LibreOffice) reads "skipped".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PEERS = Path(__file__).resolve().parent
BENCH = PEERS.parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH), str(PEERS)]  # this checkout's docgen; bench modules

from common import add_smoke, checkout_env, fail, figure, sized  # noqa: E402
from converters import pdf_only, pdf_rounds, uno_env  # noqa: E402
from incremental import make_workspace  # noqa: E402
from pipeline import pipeline  # noqa: E402
from port import ENGINES as NODE_ENGINES  # noqa: E402
from port import PortError, peer_context, port  # noqa: E402
from render import docgen_engine, plain_docxtpl  # noqa: E402
from texts import document_texts  # noqa: E402

from docgen.render import engine  # noqa: E402
from docgen.render.context import document_context  # noqa: E402
from docgen.render.sandbox import jinja_environment  # noqa: E402
from docgen.render.templates import bundled_templates  # noqa: E402
from docgen.workspace.lifecycle import kind  # noqa: E402
from docgen.workspace.load import load_workspace  # noqa: E402

KINDS = ("mou", "request-form")
PYTHON_ENGINES = ("engine", "docxtpl")
SMOKE = {"cases": 0, "rounds": 1, "pdf_docs": 1, "pdf_rounds": 1, "cold_runs": 1,
         "build_cases": 3}
FULL = {"cases": 30, "rounds": 10, "pdf_docs": 10, "pdf_rounds": 3, "cold_runs": 3,
        "build_cases": 100}
SKIPPED = "skipped"
Render = Callable[[dict[str, Any]], bytes]


class Node:
    """peers.js serving requests: docxtemplater and Carbone, warm in one process."""

    def __init__(self, folder: Path) -> None:
        self.proc = subprocess.Popen(["node", str(PEERS / "peers.js"), "serve"], cwd=PEERS,
                                     env=uno_env(folder), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def ask(self, **request: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline() or '{"ok": false, "error": "gone"}')
        if not answer.get("ok"):
            fail(f"peers.js {request['op']} {request.get('engine', '')}: {answer.get('error')}")
        return answer

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


def node_engines(smoke: bool) -> tuple[str, ...]:
    """docxtemplater and Carbone when Node and their packages are here (the full run installs
    them with `npm ci`); none, with a note, otherwise."""
    if shutil.which("node") is None:
        print("note: Node is not installed: docxtemplater and Carbone skipped")
        return ()
    if not (PEERS / "node_modules").is_dir():
        if smoke or shutil.which("npm") is None:
            print("note: bench/peers/node_modules is missing (`npm ci` in bench/peers): "
                  "docxtemplater and Carbone skipped")
            return ()
        print("npm ci in bench/peers ...", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PEERS, check=True)
    return NODE_ENGINES


class Subject:
    """One template, its contexts and every engine's way to render them."""

    def __init__(self, kind_id: str, contexts: list[dict[str, Any]], folder: Path,
                 node: Node | None, peers: tuple[str, ...], batch: int) -> None:
        self.kind_id, self.contexts, self.node = kind_id, contexts, node
        # each round renders a batch of contexts no round before rendered (as a build renders
        # each case once): an engine that keeps what it made gains only what a build gains
        self.batch = batch
        self.batches = max(1, len(contexts) // batch)
        # checked, not timed: the first case with every list empty, for the else branches
        self.checked = [*contexts, _emptied(contexts[0])]
        self.template = bundled_templates() / f"{kind(kind_id).template_name}.docx"
        self.renders: dict[str, Render] = {
            "engine": docgen_engine(self.template, kind(kind_id).title),
            "docxtpl": plain_docxtpl(self.template, jinja_environment())}
        self.folder = folder / kind_id
        self.folder.mkdir(parents=True, exist_ok=True)
        self.peers = peers
        self.ported: dict[str, Path] = {}
        for name in peers:
            assert node is not None
            ported = self.folder / f"{name}.docx"
            plan = port(self.template, name, ported)
            env = jinja_environment()
            data = self.folder / f"{name}.json"
            data.write_text(json.dumps([peer_context(c, plan, env) for c in self.checked],
                                       ensure_ascii=False), encoding="utf-8")
            node.ask(op="load", engine=name, name=kind_id, template=str(ported),
                     contexts=str(data))
            self.ported[name] = ported

    @property
    def engines(self) -> tuple[str, ...]:
        return (*PYTHON_ENGINES, *self.peers)

    def verify(self) -> None:
        """Every engine's text equals the engine's, document by document."""
        for index, context in enumerate(self.checked):
            reference = document_texts(self.renders["engine"](context))
            if not reference:
                fail(f"{self.kind_id}: docgen's document {index} has no text")
            for name in self.engines[1:]:
                got = document_texts(self.document(name, index))
                if got != reference:
                    first = next((i for i, (a, b) in enumerate(zip(reference, got, strict=False))
                                  if a != b),
                                 min(len(reference), len(got)))
                    fail(f"{self.kind_id} case {index}: {name}'s text differs from docgen's at "
                         f"paragraph {first}: {got[first:first + 1]} vs "
                         f"{reference[first:first + 1]}")

    def document(self, name: str, index: int) -> bytes:
        if name in self.renders:
            return self.renders[name](self.checked[index])
        assert self.node is not None
        out = self.folder / f"{name}-{index}.docx"
        self.node.ask(op="render", engine=name, name=self.kind_id, index=index, out=str(out))
        return out.read_bytes()

    def time(self, name: str, batch: int) -> tuple[float, float]:
        """(wall, CPU) seconds per document, every context of batch `batch` once."""
        start = (batch % self.batches) * self.batch
        if name in self.renders:
            render = self.renders[name]
            contexts = self.contexts[start:start + self.batch]
            wall, cpu = time.perf_counter(), time.process_time()
            for context in contexts:
                render(context)
            n = len(contexts)
            return (time.perf_counter() - wall) / n, (time.process_time() - cpu) / n
        assert self.node is not None
        answer = self.node.ask(op="time", engine=name, name=self.kind_id, start=start,
                               count=self.batch)
        return answer["wall"], answer["cpu"]


def _emptied(value: Any) -> Any:
    """`value` with every list in it empty, but the pair of signatories (`doc.sign`), which
    the agreements index as sign[0] and sign[1]."""
    if isinstance(value, dict):
        return {key: item if key == "sign" else _emptied(item) for key, item in value.items()}
    return [] if isinstance(value, list) else value


def ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000


def warm_rounds(subjects: list[Subject], rounds: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) ms per document of each engine over templates and rounds."""
    names = subjects[0].engines
    wall: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    for subject in subjects:
        for name in names:  # first calls out of the way (batch 0, not timed)
            subject.time(name, 0)
    print("\nwarm documents, ms per document (ratio to docgen's engine)")
    print(f"{'round':<6}{'template':<14}" + "".join(f"{n:>22}" for n in names))
    for r in range(rounds):
        for subject in subjects:
            order = names[r % len(names):] + names[:r % len(names)]
            got = {name: subject.time(name, r + 1) for name in order}
            for name in names:
                wall[name].append(got[name][0])
                cpu[name].append(got[name][1])
            base = got["engine"][0]
            cells = "".join(f"{got[n][0] * 1000:>13.2f} ({got[n][0] / base:>5.1f}×)"
                            for n in names)
            print(f"{r + 1:<6}{subject.kind_id:<14}{cells}", flush=True)
    medians = {n: (ms(wall[n]), ms(cpu[n])) for n in names}
    base_wall, base_cpu = medians["engine"]
    for label, i, base in (("median", 0, base_wall), ("CPU", 1, base_cpu)):
        print(f"{label:<20}" + "".join(f"{medians[n][i]:>13.2f} ({medians[n][i] / base:>5.1f}×)"
                                      for n in names))
    return medians


COLD_PYTHON = """
import json, sys, time
start, cpu = time.perf_counter(), time.process_time()
name, template, data, cache = sys.argv[1:5]
sys.path.insert(0, sys.argv[5])
context = json.load(open(data, encoding="utf-8"))
if name == "docxtpl":
    import io
    from docxtpl import DocxTemplate
    from docgen.render.sandbox import jinja_environment
    doc = DocxTemplate(template)
    doc.render(context, jinja_environment(), autoescape=True)
    doc.save(io.BytesIO())
else:
    import datetime as dt
    from pathlib import Path
    from docgen.clock import source_date
    from docgen.render import engine
    if cache:
        engine.use_disk_cache(Path(cache))
    stamp = source_date(dt.date.fromisoformat(context["doc"]["date_iso"]))
    engine.render_template(Path(template), context, "Title", stamp)
print(json.dumps({"ms": (time.perf_counter() - start) * 1000,
                  "cpu_ms": (time.process_time() - cpu) * 1000}))
"""


def cold_runs(subject: Subject, runs: int) -> dict[str, float]:
    """Median ms of a fresh process's first document, per engine (the MOU's first case)."""
    folder = subject.folder / "cold"
    folder.mkdir()
    context = folder / "context.json"
    context.write_text(json.dumps(subject.contexts[0], ensure_ascii=False), encoding="utf-8")
    cache = folder / "cache"

    def python(name: str, disk_cache: str) -> list[str]:
        return [sys.executable, "-c", COLD_PYTHON, name, str(subject.template), str(context),
                disk_cache, str(ROOT)]

    commands = {"engine": python("engine", ""), "engine, cached": python("engine", str(cache)),
                "docxtpl": python("docxtpl", "")}
    for name in subject.peers:
        data = subject.folder / f"{name}.json"
        one = folder / f"{name}.json"
        one.write_text(json.dumps(json.loads(data.read_text(encoding="utf-8"))[0],
                                  ensure_ascii=False), encoding="utf-8")
        commands[name] = ["node", str(PEERS / "peers.js"), "cold", name,
                          str(subject.ported[name]), str(one), str(folder / f"{name}.docx")]
    subprocess.run(commands["engine, cached"], check=True, capture_output=True,
                   env=checkout_env())  # fills the disk cache: the cached runs read it
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            proc = subprocess.run(command, capture_output=True, text=True, cwd=PEERS,
                                  env=checkout_env(), timeout=120)
            if proc.returncode != 0:
                fail(f"first document of {name}: {proc.stderr[-1500:]}")
            answer = json.loads(proc.stdout.strip().splitlines()[-1])
            times[name].append(answer["ms"])
            cpu[name].append(answer["cpu_ms"])
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"\nfirst document in a fresh process ({subject.kind_id}), median of {runs}, "
          "ms (CPU ms): " + ", ".join(f"{name} {value:.0f} ({statistics.median(cpu[name]):.0f})"
                                     for name, value in medians.items()))
    return medians


def pdf_documents(subjects: list[Subject], docs: int) -> list[tuple[str, bytes]]:
    """`docs` documents of docgen's engine, and one more first to warm the converters."""
    if docs < 1:
        return []
    out = []
    for n in range(docs + 1):
        subject = subjects[n % len(subjects)]
        index = (n // len(subjects)) % len(subject.contexts)
        out.append((f"{n:03d}-{subject.kind_id}.docx", subject.document("engine", index)))
    return out


def contexts_for(args: argparse.Namespace, folder: Path,
                 today: dt.date) -> dict[str, list[dict[str, Any]]]:
    """--cases new cases for each round and one batch before them (the fixtures' own cases
    in every round when --cases is 0)."""
    root = ROOT / "fixtures" if not args.cases else make_workspace(
        folder / "ws", args.cases * (args.rounds + 1))
    workspace = load_workspace(root)
    rounds = (f"{args.rounds} round(s) of {args.cases} case(s) not rendered before"
              if args.cases else f"{args.rounds} round(s), the same cases in each")
    print(f"{len(workspace.cases)} case(s) from {'the fixtures' if not args.cases else root}, "
          f"{rounds}")
    return {k: [document_context(workspace, case, kind(k), today) for case in workspace.cases]
            for k in KINDS}


def _f(value: float | None, suffix: str = "") -> str:
    return SKIPPED if value is None else f"{figure(value)}{suffix}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int,
                        help="synthetic cases to render (default 30; 0: the fixtures')")
    parser.add_argument("--rounds", type=int, help="warm rounds (default 10)")
    parser.add_argument("--pdf-docs", type=int, help="PDFs per round and side (default 10)")
    parser.add_argument("--pdf-rounds", type=int, help="PDF rounds (default 3)")
    parser.add_argument("--cold-runs", type=int, help="fresh processes per engine (default 3)")
    parser.add_argument("--build-cases", type=int, help="cases of the whole build (100)")
    parser.add_argument("--today", default="2026-05-01")
    parser.add_argument("--only", choices=("pdf",), help="run only this part (and its summary)")
    add_smoke(parser, "the fixtures' 3 cases, one round, 1 PDF a side")
    args = parser.parse_args()
    sized(args, SMOKE, FULL)
    today = dt.date.fromisoformat(args.today)
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    peers = node_engines(args.smoke)
    with tempfile.TemporaryDirectory(prefix="docgen-bench-peers-") as tmp:
        folder = Path(tmp)
        node = Node(folder) if peers else None
        try:
            by_kind = contexts_for(args, folder, today)
            if args.only == "pdf":
                return pdf_only(by_kind, args, node.ask if node is not None else None, folder)

            def subjects_with(engines: tuple[str, ...]) -> list[Subject]:
                where = folder / f"subjects-{len(engines)}"
                return [Subject(k, contexts, where, node, engines,
                                args.cases or len(contexts)) for k, contexts in by_kind.items()]

            try:
                subjects = subjects_with(peers)
            except PortError as exc:  # a template the port cannot write for the peers yet
                print(f"note: {exc}: docxtemplater and Carbone are skipped for rendering")
                subjects = subjects_with(())
            for subject in subjects:
                subject.verify()
            print("text of every document equal to docgen's engine's: "
                  + ", ".join(subjects[0].engines[1:]))
            warm = warm_rounds(subjects, args.rounds)
            cold = cold_runs(subjects[0], args.cold_runs)
            pdf_docgen, pdf_carbone = pdf_rounds(pdf_documents(subjects, args.pdf_docs),
                                                 args.pdf_rounds,
                                                 node.ask if node is not None else None, folder)
            build_ms, bare_ms, docxtpl_ms, _n = pipeline(args.build_cases, today, folder)
        finally:
            if node is not None:
                node.close()
    engine_ms = warm["engine"][0]
    peers_ms = [warm[n][0] if n in warm else None for n in ("docxtpl", *NODE_ENGINES)]
    cold_peers = [cold.get(n) for n in ("docxtpl", *NODE_ENGINES)]
    print(f"load average {os.getloadavg()[0]:.2f}; {engine.cache_info()}")
    print("docgen's engine against plain docxtpl, docxtemplater and Carbone per warm document: "
          f"{figure(engine_ms)} vs {', '.join(_f(v) for v in peers_ms)} ms "
          f"({', '.join(_f(v / engine_ms if v else None, '×') for v in peers_ms)}); "
          f"first document in a fresh process, uncached and cached: "
          f"{figure(cold['engine'])} and {figure(cold['engine, cached'])} vs "
          f"{', '.join(_f(v) for v in cold_peers)} ms; "
          f"warm PDF per document against Carbone's converter: "
          f"{_f(pdf_docgen)} vs {_f(pdf_carbone)} ms; "
          f"whole build -j 1 per document against the bare engine and plain docxtpl: "
          f"{figure(build_ms)} vs {figure(bare_ms)} and {figure(docxtpl_ms)} ms "
          f"(build/engine {figure(build_ms / bare_ms)}×, "
          f"docxtpl/build {figure(docxtpl_ms / build_ms)}×)")


if __name__ == "__main__":
    main()
