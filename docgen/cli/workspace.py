"""`docgen list`, `context`, `init` and `schema`: the workspace and what templates see."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from docgen.cli.options import KINDS, date_option, workspace_option


@click.command(name="list")
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=".")
def list_cases(workspace: Path) -> None:
    """Each case, its current step, and the documents it is due."""
    from docgen.checks.catalog import unknown_rule
    from docgen.workspace.lifecycle import current_step, due_kinds
    from docgen.workspace.load import load_workspace

    ws = load_workspace(workspace, rule_check=unknown_rule)
    if not ws.cases:
        click.echo("no cases (add cases/<id>.yaml)")
    for c in ws.cases:
        partner = f"{c.case.partner.city}, {c.case.partner.country}"
        docs = ", ".join(k.id for k in due_kinds(c.case)) or "-"
        click.echo(f"{c.id}\t{partner}\t{current_step(c.case)}\t{docs}")


@click.command()
@click.argument("case_id", metavar="CASE")
@click.argument("kind_id", metavar="KIND", type=click.Choice(KINDS))
@workspace_option
@click.option("--json", "as_json", is_flag=True, default=True,
              help="Print JSON (the default and only format).")
@click.option("--date", "today", callback=date_option, metavar="DATE",
              help="Date for documents whose step has no date yet.")
def context(case_id: str, kind_id: str, workspace: Path, as_json: bool,
            today: dt.date | None) -> None:
    """Print what the template of KIND sees for CASE: {"template": ..., "context": {...}}."""
    from docgen.build.targets import BuildRequest, today_for
    from docgen.checks.catalog import unknown_rule
    from docgen.render.context import document_context
    from docgen.render.templates import find_template
    from docgen.workspace.lifecycle import kind
    from docgen.workspace.load import load_workspace

    ws = load_workspace(workspace, rule_check=unknown_rule)
    [case_file] = ws.require(case_id)
    day = today_for(BuildRequest(workspace, workspace, today=today))
    payload = {
        "template": str(find_template(Path(ws.root), kind(kind_id).template_name)),
        "context": document_context(ws, case_file, kind(kind_id), day),
    }
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new workspace in DIRECTORY with a commented example."""
    from docgen.workspace.scaffold import create_workspace

    for path in create_workspace(directory):
        click.echo(f"created {path}")


@click.command()
@click.option("--settings", is_flag=True, help="The schema of docgen.yaml instead of a case.")
@click.option("-w", "--workspace", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Add the focus areas this workspace declares "
                                 "(policy.focus_areas in its docgen.yaml).")
def schema(settings: bool, workspace: Path | None) -> None:
    """Print the JSON Schema of case files (or of docgen.yaml), for editors."""
    from docgen.checks.catalog import all_rules, unknown_rule
    from docgen.workspace.schema import json_schema

    declared: tuple[str, ...] = ()
    if workspace is not None:
        from docgen.workspace.load import load_workspace

        ws = load_workspace(workspace, only=set(), rule_check=unknown_rule)
        declared = tuple(ws.settings.policy.focus_areas)
    data = json_schema(settings, declared, all_rules())
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    click.echo()
