"""Packets for a meeting: the council's agenda packet and the commission's, true as of it.

A packet for meeting D is rendered from the cases as they stood on D
(`docgen.workspace.lifecycle.as_of`): the steps recorded before D only (and on D those the
meeting does not itself decide), so the MOU attached is unsigned with its date and
signature lines blank, and the protocol findings are computed as of D. Every document is
stamped with D, not with today, so regenerating a past packet gives the same bytes as on
the day. Documents are rendered straight from their templates, converted with one warm
LibreOffice, opened through `pdfdoc.open_pdf` and assembled with bookmarks; protocol
findings come from a `FindingSource`, a plain function, so the rules engine plugs in without
this module knowing it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError
from docgen.files import atomic_write
from docgen.pdf.convert import convert_all
from docgen.pdf.covers import agenda_cover
from docgen.pdf.document import Part, Section, assemble, open_pdf
from docgen.pdf.staff import agenda_subject, staff_part
from docgen.render.context import document_context, format_date
from docgen.render.document import render_docx
from docgen.render.templates import find_template, shown_template
from docgen.workspace.lifecycle import as_of, kind
from docgen.workspace.load import load_workspace
from docgen.workspace.model import CaseFile, Workspace

# (workspace, case) -> findings; each finding is printed with str()
FindingSource = Callable[[Workspace, CaseFile], Sequence[object]]
# [(docx, pdf)] -> the PDFs written
ConvertFn = Callable[[Sequence[tuple[Path, Path]]], list[Path]]

STAFF_REPORT = "staff-report"
# the staff report's lettered attachments: (kind, title)
COUNCIL_ATTACHMENTS = (("resolution", "Draft Resolution"),
                       ("mou", "Memorandum of Understanding"),
                       ("tentative-agreement", "Tentative Agreement"),
                       ("request-form", "Request for a Sister City form"))


class PacketError(DocgenError):
    """A packet that cannot be made (nothing on the agenda, a bad attachment)."""


def no_findings(_ws: Workspace, _case: CaseFile) -> list[object]:
    return []


@dataclass
class PacketResult:
    path: Path
    pages: int
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PacketRequest:
    workspace: Path
    output: Path  # DIR: meeting packets go to DIR/packets/, SCI packets to DIR/CASE/
    today: dt.date | None = None
    findings: FindingSource = no_findings
    convert: ConvertFn = convert_all


def workspace_as_of(ws: Workspace, day: dt.date, before: Collection[str] = ()) -> Workspace:
    """The workspace with every case as it stood on `day` (see `lifecycle.as_of`); cases
    not begun by then (an inquiry received later) are left out."""
    cases = tuple(replace(c, case=as_of(c.case, day, before=before)) for c in ws.cases
                  if c.case.inquiry is None or c.case.inquiry.received <= day)
    return replace(ws, cases=cases)


def render_document(ws: Workspace, case_file: CaseFile, kind_id: str, day: dt.date,
                    dest: Path, findings: Sequence[object] = ()) -> Path:
    """`kind_id` for `case_file`, dated by its step or else `day`, stamped `day`; marked
    DRAFT when `findings` hold errors for it."""
    from docgen.checks.draft import mark_draft
    from docgen.checks.registry import Finding
    from docgen.checks.run import draft_message

    root = Path(ws.root)
    doc_kind = kind(kind_id)
    template = find_template(root, doc_kind.template_name)
    context = document_context(ws, case_file, doc_kind, day)
    data = render_docx(template, shown_template(template, root), context, doc_kind.title,
                       stamp(day))
    message = draft_message([f for f in findings if isinstance(f, Finding)], case_file.id,
                            kind_id)
    if message is not None:
        data = mark_draft(data, message)
    atomic_write(dest, data)
    return dest


def stamp(day: dt.date) -> dt.datetime:
    """A packet's documents carry the meeting's date, whatever today is."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def council_packet(request: PacketRequest, meeting: dt.date) -> PacketResult:
    """DIR/packets/council-DATE.pdf: a cover with the agenda, then per item its staff report,
    the draft resolution and the supporting documents, all as of the meeting."""
    loaded = load_workspace(request.workspace, rule_check=_unknown_rule())
    ws = workspace_as_of(loaded, meeting, before=("council_approval",))
    items = [c for c in ws.cases if c.case.agreement.council_meeting == meeting]
    if not items:
        raise PacketError(f"no agenda items for the council meeting of {meeting.isoformat()} "
                          f"(no case has agreement.council_meeting: {meeting.isoformat()})")
    with tempfile.TemporaryDirectory(prefix="docgen-packet-") as tmp:
        folder = Path(tmp)
        plan: list[tuple[CaseFile, list[tuple[str, str]]]] = []
        jobs: list[tuple[Path, Path]] = []
        for number, case_file in enumerate(items, start=1):
            findings = request.findings(ws, case_file)
            attached = [(k, t) for k, t in COUNCIL_ATTACHMENTS if kind(k).is_due(case_file.case)]
            base = folder / case_file.id
            for kind_id, _ in attached:
                render_document(ws, case_file, kind_id, meeting, base / f"{kind_id}.docx",
                                findings)
            context = staff_context(ws, case_file, number, meeting, None, findings,
                                    [t for _, t in attached])
            render_staff_report(ws, context, meeting, base / f"{STAFF_REPORT}.docx")
            plan.append((case_file, [(STAFF_REPORT, "Staff report"),
                                     *[(k, f"{chr(65 + i)}. {t}")
                                       for i, (k, t) in enumerate(attached)]]))
            jobs += [(base / f"{k}.docx", base / f"{k}.pdf") for k, _ in plan[-1][1]]
        request.convert(jobs)
        sections = [Section(f"Item {number}: {agenda_subject(case_file)}",
                            tuple(Part(title, open_pdf(folder / case_file.id / f"{k}.pdf",
                                                       f"{case_file.id}/{k}.pdf ({title}, "
                                                       f"item {number})"))
                                  for k, title in parts))
                    for number, (case_file, parts) in enumerate(plan, start=1)]
        heading = meeting_heading(ws, meeting)
        cover = agenda_cover(f"City of {ws.settings.home.city}",
                             f"City Council · Regular Meeting · {heading}",
                             "Agenda packet: sister city items", sections)
        data = assemble(cover, sections, stamp=True,
                        title=f"City Council agenda packet, {heading}", day=meeting)
    path = request.output / "packets" / f"council-{meeting.isoformat()}.pdf"
    atomic_write(path, data)
    return PacketResult(path, page_count(data))


