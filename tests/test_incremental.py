"""Make-style rebuilds: build, change, rebuild, and assert exactly which files were rewritten."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import edit, snapshot

from docgen.render.templates import bundled_templates

ALL = {
    "peshawar/inquiry-response.docx", "peshawar/request-form.docx",
    "peshawar/tentative-agreement.docx", "peshawar/mou.docx", "peshawar/sci-registration.docx",
    "tetovo/inquiry-response.docx", "tetovo/request-form.docx",
    "vientiane/letter-of-introduction.docx", "vientiane/request-form.docx",
    "vientiane/tentative-agreement.docx", "vientiane/mou.docx",
    "vientiane/sci-registration.docx",
    "peshawar/research-brief.docx", "peshawar/resolution.docx", "tetovo/research-brief.docx",
    "vientiane/research-brief.docx", "vientiane/resolution.docx",
}


def docs(snap: dict[str, tuple[int, bytes]]) -> dict[str, tuple[int, bytes]]:
    return {k: v for k, v in snap.items() if k.endswith(".docx")}


def rewritten(before: dict[str, tuple[int, bytes]], after: dict[str, tuple[int, bytes]]
              ) -> set[str]:
    """Documents whose file was replaced (mtime moved), added or removed."""
    b, a = docs(before), docs(after)
    return {k for k in a.keys() | b.keys() if k not in a or k not in b or a[k][0] != b[k][0]}


@pytest.fixture
def built(workspace: Path, run) -> Path:
    result = run("build", workspace)
    assert result.exit_code == 0, result.output
    assert set(docs(snapshot(workspace / "output"))) == ALL
    time.sleep(0.01)  # a rewrite gets a visibly different mtime
    return workspace


def rebuild(ws: Path, run, *args: str) -> tuple[set[str], str]:
    before = snapshot(ws / "output")
    result = run("build", ws, "--explain", *args)
    assert result.exit_code == 0, result.output
    return rewritten(before, snapshot(ws / "output")), result.stdout


def test_no_change_rewrites_nothing(built: Path, run) -> None:
    changed, output = rebuild(built, run)
    assert changed == set()
    assert output == ""


def test_comment_and_key_order_edits_rewrite_nothing(built: Path, run) -> None:
    edit(built / "cases/vientiane.yaml", "origin: initiated", "origin: initiated  # we wrote")
    text = (built / "cases/tetovo.yaml").read_text()
    head, rest = text.split("origin: inquiry\n", 1)
    (built / "cases/tetovo.yaml").write_text("origin: inquiry\n" + head + rest)  # reordered
    edit(built / "docgen.yaml", "home:", "# the home city\nhome:")
    assert rebuild(built, run)[0] == set()


def test_one_case_edited_rebuilds_that_case_only(built: Path, run) -> None:
    edit(built / "cases/vientiane.yaml", "signing_place: Milpitas City Hall",
         "signing_place: Vientiane Capital Hall")
    changed, output = rebuild(built, run)
    # the signing place appears in the MOU and the SCI registration only
    assert changed == {"vientiane/mou.docx", "vientiane/sci-registration.docx"}
    assert "wrote" in output and "agreement.signing_place changed" in output


def test_template_edited_rebuilds_that_kind_for_every_case(built: Path, run) -> None:
    from docx import Document

    own = built / "templates/mou.docx"
    own.parent.mkdir()
    shutil.copyfile(bundled_templates() / "mou.docx", own)
    # the same template bytes in the workspace: same documents, nothing rebuilt
    assert rebuild(built, run) == (set(), "")
    doc = Document(str(own))
    doc.add_paragraph("Done in good faith by {{ home.city }} and {{ partner.city }}.")
    doc.save(str(own))
    changed, output = rebuild(built, run)
    assert changed == {"peshawar/mou.docx", "vientiane/mou.docx"}
    assert "template templates/mou.docx changed" in output


def test_home_profile_edit_rebuilds_what_uses_it(built: Path, run) -> None:
    # the commission chair signs the letters and the tentative agreement, not the MOU
    users = {kind for kind in ("letter-of-introduction", "inquiry-response", "request-form",
                               "tentative-agreement", "mou", "sci-registration",
                               "research-brief", "resolution")
             if "commission.chair" in _template_xml(kind)}
    edit(built / "docgen.yaml", "chair: Priya Raman", "chair: Priya Raman-Okafor")
    changed, output = rebuild(built, run)
    assert changed == {path for path in ALL if path.split("/")[1][:-5] in users}
    assert changed and changed != ALL
    assert "home.commission changed" in output


def _template_xml(kind: str) -> str:
    with zipfile.ZipFile(bundled_templates() / f"{kind}.docx") as zf:
        return "".join(zf.read(n).decode() for n in zf.namelist() if n.startswith("word/"))


def test_deleted_case_and_documents_no_longer_due_are_removed(built: Path, run) -> None:
    (built / "cases/tetovo.yaml").unlink()
    changed, output = rebuild(built, run)
    assert changed == {"tetovo/inquiry-response.docx", "tetovo/request-form.docx",
                       "tetovo/research-brief.docx"}
    assert not (built / "output/tetovo").exists()
    assert "removed" in output and "case deleted" in output
    edit(built / "cases/vientiane.yaml", "  signed: 2026-09-12\n", "")
    changed, output = rebuild(built, run)
    assert "vientiane/sci-registration.docx" in changed
    assert not (built / "output/vientiane/sci-registration.docx").exists()
    assert "no longer due" in output


def test_output_deleted_or_modified_is_rebuilt(built: Path, run) -> None:
    (built / "output/tetovo/request-form.docx").unlink()
    (built / "output/vientiane/mou.docx").write_bytes(b"scribbled over")
    changed, output = rebuild(built, run)
    assert changed == {"tetovo/request-form.docx", "vientiane/mou.docx"}
    assert "output missing" in output and "modified or replaced" in output


def test_dry_run_writes_nothing_and_force_rebuilds_everything(built: Path, run) -> None:
    edit(built / "cases/tetovo.yaml", "Ilindenska bb", "Ilindenska 12")
    before = snapshot(built / "output")
    result = run("build", built, "--dry-run")
    assert "would build" in result.output and "partner.address changed" in result.output
    assert snapshot(built / "output") == before
    result = run("build", built, "--force")
    assert result.exit_code == 0
    # the edited address is in the inquiry response only; the rest renders to the same bytes
    assert "1 written, 16 rebuilt with the same bytes, 0 removed" in result.stderr


def test_byte_identical_rebuild_an_hour_later(workspace: Path, monkeypatch,
                                              run) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    run("build", workspace, "-o", workspace / "first")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    time.sleep(2.1)  # zip timestamps have two-second resolution
    run("build", workspace, "-o", workspace / "second", "-j", "2")
    first, second = docs(snapshot(workspace / "first")), docs(snapshot(workspace / "second"))
    assert set(first) == ALL
    assert {k: v[1] for k, v in first.items()} == {k: v[1] for k, v in second.items()}
    with zipfile.ZipFile(workspace / "first/tetovo/request-form.docx") as zf:
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    # dated by SOURCE_DATE_EPOCH (1790000000), whatever the clock says
    assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-09-21T14:13:20Z<" in core


def _many_cases(ws: Path, count: int) -> None:
    from catalogs import copy_case_entries

    template = (ws / "cases/vientiane.yaml").read_text()
    for i in range(count):
        (ws / f"cases/city{i:03}.yaml").write_text(
            template.replace("city: Vientiane", f"city: Vientiane {i}"))
        copy_case_entries(ws, "vientiane", f"city{i:03}", f" {i}")


def test_kill_during_a_build_leaves_outputs_whole(workspace: Path, run) -> None:
    _many_cases(workspace, 40)
    assert run("build", workspace).exit_code == 0
    for path in (workspace / "cases").glob("city*.yaml"):
        edit(path, "Lao People's Democratic Republic", "Lao PDR")
    proc = subprocess.Popen([sys.executable, "-m", "docgen", "build", str(workspace), "-j", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging = workspace / "output/.docgen/staging"
    deadline = time.monotonic() + 60
    while not any(staging.rglob("*.docx")) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for path in (workspace / "output").rglob("*.docx"):
        if ".docgen" not in path.parts:
            with zipfile.ZipFile(path) as zf:
                assert zf.testzip() is None  # old or new, never torn
    result = run("build", workspace, "--explain")
    assert result.exit_code == 0
    assert "Lao PDR" not in "".join(
        p.read_text() for p in (workspace / "output").rglob("state.json"))  # not text-indexed
    from conftest import docx_text

    for i in range(40):
        assert "Lao PDR" in docx_text(workspace / f"output/city{i:03}/mou.docx")
    assert not staging.exists()
    assert run("build", workspace).stderr.strip() == "everything is up to date"


def test_two_builds_of_one_output_folder_never_interleave(built: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from docgen.build.state import output_lock\n"
         "with output_lock(Path(sys.argv[1])):\n print('locked', flush=True); time.sleep(30)",
         str(built / "output")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        second = subprocess.run([sys.executable, "-m", "docgen", "build", str(built)],
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 1
        assert "another docgen build (pid" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        holder.kill()
        holder.wait()


def test_watch_rebuilds_on_change(workspace: Path) -> None:
    import threading

    from conftest import docx_text

    from docgen.build.watch import watch_and_build

    said: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=watch_and_build,
                              args=(workspace, workspace / "output", said.append, stop))
    thread.start()
    try:
        mou = workspace / "output/vientiane/mou.docx"
        deadline = time.monotonic() + 60
        while not any("watching" in line for line in said) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert mou.is_file()
        edit(workspace / "cases/vientiane.yaml", "signing_place: Milpitas City Hall",
             "signing_place: Vientiane Capital Hall")
        while "Vientiane Capital Hall" not in docx_text(mou) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Vientiane Capital Hall" in docx_text(mou)
        assert any(line.startswith("written vientiane/mou.docx") for line in said)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_a_no_op_build_imports_neither_docxtpl_nor_pypdf(built: Path) -> None:
    code = ("import sys; from docgen.cli.main import main\n"
            "try: main(['build', sys.argv[1]])\nexcept SystemExit: pass\n"
            "heavy = [m for m in ('docxtpl', 'docx', 'pypdf', 'reportlab', 'pydantic', 'lxml')"
            " if m in sys.modules]\nprint('HEAVY:' + ','.join(heavy), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, str(built)], capture_output=True,
                          text=True, check=True)
    assert "everything is up to date" in done.stderr
    assert "HEAVY:\n" in done.stderr


def test_chunks_in_this_process_and_in_workers_agree(workspace: Path, run) -> None:
    """A build goes chunk by chunk (plan, render, check); with -j 2 the chunks go to worker
    processes. Either way: the same documents, byte for byte, the same findings in the same
    order, the same DRAFT marks."""
    from docgen.build.chunks import CHUNK, PARALLEL_CASES

    count = 2 * CHUNK + 5
    assert count > PARALLEL_CASES
    _many_cases(workspace, count)
    edit(workspace / "cases/city007.yaml", "title: Mayor of Vientiane Capital",
         "title: Deputy Mayor of Vientiane Capital")  # PAR001: an error in one chunk only
    one = run("build", workspace, "-o", workspace / "one", "-j", "1")
    two = run("build", workspace, "-o", workspace / "two", "-j", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stderr == two.stderr
    assert one.stderr.count("PAR001") >= 1 and "cases/city007.yaml" in one.stderr
    first, second = snapshot(workspace / "one"), snapshot(workspace / "two")
    assert {k: v[1] for k, v in docs(first).items()} == \
        {k: v[1] for k, v in docs(second).items()}
    assert len(docs(first)) > count * 4
    from conftest import docx_text

    # the document still to sign is marked (the signed MOU keeps its text)
    assert "DRAFT" in docx_text(workspace / "one/city007/sci-registration.docx")
    assert "DRAFT" not in docx_text(workspace / "one/city008/sci-registration.docx")
