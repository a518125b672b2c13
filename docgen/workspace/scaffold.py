"""`docgen init`: a new workspace with a commented example."""

from __future__ import annotations

import shutil
from pathlib import Path

from docgen.errors import OutputError

EXAMPLE = Path(__file__).resolve().parent / "example"


def create_workspace(directory: Path) -> list[Path]:
    """Copy the commented example into `directory`; never overwrite a file."""
    sources = sorted(p for p in EXAMPLE.rglob("*") if p.is_file())
    targets = [directory / p.relative_to(EXAMPLE) for p in sources]
    existing = [t for t in targets if t.exists()]
    if existing:
        raise OutputError(f"{existing[0]}: already exists; docgen init never overwrites files")
    for source, target in zip(sources, targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    (directory / "output").mkdir(exist_ok=True)
    return targets
