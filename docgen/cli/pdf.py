"""`docgen packet council|commission|sci`, `docgen form` and `docgen intake`: the PDF commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from docgen.cli.options import date_option, workspace_option


@click.group()
def packet() -> None:
    """One PDF per council meeting, or per registration with Sister Cities International."""


def _packet_options(func: Any) -> Any:
    func = click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
                        help="Output folder (default: WORKSPACE/output).")(func)
    return workspace_option(func)


@packet.command()
@click.argument("meeting", metavar="DATE", callback=date_option)
@_packet_options
def council(meeting: dt.date, workspace: Path, output: Path | None) -> None:
    """DIR/packets/council-DATE.pdf: agenda cover, then per item its staff report, draft
    resolution and attachments, all as they stood on DATE."""
    from docgen.checks.run import case_findings
    from docgen.pdf.packets import PacketRequest, council_packet

    request = PacketRequest(workspace, output or workspace / "output",
                            findings=case_findings(meeting))
    result = council_packet(request, meeting)
    click.echo(f"wrote {result.path} ({result.pages} pages)")


@packet.command()
@click.argument("meeting", metavar="DATE", callback=date_option)
@_packet_options
def commission(meeting: dt.date, workspace: Path, output: Path | None) -> None:
    """DIR/packets/commission-DATE.pdf: inquiries due, each case's next step, and a research
    brief per city under research, as of DATE."""
    from docgen.pdf.commission import commission_packet
    from docgen.pdf.packets import PacketRequest

    result = commission_packet(PacketRequest(workspace, output or workspace / "output"),
                               meeting)
    click.echo(f"wrote {result.path} ({result.pages} pages)")


@packet.command()
@click.argument("case_id", metavar="CASE")
@_packet_options
@click.option("--date", "day", metavar="DATE", callback=date_option,
              help="The date of the letter (default: the registration date, else today).")
def sci(case_id: str, workspace: Path, output: Path | None, day: dt.date | None) -> None:
    """DIR/CASE/sci-registration-packet.pdf: the cover letter, the signed agreement, the
    council record and the registration summary."""
    from docgen.pdf.packets import PacketRequest
    from docgen.pdf.sci import sci_packet

    result = sci_packet(PacketRequest(workspace, output or workspace / "output", today=day),
                        case_id)
    for warning in result.warnings:
        click.echo(warning, err=True)
    click.echo(f"wrote {result.path} ({result.pages} pages)")


@click.command()
@click.argument("case_id", metavar="CASE", required=False)
@workspace_option
@click.option("--blank", is_flag=True, help="An empty form, to send abroad.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The PDF to write.")
def form(case_id: str | None, workspace: Path, blank: bool, output: Path) -> None:
    """A fillable Request for a Sister City form (PDF), pre-filled from CASE or --blank."""
    from docgen.errors import UsageError
    from docgen.pdf.form import write_form

    if blank == (case_id is not None):
        raise UsageError("give either a CASE or --blank")
    click.echo(f"wrote {write_form(workspace, case_id, output)}")


@click.command()
@click.argument("pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the case file here (default: print it).")
def intake(pdf: Path, output: Path | None) -> None:
    """Read a filled Request for a Sister City form back into a case file (YAML)."""
    from docgen.pdf.form import intake as read_intake

    text = read_intake(pdf, output)
    if output is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {output}", err=True)
