"""No-op builds write nothing, and what a killed write left is still swept (issue [14])."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, edit, snapshot

from docgen.build.state import STATE_DIR, STATE_FILE, SWEPT_FILE, State, sweep

LEFT_OVER = ("vientiane/.mou.docx.abcd1234.tmp", "peshawar/.mou.0123abcd.pdf",
             ".docgen/.state.json.k2x_9QzZ.tmp", "packets/.council-2027-01-05.pdf.a1b2c3d4.tmp",
             ".state.json.AbCd1234.tmp")


@pytest.fixture
def built(workspace: Path, run) -> Path:
    for _ in range(2):  # the second build looks into the folders the first wrote
        result = run("build", workspace)
        assert result.exit_code == 0, result.output
    return workspace


def state_file(ws: Path) -> Path:
    return ws / "output" / STATE_DIR / STATE_FILE


def test_a_no_op_build_writes_nothing_at_all(built: Path, run) -> None:
    before = snapshot(built / "output")
    result = run("build", built)
    assert result.exit_code == 0 and result.stderr.strip() == "everything is up to date"
    assert snapshot(built / "output") == before  # the state and the sweep's mark included


def test_the_state_is_not_rewritten_when_nothing_changed(workspace: Path, run) -> None:
    assert run("build", workspace).exit_code == 0
    info, data = state_file(workspace).stat(), state_file(workspace).read_bytes()
    time.sleep(0.01)
    assert run("build", workspace).exit_code == 0
    assert state_file(workspace).stat().st_mtime_ns == info.st_mtime_ns
    assert state_file(workspace).read_bytes() == data


def test_the_state_is_rewritten_when_only_an_input_signature_changed(built: Path, run) -> None:
    """A comment changes no document but the case file's hash: the state records it, so the
    next build does not load the case again, and then writes nothing."""
    before = state_file(built).read_bytes()
    case = built / "cases/tetovo.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert run("build", built).exit_code == 0
    after = state_file(built).read_bytes()
    assert after != before
    sig = json.loads(after)["inputs"]["cases/tetovo.yaml"]
    assert sig[:2] == [case.stat().st_size, case.stat().st_mtime_ns]
    assert run("build", built).exit_code == 0
    assert state_file(built).read_bytes() == after


def test_a_changed_case_rewrites_only_its_own_line_of_the_state(built: Path, run) -> None:
    edit(built / "cases/vientiane.yaml", "Lao People's Democratic Republic", "Lao PDR")
    before = state_file(built).read_bytes().split(b"\n")
    assert run("build", built).exit_code == 0
    after = state_file(built).read_bytes().split(b"\n")
    changed = [line[:14] for line in set(after) ^ set(before)]
    assert sorted(changed) == [b'["vientiane","'] * 2 + [b'{"format":2,"v'] * 2  # and inputs
    old, new = (json.loads(b"\n".join(lines)) for lines in (before, after))
    assert [c[0] for c in new["cases"]] == ["peshawar", "tetovo", "vientiane"]
    assert new["cases"][2][3]["mou"][0] != old["cases"][2][3]["mou"][0]  # its signature


def plant(output: Path) -> list[Path]:
    paths = [output / rel for rel in LEFT_OVER]
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half a file")
    return paths


def test_what_a_killed_write_left_is_swept_after_a_clean_build(built: Path, run) -> None:
    output = built / "output"
    keep = [output / "vientiane/.keep", output / "notes.txt"]  # not a temporary: stays
    for path in keep:
        path.write_text("mine")
    paths = plant(output)
    result = run("build", built)
    assert result.exit_code == 0, result.output
    assert [p for p in paths if p.exists()] == []
    assert all(p.exists() for p in keep)


def scanned(monkeypatch: pytest.MonkeyPatch, output: Path) -> list[str]:
    """The folders `sweep` lists, as names below `output`."""
    seen: list[str] = []
    real = os.scandir

    def spy(path: str | Path = ".") -> Any:
        seen.append(os.path.relpath(path, output))
        return real(path)

    monkeypatch.setattr(os, "scandir", spy)
    return seen


def test_only_folders_changed_since_the_last_clean_build_are_looked_into(
        built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = built / "output"
    seen = scanned(monkeypatch, output)
    assert sweep(output) is None  # nothing changed since: nothing to mark either
    assert sorted(seen) == [".", ".docgen"]
    (output / "tetovo/.mou.docx.abcd1234.tmp").write_bytes(b"")
    seen.clear()
    assert sweep(output) is not None
    assert sorted(seen) == [".", ".docgen", "tetovo"]
    assert not (output / "tetovo/.mou.docx.abcd1234.tmp").exists()


@pytest.mark.parametrize("mark", ["missing", "in the future", "whole seconds"])
def test_every_folder_is_looked_into_when_the_last_clean_build_is_unknown(
        built: Path, monkeypatch: pytest.MonkeyPatch, mark: str) -> None:
    output = built / "output"
    path = output / STATE_DIR / SWEPT_FILE
    if mark == "missing":
        path.unlink()
    elif mark == "in the future":
        when = time.time_ns() + 3600 * 10**9
        os.utime(path, ns=(when, when))
    else:  # a file system that keeps whole seconds: a second after the folders changed
        when = (max(p.stat().st_ctime_ns for p in output.iterdir()) // 10**9 + 1) * 10**9
        while time.time_ns() <= when:
            time.sleep(0.05)
        os.utime(path, ns=(when, when))
    seen = scanned(monkeypatch, output)
    assert sweep(output) is not None
    assert sorted(seen) == [".", ".docgen", "peshawar", "tetovo", "vientiane"]


def test_a_failed_build_leaves_the_mark_so_the_next_one_sweeps(built: Path, run) -> None:
    output = built / "output"
    mark = (output / STATE_DIR / SWEPT_FILE).stat().st_mtime_ns
    (built / "templates").mkdir(exist_ok=True)
    (built / "templates/mou.docx").write_bytes(b"not a docx")
    edit(built / "cases/vientiane.yaml", "Lao People's Democratic Republic", "Lao PDR")
    paths = plant(output)  # as the failed build might have left
    assert run("build", built).exit_code != 0
    assert (output / STATE_DIR / SWEPT_FILE).stat().st_mtime_ns == mark
    (built / "templates/mou.docx").unlink()
    assert run("build", built).exit_code == 0
    assert [p for p in paths if p.exists()] == []


def test_a_state_of_format_1_is_read_and_written_anew(built: Path, run) -> None:
    raw = json.loads(state_file(built).read_bytes())
    assert raw["format"] == 2
    raw["format"] = 1
    keys = raw.pop("parts")  # format 2's table of part keys: format 1 packs key=hash
    raw["cases"] = {c[0]: {
        "input": c[1],
        "parts": ";".join(f"{k}={v}" for k, v in zip(keys, c[2].split(","), strict=True)),
        "targets": {k: dict(zip(("sig", "template", "dated_today", "out", "doc"), t,
                                strict=True)) for k, t in c[3].items()},
    } for c in raw["cases"]}
    state_file(built).write_text(json.dumps(raw))
    before = snapshot(built / "output")
    result = run("build", built)
    assert result.exit_code == 0 and result.stderr.strip() == "everything is up to date"
    assert {k: v for k, v in snapshot(built / "output").items() if k.endswith(".docx")} == {
        k: v for k, v in before.items() if k.endswith(".docx")}
    assert json.loads(state_file(built).read_bytes())["format"] == 2


@pytest.mark.parametrize("damage", [
    lambda raw: next(iter(raw["cases"][0][3].values())).pop(),  # a field short
    lambda raw: raw["cases"].__setitem__(0, {"input": "cases/tetovo.yaml"}),
    lambda raw: raw["cases"].append(raw["cases"][0]),  # a case twice
    lambda raw: raw.__setitem__("inputs", []),
])
def test_a_damaged_state_builds_everything_again(built: Path, run, damage) -> None:
    raw = json.loads(state_file(built).read_bytes())
    damage(raw)
    state_file(built).write_text(json.dumps(raw))
    result = run("build", built, "--explain")
    assert result.exit_code == 0, result.output
    assert "new document" in result.stdout and "Traceback" not in result.output
    assert run("build", built).stderr.strip() == "everything is up to date"


def test_a_no_op_build_imports_neither_checks_nor_rendering(built: Path) -> None:
    code = ("import sys\nfrom docgen.cli.main import main\n"
            "try:\n    main(['build', sys.argv[1], '-j', '2'])\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(sys.modules)))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code, str(built)], capture_output=True,
                          text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "everything is up to date" in proc.stderr
    modules = set(proc.stdout.split())
    heavy = {m for m in modules if m.startswith(("docgen.checks", "docgen.render.", "jinja2",
                                                 "yaml", "lxml", "concurrent", "multiprocessing",
                                                 "docgen.workspace.load", "docgen.docx"))}
    assert heavy == {"docgen.render.templates"}


def test_part_hashes_follow_one_table_of_keys(tmp_path: Path) -> None:
    from docgen.build.records import CaseRecord, TargetRecord

    parts = {"case.id": "a1", "partner.city": "b2"}
    state = State("v", "t", {}, {}, {
        "a": CaseRecord("cases/a.yaml", {}),  # nothing due: no parts
        "b": CaseRecord("cases/b.yaml", parts, {"mou": TargetRecord("s", "t", False, [1, 2])}),
        "c": CaseRecord("cases/c.yaml", {**parts, "case.extra": "c3"}),  # keys of its own
    })
    assert state.write(tmp_path)
    lines = (tmp_path / STATE_DIR / STATE_FILE).read_bytes().split(b"\n")
    assert b'"parts":["case.id","partner.city"]' in lines[0]
    assert lines[2].startswith(b'["b","cases/b.yaml","a1,b2",')
    assert b"case.extra=c3;case.id=a1;partner.city=b2" in lines[3]
    read = State.read(tmp_path)
    assert {cid: c.parts for cid, c in read.cases.items()} == {
        "a": {}, "b": parts, "c": {**parts, "case.extra": "c3"}}
    assert not read.write(tmp_path, read)
