"""Which template renders a kind: the workspace's `templates/<kind>.docx`, else the bundled one."""

from __future__ import annotations

from pathlib import Path

from docgen.workspace.paths import inside

TEMPLATES_DIR = "templates"


def bundled_templates() -> Path:
    """The templates shipped with docgen: inside the wheel, or the checkout's templates/."""
    package = Path(__file__).resolve().parents[1]  # docgen/
    shipped = package / TEMPLATES_DIR
    return shipped if shipped.is_dir() else package.parent / TEMPLATES_DIR


def find_template(workspace: Path, kind_id: str) -> Path:
    """A workspace's own `templates/<kind>.docx` wins over the bundled one."""
    own = workspace / TEMPLATES_DIR / f"{kind_id}.docx"
    if own.is_file() and inside(own, workspace):
        return own
    return bundled_templates() / f"{kind_id}.docx"


def shown_template(template: Path, workspace: Path) -> str:
    try:
        return str(template.resolve().relative_to(workspace.resolve()))
    except ValueError:
        return f"docgen:{TEMPLATES_DIR}/{template.name}"
