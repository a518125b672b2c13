"""Which template renders a kind: the workspace's `templates/<kind>.docx`, else the bundled one."""

from __future__ import annotations

from pathlib import Path

from docgen.errors import InputError, Problem
from docgen.workspace.paths import input_problem

TEMPLATES_DIR = "templates"


def bundled_templates() -> Path:
    """The templates shipped with docgen: inside the wheel, or the checkout's templates/."""
    package = Path(__file__).resolve().parents[1]  # docgen/
    shipped = package / TEMPLATES_DIR
    return shipped if shipped.is_dir() else package.parent / TEMPLATES_DIR


def find_template(workspace: Path, kind_id: str) -> Path:
    """A workspace's own `templates/<kind>.docx` wins over the bundled one.

    One that cannot be read (a folder, a FIFO, a link outside the workspace) is refused
    with InputError, never silently replaced by the bundled template."""
    own = workspace / TEMPLATES_DIR / f"{kind_id}.docx"
    if not own.is_symlink() and not own.exists():
        return bundled_templates() / f"{kind_id}.docx"
    why = input_problem(own, workspace)
    if why is not None:
        raise InputError([Problem(f"{TEMPLATES_DIR}/{kind_id}.docx", None, None, why)])
    return own


def shown_template(template: Path, workspace: Path) -> str:
    try:
        return str(template.resolve().relative_to(workspace.resolve()))
    except ValueError:
        return f"docgen:{TEMPLATES_DIR}/{template.name}"
