"""Warm PDF conversion side by side: docgen's converter and Carbone's, the same DOCX files."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import fail, figure

Ask = Callable[..., dict[str, Any]]  # Node.ask of run.py


def uno_env(folder: Path) -> dict[str, str]:
    """The environment for Carbone's converter, as a Debian user of Carbone sets it up:
    LibreOffice's program folder on PATH (Carbone looks for `soffice.bin` there), and first
    a `python3` that can `import uno` (docgen's choice; Carbone runs the first on PATH)."""
    from docgen.errors import DocgenError
    from docgen.pdf.convert import find_office

    env = dict(os.environ)
    env["TMPDIR"] = str(folder / "node-tmp")  # Carbone's renders and LibreOffice profile
    Path(env["TMPDIR"]).mkdir()
    try:
        office = find_office()
    except DocgenError:
        return env
    shim = folder / "uno-python"
    shim.mkdir()
    (shim / "python3").symlink_to(office.python)
    program = Path(office.soffice).resolve().parent
    env["PATH"] = os.pathsep.join((str(shim), str(program), env.get("PATH", "")))
    return env


def pdf_rounds(documents: list[tuple[str, bytes]], rounds: int, ask: Ask | None,
               folder: Path) -> tuple[float | None, float | None]:
    """Median ms per warm PDF of docgen's converter and Carbone's (through `ask`, when
    given): `documents` (name, DOCX bytes), the first of them only to warm each one up."""
    from docgen.errors import DocgenError
    from docgen.pdf.convert import Converter, find_office

    if len(documents) < 2:
        print("\nPDF: skipped (--pdf-docs 0)")
        return None, None
    try:
        find_office()
    except DocgenError as exc:
        print(f"\nnote: PDF skipped: {exc}")
        return None, None
    sources = []
    for name, data in documents:
        src = folder / "pdf" / name
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_bytes(data)
        sources.append(src)
    sides: dict[str, list[float]] = {"docgen": []}
    if ask is not None:
        sides["Carbone"] = []
    with Converter() as converter:
        converter.start()
        converter.convert(sources[0], folder / "pdf" / "warm-docgen.pdf")

        def docgen_side(jobs: list[tuple[Path, Path]]) -> float:
            start = time.perf_counter()
            converter.convert_many(jobs)
            return (time.perf_counter() - start) / len(jobs)

        def carbone_side(jobs: list[tuple[Path, Path]]) -> float:
            assert ask is not None
            return ask(op="convert", jobs=[[str(s), str(d)] for s, d in jobs])["wall"]

        convert = {"docgen": docgen_side, "Carbone": carbone_side}
        if ask is not None:
            carbone_side([(sources[0], folder / "pdf" / "warm-carbone.pdf")])
        for r in range(rounds):
            outputs: dict[str, list[Path]] = {}
            for side in list(sides)[:: 1 if r % 2 == 0 else -1]:  # turns about each round
                out = folder / "pdf" / f"{r}-{side}"
                out.mkdir()
                jobs = [(src, out / src.with_suffix(".pdf").name) for src in sources[1:]]
                sides[side].append(convert[side](jobs))
                outputs[side] = [dst for _src, dst in jobs]
            _same_pages(outputs)
            ratio = (f" (docgen/Carbone {sides['docgen'][-1] / sides['Carbone'][-1]:.2f})"
                     if "Carbone" in sides else "")
            print(f"PDF round {r + 1}: " + ", ".join(f"{side} {values[-1] * 1000:.0f} ms"
                                                     for side, values in sides.items())
                  + f" per document{ratio}", flush=True)
    docgen_ms = statistics.median(sides["docgen"]) * 1000
    carbone_ms = statistics.median(sides["Carbone"]) * 1000 if "Carbone" in sides else None
    ratios = ""
    if "Carbone" in sides:
        paired = [d / c for d, c in zip(sides["docgen"], sides["Carbone"], strict=True)]
        ratios = f"; docgen/Carbone, median of the rounds' ratios: {statistics.median(paired):.2f}"
    print(f"warm PDF, {len(sources) - 1} documents × {rounds} rounds, median ms per document: "
          f"docgen {docgen_ms:.0f}" + (f", Carbone {carbone_ms:.0f}" if carbone_ms else "")
          + ratios)
    return docgen_ms, carbone_ms


def pdf_only(by_kind: dict[str, list[dict[str, Any]]], args: Any, ask: Ask | None,
             folder: Path) -> None:
    """`run.py --only pdf`: the PDF part alone, on the documents the full run converts
    (run.py's pdf_documents: docgen's engine, the kinds in turn), and its summary line."""
    from render import docgen_engine

    from docgen.render.templates import bundled_templates
    from docgen.workspace.lifecycle import kind

    kinds = list(by_kind)
    renders = {k: docgen_engine(bundled_templates() / f"{kind(k).template_name}.docx",
                                kind(k).title) for k in kinds}
    documents = []
    for n in range(args.pdf_docs + 1 if args.pdf_docs >= 1 else 0):
        k = kinds[n % len(kinds)]
        context = by_kind[k][(n // len(kinds)) % len(by_kind[k])]
        documents.append((f"{n:03d}-{k}.docx", renders[k](context)))
    docgen_ms, carbone_ms = pdf_rounds(documents, args.pdf_rounds, ask, folder)
    print(f"load average {os.getloadavg()[0]:.2f}")
    print("warm PDF per document against Carbone's converter: "
          + " vs ".join("skipped" if v is None else figure(v) for v in (docgen_ms, carbone_ms))
          + " ms")


def _same_pages(outputs: dict[str, list[Path]]) -> None:
    """Each side wrote every PDF, with as many pages as the other side's."""
    from pypdf import PdfReader

    pages = {}
    for side, pdfs in outputs.items():
        for pdf in pdfs:
            if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
                fail(f"{side} wrote no PDF {pdf.name}")
        pages[side] = [len(PdfReader(pdf).pages) for pdf in pdfs]
    if len({tuple(p) for p in pages.values()}) != 1:
        fail(f"the converters' page counts differ: {pages}")


