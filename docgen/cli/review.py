"""Review commands: `show` a DOCX file as text, `diff` two of them, optionally as a redline;
`approve` the current outputs and write the `review` page.

Thin click commands; the document modules (lxml) are imported when a command runs, so that
`docgen --help` stays fast. To read DOCX files as text in git diffs:

    git config diff.docx.textconv "docgen show"   # and in .gitattributes: *.docx diff=docx
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from docgen.workspace.kinds import KIND_IDS

_DATE_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%z"]


@click.command("show")
@click.argument("file", metavar="FILE.docx", type=click.Path(path_type=Path))
def show_command(file: Path) -> None:
    """Print the text of FILE.docx: body, tables (cells joined by " | "), headers and footers.

    As a git textconv driver it makes `git diff` show changes to DOCX files as text.
    """
    from docgen.docx.text import document_text

    click.echo(document_text(file), nl=False)


@click.command("diff")
@click.argument("old", metavar="OLD.docx", type=click.Path(path_type=Path))
@click.argument("new", metavar="NEW.docx", type=click.Path(path_type=Path))
@click.option("--redline", "redline_out", metavar="OUT.docx",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Also write NEW with Word tracked changes against OLD.")
@click.option("--color/--no-color", default=None,
              help="Colour the output.  [default: when stdout is a terminal]")
@click.option("-U", "--unified", "context", type=click.IntRange(min=0), default=3,
              show_default=True, help="Unchanged paragraphs to show around each change.")
@click.option("--author", default="docgen", show_default=True,
              help="Author of the tracked changes in the redline.")
@click.option("--date", type=click.DateTime(_DATE_FORMATS), metavar="DATE",
              help="Date of the tracked changes, e.g. 2024-05-01 or 2024-05-01T09:30:00Z "
                   "(no zone: UTC).  [default: $SOURCE_DATE_EPOCH, else now]")
@click.pass_context
def diff_command(ctx: click.Context, old: Path, new: Path, redline_out: Path | None,
                 color: bool | None, context: int, author: str, date: datetime | None) -> None:
    """Compare the text of two DOCX files paragraph by paragraph, word by word.

    Exit status: 0 when the texts are the same, 1 when they differ, 2 on trouble.
    """
    from docgen.clock import source_now
    from docgen.docx.text import read_paragraphs
    from docgen.errors import DocgenError, UsageError
    from docgen.review.diff import diff_paragraphs, has_changes, render_diff

    try:
        changes = diff_paragraphs(read_paragraphs(old), read_paragraphs(new))
        if redline_out is not None:
            from docgen.review.redline import write_redline

            stats = write_redline(old, new, redline_out, author=author,
                                  date=date or source_now())
            click.echo(f"{redline_out}: tracked changes in {stats.total} paragraphs "
                       f"({stats.inserted} inserted, {stats.deleted} deleted, "
                       f"{stats.changed} changed)", err=True)
    except DocgenError as e:  # trouble is exit status 2 for diff, as for diff(1)
        raise UsageError("\n".join(e.lines())) from None
    use_color = _stdout_wants_color() if color is None else color
    text = render_diff(changes, color=use_color, context=context,
                       old_label=str(old), new_label=str(new))
    click.echo(text, nl=False, color=use_color)
    ctx.exit(1 if has_changes(changes) else 0)


def _stdout_wants_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _output_options(func: Any) -> Any:
    func = click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
                        help="Output folder (default: WORKSPACE/output).")(func)
    return click.option("-w", "--workspace", type=click.Path(file_okay=False, path_type=Path),
                        default=Path("."), show_default=True,
                        help="The workspace folder (docgen.yaml and cases/).")(func)


@click.command("approve")
@_output_options
@click.option("--case", "cases", multiple=True, metavar="ID",
              help="Only this case (repeatable).")
@click.option("--doc", "docs", multiple=True, type=click.Choice(KIND_IDS), metavar="KIND",
              help="Only this document kind (repeatable).")
def approve_command(workspace: Path, output: Path | None, cases: tuple[str, ...],
                    docs: tuple[str, ...]) -> None:
    """Record the current outputs as approved: copies in OUTPUT/.approved/ that builds keep.

    The review page compares later outputs with these copies. The manifest
    (OUTPUT/.approved/.manifest.json) keeps each file's sha256 and the date of approval
    (SOURCE_DATE_EPOCH, else now).
    """
    from docgen.review.approval import ApproveRequest, approve

    out = output or workspace / "output"
    result = approve(ApproveRequest(workspace, out, cases, docs))
    for note in result.notes:
        click.echo(note, err=True)
    for rel in result.approved:
        click.echo(f"approved {out / rel}")
    for rel in result.unchanged:
        click.echo(f"already approved {out / rel}")


@click.command("review")
@_output_options
def review_command(workspace: Path, output: Path | None) -> None:
    """Write OUTPUT/review/index.html: every case and document, what changed since approval.

    Documents changed since approval get their word diff on the page and a redline (tracked
    changes) in OUTPUT/review/redlines/; check findings are shown with their case and
    document. Nothing is rebuilt: run docgen build first.
    """
    from docgen.review.compare import protocol_findings
    from docgen.review.page import ReviewRequest, review

    result = review(ReviewRequest(workspace, output or workspace / "output", protocol_findings))
    for note in result.notes:
        click.echo(note, err=True)
    click.echo(f"wrote {result.page} ({result.count('changed')} changed since approval, "
               f"{result.count('unapproved')} not yet approved, "
               f"{result.count('unchanged')} approved and unchanged, "
               f"{result.count('missing')} not built)")
