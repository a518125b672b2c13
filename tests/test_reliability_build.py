"""Builds that hold under hostile templates, killed processes and racing starts (issue [13],
items 1, 2, 4, 5, 7, 8, 12, 13)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from conftest import docx_text
from docxmaker import make_template

from docgen.errors import OutputError
from docgen.pdf.office import pipe_files


def one_line_about(run, workspace: Path, template: str, *args: str) -> str:
    result = run("build", workspace, "--doc", "mou", *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{template}: "), lines
    return lines[0]


# --- item 1: a refused build removes nothing -------------------------------------------------


def test_paired_starts_on_a_fresh_folder_never_remove_the_winners(tmp_path: Path) -> None:
    """Two lockers start together on a folder that does not exist yet, 100 times: the
    refused one must leave the winner's folder and lock in place."""
    from docgen.build.state import output_lock

    lost = 0
    for attempt in range(100):
        output = tmp_path / f"out{attempt}"
        barrier = threading.Barrier(2)
        held = threading.Event()
        outcome: list[str] = []

        def start(output: Path = output, barrier: threading.Barrier = barrier,
                  held: threading.Event = held, outcome: list[str] = outcome) -> None:
            barrier.wait()
            try:
                with output_lock(output):
                    held.set()
                    time.sleep(0.02)
                    outcome.append("intact" if (output / ".docgen/lock").exists() else "lost")
            except OutputError:
                outcome.append("refused")

        threads = [threading.Thread(target=start) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        lost += outcome.count("lost")
        assert "intact" in outcome
    assert lost == 0


def test_paired_builds_on_a_fresh_output_folder(workspace: Path) -> None:
    """Real builds, started in pairs on an output folder that does not exist: every pair
    leaves one complete output, and the folder is never written by two."""
    for attempt in range(3):
        output = workspace.parent / f"fresh{attempt}"
        procs = [subprocess.Popen([sys.executable, "-m", "docgen", "build", str(workspace), "-o",
                                   str(output), "-j", "1"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outs = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
        assert all("Traceback" not in err for _, err in outs)
        assert any(code == 0 for code, _ in outs), outs
        for code, err in outs:
            assert code == 0 or "another docgen build" in err, err
        again = subprocess.run([sys.executable, "-m", "docgen", "build", str(workspace), "-o",
                                str(output)], capture_output=True, text=True, timeout=120)
        assert again.stderr.strip() == "everything is up to date"


# --- items 2 and 4: bounded templates, one line each ----------------------------------------


@pytest.mark.parametrize(("payload", "says"), [
    ("{{ 'a' * 10**9 }}", "a repeated string or list of 1,000,000,000 exceeds the limit"),
    ("{{ partner.city|center(1000000000) }}", "center() with a width over 10000"),
    ("{{ partner.city|indent(1000000000) }}", "indent() with a width over 10000"),
    ("{{ '%1000000000s'|format(partner.city) }}", "format() uses the width 1000000000"),
    ("{{ '{:1000000000}'.format(partner.city) }}", "format() uses the width 1000000000"),
    ("{{ lipsum(n=2000000) }}", "lipsum() paragraphs of 2,000,000 exceeds the limit of 100"),
    ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
     "loops ran more than 1,000,000 times"),
    ("{{ range(100001)|list }}", "a range() of 100,001 exceeds the limit of 100,000"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "calls nest too deep"),
    ("{{ 1/0 }}", "ZeroDivisionError: division by zero"),
    ("{{ 1 + 'a' }}", "TypeError: unsupported operand"),
    ("{{ partner.city|truncate(-1) }}", "truncate() with a negative length"),
    ("{{ (1e400)|int }}", "template error"),
    ("{% include 'x.docx' %}", "{% include %} is not supported: a DOCX template is one file"),
    ("{% import 'x' as y %}", "{% import %} is not supported"),
    ("{% extends 'x' %}", "{% extends %} is not supported"),
    ("{{ [1, 2]|random }}", "No filter named 'random'"),
    ("{% set s = 'a' * 900000 %}{% set s = s ~ s %}{{ s }}", "a string joined with '~'"),
])
def test_template_work_is_bounded_and_reported_in_one_line(workspace: Path, run, payload: str,
                                                           says: str) -> None:
    make_template(workspace / "templates/mou.docx", payload)
    assert says in one_line_about(run, workspace, "templates/mou.docx")


def test_a_template_error_names_the_text_where_it_happened(workspace: Path, run) -> None:
    make_template(workspace / "templates/mou.docx", "Opening words.",
                  "The division {{ 1/0 }} in the middle", "Closing words.")
    for _run in range(2):  # compiled now, then from the cache of compiled templates
        line = one_line_about(run, workspace, "templates/mou.docx")
        assert "ZeroDivisionError: division by zero near “" in line
        assert "The division {{ 1/0 }} in the middle" in line


def test_format_map_is_bounded_too(workspace: Path, run) -> None:
    make_template(workspace / "templates/mou.docx", "{{ '{x:1000000000}'.format_map({'x': 1}) }}")
    assert "width 1000000000" in one_line_about(run, workspace, "templates/mou.docx")


def _repacked(template: Path, changes: dict[str, bytes | None],
              modes: dict[str, int] | None = None) -> None:
    """Rewrite `template` with members replaced, added or (None) dropped."""
    with zipfile.ZipFile(template) as zf:
        entries = [(i.filename, zf.read(i)) for i in zf.infolist()]
    names = {n for n, _ in entries}
    entries = [(n, changes.get(n, d)) for n, d in entries] + [
        (n, d) for n, d in changes.items() if n not in names]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            if data is None:
                continue
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (modes or {}).get(name, 0o644) << 16
            zf.writestr(info, data)
    template.write_bytes(buffer.getvalue())


def test_a_zip_bomb_template_is_refused_before_it_is_inflated(workspace: Path, run) -> None:
    template = make_template(workspace / "templates/mou.docx", "{{ partner.city }}")
    _repacked(template, {"word/media/bomb.bin": b"\0" * (200 * 1024 * 1024)})
    assert template.stat().st_size < 1_000_000
    line = one_line_about(run, workspace, "templates/mou.docx")
    assert "a zip bomb?" in line
    cache = workspace / "output/.docgen/cache"
    assert sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) < 1_000_000 \
        if cache.exists() else True


def test_a_huge_template_file_is_refused_unread(workspace: Path, run) -> None:
    template = workspace / "templates/mou.docx"
    template.parent.mkdir()
    with template.open("wb") as fh:
        fh.truncate(70 * 1024 * 1024)  # sparse: 70 MB of nothing
    assert "the file is too large (73400320 bytes)" in one_line_about(
        run, workspace, "templates/mou.docx")


def test_reading_a_zip_bomb_document_is_refused(tmp_path: Path) -> None:
    from docgen.docx.package import DocxReadError, read_package

    document = make_template(tmp_path / "signed.docx", "text")
    _repacked(document, {"word/media/bomb.bin": b"\0" * (200 * 1024 * 1024)})
    with pytest.raises(DocxReadError) as info:
        read_package(document)
    assert "a zip bomb?" in str(info.value)


@pytest.mark.parametrize(("name", "mode", "says"), [
    ("../../evil.txt", 0o644, "points outside the package"),
    ("word/link.xml", 0o120777, "is a symbolic link"),
])
def test_template_members_that_escape_or_link_are_refused(workspace: Path, run, name: str,
                                                          mode: int, says: str) -> None:
    template = make_template(workspace / "templates/mou.docx", "{{ partner.city }}")
    _repacked(template, {name: b"x"}, {name: mode})
    assert says in one_line_about(run, workspace, "templates/mou.docx")


def test_a_document_part_that_is_not_a_word_document(workspace: Path, run) -> None:
    template = make_template(workspace / "templates/mou.docx", "{{ partner.city }}")
    _repacked(template, {"word/document.xml": b"<?xml version='1.0'?><html><body/></html>"})
    assert "word/document.xml is not a Word document (it starts with <html>)" in one_line_about(
        run, workspace, "templates/mou.docx")


def test_the_compiled_template_cache_is_bounded(tmp_path: Path) -> None:
    from docgen.build.state import bound_cache

    cache = tmp_path / "cache"
    (cache / "s1").mkdir(parents=True)
    (cache / "old-format-file").write_bytes(b"x")
    for i in range(10):
        (cache / "s1" / f"code-{i}").write_bytes(b"x" * 1000)
        os.utime(cache / "s1" / f"code-{i}", ns=(i * 10**9, i * 10**9))
    bound_cache(cache, "s1", limit=4500)
    assert sorted(p.name for p in cache.rglob("*") if p.is_file()) == [
        "code-6", "code-7", "code-8", "code-9"]


# --- item 7: an output folder over the inputs ----------------------------------------------


@pytest.mark.parametrize("where", [".", "cases", "templates", "translations/out", ".."])
def test_an_output_folder_over_the_inputs_is_refused(workspace: Path, run, where: str) -> None:
    (workspace / "templates").mkdir(exist_ok=True)
    result = run("build", workspace, "-o", workspace / where)
    assert result.exit_code == 1
    assert "refused as the output folder" in result.stderr
    assert not list(workspace.rglob("*.docx")) or where == ".."


def test_a_case_named_templates_cannot_override_templates(workspace: Path, run) -> None:
    (workspace / "cases/vientiane.yaml").rename(workspace / "cases/templates.yaml")
    result = run("build", workspace, "-o", workspace)
    assert result.exit_code == 1 and "is the workspace itself" in result.stderr
    assert not (workspace / "templates").exists()


# --- item 13: determinism --------------------------------------------------------------------


def test_lipsum_is_the_same_every_time(workspace: Path, run) -> None:
    make_template(workspace / "templates/mou.docx", "{{ lipsum(2, false) }}")
    run("build", workspace, "--doc", "mou", "--case", "vientiane")
    first = docx_text(workspace / "output/vientiane/mou.docx")
    run("build", workspace, "--doc", "mou", "--case", "vientiane", "--force")
    assert docx_text(workspace / "output/vientiane/mou.docx") == first


# --- items 5 and 12: converters die with their build -----------------------------------------


def _our_office_processes(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if marker in cmdline:
                found.append(int(entry.name))
    return found


def _office_available() -> bool:
    if os.environ.get("CI"):
        return True
    from docgen.pdf.convert import LibreOfficeMissing, find_office

    try:
        find_office()
    except LibreOfficeMissing:
        return False
    return True


@pytest.mark.skipif(not _office_available(), reason="LibreOffice is not installed")
def test_kill_during_build_pdf_leaves_no_office_and_no_temporaries(workspace: Path,
                                                                   tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    assert subprocess.run([sys.executable, "-m", "docgen", "build", str(workspace)], env=env,
                          capture_output=True, timeout=120).returncode == 0
    proc = subprocess.Popen([sys.executable, "-m", "docgen", "build", str(workspace), "--pdf"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    def converting() -> bool:  # a PDF made or under way (`.mou.<token>.pdf`), the build on
        return proc.poll() is None and any((workspace / "output").rglob("*.pdf"))

    deadline = time.monotonic() + 90  # each PDF takes a tenth of a second: seen at the first
    while time.monotonic() < deadline and proc.poll() is None and not converting():
        time.sleep(0.01)
    assert converting(), "no conversion was seen under way"
    sockets = [s for profile in tmp.glob("docgen-lo-*") for s in pipe_files(
        profile / "user", "") if "SingleOfficeIPC" in s] + [
        str(p) for p in Path("/tmp").glob(f"OSL_PIPE_*_docgen-{proc.pid}-*")]
    assert [s for s in sockets if os.path.exists(s)]  # LibreOffice's pipes, in /tmp
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and (_our_office_processes(str(tmp)) or any(
            os.path.exists(s) for s in sockets)):
        time.sleep(0.1)
    assert _our_office_processes(str(tmp)) == []
    assert not any(p.name.startswith("docgen-lo-") for p in tmp.iterdir())
    assert not [s for s in sockets if os.path.exists(s)]  # the watchdog removed them
    again = subprocess.run([sys.executable, "-m", "docgen", "build", str(workspace), "--pdf"],
                           env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert not list((workspace / "output").rglob(".*.pdf"))  # swept
    assert not any(p.name.startswith("docgen-lo-") for p in tmp.iterdir())


@pytest.mark.skipif(not _office_available(), reason="LibreOffice is not installed")
def test_libreoffice_writes_nothing_outside_its_own_folder(workspace: Path,
                                                          tmp_path: Path) -> None:
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(home), TMPDIR=str(tmp))
    result = subprocess.run([sys.executable, "-m", "docgen", "build", str(workspace), "--pdf",
                             "--case", "vientiane", "--doc", "mou"], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1) and (workspace / "output/vientiane/mou.pdf").is_file()
    assert list(home.rglob("*")) == []  # no ~/.cache/dconf, no ~/.config
    assert list(tmp.iterdir()) == []  # no lu*.tmp, and the converter's folder is gone


# --- crash consistency: kills at random points, then verification -----------------------------


def _outputs(output: Path) -> dict[str, bytes]:
    return {str(p.relative_to(output)): p.read_bytes() for p in sorted(output.rglob("*.docx"))
            if ".docgen" not in p.parts}


def test_kills_at_random_points_leave_a_build_that_ends_as_a_clean_one(workspace: Path,
                                                                        tmp_path: Path) -> None:
    import random
    import shutil

    template = (workspace / "cases/vientiane.yaml").read_text()
    for i in range(30):
        (workspace / f"cases/city{i:02}.yaml").write_text(
            template.replace("city: Vientiane", f"city: Vientiane {i}"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000"}
    command = [sys.executable, "-m", "docgen", "build", str(workspace), "-j", "2"]
    clean = tmp_path / "clean"
    shutil.copytree(workspace, clean)
    subprocess.run([*command[:4], str(clean), "-j", "2"], env=env, capture_output=True,
                   timeout=300)
    expected = _outputs(clean / "output")
    rng = random.Random(13)
    for _kill in range(6):  # bounded: about 10 s
        if rng.random() < 0.5:
            for path in (workspace / "cases").glob("city*.yaml"):  # something to rewrite
                text = path.read_text()
                path.write_text(text.replace("Lao PDR", "Lao P.D.R.") if "Lao PDR" in text
                                else text.replace("Lao P.D.R.", "Lao PDR"))
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for data in _outputs(workspace / "output").values():
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                assert zf.testzip() is None  # old or new, never torn
    for path in (workspace / "cases").glob("city*.yaml"):
        path.write_text(path.read_text().replace("Lao P.D.R.", "Lao PDR"))
    final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert final.returncode in (0, 1) and "Traceback" not in final.stderr, final.stderr
    assert _outputs(workspace / "output") == expected
    leftovers = [p for p in (workspace / "output").rglob(".*") if p.name != ".docgen"
                 and ".docgen" not in p.relative_to(workspace / "output").parts[:1]]
    assert leftovers == []
    deadline = time.monotonic() + 10  # no render worker outlives its killed build
    while time.monotonic() < deadline and _our_office_processes(f"build {workspace} "):
        time.sleep(0.1)
    assert _our_office_processes(f"build {workspace} ") == []
