"""The submission to Sister Cities International: DIR/CASE/sci-registration-packet.pdf.

SCI registers a signed agreement, not a typed one: without a scan named by
`agreement.signed_copy` (or one per language version, `agreement.signed_copies`) the packet
is refused in one line. The packet holds the cover letter, then exactly the enclosures its
letter lists (`docgen.render.submission.sci_enclosures`): the signed scans, the council's
resolution or minutes (`agreement.council_record`) and the registration summary sheet. A
missing council record or an absent or lapsed SCI membership is a warning: SCI recognizes
members in good standing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from docgen.build.targets import SCI_PACKET, BuildRequest, today_for
from docgen.errors import InputError, Problem
from docgen.files import atomic_write
from docgen.pdf.document import Part, Section, assemble, open_pdf, outline_page
from docgen.pdf.packets import (
    PacketRequest,
    PacketResult,
    _unknown_rule,
    page_count,
    render_document,
)
from docgen.render.context import format_date
from docgen.render.submission import SUMMARY_TITLE, language_versions_present, sci_enclosures
from docgen.workspace.load import load_workspace
from docgen.workspace.model import CaseFile, Workspace

LETTER = "sci-registration"


def sci_packet(request: PacketRequest, case_id: str) -> PacketResult:
    """DIR/CASE/sci-registration-packet.pdf: the letter, then what it lists as enclosed."""
    ws = load_workspace(request.workspace, rule_check=_unknown_rule())
    [case_file] = ws.require(case_id)
    case = case_file.case
    agreement = case.agreement
    if case.history.signed is None:
        raise InputError([Problem(case_file.path, case_file.line_of("history"), "history.signed",
                                  "the agreement has not been signed: SCI registers a signed "
                                  "agreement")])
    if not agreement.signed_copy and not agreement.signed_copies:
        raise InputError([Problem(case_file.path, case_file.line_of("agreement"),
                                  "agreement.signed_copy",
                                  "no scan of the signed agreement: SCI registers the signed "
                                  "agreement, not a typed one (agreement.signed_copy: "
                                  f"scans/{case_id}-signed.pdf)")])
    day = today_for(BuildRequest(request.workspace, request.output, today=request.today))
    style = ws.settings.date_style
    enclosures = sci_enclosures(case, lambda d: format_date(d, style),
                                language_versions_present(ws, case_file))
    files = {e.title: inside(ws, case_file, e.file, e.key) for e in enclosures
             if e.file is not None or e.key}
    warnings = submission_warnings(ws, case_file, (case.history.registered or day))
    with tempfile.TemporaryDirectory(prefix="docgen-packet-") as tmp:
        docx = Path(tmp) / case_id / f"{LETTER}.docx"
        render_document(ws, case_file, LETTER, day, docx)
        request.convert([(docx, docx.with_suffix(".pdf"))])
        letter = open_pdf(docx.with_suffix(".pdf"), f"{case_id}/{LETTER}.pdf (cover letter)")
        at = outline_page(letter, SUMMARY_TITLE)
        if at is None or not 0 < at < len(letter.pages):
            at = len(letter.pages) - 1  # a workspace template without the heading: last page
        parts = [Part("Cover letter", letter, 0, at)]
        for enclosure in enclosures:
            if enclosure.file is None and not enclosure.key:
                parts.append(Part(enclosure.title, letter, at))
            else:
                parts.append(Part(enclosure.title,
                                  open_pdf(files[enclosure.title], enclosure.file)))
        signed = case.history.registered or day
        data = assemble(None, [Section("", tuple(parts))], stamp=False,
                        title=f"Registration with Sister Cities International: "
                              f"{ws.settings.home.city} and {case.partner.city}", day=signed)
    path = request.output / case_id / SCI_PACKET
    atomic_write(path, data)
    return PacketResult(path, page_count(data), warnings)


def inside(ws: Workspace, case_file: CaseFile, name: str | None,
           key: tuple[str, ...]) -> Path:
    """A file the case names, resolved inside the workspace; else one line naming the key."""
    shown = ".".join(key)
    where = (case_file.path, case_file.line_of(*key), shown)
    if not name:
        raise InputError([Problem(*where, f"no scan named for this language version; name "
                                          f"one (e.g. scans/{case_file.id}-{key[-1]}.pdf)")])
    root = Path(ws.root).resolve()
    path = (root / name).resolve()
    if Path(name).is_absolute() or not path.is_relative_to(root):
        raise InputError([Problem(*where, f"refused: {name} is outside the workspace; name a "
                                          "file inside it, e.g. scans/signed.pdf")])
    if not path.is_file():
        raise InputError([Problem(*where, f"{name} not found: the letter lists it as "
                                          "enclosed")])
    return path


def submission_warnings(ws: Workspace, case_file: CaseFile, day: dt.date) -> list[str]:
    """What SCI asks for that the case does not show: the council record, a membership in
    good standing on the date of submission."""
    out: list[str] = []
    case = case_file.case
    if not case.agreement.council_record:
        out.append(str(Problem(case_file.path, case_file.line_of("agreement"), None,
                               "warning: no record of the council approval enclosed "
                               "(agreement.council_record: the resolution or minutes, e.g. "
                               f"records/{case_file.id}-resolution.pdf); SCI asks for it")))
    membership = ws.settings.home.sci_membership
    style = ws.settings.date_style
    if membership is None:
        out.append(str(Problem("docgen.yaml", ws.settings_lines.get(("home",), 1), None,
                               "warning: no SCI membership recorded (home.sci_membership: "
                               "member, number, dues_through); SCI recognizes the "
                               "relationships of members in good standing")))
    elif membership.dues_through is None or membership.dues_through < day:
        through = (f"dues are paid through {format_date(membership.dues_through, style)}"
                   if membership.dues_through else "no dues date is recorded")
        out.append(str(Problem("docgen.yaml", ws.settings_lines.get(
            ("home", "sci_membership"), 1), None,
            f"warning: SCI membership not in good standing on "
            f"{format_date(day, style)}: {through} (home.sci_membership.dues_through)")))
    return out
