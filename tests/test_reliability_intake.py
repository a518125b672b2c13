"""`docgen intake` takes from a form only what the loader would take (issue [13], item 8), and
reads only regular files (item 6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_form import FILLED, fill

from docgen.workspace.load import case_text_problems


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from docgen.cli.main import main

    path = tmp_path_factory.mktemp("form") / "blank.pdf"
    assert CliRunner().invoke(main, ["form", "--blank", "-o", str(path)]).exit_code == 0
    return path


@pytest.mark.parametrize(("field", "value", "says"), [
    ("partner.population", "²", "'²' is not a whole number"),
    ("partner.population", "٣٤٥", "is not a whole number"),
    ("partner.population", "9" * 5000, "is not a whole number (digits 0-9, at most 15)"),
    ("partner.city", "Vien\x00tiane", "partner.city: contains the control character U+0000"),
    ("interest", "two\x1buniversities", "interest: contains the control character U+001B"),
])
def test_intake_refuses_what_the_loader_would(run, blank: Path, tmp_path: Path, field: str,
                                              value: str, says: str) -> None:
    filled = fill(blank, {**FILLED, field: value}, tmp_path / "f.pdf")
    out = tmp_path / "case.yaml"
    result = run("intake", filled, "-o", out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert says in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


def test_what_intake_writes_always_loads(run, blank: Path, tmp_path: Path) -> None:
    values = {**FILLED, "partner.city": "no", "partner.state": "yes: or no",
              "interest": "0777 # not a comment"}
    out = tmp_path / "case.yaml"
    result = run("intake", fill(blank, values, tmp_path / "f.pdf"), "-o", out)
    assert result.exit_code == 0, result.output
    assert case_text_problems(out.read_text(), "case.yaml") == []


def test_intake_of_an_aes256_form(run, blank: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    filled = fill(blank, FILLED, tmp_path / "f.pdf")
    writer = PdfWriter(clone_from=PdfReader(str(filled)))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    locked = tmp_path / "aes.pdf"
    writer.write(str(locked))
    result = run("intake", locked)
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
    assert len(result.stderr.splitlines()) <= 1
    assert "DependencyError" not in result.output and "cryptography" not in result.output


def test_cryptography_is_a_dependency() -> None:
    text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text()
    deps = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    assert '"cryptography' in deps


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_intake_reads_no_device_or_fifo(tmp_path: Path, special: str) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "form.pdf"
        os.mkfifo(path)
    result = subprocess.run([sys.executable, "-m", "docgen", "intake", str(path)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "not a regular file" in result.stderr
