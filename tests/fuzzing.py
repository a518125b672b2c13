"""The fuzz suite's machinery: what it generates, and the worker that runs docgen on it.

Generated inputs are mutations of the fixtures (case files: values of every type, sizes,
Unicode, control characters, YAML features), Jinja payloads and package shapes for a
workspace template, and filled or damaged forms for `intake`. Each example runs in a
long-lived worker process (`python tests/fuzzing.py --worker`) through docgen's CLI; the
parent gives each a deadline (a hang kills and restarts the worker) and reads the worker's
peak memory (VmHWM). Every run must end in exit status 0 or 1, with no traceback.

Used by `bench/fuzz.py` (many examples) and `tests/test_fuzz.py` (a few hundred, in CI).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
DEADLINE = 30.0  # seconds one example may take
MEMORY_LIMIT = 2 * 1024**3  # the worker's address space; past it, a MemoryError shows up

# --- what is generated ------------------------------------------------------------------------


def strategies() -> dict[str, Any]:
    """Hypothesis strategies of examples, by target: each example is a JSON-able dict."""
    from hypothesis import strategies as st

    texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
    scalars = st.one_of(
        texts, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
        st.sampled_from(["no", "yes", "on", "~", "0777", "0x1F", "1e400", "-.inf", ".nan",
                         "9999-12-31", "0001-01-01", "2027-02-30", "2027-02-01T10:00:00",
                         "!!binary AAAA", "!!bool maybe", "!!python/object:os.system x",
                         "&a [*a]", "*nowhere", "[", "{", "}", "'", '"', "|", ">", "- x",
                         "a: b", ": x", "\t", "x\ty", "\x00", "\x1b[31m", "\u202e", "\ufeff",
                         "ピ" * 300, "ລາວ", "پشاور", "Тетово", "e\u0301", "9" * 5000,
                         "x" * 30_000, "<<: *a", "? complex", "%YAML 1.1", "---", "..."]),
    )
    operations = ["value"] * 6 + ["delete", "duplicate", "insert", "indent", "truncate", "tab",
                                  "nest"]
    edits = st.lists(st.tuples(st.sampled_from(operations), st.integers(0, 200), scalars),
                     min_size=1, max_size=3)
    case = st.fixed_dictionaries({"target": st.just("cases"),
                                  "fixture": st.sampled_from(["tetovo", "vientiane",
                                                              "peshawar"]),
                                  "edits": edits})
    names = ["partner.city", "home.city", "partner.leader.name", "doc.date", "case.id",
             "partner.population", "partner.contacts", "agreement.languages", "x",
             "partner", "home", "doc"]
    filters = ["center", "indent", "format", "truncate", "replace", "join", "list", "batch",
               "slice", "wordwrap", "int", "float", "round", "sum", "sort", "unique",
               "upper", "title", "length", "first", "last", "reverse", "striptags",
               "urlize", "xmlattr", "tojson", "pprint", "filesizeformat", "string", "trim",
               "dictsort", "groupby", "map", "select", "reject", "attr", "default", "e",
               "safe", "wordcount", "abs", "max", "min", "items", "random", "capitalize"]
    numbers = st.one_of(st.integers(-3, 10**10), st.sampled_from([10**9, 2**63, -1, 0]),
                        st.floats(allow_nan=True, allow_infinity=True))
    args = st.lists(st.one_of(numbers, texts.map(repr), st.sampled_from(names)), max_size=3)
    expression = st.one_of(
        st.sampled_from(names), numbers.map(str), texts.map(repr),
        st.tuples(st.sampled_from([*names, "'a'", "[1]", "1e400", "10"]),
                  st.sampled_from(["*", "**", "+", "-", "/", "//", "%", "~", "and", "in"]),
                  numbers.map(str)).map(" ".join),
        st.tuples(st.sampled_from([*names, "'ab'", "range(10)"]), st.sampled_from(filters),
                  args).map(lambda t: f"({t[0]})|{t[1]}({', '.join(map(str, t[2]))})"),
        st.sampled_from(["lipsum(n=2000000)", "range(100001)", "'{:99999999}'.format(1)",
                         "'%*s' % (10**9, 'a')", "'{x}'.format_map({'x': 1})",
                         "partner.__class__", "cycler(1, 2)", "joiner()", "namespace(a=1)",
                         "dict(a=1)", "self", "caller()", "loop.cycle(1)"]))
    block = st.one_of(
        expression.map(lambda e: "{{ " + e + " }}"),
        expression.map(lambda e: "{% for i in " + e + " %}{{ i }}{% endfor %}"),
        expression.map(lambda e: "{% if " + e + " %}y{% else %}n{% endif %}"),
        expression.map(lambda e: "{% set v = " + e + " %}{{ v }}"),
        st.sampled_from(["{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
                         "{% include 'mou.docx' %}", "{% import 'x' as y %}",
                         "{% extends 'x' %}", "{% raw %}{{ x }}{% endraw %}",
                         "{% for i in range(99999) %}{% for j in range(99999) %}"
                         "{% endfor %}{% endfor %}", "{% filter upper %}x{% endfilter %}",
                         "{%p if partner.city %}", "{%tr for x in y %}", "{{", "{%", "}}",
                         "{% endfor %}", "<w:p>", "&amp;", "]]>", "{#", "{{ '\x00' }}"]))
    shape = st.sampled_from(["plain", "plain", "plain", "no-document", "bad-xml", "html-root",
                             "dotdot", "symlink", "bomb", "truncated", "not-zip",
                             "many-members", "duplicate-member"])
    template = st.fixed_dictionaries({"target": st.just("templates"),
                                      "paragraphs": st.lists(block, min_size=1, max_size=4),
                                      "shape": shape})
    form = st.fixed_dictionaries({
        "target": st.just("intake"),
        "values": st.dictionaries(st.sampled_from([
            "partner.city", "partner.population", "partner.languages", "inquiry.received",
            "partner.contacts.0.email", "interest", "origin", "agreement.type",
            "partner.local_name", "focus_areas"]), st.one_of(texts, scalars.map(str)),
            max_size=5),
        "damage": st.sampled_from(["none", "none", "truncate", "flip", "empty"]),
        "at": st.integers(0, 10**6)})
    return {"cases": case, "templates": template, "intake": form}


# --- running one example (in the worker) -------------------------------------------------------


def _mutated_case(example: dict[str, Any]) -> str:
    lines = (FIXTURES / "cases" / f"{example['fixture']}.yaml").read_text().splitlines()
    for op, where, value in example["edits"]:
        if not lines:
            lines = [""]
        i = where % len(lines)
        shown = value if isinstance(value, str) else json.dumps(value)
        if op == "value":
            key, sep, _old = lines[i].partition(":")
            lines[i] = f"{key}: {shown}" if sep else f"{lines[i]} {shown}"
        elif op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "insert":
            lines.insert(i, shown)
        elif op == "indent":
            lines[i] = " " * (where % 7) + lines[i].lstrip()
        elif op == "truncate":
            lines = lines[:i]
        elif op == "tab":
            lines[i] = "\t" + lines[i]
        elif op == "nest":
            lines.insert(i, "x: " + "[" * (where * 3) + shown + "]" * (where * 3))
    return "\n".join(lines) + "\n"


def _template(example: dict[str, Any], path: Path) -> None:
    from docxmaker import make_template

    # python-docx refuses what XML cannot hold; such characters reach a template only escaped
    make_template(path, *(_XML_UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}", p)
                          for p in example["paragraphs"]))
    shape = example["shape"]
    if shape == "plain":
        return
    with zipfile.ZipFile(path) as zf:
        entries = [(i.filename, zf.read(i)) for i in zf.infolist()]
    modes: dict[str, int] = {}
    if shape == "no-document":
        entries = [(n, d) for n, d in entries if n != "word/document.xml"]
    elif shape in ("bad-xml", "html-root"):
        new = b"<w:document><unclosed>" if shape == "bad-xml" else b"<html><body/></html>"
        entries = [(n, new if n == "word/document.xml" else d) for n, d in entries]
    elif shape == "dotdot":
        entries.append(("../../evil.txt", b"x"))
    elif shape == "symlink":
        entries.append(("word/link", b"/etc/passwd"))
        modes["word/link"] = 0o120777
    elif shape == "many-members":
        entries += [(f"word/extra{i}.xml", b"<x/>") for i in range(3000)]
    elif shape == "duplicate-member":
        entries.append(entries[0])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = modes.get(name, 0o644) << 16
            zf.writestr(info, data)
        if shape == "bomb":  # 300 MB of zeros in under 1 MB, written without holding them
            with zf.open("word/media/bomb.bin", "w", force_zip64=True) as member:
                zero = bytes(1 << 20)
                for _ in range(300):
                    member.write(zero)
    blob = buffer.getvalue()
    if shape == "truncated":
        blob = blob[: len(blob) // 2]
    elif shape == "not-zip":
        blob = b"not a zip at all"
    path.write_bytes(blob)


def _form(example: dict[str, Any], folder: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    blank = folder.parent / "blank.pdf"
    if not blank.exists():
        from click.testing import CliRunner

        from docgen.cli.main import main

        CliRunner().invoke(main, ["form", "--blank", "-o", str(blank)])
    from test_form import FILLED  # a complete form, then the generated values over it

    writer = PdfWriter(clone_from=PdfReader(str(blank)))
    values = {**FILLED, **example["values"]}
    writer.update_page_form_field_values(None, values, auto_regenerate=False)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    at = example["at"] % max(1, len(data))
    if example["damage"] == "truncate":
        data = data[:at]
    elif example["damage"] == "flip":
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]
    elif example["damage"] == "empty":
        data = b""
    path = folder / "form.pdf"
    path.write_bytes(data)
    return path


def run_example(example: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Run docgen on one example inside `folder`; what happened, as the CLI said it."""
    import shutil

    from click.testing import CliRunner

    from docgen.cli.main import main

    shutil.rmtree(folder, ignore_errors=True)
    ws = folder / "ws"
    (ws / "cases").mkdir(parents=True)
    shutil.copyfile(FIXTURES / "docgen.yaml", ws / "docgen.yaml")
    target = example["target"]
    if target == "cases":
        (ws / "cases" / "x.yaml").write_text(_mutated_case(example), encoding="utf-8")
        args = ["build", str(ws), "-j", "1"]
    elif target == "templates":
        shutil.copyfile(FIXTURES / "cases/vientiane.yaml", ws / "cases/vientiane.yaml")
        (ws / "templates").mkdir()
        _template(example, ws / "templates/mou.docx")
        args = ["build", str(ws), "-j", "1", "--doc", "mou"]
    else:
        args = ["intake", str(_form(example, folder))]
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    stderr = result.stderr
    if crashed:
        import traceback

        stderr += "".join(traceback.format_exception(result.exception))
    return {"exit": result.exit_code, "traceback": crashed or "Traceback" in result.output,
            "stderr": stderr[-2000:]}


