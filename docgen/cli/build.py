"""`docgen build` and `docgen watch`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from docgen.cli.options import build_options, report


@click.command()
@build_options
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
    from docgen.build.parallel import default_jobs
    from docgen.build.run import build as run_build
    from docgen.build.targets import BuildRequest

    then = None  # the build's last step, under its lock
    if pdf:
        from docgen.pdf.convert import convert_outdated

        then = convert_outdated
    request = BuildRequest(workspace, output or workspace / "output", cases, docs, today,
                           force, dry_run, jobs or default_jobs(), then)
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
        report(result.findings, "text", err=True)
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


@click.command()
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: WORKSPACE/output).")
def watch(workspace: Path, output: Path | None) -> None:
    """Rebuild on every change to the workspace (Ctrl-C to stop)."""
    from docgen.build.watch import watch_and_build

    watch_and_build(workspace, output or workspace / "output",
                    lambda line: click.echo(line, err=True))
