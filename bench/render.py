"""Plain docxtpl against docgen's engine, side by side: ms per document and the ratio.

    python bench/render.py [--workspace fixtures] [--templates DIR] [--rounds 10]
    python bench/render.py --smoke   # one round: a couple of seconds

Every template renders every case's context through both paths, interleaved round by round
so that a busy machine slows both alike. Plain docxtpl is `DocxTemplate(path).render(ctx, env,
autoescape=True)` then `save` to memory, as issue 7 measures it (without docgen's normalized
zip, which the real plain path adds on top). The engine's time includes writing the final
deterministic package. Its one compile per template is shown apart: a build pays it once per
process.

`mou-partner` (the partner's original of the MOU) has no template of its own: it renders from
`mou.docx` (`kind("mou-partner").template_name`), as a build does. It is timed as its own row,
with the mou template and its own contexts (the partner named first, its signature in the
place of honour), and shows no compile time: the mou row compiled that template already.

Then docxtpl's features (`tests/features.py`: inline images in body and header, hyperlinks,
sub-documents, replace_pic, table loops, merges, footnotes, core properties...), each
template rendered through docxtpl's own API by plain `docxtpl.DocxTemplate` and by
`docgen.DocxTemplate`, saved to memory: the speed of switching by one import.

The run fails (exit status 1) when a render raises or either path's first document is not a
DOCX package. The last line is the summary (means over the rows of each row's
median), in the words of the README's benchmark table, which holds the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import resource
import statistics
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH), str(ROOT / "tests")]  # docgen; common.py; features.py

from common import add_smoke, fail, figure, sized  # noqa: E402

from docgen.clock import source_date  # noqa: E402
from docgen.render import engine  # noqa: E402
from docgen.render.context import document_context  # noqa: E402
from docgen.render.sandbox import jinja_environment  # noqa: E402
from docgen.render.templates import bundled_templates  # noqa: E402
from docgen.workspace.lifecycle import KIND_IDS, kind  # noqa: E402
from docgen.workspace.load import load_workspace  # noqa: E402
from docgen.workspace.model import Workspace  # noqa: E402

Context = dict[str, Any]
SMOKE = {"rounds": 1}
FULL = {"rounds": 10}


@dataclass
class Timing:
    template_id: str
    compile_ms: float | None = None  # None: compiled already, for another row
    plain: list[float] = field(default_factory=list)  # seconds per document, per round
    engine: list[float] = field(default_factory=list)

    def row(self) -> str:
        plain, mine = _ms(self.plain), _ms(self.engine)
        compiled = "shared" if self.compile_ms is None else f"{self.compile_ms:.1f}"
        return (f"{self.template_id:<24}{plain:>10.2f}{mine:>10.2f}{plain / mine:>8.1f}×"
                f"{compiled:>12}")


def _ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000


def plain_docxtpl(template: Path, env: Any) -> Callable[[Context], bytes]:
    from docxtpl import DocxTemplate

    def render(context: Context) -> bytes:
        doc = DocxTemplate(str(template))
        doc.render(context, env, autoescape=True)
        buffer = io.BytesIO()
        doc.save(buffer)
        return buffer.getvalue()

    return render


def docgen_engine(template: Path, title: str) -> Callable[[Context], bytes]:
    def render(context: Context) -> bytes:
        stamp = source_date(dt.date.fromisoformat(context["doc"]["date_iso"]))
        return engine.render_template(template, context, title, stamp)

    return render


def per_document(render: Callable[[Context], bytes], contexts: list[Context]) -> float:
    start = time.perf_counter()
    for context in contexts:
        render(context)
    return (time.perf_counter() - start) / len(contexts)


def cases_of(workspace: Workspace,
             today: dt.date) -> list[tuple[str, str, str, list[Context]]]:
    """(kind, its template's name, title, one context per case) for every kind and the staff
    report: mou-partner renders from the mou template, with its own contexts."""
    from docgen.pdf.packets import STAFF_REPORT, staff_context

    out = [(kind_id, kind(kind_id).template_name, kind(kind_id).title,
            [document_context(workspace, case, kind(kind_id), today) for case in workspace.cases])
           for kind_id in KIND_IDS]
    meeting = today + dt.timedelta(days=14)
    out.append((STAFF_REPORT, STAFF_REPORT, "Staff Report",
                [staff_context(workspace, case, 1, meeting, today, ["A finding."])
                 for case in workspace.cases]))
    return out


def measure(template_id: str, template: Path, title: str, contexts: list[Context],
            rounds: int) -> Timing:
    timing = Timing(template_id)
    misses = engine.cache_info().misses
    start = time.perf_counter()
    engine.compiled(template)
    if engine.cache_info().misses > misses:
        timing.compile_ms = (time.perf_counter() - start) * 1000
    plain = plain_docxtpl(template, jinja_environment())
    mine = docgen_engine(template, title)
    # imports and first-call costs out of the way for both, and a look at what they make
    for path, data in (("docxtpl", plain(contexts[0])), ("engine", mine(contexts[0]))):
        if not _is_docx(data):
            fail(f"{template_id}: {path} did not make a DOCX package")
    for _round in range(rounds):
        timing.plain.append(per_document(plain, contexts))
        timing.engine.append(per_document(mine, contexts))
    return timing


def measure_features(rounds: int) -> list[Timing]:
    """Every docxtpl feature template, plain docxtpl's class against docgen's."""
    import tempfile

    import docxtpl
    from features import FEATURES, render

    import docgen

    timings = []
    with tempfile.TemporaryDirectory() as folder:
        for n, (name, feature) in enumerate(FEATURES.items()):
            here = Path(folder) / str(n)
            here.mkdir()
            template = feature.make(here)
            timing = Timing(name[:23])
            for cls, label in ((docxtpl.DocxTemplate, "docxtpl"), (docgen.DocxTemplate, "docgen")):
                if not _is_docx(render(cls, feature, template, here)):  # warm, and a look
                    fail(f"{name}: {label} did not make a DOCX package")
            for _round in range(rounds):
                for cls, times in ((docxtpl.DocxTemplate, timing.plain),
                                   (docgen.DocxTemplate, timing.engine)):
                    start = time.perf_counter()
                    render(cls, feature, template, here)
                    times.append(time.perf_counter() - start)
            timings.append(timing)
    return timings


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except zipfile.BadZipFile:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=ROOT / "fixtures")
    parser.add_argument("--templates", type=Path, default=bundled_templates())
    parser.add_argument("--rounds", type=int, help="rounds per template (default 10)")
    parser.add_argument("--today", default="2026-05-01")
    add_smoke(parser, "the fixtures' cases, one round")
    args = parser.parse_args()
    sized(args, SMOKE, FULL)
    workspace = load_workspace(args.workspace)
    today = dt.date.fromisoformat(args.today)
    print(f"{len(workspace.cases)} case(s) × {args.rounds} rounds per template; "
          "median ms per document")
    print(f"{'template':<24}{'docxtpl':>10}{'engine':>10}{'ratio':>9}{'compile ms':>12}")
    timings = []
    for kind_id, template_name, title, contexts in cases_of(workspace, today):
        timing = measure(kind_id, args.templates / f"{template_name}.docx", title, contexts,
                         args.rounds)
        print(timing.row(), flush=True)
        timings.append(timing)
    if not timings:
        fail("nothing to render")
    plain = sum(_ms(t.plain) for t in timings) / len(timings)
    mine = sum(_ms(t.engine) for t in timings) / len(timings)
    print(f"{'all templates':<24}{plain:>10.2f}{mine:>10.2f}{plain / mine:>8.1f}×")
    print(f"\ndocxtpl features through the DocxTemplate API, {args.rounds} rounds; median ms")
    print(f"{'feature':<24}{'docxtpl':>10}{'docgen':>10}{'ratio':>9}")
    features = measure_features(args.rounds)
    for timing in features:
        print(timing.row()[:-12], flush=True)
    fplain = sum(_ms(t.plain) for t in features) / len(features)
    fmine = sum(_ms(t.engine) for t in features) / len(features)
    print(f"{'all features':<24}{fplain:>10.2f}{fmine:>10.2f}{fplain / fmine:>8.1f}×")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB; {engine.cache_info()}")
    print(f"plain docxtpl against docgen's engine, same templates and contexts: "
          f"{figure(plain)} ms vs {figure(mine)} ms per document ({figure(plain / mine)}×)")


if __name__ == "__main__":
    main()
