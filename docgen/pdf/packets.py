"""Packets: one PDF per council meeting, one PDF per registration with SCI.

Each packet renders its documents through the ordinary build (plus the staff report),
converts them with one warm LibreOffice, opens every PDF through `pdfdoc.open_pdf` (so an
unreadable or encrypted attachment stops the packet, named), and assembles them with
bookmarks. Protocol findings come from a `FindingSource`, a plain function, so the rules
engine plugs in without this module knowing it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.build.run import build
from docgen.build.targets import BuildRequest, today_for
from docgen.checks.catalog import unknown_rule
from docgen.clock import source_date
from docgen.errors import DocgenError, InputError, Problem
from docgen.files import atomic_write
from docgen.pdf.convert import convert_all
from docgen.pdf.document import Cover, Link, Part, Section, assemble, open_pdf, outline_page
from docgen.render.context import document_context, format_date
from docgen.render.document import render_docx
from docgen.render.templates import find_template, shown_template
from docgen.workspace.lifecycle import kind
from docgen.workspace.load import load_workspace
from docgen.workspace.model import RELATIONSHIP_LABELS, CaseFile, Workspace

# (workspace, case) -> findings; each finding is printed with str()
FindingSource = Callable[[Workspace, CaseFile], Sequence[object]]
# [(docx, pdf)] -> the PDFs written
ConvertFn = Callable[[Sequence[tuple[Path, Path]]], list[Path]]

STAFF_REPORT = "staff-report"
COUNCIL_ATTACHMENTS = (("mou", "Memorandum of Understanding"),
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
    output: Path  # DIR: council packets go to DIR/packets/, SCI packets to DIR/CASE/
    today: dt.date | None = None
    findings: FindingSource = no_findings
    convert: ConvertFn = convert_all


def council_packet(request: PacketRequest, meeting: dt.date) -> PacketResult:
    """DIR/packets/council-DATE.pdf: a cover with the agenda, then per item its documents."""
    ws = load_workspace(request.workspace, rule_check=unknown_rule)
    items = [c for c in ws.cases if c.case.agreement.council_meeting == meeting]
    if not items:
        raise PacketError(f"no agenda items for the council meeting of {meeting.isoformat()} "
                          f"(no case has agreement.council_meeting: {meeting.isoformat()})")
    style = ws.settings.date_style
    day = today_for(BuildRequest(request.workspace, request.output, today=request.today))
    with tempfile.TemporaryDirectory(prefix="docgen-packet-") as tmp:
        folder = Path(tmp)
        kinds = tuple(k for k, _ in COUNCIL_ATTACHMENTS)
        docs = render_kinds(request.workspace, folder, tuple(c.id for c in items), kinds, day)
        sections: list[Section] = []
        jobs: list[tuple[Path, Path]] = []
        for number, case_file in enumerate(items, start=1):
            staff = folder / case_file.id / f"{STAFF_REPORT}.docx"
            context = staff_context(ws, case_file, number, meeting, day,
                                    request.findings(ws, case_file))
            render_staff_report(ws, context, staff)
            jobs += [(staff, staff.with_suffix(".pdf"))]
            jobs += [(docs[(case_file.id, k)], docs[(case_file.id, k)].with_suffix(".pdf"))
                     for k in kinds]
        request.convert(jobs)
        for number, case_file in enumerate(items, start=1):
            base = folder / case_file.id
            titled = [("Staff report", STAFF_REPORT), *[(t, k) for k, t in COUNCIL_ATTACHMENTS]]
            parts = tuple(Part(title, open_pdf(base / f"{k}.pdf",
                                               _shown(case_file, k, title, number)))
                          for title, k in titled)
            sections.append(Section(f"Item {number}: {subject(case_file)}", parts))
        heading = f"{weekday(meeting)}, {format_date(meeting, style)}"
        data = assemble(council_cover(ws.settings.home.city, heading, sections), sections,
                        stamp=True)
    path = request.output / "packets" / f"council-{meeting.isoformat()}.pdf"
    atomic_write(path, data)
    return PacketResult(path, _page_count(data))


def sci_packet(request: PacketRequest, case_id: str) -> PacketResult:
    """DIR/CASE/sci-registration.pdf: cover letter, registration form, MOU, signed scan."""
    ws = load_workspace(request.workspace, rule_check=unknown_rule)
    [case_file] = ws.require(case_id)
    warnings: list[str] = []
    scan = signed_copy(ws, case_file, warnings)
    day = today_for(BuildRequest(request.workspace, request.output, today=request.today))
    with tempfile.TemporaryDirectory(prefix="docgen-packet-") as tmp:
        folder = Path(tmp)
        docs = render_kinds(request.workspace, folder, (case_id,), ("sci-registration", "mou"),
                            day)
        request.convert([(d, d.with_suffix(".pdf")) for d in docs.values()])
        letter = open_pdf(folder / case_id / "sci-registration.pdf",
                          f"{case_id}/sci-registration.pdf (cover letter and form)")
        form_at = outline_page(letter, "Registration Form") or 0
        parts = ([Part("Cover letter", letter, 0, form_at), Part("Registration form", letter,
                                                                  form_at)]
                 if 0 < form_at < len(letter.pages)
                 else [Part("Cover letter and registration form", letter)])
        parts.append(Part("Memorandum of Understanding",
                          open_pdf(folder / case_id / "mou.pdf", f"{case_id}/mou.pdf")))
        if scan is not None:
            parts.append(Part("Signed agreement (scan)",
                              open_pdf(scan, case_file.case.agreement.signed_copy)))
        data = assemble(None, [Section("", tuple(parts))], stamp=False)
    path = request.output / case_id / "sci-registration.pdf"
    atomic_write(path, data)
    return PacketResult(path, _page_count(data), warnings)


def signed_copy(ws: Workspace, case_file: CaseFile, warnings: list[str]) -> Path | None:
    """agreement.signed_copy, resolved inside the workspace; a missing file is a warning."""
    name = case_file.case.agreement.signed_copy
    key = ("agreement", "signed_copy")
    where = Problem(case_file.path, case_file.line_of(*key), "agreement.signed_copy")
    if not name:
        warnings.append(str(Problem(case_file.path, case_file.line_of("agreement"), None,
                                    "warning: no signed agreement named (agreement.signed_copy:"
                                    " scans/<case>-signed.pdf); the packet goes without it")))
        return None
    root = Path(ws.root).resolve()
    path = (root / name).resolve()
    if Path(name).is_absolute() or not path.is_relative_to(root):
        raise InputError([Problem(where.path, where.line, where.key,
                                  f"refused: {name} is outside the workspace; name a file "
                                  "inside it, e.g. scans/signed.pdf")])
    if not path.is_file():
        warnings.append(str(Problem(where.path, where.line, where.key,
                                    f"warning: {name} not found; the packet goes without the "
                                    "signed agreement")))
        return None
    return path


def render_kinds(workspace: Path, folder: Path, case_ids: tuple[str, ...],
                 kinds: tuple[str, ...], day: dt.date) -> dict[tuple[str, str], Path]:
    """Render documents through the ordinary build into `folder`: {(case, kind): docx}."""
    result = build(BuildRequest(workspace, folder, case_ids, kinds, day))
    return {(p.parent.name, p.stem): p for p in result.paths("written")}


def staff_context(ws: Workspace, case_file: CaseFile, number: int, meeting: dt.date,
                  day: dt.date, findings: Sequence[object]) -> dict[str, Any]:
    style = ws.settings.date_style
    context = document_context(ws, case_file, kind("mou"), day)
    context["doc"] = {"kind": STAFF_REPORT, "title": "Staff Report",
                      "date": format_date(day, style), "date_iso": day.isoformat()}
    context["staff"] = {
        "meeting": format_date(meeting, style),
        "item": number,
        "subject": subject(case_file),
        "findings": [" ".join(str(f).split()) for f in findings],
        "attachments": [title for _, title in COUNCIL_ATTACHMENTS],
    }
    return context


def render_staff_report(ws: Workspace, context: dict[str, Any], dest: Path) -> None:
    root = Path(ws.root)
    template = find_template(root, STAFF_REPORT)
    stamp = source_date(dt.date.fromisoformat(context["doc"]["date_iso"]))
    data = render_docx(template, shown_template(template, root), context, "Staff Report", stamp)
    atomic_write(dest, data)


def subject(case_file: CaseFile) -> str:
    case = case_file.case
    label = RELATIONSHIP_LABELS[case.agreement.type]
    return (f"{label} Memorandum of Understanding with {case.partner.city}, "
            f"{case.partner.country}")


def weekday(day: dt.date) -> str:
    return ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
            "Sunday")[day.weekday()]


def _shown(case_file: CaseFile, kind_id: str, title: str, number: int) -> str:
    return f"{case_file.id}/{kind_id}.pdf ({title}, item {number})"


def _page_count(data: bytes) -> int:
    from docgen.pdf.document import read_pdf

    return len(read_pdf(data, "packet").pages)


def council_cover(city: str, heading: str, sections: Sequence[Section]) -> Cover:
    """The agenda: numbered items, each with its attachments and stamped page numbers."""
    import io

    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    from docgen.pdf.document import ui_font

    regular, bold = ui_font()
    width, height = LETTER
    left, right, bottom = 72.0, width - 72.0, 72.0
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=True)
    canvas.setTitle(f"City Council agenda packet, {heading}")
    links: list[Link] = []
    page_index, y = 0, height - 90.0
    canvas.setFont(bold, 20)
    canvas.drawString(left, y, f"City of {city}")
    y -= 28
    canvas.setFont(regular, 13)
    canvas.drawString(left, y, f"City Council · Regular Meeting · {heading}")
    y -= 20
    canvas.drawString(left, y, "Agenda packet: sister city items")
    y -= 40
    canvas.setFont(bold, 14)
    canvas.drawString(left, y, "Agenda")
    y -= 24

    def line(text: str, font: str, size: float, indent: float, target: int) -> None:
        nonlocal y, page_index
        label = f"page {target}"
        wrapped = simpleSplit(text, font, size, right - left - indent - 60)
        if y - 16 * len(wrapped) < bottom:
            canvas.showPage()
            page_index, y = page_index + 1, height - 72.0
        top = y + size
        canvas.setFont(font, size)
        for row in wrapped:
            canvas.drawString(left + indent, y, row)
            y -= size + 4
        canvas.setFont(regular, size)
        canvas.drawRightString(right, y + size + 4, label)
        links.append(Link(page_index, (left + indent - 2, y + size, right + 2, top + 2), target))
        y -= 4

    page = 1
    for number, section in enumerate(sections, start=1):
        line(f"{number}. {section.title.split(': ', 1)[-1]}", bold, 11.5, 0, page)
        for part in section.parts:
            line(part.title, regular, 10.5, 18, page)
            page += part.pages
        y -= 8
    canvas.setFont(regular, 9)
    canvas.drawString(left, bottom - 24, "Page numbers are those stamped at the foot of each "
                                         "page; select an entry to go to it.")
    canvas.showPage()
    canvas.save()
    return Cover(buffer.getvalue(), links)