def staff_context(ws: Workspace, case_file: CaseFile, number: int, meeting: dt.date,
                  day: dt.date | None = None, findings: Sequence[object] = (),
                  attachments: Sequence[str] | None = None) -> dict[str, Any]:
    """Everything the staff report's template sees: the MOU's context, dated `day` (default:
    the meeting), and `staff` (`docgen.pdf.staff.staff_part`)."""
    day = day or meeting
    if attachments is None:
        attachments = [t for k, t in COUNCIL_ATTACHMENTS if kind(k).is_due(case_file.case)]
    context = document_context(ws, case_file, kind("mou"), day)
    context["doc"] = {**context["doc"], "kind": STAFF_REPORT, "title": "Staff Report",
                      "date": format_date(day, ws.settings.date_style),
                      "date_iso": day.isoformat()}
    context["staff"] = staff_part(ws, case_file, number, meeting, findings, attachments)
    return context


def render_staff_report(ws: Workspace, context: dict[str, Any], meeting: dt.date,
                        dest: Path) -> None:
    root = Path(ws.root)
    template = find_template(root, STAFF_REPORT)
    data = render_docx(template, shown_template(template, root), context, "Staff Report",
                       stamp(meeting))
    atomic_write(dest, data)


def meeting_heading(ws: Workspace, day: dt.date) -> str:
    weekday = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
               "Sunday")[day.weekday()]
    return f"{weekday}, {format_date(day, ws.settings.date_style)}"


def page_count(data: bytes) -> int:
    from docgen.pdf.document import read_pdf

    return len(read_pdf(data, "packet").pages)


def _unknown_rule() -> Callable[[str], str | None]:
    from docgen.checks.catalog import unknown_rule

    return unknown_rule
