"""Approval: copies and a manifest under OUTPUT/.approved/ that no build touches."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest
from conftest import edit, snapshot

from docgen.review.approval import MANIFEST

EPOCH = "1789000000"  # 2026-09-10T00:26:40Z
MOU = "vientiane/mou.docx"
OLD_PLACE, NEW_PLACE = "Milpitas City Hall", "Vientiane Capital Hall"


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def approved(workspace: Path, run) -> Path:
    """The example workspace, built, with every document approved."""
    assert run("build", workspace).exit_code == 0
    result = run("approve", "-w", workspace)
    assert result.exit_code == 0, result.output
    return workspace


def approved_files(output: Path) -> dict[str, tuple[int, bytes]]:
    return snapshot(output / ".approved")


def manifest(output: Path) -> dict[str, dict[str, str]]:
    data = json.loads((output / ".approved" / MANIFEST).read_text())
    assert data["format"] == 1
    documents: dict[str, dict[str, str]] = data["documents"]
    return documents


def test_approve_copies_every_document_with_its_hash_and_date(approved: Path) -> None:
    output = approved / "output"
    docs = {k for k in snapshot(output) if k.endswith(".docx") and "/" in k
            and not k.startswith(".")}
    assert len(docs) == 17
    copies = approved_files(output)
    assert set(copies) == docs | {MANIFEST}
    entries = manifest(output)
    assert set(entries) == docs
    for rel in docs:
        data = (output / rel).read_bytes()
        assert copies[rel][1] == data
        assert entries[rel] == {"approved_at": "2026-09-10T00:26:40Z",
                                "sha256": hashlib.sha256(data).hexdigest()}
    for path in (output / ".approved").rglob("*"):
        assert path.stat().st_mode & 0o777 == (0o755 if path.is_dir() else 0o644), path


def test_approval_survives_rebuilds_force_edits_and_deletions(approved: Path, run) -> None:
    output = approved / "output"
    before = approved_files(output)

    def rebuild(*args: str) -> None:
        result = run("build", approved, *args)
        assert result.exit_code == 0, result.output
        assert approved_files(output) == before, args

    rebuild()
    rebuild("--force")
    rebuild("--force", "--case", "vientiane", "--doc", "mou")
    edit(approved / "cases/vientiane.yaml", OLD_PLACE, NEW_PLACE)
    rebuild()
    assert (output / MOU).read_bytes() != before[MOU][1]  # the output did change
    (approved / "cases/vientiane.yaml").unlink()
    rebuild()
    assert not (output / "vientiane").exists()  # the case's outputs are gone, approvals kept
    assert (output / ".approved/vientiane/mou.docx").read_bytes() == before[MOU][1]


def test_approving_a_document_not_built_is_one_line(approved: Path, run) -> None:
    output = approved / "output"
    (output / MOU).unlink()
    before = approved_files(output)
    result = run("approve", "-w", approved, "--case", "vientiane", "--doc", "mou")
    assert result.exit_code == 1
    assert result.stderr == f"{output / MOU}: not built (run docgen build first)\n"
    assert approved_files(output) == before


def test_approving_before_any_build_writes_nothing(workspace: Path, run) -> None:
    result = run("approve", "-w", workspace, "--case", "tetovo")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines == [f"{workspace / 'output' / 'tetovo' / k}.docx: not built "
                     "(run docgen build first)" for k in ("research-brief", "inquiry-response",
                                                                  "request-form")]
    assert not (workspace / "output").exists()


@pytest.mark.parametrize(("args", "code", "message"), [
    (("--case", "nowhere"), 1, "cases/nowhere.yaml: no such case (known cases: peshawar, "
                               "tetovo, vientiane)"),
    (("--case", "tetovo", "--doc", "mou"), 1,
     "cases/tetovo.yaml: mou: not due yet: there is no tentative agreement yet "
     "(history.tentative_agreement)"),
    (("--doc", "novel"), 2, "Invalid value for '--doc'"),
])
def test_approve_refuses_what_is_not_there(approved: Path, run, args: tuple[str, ...],
                                           code: int, message: str) -> None:
    result = run("approve", "-w", approved, *args)
    assert result.exit_code == code
    assert message in result.stderr


def test_approving_again_keeps_the_date_until_the_document_changes(
        approved: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:
    output = approved / "output"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21T14:13:20Z
    again = run("approve", "-w", approved, "--case", "vientiane", "--doc", "mou")
    assert again.stdout == f"already approved {output / MOU}\n"
    assert manifest(output)[MOU]["approved_at"] == "2026-09-10T00:26:40Z"

    edit(approved / "cases/vientiane.yaml", OLD_PLACE, NEW_PLACE)
    assert run("build", approved).exit_code == 0
    result = run("approve", "-w", approved, "--doc", "mou")
    assert result.exit_code == 0
    assert f"approved {output / MOU}\n" in result.stdout
    assert f"already approved {output / 'peshawar/mou.docx'}\n" in result.stdout
    entry = manifest(output)[MOU]
    assert entry["approved_at"] == "2026-09-21T14:13:20Z"
    assert entry["sha256"] == hashlib.sha256((output / MOU).read_bytes()).hexdigest()
    assert (output / ".approved" / MOU).read_bytes() == (output / MOU).read_bytes()


def test_a_current_pdf_is_approved_with_its_document(approved: Path, run) -> None:
    output = approved / "output"
    pdf = output / "vientiane/mou.pdf"
    pdf.write_bytes(b"%PDF-1.7 the MOU")
    result = run("approve", "-w", approved, "--case", "vientiane", "--doc", "mou")
    assert result.stdout.splitlines() == [f"approved {output / MOU}",
                                          f"approved {output / 'vientiane/mou.pdf'}"]
    assert (output / ".approved/vientiane/mou.pdf").read_bytes() == b"%PDF-1.7 the MOU"
    assert manifest(output)[MOU]["pdf_sha256"] == hashlib.sha256(b"%PDF-1.7 the MOU").hexdigest()

    stale = time.time() - 3600  # a PDF older than its DOCX shows an older text: not approved
    os.utime(pdf, (stale, stale))
    result = run("approve", "-w", approved, "--case", "vientiane", "--doc", "mou")
    assert result.exit_code == 0
    assert "vientiane/mou.pdf: older than its DOCX, not approved" in result.stderr
    assert not (output / ".approved/vientiane/mou.pdf").exists()
    assert "pdf_sha256" not in manifest(output)[MOU]


def test_approving_a_draft_says_so(approved: Path, run) -> None:
    edit(approved / "cases/vientiane.yaml", "title: Mayor of Vientiane Capital",
         "title: Deputy Mayor of Vientiane Capital")
    assert run("build", approved).exit_code == 1  # protocol errors: documents marked DRAFT
    # (only those still to sign: the registration, not the signed MOU)
    result = run("approve", "-w", approved, "--case", "vientiane", "--doc", "sci-registration")
    assert result.exit_code == 0
    registration = approved / "output/vientiane/sci-registration.docx"
    assert result.stderr == (f"{registration}: marked DRAFT (protocol errors; see "
                             "docgen check), approved all the same\n")


def test_a_damaged_manifest_is_one_line(approved: Path, run) -> None:
    path = approved / "output/.approved" / MANIFEST
    path.write_text("{not json")
    result = run("approve", "-w", approved)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"{path}: cannot be read")


def test_terminal_diff_of_approved_and_current(approved: Path, run) -> None:
    output = approved / "output"
    approved_mou = output / ".approved" / MOU
    same = run("diff", approved_mou, output / MOU)
    assert (same.exit_code, same.stdout) == (0, "")

    edit(approved / "cases/vientiane.yaml", OLD_PLACE, NEW_PLACE)
    assert run("build", approved).exit_code == 0
    changed = run("diff", "--no-color", approved_mou, output / MOU)
    assert changed.exit_code == 1
    assert "Signed at [-Milpitas City-]{+Vientiane Capital+} Hall," in changed.stdout
