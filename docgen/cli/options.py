"""Options and output helpers the command families share."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from docgen.workspace.kinds import KIND_IDS

KINDS = KIND_IDS  # the lifecycle's kinds, read without importing the lifecycle


def workspace_option(func: Any) -> Any:
    return click.option("-w", "--workspace", type=click.Path(file_okay=False, path_type=Path),
                        default=Path("."), show_default=True,
                        help="The workspace folder (docgen.yaml and cases/).")(func)


def date_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date such as 2027-02-01") from None


def build_options(func: Any) -> Any:
    options = [
        click.argument("workspace", type=click.Path(file_okay=False, path_type=Path),
                       default="."),
        click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
                     help="Output folder (default: WORKSPACE/output)."),
        click.option("--case", "cases", multiple=True, metavar="ID",
                     help="Only this case (repeatable)."),
        click.option("--doc", "docs", multiple=True, type=click.Choice(KINDS), metavar="KIND",
                     help=f"Only this document kind (repeatable): {', '.join(KINDS)}."),
        click.option("--date", "today", callback=date_option, metavar="DATE",
                     help="Date for documents whose step has no date yet (default: today, "
                          "or SOURCE_DATE_EPOCH)."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
                     help="Worker processes (default: the number of cores)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def report(findings: list[Any], fmt: str, err: bool = False) -> None:
    """Findings as `location: severity RULE: message` lines and a summary, or as JSON."""
    from docgen.checks.run import summary

    if fmt == "json":
        click.echo(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2),
                   err=err)
        return
    from docgen.errors import one_line

    for finding in findings:
        click.echo(one_line(str(finding)), err=err)
    click.echo(summary(findings), err=err)
