"""`docgen check` and `docgen rules`: the protocol checks."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from docgen.cli.options import date_option, report


class _RulesHelp(click.Command):
    """A command whose --help ends with the rule list, read from the registry when shown."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from docgen.checks.catalog import all_rules

        rules = sorted(all_rules().values(), key=lambda r: r.id)
        with formatter.section("Rules (docgen.yaml `rules:` sets each to error, warning or off)"):
            formatter.write_dl([(r.id, f"[{r.severity}] {r.explanation}") for r in rules])


@click.command(cls=_RulesHelp)
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--case", "cases", multiple=True, metavar="ID", help="Only this case (repeatable).")
@click.option("--as-of", "as_of", callback=date_option, metavar="DATE",
              help="The date deadlines are judged at, and of documents whose step has no date "
                   "yet (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="One line per finding and a summary, or a JSON list.")
def check(workspace: Path, cases: tuple[str, ...], as_of: dt.date | None, fmt: str) -> None:
    """Check each case's data and the documents it is due against the protocol rules.

    Documents are rendered in memory; nothing is written. Exit status 1 when an error
    remains that no waiver covers.
    """
    from docgen.checks.run import check_workspace

    findings = check_workspace(workspace, cases, as_of or dt.date.today())
    report(findings, fmt)
    if any(f.counts_as_error for f in findings):
        sys.exit(1)


@click.command()
def rules() -> None:
    """List the protocol rules: id, default severity, group and what each checks."""
    from docgen.checks.catalog import all_rules
    from docgen.checks.registry import GROUPS

    for r in sorted(all_rules().values(), key=lambda r: r.id):
        click.echo(f"{r.id}\t{r.severity}\t{GROUPS[r.group]}\t{r.explanation}")