def worker() -> None:
    """Read one JSON example per line, answer one JSON result per line."""
    import resource
    import tempfile

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1790000000")
    folder = Path(tempfile.mkdtemp(prefix="docgen-fuzz-")) / "example"
    for line in sys.stdin:
        example = json.loads(line)
        try:
            answer = run_example(example, folder)
        except BaseException as exc:  # the harness's own failure, reported as a traceback
            answer = {"exit": -1, "traceback": True, "stderr": f"harness: {exc!r}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


# --- the parent's side -------------------------------------------------------------------------


@dataclass
class Tally:
    examples: int = 0
    tracebacks: int = 0
    hangs: int = 0
    bad_exits: int = 0
    built: int = 0  # examples that ended in exit status 0
    peak_mb: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.tracebacks or self.hangs or self.bad_exits)


class Worker:
    """A worker process, restarted after a hang."""

    def __init__(self, deadline: float = DEADLINE) -> None:
        self.deadline = deadline
        self.proc: subprocess.Popen[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        if self.proc is None or self.proc.poll() is not None:
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            self.proc = subprocess.Popen([sys.executable, str(Path(__file__)), "--worker"],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, text=True, env=env)
        return self.proc

    def peak_mb(self) -> float:
        if self.proc is None:
            return 0.0
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return 0.0
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def run(self, example: dict[str, Any], tally: Tally) -> None:
        import selectors

        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(json.dumps(example) + "\n")
        proc.stdin.flush()
        tally.examples += 1
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            ready = sel.select(self.deadline)
        line = proc.stdout.readline() if ready else ""
        tally.peak_mb = max(tally.peak_mb, self.peak_mb())
        if not line:
            tally.hangs += 1
            tally.failures.append(f"hang or crash (> {self.deadline:g} s): {_short(example)}")
            self.close()
            return
        answer = json.loads(line)
        tally.built += answer["exit"] == 0
        if answer["traceback"]:
            tally.tracebacks += 1
            tally.failures.append(f"traceback: {_short(example)}\n{answer['stderr']}")
        elif answer["exit"] not in (0, 1):
            tally.bad_exits += 1
            tally.failures.append(f"exit {answer['exit']}: {_short(example)}\n"
                                  f"{answer['stderr']}")

    def close(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


def _short(example: dict[str, Any]) -> str:
    text = json.dumps(example, ensure_ascii=True)
    return text if len(text) < 600 else text[:600] + "..."


def fuzz(target: str, examples: int, worker: Worker, tally: Tally, seed: int = 0) -> None:
    """Run `examples` generated examples of `target` through `worker`, counting in `tally`."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as with_seed

    @with_seed(seed)
    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(strategies()[target])
    def one(example: dict[str, Any]) -> None:
        worker.run(example, tally)

    one()


if __name__ == "__main__" and sys.argv[1:] == ["--worker"]:
    worker()
