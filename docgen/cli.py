"""The command line: thin click commands. Heavy modules are imported inside the commands.

Every expected failure is a DocgenError; `DocgenGroup.invoke` turns it into one line per
problem on stderr and its exit status, in this one place.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from docgen import __version__
from docgen.errors import DocgenError

KINDS = ("letter-of-introduction", "inquiry-response", "request-form", "tentative-agreement",
         "mou", "mou-partner", "sci-registration")  # kept in step with lifecycle.KIND_IDS by a test


class DocgenGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DocgenError as exc:
            for line in exc.lines():
                click.echo(line, err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:  # the file system said no: one line, not a traceback
            where = exc.filename or ctx.invoked_subcommand or "docgen"
            click.echo(f"{where}: {exc.strerror or exc}", err=True)
            ctx.exit(1)


def _workspace_option(func: Any) -> Any:
    return click.option("-w", "--workspace", type=click.Path(file_okay=False, path_type=Path),
                        default=Path("."), show_default=True,
                        help="The workspace folder (docgen.yaml and cases/).")(func)


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date such as 2027-02-01") from None


@click.group(cls=DocgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def main() -> None:
    """docgen: the documents of a sister-city partnership, from first letter to registration."""


def _build_options(func: Any) -> Any:
    options = [
        click.argument("workspace", type=click.Path(file_okay=False, path_type=Path),
                       default="."),
        click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
                     help="Output folder (default: WORKSPACE/output)."),
        click.option("--case", "cases", multiple=True, metavar="ID",
                     help="Only this case (repeatable)."),
        click.option("--doc", "docs", multiple=True, type=click.Choice(KINDS), metavar="KIND",
                     help=f"Only this document kind (repeatable): {', '.join(KINDS)}."),
        click.option("--date", "today", callback=_date, metavar="DATE",
                     help="Date for documents whose step has no date yet (default: today, "
                          "or SOURCE_DATE_EPOCH)."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
                     help="Worker processes (default: the number of cores)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@main.command()
@_build_options
@click.option("--explain", is_flag=True, help="Say why each document is rebuilt or removed.")
@click.option("-n", "--dry-run", is_flag=True, help="Show what would be done; write nothing.")
@click.option("--force", is_flag=True, help="Rebuild every document, up to date or not.")
@click.option("--pdf", is_flag=True,
              help="Also write a PDF beside each DOCX (LibreOffice), where missing or older.")
def build(workspace: Path, output: Path | None, cases: tuple[str, ...], docs: tuple[str, ...],
          today: dt.date | None, jobs: int | None, explain: bool, dry_run: bool,
          force: bool, pdf: bool) -> None:
    """Render every document each case is due into OUTPUT/<case>/<kind>.docx.

    Only what changed is rebuilt: a document whose inputs (case, home profile, template,
    docgen version) are unchanged is left alone, and a rebuilt document whose bytes are
    unchanged keeps its file and mtime. Outputs of deleted cases and documents no longer
    due are removed.
    """
    from docgen.build import BuildRequest
    from docgen.build import build as run_build
    from docgen.parallel import default_jobs

    request = BuildRequest(workspace, output or workspace / "output", cases, docs, today,
                           force, dry_run, jobs or default_jobs(), pdf)
    result = _with_progress(lambda progress: run_build(request, progress))
    for note in result.notes:
        click.echo(note, err=True)
    for action in result.actions:
        path = Path(request.output) / action.target.relpath()
        verb = {"written": "wrote", "unchanged": "unchanged", "removed": "removed"}.get(
            action.outcome, f"would {action.verb}")
        if explain or dry_run:
            click.echo(f"{verb} {path}: {'; '.join(action.reasons)}")
        elif action.outcome in ("written", "removed"):
            click.echo(f"{verb} {path}")
    for path in result.pdfs:
        click.echo(f"wrote {path}")
    click.echo(_summary(result, dry_run), err=True)
    if result.findings:
        _report(result.findings, "text", err=True)
    if any(f.counts_as_error for f in result.findings):
        sys.exit(1)


def _with_progress(task: Any) -> Any:
    """Run task(progress) with a progress bar on a terminal, quietly otherwise."""
    if not sys.stderr.isatty():
        return task(None)
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="rendering", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        return task(progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def _summary(result: Any, dry_run: bool) -> str:
    if dry_run:
        builds = sum(a.verb == "build" for a in result.actions)
        removes = sum(a.verb == "remove" for a in result.actions)
        return f"dry run: {builds} to build, {removes} to remove; nothing written"
    counts = {k: len(result.paths(k)) for k in ("written", "unchanged", "removed")}
    if not any(counts.values()):
        return "everything is up to date"
    return (f"{counts['written']} written, {counts['unchanged']} rebuilt with the same bytes, "
            f"{counts['removed']} removed")


class _RulesHelp(click.Command):
    """A command whose --help ends with the rule list, read from the registry when shown."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from docgen.checks import all_rules

        rules = sorted(all_rules().values(), key=lambda r: r.id)
        with formatter.section("Rules (docgen.yaml `rules:` sets each to error, warning or off)"):
            formatter.write_dl([(r.id, f"[{r.severity}] {r.explanation}") for r in rules])


