"""`docgen translations`: the translators' catalogs of the agreements, created or updated."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--lang", "code", required=True, metavar="LANG",
              help="The language of the catalog (a BCP 47 code: lo, ur, ja, es...).")
@click.option("--case", "case_ids", multiple=True, metavar="ID",
              help="Only these cases' own strings (default: every case whose agreement is "
                   "done in LANG).")
def translations(workspace: Path, code: str, case_ids: tuple[str, ...]) -> None:
    """Create or update WORKSPACE/translations/LANG.po the way msgmerge does: the agreements'
    clauses, each case's own strings and (for cases with letters_translated) the letters'
    courtesy translation, translations kept, changed English marked fuzzy,
    unused entries made obsolete."""
    from docgen.checks.catalog import unknown_rule
    from docgen.errors import InputError, Problem
    from docgen.render.clauses import bundled_sources
    from docgen.render.versions import case_key, sources_for
    from docgen.workspace.languages import language_problem
    from docgen.workspace.load import load_workspace
    from docgen.workspace.translations import Source, merge

    problem = language_problem(code)
    if problem is not None:
        raise InputError([Problem("--lang", None, None, problem)])
    ws = load_workspace(workspace, rule_check=unknown_rule)
    cases = ws.require(*case_ids) if case_ids else [
        c for c in ws.cases if code in c.case.agreement.languages]
    sources = [Source(ctx, text, comment) for ctx, text, comment in bundled_sources()]
    prefill: dict[str, str] = {}
    for case_file in cases:
        sources += sources_for(ws, case_file)
        partner = case_file.case.partner
        if partner.local_name and partner.languages and partner.languages[0] == code:
            prefill[case_key(case_file.id, "partner.city")] = partner.local_name
    if any(c.case.letters_translated for c in cases):  # the letters' courtesy translation
        from docgen.render.letters_text import letter_sources

        sources += letter_sources()
    report = merge(Path(ws.root), code, sources, prefill)
    verb = "created" if report.created else "updated"
    click.echo(f"{verb} {report.path}: {len(report.added)} added, {len(report.fuzzy)} marked "
               f"fuzzy, {len(report.obsolete)} made obsolete")
    for label, items in (("added", report.added), ("fuzzy", report.fuzzy),
                         ("obsolete", report.obsolete)):
        for ctx in items:
            click.echo(f"  {label}: {ctx}")
