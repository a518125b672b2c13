"""Translators' catalogs as read, kept in the build's cache while the PO file is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import docx_text, edit

from docgen.workspace import translations

CITY = "ນະຄອນຫຼວງວຽງຈັນ"  # the Lao name of Vientiane in fixtures/translations/lo.po


@pytest.fixture(autouse=True)
def fresh() -> None:
    """Each test as a new process would start: no catalog kept in memory."""
    translations._read.cache_clear()


def cached(ws: Path) -> list[Path]:
    return sorted((ws / "output/.docgen/cache/catalogs").glob("po-*"))


def rebuild_vientiane(ws: Path, run) -> None:
    """Change the case so that its documents are rebuilt, reading the catalogs again (in
    this process as a new one would: nothing kept in memory)."""
    translations._read.cache_clear()
    edit(ws / "cases/vientiane.yaml", "Lao People's Democratic Republic", "Lao PDR")
    result = run("build", ws)
    assert result.exit_code in (0, 1), result.output
    assert "wrote" in result.stdout


def test_a_build_keeps_the_catalogs_it_read(workspace: Path, run) -> None:
    assert run("build", workspace).exit_code in (0, 1)
    assert cached(workspace)  # the workspace's lo.po and ur.po, docgen's drafts
    assert translations._DISK.folder is None  # only for the build's duration


def test_a_later_build_reads_them_from_the_cache(workspace: Path, run,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import polib

    assert run("build", workspace).exit_code in (0, 1)

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(polib, "pofile", refused)
    rebuild_vientiane(workspace, run)
    assert CITY in docx_text(workspace / "output/vientiane/mou.docx")


def test_an_edited_catalog_is_read_again(workspace: Path, run) -> None:
    assert run("build", workspace).exit_code in (0, 1)
    renamed = "ນະຄອນວຽງຈັນໃໝ່"
    assert renamed not in docx_text(workspace / "output/vientiane/mou.docx")
    edit(workspace / "translations/lo.po", f'msgstr "{CITY}"', f'msgstr "{renamed}"')
    rebuild_vientiane(workspace, run)
    assert renamed in docx_text(workspace / "output/vientiane/mou.docx")


def test_a_damaged_cache_file_is_read_past(workspace: Path, run) -> None:
    assert run("build", workspace).exit_code in (0, 1)
    for path in cached(workspace):
        path.write_bytes(b"\x00not marshal")
    rebuild_vientiane(workspace, run)
    assert CITY in docx_text(workspace / "output/vientiane/mou.docx")


def test_a_dry_run_keeps_nothing(workspace: Path, run) -> None:
    result = run("build", workspace, "--dry-run")
    assert result.exit_code == 0, result.output
    assert not (workspace / "output").exists()