def _report(findings: list[Any], fmt: str, err: bool = False) -> None:
    """Findings as `location: severity RULE: message` lines and a summary, or as JSON."""
    from docgen.checks import summary

    if fmt == "json":
        click.echo(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2),
                   err=err)
        return
    for finding in findings:
        click.echo(str(finding), err=err)
    click.echo(summary(findings), err=err)


@main.command(cls=_RulesHelp)
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--case", "cases", multiple=True, metavar="ID", help="Only this case (repeatable).")
@click.option("--as-of", "as_of", callback=_date, metavar="DATE",
              help="The date deadlines are judged at, and of documents whose step has no date "
                   "yet (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="One line per finding and a summary, or a JSON list.")
def check(workspace: Path, cases: tuple[str, ...], as_of: dt.date | None, fmt: str) -> None:
    """Check each case's data and the documents it is due against the protocol rules.

    Documents are rendered in memory; nothing is written. Exit status 1 when an error
    remains that no waiver covers.
    """
    from docgen.checks import check_workspace

    findings = check_workspace(workspace, cases, as_of or dt.date.today())
    _report(findings, fmt)
    if any(f.counts_as_error for f in findings):
        sys.exit(1)


@main.command()
def rules() -> None:
    """List the protocol rules: id, default severity, group and what each checks."""
    from docgen.checks import all_rules
    from docgen.checks.registry import GROUPS

    for r in sorted(all_rules().values(), key=lambda r: r.id):
        click.echo(f"{r.id}\t{r.severity}\t{GROUPS[r.group]}\t{r.explanation}")


@main.command()
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: WORKSPACE/output).")
def watch(workspace: Path, output: Path | None) -> None:
    """Rebuild on every change to the workspace (Ctrl-C to stop)."""
    from docgen.watch import watch_and_build

    watch_and_build(workspace, output or workspace / "output",
                    lambda line: click.echo(line, err=True))


@main.command(name="list")
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=".")
def list_cases(workspace: Path) -> None:
    """Each case, its current step, and the documents it is due."""
    from docgen.lifecycle import current_step, due_kinds
    from docgen.load import load_workspace

    ws = load_workspace(workspace)
    if not ws.cases:
        click.echo("no cases (add cases/<id>.yaml)")
    for c in ws.cases:
        partner = f"{c.case.partner.city}, {c.case.partner.country}"
        docs = ", ".join(k.id for k in due_kinds(c.case)) or "-"
        click.echo(f"{c.id}\t{partner}\t{current_step(c.case)}\t{docs}")


@main.command()
@click.argument("case_id", metavar="CASE")
@click.argument("kind_id", metavar="KIND", type=click.Choice(KINDS))
@_workspace_option
@click.option("--json", "as_json", is_flag=True, default=True,
              help="Print JSON (the default and only format).")
