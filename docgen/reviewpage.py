"""Render the review page with Jinja: autoescaped (case data comes from abroad), strict.

The template (`templates_html/review.html.j2`) ships inside the package. It gets plain
values: labels, relative links (percent-encoded), words to mark as <del> and <ins>.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from docgen.model import Workspace
    from docgen.review import CaseReview, DocReview, PageFinding

TEMPLATES = Path(__file__).parent / "templates_html"
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
