"""`docgen template check`: the linter a clerk runs after editing a template in Word."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from docgen.cli.options import KINDS, workspace_option


@click.group()
def template() -> None:
    """Work with Word templates (docxtpl syntax)."""


@template.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--kind", "kind_id", type=click.Choice(KINDS), default=None,
              help="The document kind the template renders (default: from the file name).")
@workspace_option
def check(file: Path, kind_id: str | None, workspace: Path) -> None:
    """Report every problem of FILE at once, each at its part, paragraph or table cell:
    tag syntax, tags Word split, {%tr %}/{%tc %}/{%p %} misuse, unknown variables (against
    the contexts of the workspace's cases, as `docgen context` builds them), tags in tracked
    deletions or comments. Exit status 1 when there are problems."""
    from docgen.checks.catalog import unknown_rule
    from docgen.errors import TemplateProblem
    from docgen.render.lint import check_template, kind_contexts
    from docgen.workspace.load import load_workspace
    from docgen.workspace.paths import SETTINGS_FILE
    from docgen.workspace.scaffold import EXAMPLE

    root = workspace if (workspace / SETTINGS_FILE).is_file() else EXAMPLE
    ws = load_workspace(root, rule_check=unknown_rule)
    contexts = kind_contexts(ws, file, kind_id, dt.date.today())
    problems = check_template(file, str(file), contexts)
    if problems:
        raise TemplateProblem(problems)
    checked = "" if contexts else " (variables not checked: no kind uses this file name; " \
                                   "give --kind)"
    click.echo(f"{file}: no problems{checked}")