@click.option("--date", "today", callback=_date, metavar="DATE",
              help="Date for documents whose step has no date yet.")
def context(case_id: str, kind_id: str, workspace: Path, as_json: bool,
            today: dt.date | None) -> None:
    """Print what the template of KIND sees for CASE: {"template": ..., "context": {...}}."""
    from docgen.build import BuildRequest, today_for
    from docgen.context import document_context
    from docgen.lifecycle import kind
    from docgen.load import load_workspace
    from docgen.render import find_template

    ws = load_workspace(workspace)
    [case_file] = ws.require(case_id)
    day = today_for(BuildRequest(workspace, workspace, today=today))
    payload = {
        "template": str(find_template(Path(ws.root), kind(kind_id).template_name)),
        "context": document_context(ws, case_file, kind(kind_id), day),
    }
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new workspace in DIRECTORY with a commented example."""
    from docgen.scaffold import create_workspace

    for path in create_workspace(directory):
        click.echo(f"created {path}")


@main.command()
@click.option("--settings", is_flag=True, help="The schema of docgen.yaml instead of a case.")
def schema(settings: bool) -> None:
    """Print the JSON Schema of case files (or of docgen.yaml), for editors."""
    from docgen.model import Case, Settings

    model = Settings if settings else Case
    data = model.model_json_schema(by_alias=True)
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "docgen settings (docgen.yaml)" if settings else "docgen case file"
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    click.echo()


@main.group()
def packet() -> None:
    """One PDF per council meeting, or per registration with Sister Cities International."""


def _packet_options(func: Any) -> Any:
    func = click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
                        help="Output folder (default: WORKSPACE/output).")(func)
    return _workspace_option(func)


@packet.command()
@click.argument("meeting", metavar="DATE", callback=_date)
@_packet_options
def council(meeting: dt.date, workspace: Path, output: Path | None) -> None:
    """DIR/packets/council-DATE.pdf: agenda cover, then per item its staff report and MOU."""
    from docgen.checks import case_findings
    from docgen.packets import PacketRequest, council_packet

    request = PacketRequest(workspace, output or workspace / "output",
                            findings=case_findings(dt.date.today()))
    result = council_packet(request, meeting)
    click.echo(f"wrote {result.path} ({result.pages} pages)")


@packet.command()
@click.argument("case_id", metavar="CASE")
@_packet_options
def sci(case_id: str, workspace: Path, output: Path | None) -> None:
    """DIR/CASE/sci-registration.pdf: cover letter, form, MOU and the signed scan."""
    from docgen.packets import PacketRequest, sci_packet

    result = sci_packet(PacketRequest(workspace, output or workspace / "output"), case_id)
    for warning in result.warnings:
        click.echo(warning, err=True)
    click.echo(f"wrote {result.path} ({result.pages} pages)")


@main.command()
@click.argument("case_id", metavar="CASE", required=False)
@_workspace_option
@click.option("--blank", is_flag=True, help="An empty form, to send abroad.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The PDF to write.")
def form(case_id: str | None, workspace: Path, blank: bool, output: Path) -> None:
    """A fillable Request for a Sister City form (PDF), pre-filled from CASE or --blank."""
    from docgen.errors import UsageError
    from docgen.form import write_form

    if blank == (case_id is not None):
        raise UsageError("give either a CASE or --blank")
    click.echo(f"wrote {write_form(workspace, case_id, output)}")


@main.command()
@click.argument("pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the case file here (default: print it).")
def intake(pdf: Path, output: Path | None) -> None:
    """Read a filled Request for a Sister City form back into a case file (YAML)."""
    from docgen.form import intake as read_intake

    text = read_intake(pdf, output)
    if output is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {output}", err=True)


def _register_review_commands() -> None:
    from docgen.cli_review import approve_command, diff_command, review_command, show_command

    for command in (show_command, diff_command, approve_command, review_command):
        main.add_command(command)


_register_review_commands()
