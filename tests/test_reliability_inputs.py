"""Bad inputs give one line each, never a traceback and never a hang (issue [13], items 3, 6, 8,
9, 10, 11): YAML features and values, special files and links, SOURCE_DATE_EPOCH, intake."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from conftest import edit

from docgen.errors import InputError
from docgen.workspace.load import load_workspace
from docgen.workspace.yamlsrc import Source, parse_text


def problems_of(text: str) -> list[str]:
    src = Source("cases/x.yaml")
    parse_text(text, src)
    return [str(p) for p in src.problems]


def build_lines(run, workspace: Path, *args: str) -> list[str]:
    result = run("build", workspace, *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.stderr.splitlines()


# --- item 3: YAML that used to raise -------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("a: &x [*x]\n", "cases/x.yaml:1: a[0]: an alias (*name) used inside its own anchor"),
    ("a: " + "{b: " * 490 + "1" + "}" * 490 + "\n", "nested more than 40 levels deep"),
    ("a: !!bool maybe\n", "cases/x.yaml:1: a: the YAML tag !!bool is not accepted"),
    ("a: !!binary AAAA\n", "cases/x.yaml:1: a: the YAML tag !!binary is not accepted"),
    ("a: !!python/object:os.system x\n", "the YAML tag !!python/object:os.system"),
    ("a: !custom 3\n", "the YAML tag !custom is not accepted"),
    ("a: 9999-12-31\n", "9999-12-31 is not a date a document can hold (years 1900 to 2200)"),
    ("a: 100000000000000000000\n", "a whole number of more than 15 digits"),
    ("a: " + "9" * 5000 + "\n", "a whole number of more than 15 digits"),
    ("a: 1e400\n", "1e400 is not a number a document can hold"),
    ("a: [" + "1, " * 1500 + "1]\n", "a list of 1501 items; at most 1000"),
])
def test_yaml_features_are_refused_at_their_line(text: str, expected: str) -> None:
    found = problems_of(text)
    assert len(found) == 1 and expected in found[0], found
    assert "\n" not in found[0] and "<unicode string>" not in found[0]


def test_yaml_reads_plain_values_as_editors_do() -> None:
    src = Source("x.yaml")
    parse_text("a: no\nb: yes\nc: on\nd: 0777\ne: true\nf: 2027-02-01\ng: 1.5\nh: ~\n"
               "i: 'quoted: text'\n", src)
    assert not src.problems
    data = src.data
    assert (data["a"], data["b"], data["c"], data["d"], data["e"]) == ("no", "yes", "on", 777, True)
    assert str(data["f"]) == "2027-02-01" and data["g"] == 1.5 and data["h"] is None


def test_city_named_no_loads_as_text(workspace: Path) -> None:
    edit(workspace / "cases/vientiane.yaml", "city: Vientiane", "city: no")
    ws = load_workspace(workspace, only={"vientiane"})
    assert ws.cases[0].case.partner.city == "no"


@pytest.mark.parametrize(("text", "expected"), [
    ("partner:\n\tcity: X\n",
     "cases/x.yaml:2: a tab is used here; indent with spaces, not tabs"),
    ("partner:\n  city Tetovo\n  country: MK\n", "cases/x.yaml:2: missing ':' after the key"),
    ("partner:\n  city: T\n  country MK\n  population: 5\n",
     "cases/x.yaml:3: missing ':' after the key"),
    ("partner:\n  title: Mayor: of Tetovo\n",
     "cases/x.yaml:2: a ':' inside text; put the text in quotes"),
])
def test_yaml_syntax_errors_say_what_to_do(text: str, expected: str) -> None:
    assert problems_of(text) == [expected]


def test_evaluation_months_and_population_are_bounded(workspace: Path, run) -> None:
    with (workspace / "docgen.yaml").open("a") as fh:
        fh.write("policy:\n  evaluation_max_months: 120000\n")
    edit(workspace / "cases/tetovo.yaml", "population: 52915", "population: 10000000000")
    lines = build_lines(run, workspace)
    assert any("evaluation_max_months: must be less than or equal to 1200" in x for x in lines)
    assert any("partner.population: must be less than or equal to 100000000" in x
               for x in lines)


def test_signed_far_in_the_future_is_one_line(workspace: Path, run) -> None:
    edit(workspace / "cases/vientiane.yaml", "signed: 2026-09-12", "signed: 9999-12-31")
    lines = build_lines(run, workspace)
    assert any(x.startswith("cases/vientiane.yaml:") and "history.signed" in x
               and "years 1900 to 2200" in x for x in lines), lines


# --- item 6: special files and one link rule ------------------------------------------------


def _build_in_time(workspace: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "docgen", "build", str(workspace)],
                          capture_output=True, text=True, timeout=60)


def test_a_fifo_as_a_case_or_settings_is_refused_not_waited_for(workspace: Path) -> None:
    os.mkfifo(workspace / "cases/pipe.yaml")
    result = _build_in_time(workspace)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("cases/pipe.yaml: is a named pipe (FIFO), not a regular file; docgen reads only "
            "regular files") in result.stderr
    (workspace / "cases/pipe.yaml").unlink()
    (workspace / "docgen.yaml").unlink()
    os.mkfifo(workspace / "docgen.yaml")
    result = _build_in_time(workspace)
    assert result.returncode == 1 and "docgen.yaml: is a named pipe (FIFO)" in result.stderr


def test_a_loop_of_links_is_one_line(workspace: Path, run) -> None:
    (workspace / "cases/self.yaml").symlink_to("self.yaml")
    assert "cases/self.yaml: refused: a loop of symbolic links" in build_lines(run, workspace)


def test_settings_linked_outside_is_refused_like_cases(workspace: Path, tmp_path: Path,
                                                       run) -> None:
    outside = tmp_path / "elsewhere.yaml"
    (workspace / "docgen.yaml").rename(outside)
    (workspace / "docgen.yaml").symlink_to(outside)
    assert "docgen.yaml: refused: links to a file outside the workspace" in build_lines(
        run, workspace)


@pytest.mark.parametrize("kind", ["link", "folder", "fifo"])
def test_an_unreadable_template_is_refused_not_replaced(workspace: Path, tmp_path: Path, run,
                                                        kind: str) -> None:
    own = workspace / "templates/mou.docx"
    own.parent.mkdir()
    if kind == "link":
        (tmp_path / "x.docx").write_bytes(b"PK")
        own.symlink_to(tmp_path / "x.docx")
    elif kind == "folder":
        own.mkdir()
    else:
        os.mkfifo(own)
    lines = build_lines(run, workspace)
    assert len(lines) == 1 and lines[0].startswith("templates/mou.docx: "), lines


def test_nfd_and_upper_case_file_names_are_cases(workspace: Path, run) -> None:
    nfd = unicodedata.normalize("NFD", "peć")
    (workspace / "cases/vientiane.yaml").rename(workspace / f"cases/{nfd}.yaml")
    (workspace / "cases/tetovo.yaml").rename(workspace / "cases/Tetovo.YAML")
    (workspace / "cases/..yaml").write_text("x: 1\n")
    lines = build_lines(run, workspace)
    assert lines == ["cases/..yaml: a hidden file (its name starts with '.') is not read as "
                     "a case; rename it if it is one"]
    (workspace / "cases/..yaml").unlink()
    assert run("build", workspace).exit_code in (0, 1)
    assert (workspace / f"output/{nfd}/mou.docx").is_file()
    assert (workspace / "output/Tetovo").is_dir()


# --- item 9: SOURCE_DATE_EPOCH ---------------------------------------------------------------


@pytest.mark.parametrize("epoch", ["253402300800", "99999999999999999999", "1e9", "-5"])
def test_source_date_epoch_out_of_range_is_a_usage_error(workspace: Path, run, epoch: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = run("build", workspace)
    assert result.exit_code == 2
    assert result.stderr.startswith("SOURCE_DATE_EPOCH: not a time in seconds from 1970 to 2200")


# --- item 10: linear table reading ----------------------------------------------------------


def test_reading_a_long_table_is_linear() -> None:
    from docgen.checks.reading import _tables
    from docgen.docx.text import Cell, Located, Para

    def items(rows: int) -> list[Located]:
        return [Located(Para("document", i, f"r{i}", ""), Cell("1", i + 1, 1))
                for i in range(rows)]

    small, big = items(2_000), items(40_000)
    start = time.process_time()
    _tables(small)
    little = time.process_time() - start
    start = time.process_time()
    tables = _tables(big)
    much = time.process_time() - start
    assert len(tables[0].rows) == 40_000 and tables[0].rows[-1] == ("r39999",)
    assert much < max(40 * little, 0.5)  # 20 times the rows: about 20 times the time


# --- item 11: one line means one line --------------------------------------------------------


def test_newlines_and_controls_in_names_are_escaped(workspace: Path, run) -> None:
    (workspace / "cases/bad\nname\x1b.yaml").write_text("x: 1\n")
    lines = build_lines(run, workspace)
    assert any(line.startswith("cases/bad\\nname\\x1b.yaml: ") for line in lines), lines
    assert all("\x1b" not in line for line in lines)


def test_a_failed_write_names_the_file(tmp_path: Path) -> None:
    """A write the system refuses part-way (ENOSPC, or here EFBIG under a file size limit)
    is reported naming the file being written, not just "No space left on device"."""
    script = ("import resource, signal, sys; from pathlib import Path\n"
              "from docgen.files import atomic_write\n"
              "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
              "resource.setrlimit(resource.RLIMIT_FSIZE, (10, 10))\n"
              "try:\n atomic_write(Path(sys.argv[1]), b'x' * 100)\n"
              "except OSError as e: print(e.filename, e.strerror)")
    target = tmp_path / "out" / "mou.docx"
    result = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True,
                            text=True, timeout=30)
    assert result.stdout.startswith(f"{target} "), result
    assert not target.exists() and not list(target.parent.iterdir())  # no temporary left


def test_lock_refusal_always_names_the_pid(tmp_path: Path) -> None:
    from docgen.build.state import output_lock

    output = tmp_path / "out"
    with output_lock(output):
        (output / ".docgen/lock").write_text("")  # as in the instant before the pid is written
        result = subprocess.run(
            [sys.executable, "-c", "import sys; from pathlib import Path\n"
             "from docgen.build.state import output_lock\n"
             "from docgen.errors import OutputError\n"
             "try:\n with output_lock(Path(sys.argv[1])): pass\n"
             "except OutputError as e: print(e)", str(output)],
            capture_output=True, text=True, timeout=30)
    assert "another docgen build is writing" in result.stdout
    assert "pid ?" not in result.stdout


def test_input_error_lines_are_single_lines() -> None:
    from docgen.errors import Problem

    err = InputError([Problem("cases/a\nb.yaml", 3, "partner.city", "bad \r value\u2028")])
    assert err.lines() == ["cases/a\\nb.yaml:3: partner.city: bad \\r value\\u2028"]


def _raw_pdf(objects: list[str]) -> bytes:
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            .encode())
    return out


def test_a_deep_page_tree_is_not_called_a_decompression_bomb() -> None:
    from docgen.pdf.document import PdfError, read_pdf

    deep = (["<< /Type /Catalog /Pages 2 0 R >>"]
            + [f"<< /Type /Pages /Kids [{i + 3} 0 R] /Count 1 >>" for i in range(300)]
            + ["<< /Type /Page >>"])
    with pytest.raises(PdfError) as info:
        read_pdf(_raw_pdf(deep), "scan.pdf")
    assert "bomb" not in str(info.value) and "decompress" not in str(info.value)
    assert str(info.value).startswith("scan.pdf: not a readable PDF (")
