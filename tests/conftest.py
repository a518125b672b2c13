"""Shared fixtures: copies of the example workspace, a CLI runner, and DOCX readers."""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docgen.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
# The workspace format is frozen as a contract; fixtures/ holds the contract's example files
# byte for byte (plus cases of docgen's own). Tests use the copies in fixtures/: a clone alone
# must pass. Beside a checkout in the steering workplace lies the contract itself, and
# test_load compares the copies with it when it is there.
CONTRACT_FILES = ("docgen.yaml", "cases/tetovo.yaml", "cases/vientiane.yaml")
SHARED_CONTRACT = ROOT.parent.joinpath("shared", "contract", "workspace")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A private copy of the example workspace in fixtures/."""
    dest = tmp_path / "ws"
    shutil.copytree(FIXTURES, dest, ignore=shutil.ignore_patterns("output"))
    for path in dest.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return dest


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    """The contract's example workspace, exactly as users write it, from fixtures/."""
    dest = tmp_path / "contract"
    for name in CONTRACT_FILES:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / name, dest / name)
    return dest


@pytest.fixture
def run() -> Callable[..., Result]:
    """Invoke the docgen CLI in-process: run("build", str(ws))."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be present) by `new` in a text file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def docx_text(path: Path) -> str:
    """All the text of a DOCX as python-docx reads it: body, tables, headers, footers."""
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in doc.sections:
        for hf in (section.header, section.footer, section.first_page_header,
                   section.first_page_footer):
            if not hf.is_linked_to_previous:
                parts.extend(p.text for p in hf.paragraphs)
                for table in hf.tables:
                    for row in table.rows:
                        parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def docx_xml(path: Path, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(part).decode("utf-8")


def soffice() -> str | None:
    """The LibreOffice binary; tests needing it skip when absent, but never under CI."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CI"):
        pytest.fail("LibreOffice is required when CI is set (install libreoffice-writer-nogui)")
    return found


def chromium() -> str | None:
    """Debian's chromium; browser tests skip when absent, but never under CI."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.environ.get("CI"):
        pytest.fail("chromium is required when CI is set (apt-get install chromium)")
    return found


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file below `folder` with its mtime (ns) and bytes (but the build lock's)."""
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "lock"}
