"""The command line: thin click commands, one module per family. Heavy modules are imported
inside the commands.

Every expected failure is a DocgenError; `DocgenGroup.invoke` turns it into one line per
problem on stderr and its exit status, in this one place.
"""

from __future__ import annotations

from typing import Any

import click

from docgen import __version__
from docgen.cli import build, check, pdf, review, template, translations, workspace
from docgen.errors import DocgenError, one_line


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
            click.echo(one_line(f"{where}: {exc.strerror or exc}"), err=True)
            ctx.exit(1)


@click.group(cls=DocgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def main() -> None:
    """docgen: the documents of a sister-city partnership, from first letter to registration."""


for command in (build.build, build.watch, check.check, check.rules, workspace.list_cases,
                workspace.context, workspace.init, workspace.schema, pdf.packet, pdf.form,
                pdf.intake, review.show_command, review.diff_command, review.approve_command,
                review.review_command, template.template, translations.translations):
    main.add_command(command)
