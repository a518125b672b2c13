"""The review page: OUTPUT/review/index.html, one self-contained page for the people who approve.

Stages: load the workspace; read the approvals; compare each current document with its
approved copy (`compare`); write a redline for each changed one; render the page with Jinja,
autoescaped (case data comes from abroad) and strict. The template (`html/review.html.j2`)
ships inside the package and gets plain values: labels, relative links (percent-encoded),
words to mark as <del> and <ins>. Links are relative, so OUTPUT can be zipped and mailed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from docgen.review.approval import approved_copy, now, read_manifest, save, stamp
from docgen.review.compare import (
    CaseReview,
    DocReview,
    FindingSource,
    PageFinding,
    Status,
    attach_findings,
    build_status,
    built_documents,
    compare,
)

if TYPE_CHECKING:
    from docgen.workspace.model import Workspace

REVIEW_DIR = "review"
REDLINES_DIR = "redlines"
PAGE = "index.html"
REDLINE_AUTHOR = "docgen"


@dataclass(frozen=True)
class ReviewRequest:
    workspace: Path
    output: Path
    findings: FindingSource | None = None  # None: the page has no findings section
    when: dt.datetime | None = None  # the page's and the redlines' date (default: now())


@dataclass
class ReviewResult:
    page: Path
    cases: list[CaseReview]
    redlines: list[Path]
    notes: list[str]  # documents to build first, and the like

    def count(self, status: Status) -> int:
        return sum(d.status == status for c in self.cases for d in c.docs)


def review(request: ReviewRequest) -> ReviewResult:
    """Write OUTPUT/review/index.html and the redlines of documents changed since approval."""
    from docgen.checks.catalog import unknown_rule
    from docgen.workspace.lifecycle import current_step, due_kinds
    from docgen.workspace.load import load_workspace

    ws = load_workspace(request.workspace, rule_check=unknown_rule)
    output, when = request.output, now(request.when)
    approvals = read_manifest(output)
    built = build_status(request.workspace, output)
    cases = [CaseReview(c, current_step(c.case),
                        [compare(output, c.id, k.id, k.title, approvals, built)
                         for k in due_kinds(c.case)])
             for c in ws.cases]
    if request.findings is not None:
        as_of = when.date() if request.when else _today(request)
        attach_findings(cases, request.findings(ws, built_documents(output, cases), as_of))
    folder = output / REVIEW_DIR
    redlines = write_redlines(output, folder / REDLINES_DIR, cases, when)
    page = folder / PAGE
    save(page, render_page(ws, cases, stamp(when), request.findings is not None)
                 .encode("utf-8"))
    notes = [f"{output / d.relpath}: {n}" for c in cases for d in c.docs for n in _cli_notes(d)]
    return ReviewResult(page, cases, redlines, notes)


def _today(request: ReviewRequest) -> dt.date:
    """The date a build would check with: SOURCE_DATE_EPOCH, else today."""
    from docgen.build.targets import BuildRequest, today_for

    return today_for(BuildRequest(request.workspace, request.output))


def write_redlines(output: Path, folder: Path, cases: Sequence[CaseReview],
                   when: dt.datetime) -> list[Path]:
    """A redline per changed document; redlines of documents no longer changed are removed."""
    from docgen.docx.text import DocxReadError
    from docgen.review.redline import write_redline

    written: list[Path] = []
    changed = [d for c in cases for d in c.docs if d.status == "changed"]
    if changed:
        folder.mkdir(parents=True, exist_ok=True)
    for doc in changed:
        path = folder / doc.redline_name
        try:
            write_redline(approved_copy(output, doc.relpath), output / doc.relpath, path,
                          date=when, author=REDLINE_AUTHOR)
        except DocxReadError as exc:
            doc.notes.append(f"no redline: {exc.message}")
            continue
        doc.redline = True
        written.append(path)
    if folder.is_dir():
        for old in folder.glob("*.docx"):
            if old not in written:
                old.unlink()
    return written


def _cli_notes(doc: DocReview) -> list[str]:
    if doc.status == "missing":
        return ["not built (run docgen build first)"]
    if doc.out_of_date:
        return [f"out of date: {'; '.join(doc.out_of_date)} (run docgen build first)"]
    return []


TEMPLATES = Path(__file__).parent / "html"
TEMPLATE = "review.html.j2"

STATUS_LABELS = {
    "missing": "not built: run docgen build first",
    "unapproved": "not yet approved",
    "unchanged": "approved, unchanged",
    "changed": "changed since approval",
    "unreadable": "cannot be read",
}
SEVERITIES = ("error", "warning", "info")


def render_page(ws: Workspace, cases: Sequence[CaseReview], generated: str,
                with_findings: bool) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    docs = [d for c in cases for d in c.docs]
    counts = {status: sum(d.status == status for d in docs) for status in STATUS_LABELS}
    shown = [_case(c) for c in cases]
    changed = [(f"{c['city']}: {d['title']}", f"#{d['anchor']}")
               for c in shown for d in c["docs"] if d["status"] == "changed"]
    return env.get_template(TEMPLATE).render(
        home=ws.settings.home.city,
        generated=_readable(generated),
        changed=changed,
        with_findings=with_findings,
        summary=[(STATUS_LABELS[s], n, s) for s, n in counts.items() if n],
        total=len(docs),
        cases=shown,
    )


def _case(case: CaseReview) -> dict[str, Any]:
    partner = case.case_file.case.partner
    anchor = "case-" + quote(case.case_file.id, safe="")
    return {
        "id": case.case_file.id,
        "anchor": anchor,
        "city": partner.city,
        "country": partner.country,
        "local_name": partner.local_name,
        "lang": partner.languages[0] if partner.languages else "",
        "step": case.step,
        "findings": [_finding(f) for f in case.findings],
        "docs": [_doc(d, f"{anchor}-{d.kind}") for d in case.docs],
    }


def _doc(doc: DocReview, anchor: str) -> dict[str, Any]:
    links: list[tuple[str, str]] = []
    if doc.status != "missing":
        links.append(("DOCX", _href("..", doc.case_id, f"{doc.kind}.docx")))
        if doc.has_pdf:
            label = "PDF (older than the DOCX)" if doc.pdf_stale else "PDF"
            links.append((label, _href("..", doc.case_id, f"{doc.kind}.pdf")))
        if doc.has_packet:
            from docgen.build.targets import SCI_PACKET

            links.append(("SCI packet (PDF)", _href("..", doc.case_id, SCI_PACKET)))
    if doc.redline:
        links.append(("Redline (tracked changes)", _href("redlines", doc.redline_name)))
    if doc.approval is not None and doc.status in ("changed", "unchanged"):
        links.append(("Approved copy", _href("..", ".approved", doc.case_id, f"{doc.kind}.docx")))
    return {
        "anchor": anchor,
        "kind": doc.kind,
        "title": doc.title,
        "status": doc.status,
        "status_label": STATUS_LABELS[doc.status],
        "draft": doc.draft,
        "approved_at": _readable(doc.approval.approved_at) if doc.approval else "",
        "links": links,
        "out_of_date": "; ".join(doc.out_of_date),
        "notes": doc.notes,
        "changes": doc.changes,
        "more_changes": doc.more_changes,
        "findings": [_finding(f) for f in doc.findings],
    }


def _finding(finding: PageFinding) -> dict[str, Any]:
    severity = finding.severity if finding.severity in SEVERITIES else "info"
    return {"severity": severity, "rule": finding.rule, "message": finding.message,
            "location": finding.location, "waived": finding.waived}


def _href(*parts: str) -> str:
    """A relative link from review/index.html, each path segment percent-encoded."""
    return "/".join(quote(p, safe="") if p not in ("..", ".") else p for p in parts)


def _readable(iso: str) -> str:
    """"2026-09-12T10:30:00Z" -> "2026-09-12 10:30 UTC"."""
    return iso.replace("T", " ")[:16] + " UTC" if "T" in iso else iso
