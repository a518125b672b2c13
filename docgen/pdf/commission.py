"""The commission's packet for its meeting D, as of D: the inquiries due (an inquiry is
discussed within policy.inquiry_meetings commission meetings of its receipt, seed 000),
each case's step and next step, and a research brief per city under research.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docgen.pdf.covers import agenda_cover, text_sheet
from docgen.pdf.document import Part, Section, assemble, open_pdf, read_pdf
from docgen.pdf.packets import (
    PacketError,
    PacketRequest,
    PacketResult,
    _unknown_rule,
    meeting_heading,
    page_count,
    render_document,
    workspace_as_of,
)
from docgen.render.context import format_date, number_words
from docgen.workspace.lifecycle import current_step
from docgen.workspace.load import load_workspace
from docgen.workspace.model import Case, CaseFile, Workspace

BRIEF = "research-brief"
# what comes after each step, as the commission would put it on its list
NEXT_STEPS = (
    ("responded", "Answer the inquiry in writing"),
    ("introduction_sent", "Send the Mayor's letter of introduction"),
    ("request_form_received", "Obtain the completed Request for a Sister City form"),
    ("tentative_agreement", "Confirm the focus areas in a tentative agreement"),
    ("council_approval", "Send the Memorandum of Understanding to the City Council"),
    ("signed", "Have both Mayors sign the Memorandum"),
    ("registered", "Register the relationship with Sister Cities International"),
)


@dataclass(frozen=True)
class InquiryDue:
    case_file: CaseFile
    received: dt.date
    last: dt.date | None  # the last meeting in time; None: beyond the calendar
    left: int  # meetings left to discuss it in time, this one included


def commission_packet(request: PacketRequest, meeting: dt.date) -> PacketResult:
    """DIR/packets/commission-DATE.pdf."""
    loaded = load_workspace(request.workspace, rule_check=_unknown_rule())
    if meeting not in loaded.settings.meetings.commission:
        raise PacketError(f"{meeting.isoformat()} is not a commission meeting "
                          "(meetings.commission in docgen.yaml)")
    ws = workspace_as_of(loaded, meeting, before=("researched",))
    full = {c.id: c.case for c in loaded.cases}
    due = inquiries_due(ws, meeting)
    briefs = [c for c in ws.cases if under_research(c.case, full[c.id], meeting)]
    heading = meeting_heading(ws, meeting)
    style = ws.settings.date_style
    with tempfile.TemporaryDirectory(prefix="docgen-packet-") as tmp:
        folder = Path(tmp)
        for case_file in briefs:
            render_document(ws, case_file, BRIEF, meeting, folder / case_file.id / f"{BRIEF}.docx")
        request.convert([(folder / c.id / f"{BRIEF}.docx", folder / c.id / f"{BRIEF}.pdf")
                         for c in briefs])
        status = read_pdf(status_sheet(ws, meeting, due), "status sheet")
        sections = [Section("Item 1: Inquiries due and the cases in progress",
                            (Part("Inquiries due and the cases in progress", status),))]
        for number, case_file in enumerate(briefs, start=2):
            partner = case_file.case.partner
            sections.append(Section(
                f"Item {number}: Research: {partner.city}, {partner.country}",
                (Part(f"Research brief: {partner.city}",
                      open_pdf(folder / case_file.id / f"{BRIEF}.pdf",
                               f"{case_file.id}/{BRIEF}.pdf")),)))
        commission = ws.settings.home.commission
        name = commission.name if commission else f"{ws.settings.home.city} Sister Cities " \
                                                   "Commission"
        notes = ["Inquiries waiting to be discussed: " + ("; ".join(
            f"{d.case_file.case.partner.city} (last meeting in time: "
            f"{format_date(d.last, style) if d.last else 'beyond the calendar'})"
            for d in due) if due else "none") + "."]
        cover = agenda_cover(name, f"Regular Meeting · {heading}", "Agenda packet", sections,
                             notes)
        data = assemble(cover, sections, stamp=True, title=f"{name} agenda packet, {heading}",
                        day=meeting)
    path = request.output / "packets" / f"commission-{meeting.isoformat()}.pdf"
    from docgen.files import atomic_write

    atomic_write(path, data)
    return PacketResult(path, page_count(data))


def inquiries_due(ws: Workspace, meeting: dt.date) -> list[InquiryDue]:
    """Inquiries received before `meeting` and not discussed before it, oldest first."""
    n = ws.settings.policy.inquiry_meetings
    calendar = sorted(ws.settings.meetings.commission)
    out: list[InquiryDue] = []
    for case_file in ws.cases:
        inquiry = case_file.case.inquiry
        if inquiry is None or inquiry.received >= meeting:
            continue
        if any(d >= inquiry.received for d in case_file.case.history.researched):
            continue  # discussed already (as of the meeting: before it)
        later = [m for m in calendar if m > inquiry.received][:n]
        last = later[-1] if len(later) == n else None
        left = sum(1 for m in later if m >= meeting)
        out.append(InquiryDue(case_file, inquiry.received, last, left))
    return sorted(out, key=lambda d: d.received)


def under_research(case: Case, recorded: Case, meeting: dt.date) -> bool:
    """On the agenda as a candidate: discussed at this meeting by the record, or (as of the
    meeting) researched or inquiring and without a request form yet."""
    if meeting in recorded.history.researched:
        return True
    return case.history.request_form_received is None and bool(
        case.history.researched or case.inquiry is not None)


def next_step(case: Case, style: str) -> str:
    history = case.history
    for key, text in NEXT_STEPS:
        if key == "responded" and case.origin != "inquiry":
            continue
        if key == "introduction_sent" and case.origin != "initiated":
            continue
        if getattr(history, key) is None:
            return text
    return "Evaluate the partnership" + (
        f" by {format_date(case.agreement.evaluation_by, style)}" if case.agreement.evaluation_by
        else "")


def status_sheet(ws: Workspace, meeting: dt.date, due: list[InquiryDue]) -> bytes:
    style = ws.settings.date_style
    n = ws.settings.policy.inquiry_meetings
    blocks: list[tuple[str, list[str]]] = []
    lines = [f"An inquiry is discussed within {number_words(n)} commission meetings of its "
             "receipt."]
    for d in due:
        partner = d.case_file.case.partner
        if d.last is None:
            when = "the calendar does not yet reach its last meeting in time"
        elif d.last == meeting:
            when = f"last meeting in time: {format_date(d.last, style)} (this meeting)"
        elif d.last < meeting:
            when = f"overdue: the last meeting in time was {format_date(d.last, style)}"
        else:
            when = f"last meeting in time: {format_date(d.last, style)}"
        lines.append(f"{partner.city}, {partner.country}: received "
                     f"{format_date(d.received, style)}; meetings left: {d.left}; {when}.")
    if not due:
        lines.append("No inquiry is waiting to be discussed.")
    blocks.append(("Inquiries due", lines))
    cases = [f"{c.case.partner.city}, {c.case.partner.country}: {current_step(c.case)}. "
             f"Next: {next_step(c.case, style)}." for c in ws.cases]
    blocks.append(("Cases in progress", cases or ["No case is open."]))
    return text_sheet(f"Inquiries and cases as of {format_date(meeting, style)}", blocks)
