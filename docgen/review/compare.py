"""What the review page shows: each current document compared with its approved copy.

A dry-run build says which outputs are out of date; each current document is compared with
its approved copy (text, paragraph by paragraph and word by word); check findings come from
a `FindingSource`. Nothing is rebuilt: a document that was not built is shown as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from docgen.review.approval import Approval, approved_copy, sha256

if TYPE_CHECKING:
    from docgen.review.diff import ParaChange
    from docgen.workspace.model import CaseFile, Workspace

MOST_CHANGES = 40  # changed paragraphs shown per document; the redline has them all

Status = Literal["missing", "unapproved", "unchanged", "changed", "unreadable"]
Words = list[tuple[str, str]]  # ("equal" | "delete" | "insert", text)


@dataclass(frozen=True)
class PageFinding:
    """A check finding as the page shows it (mirrors `docgen.checks.registry.Finding`)."""

    case: str | None
    document: str | None  # a document kind such as "mou"; None for the case's data
    severity: str  # "error", "warning", "info"
    rule: str
    message: str
    location: str = ""
    waived: str | None = None  # the waiver's reason


# (workspace, {(case id, kind): current DOCX}, as of) -> findings
FindingSource = Callable[["Workspace", Mapping[tuple[str, str], Path], dt.date],
                         Sequence[PageFinding]]


def protocol_findings(ws: Workspace, docs: Mapping[tuple[str, str], Path], as_of: dt.date
                      ) -> list[PageFinding]:
    """The FindingSource of `docgen review`: docgen.checks on the data and the built DOCX."""
    from docgen.checks.inputs import RenderedDoc
    from docgen.checks.run import run_checks

    rendered = [RenderedDoc(case_id, kind, path.read_bytes())
                for (case_id, kind), path in sorted(docs.items())]
    return [PageFinding(f.case, f.document, f.severity, f.rule, f.message, f.location, f.waived)
            for f in run_checks(ws, rendered, as_of)]


@dataclass(frozen=True)
class ShownChange:
    """One changed paragraph: where it is and its words (long unchanged stretches elided)."""

    kind: str  # "replace", "insert", "delete"
    where: str
    words: Words


@dataclass
class DocReview:
    case_id: str
    kind: str
    title: str
    status: Status
    approval: Approval | None = None
    has_pdf: bool = False
    has_packet: bool = False  # the SCI packet beside the registration letter
    pdf_stale: bool = False  # the PDF is older than the DOCX
    out_of_date: list[str] = field(default_factory=list)  # why a build would rebuild it
    draft: bool = False  # the build marked it DRAFT (protocol errors)
    changes: list[ShownChange] = field(default_factory=list)
    more_changes: int = 0  # changed paragraphs not shown
    notes: list[str] = field(default_factory=list)
    findings: list[PageFinding] = field(default_factory=list)
    redline: bool = False

    @property
    def relpath(self) -> str:
        return f"{self.case_id}/{self.kind}.docx"

    @property
    def redline_name(self) -> str:
        return f"{self.case_id}-{self.kind}.docx"


@dataclass
class CaseReview:
    case_file: CaseFile
    step: str
    docs: list[DocReview]
    findings: list[PageFinding] = field(default_factory=list)  # about the data, not a document


@dataclass(frozen=True)
class BuildStatus:
    """What the build knows of the outputs: which are out of date (and why), which DRAFT."""

    out_of_date: dict[tuple[str, str], list[str]]
    drafts: set[tuple[str, str]]


def build_status(workspace: Path, output: Path) -> BuildStatus:
    """Ask a dry-run build (nothing written) what it would rebuild, and the build state which
    documents it marked DRAFT. A DRAFT document is checked again by every build, so it always
    counts as rebuilt: it is left out of `out_of_date` (its findings say what is wrong).
    """
    from docgen.build.run import build
    from docgen.build.targets import BuildRequest
    from docgen.review.approval import drafts as marked_draft

    drafts = marked_draft(output)
    result = build(BuildRequest(workspace, output, dry_run=True))
    stale = {(a.target.case_id, a.target.kind_id): a.reasons for a in result.actions
             if a.verb == "build" and a.reasons not in (["new document"], ["output missing"])}
    return BuildStatus({k: v for k, v in stale.items() if k not in drafts}, drafts)


def compare(output: Path, case_id: str, kind_id: str, title: str,
            approvals: Mapping[str, Approval], built: BuildStatus) -> DocReview:
    """The state of one document: not built, not yet approved, unchanged, or changed."""
    from docgen.build.targets import packet_path, pdf_path
    from docgen.docx.text import DocxReadError

    key = (case_id, kind_id)
    approval = approvals.get(f"{case_id}/{kind_id}.docx")
    doc = DocReview(case_id, kind_id, title, "missing", approval,
                    out_of_date=built.out_of_date.get(key, []), draft=key in built.drafts)
    current = output / doc.relpath
    if not current.is_file():
        return doc
    pdf = pdf_path(current)
    doc.has_pdf = pdf.is_file()
    doc.pdf_stale = doc.has_pdf and pdf.stat().st_mtime_ns < current.stat().st_mtime_ns
    packet = packet_path(current)
    doc.has_packet = packet is not None and packet.is_file()
    approved = approved_copy(output, doc.relpath)
    if approval is None:
        doc.status = "unapproved"
        return doc
    if not approved.is_file():
        doc.status = "unapproved"
        doc.notes.append(f"the approved copy ({approved.name}) is missing; approve it again")
        return doc
    if sha256(approved) != approval.sha256:
        doc.notes.append("the approved copy was modified after approval")
    if sha256(current) == approval.sha256:
        doc.status = "unchanged"
        return doc
    try:
        _diff(doc, approved, current)
    except DocxReadError as exc:
        doc.status = "unreadable"
        doc.notes.append(exc.message)
    return doc


def _diff(doc: DocReview, approved: Path, current: Path) -> None:
    from docgen.docx.text import read_paragraphs
    from docgen.review.diff import diff_paragraphs

    changed = [c for c in diff_paragraphs(read_paragraphs(approved), read_paragraphs(current))
               if c.kind != "equal"]
    if not changed:
        doc.status = "unchanged"
        doc.notes.append("the text is unchanged; the file differs (formatting)")
        return
    doc.status = "changed"
    doc.changes = [_shown(c) for c in changed[:MOST_CHANGES]]
    doc.more_changes = max(len(changed) - MOST_CHANGES, 0)


def _shown(change: ParaChange) -> ShownChange:
    where = change.old.where if change.kind == "delete" and change.old else change.para.where
    return ShownChange(change.kind, where, elide(list(change.words)))


def elide(words: Words, keep: int = 80) -> Words:
    """Shorten long unchanged stretches around the changes (and very long changed ones)."""
    out: Words = []
    last = len(words) - 1
    for k, (op, text) in enumerate(words):
        if op != "equal":
            out.append((op, _head(text, keep * 6) if len(text) > keep * 8 else text))
        elif len(text) <= 2 * keep:
            out.append((op, text))
        elif k == 0:
            out.append((op, _tail(text, keep)))
        elif k == last:
            out.append((op, _head(text, keep)))
        else:
            out.append((op, _head(text, keep) + " … " + _tail(text, keep).lstrip("…")))
    return out


def _head(text: str, n: int) -> str:
    """About the first n characters of `text`, cut after a space (else between words)."""
    from docgen.review.diff import tokenize

    return _cut(tokenize(text), n, "".join, lambda kept: kept.rstrip() + "…")


def _tail(text: str, n: int) -> str:
    """About the last n characters of `text`, cut before a word."""
    from docgen.review.diff import tokenize

    return _cut(tokenize(text)[::-1], n, lambda t: "".join(reversed(t)),
                lambda kept: "…" + kept.lstrip())


def _cut(tokens: list[str], n: int, join: Callable[[list[str]], str],
         mark: Callable[[str], str]) -> str:
    """Keep tokens up to about n characters, ending at a space when one is near enough."""
    size, at_space = 0, 0
    for k, token in enumerate(tokens):
        if size + len(token) > n and k:
            end = at_space if at_space else k  # no space (CJK, a long URL): any token edge
            return mark(join(tokens[:end]))
        size += len(token)
        if token.isspace():
            at_space = k + 1
    return join(tokens)


def built_documents(output: Path, cases: Sequence[CaseReview]) -> dict[tuple[str, str], Path]:
    return {(d.case_id, d.kind): output / d.relpath
            for c in cases for d in c.docs if d.status != "missing"}


def attach_findings(cases: Sequence[CaseReview], findings: Sequence[PageFinding]) -> None:
    """Each finding under its document, or under its case when it is about the data."""
    by_id = {c.case_file.id: c for c in cases}
    for finding in findings:
        case = by_id.get(finding.case or "")
        if case is None:
            continue
        doc = next((d for d in case.docs if d.kind == finding.document), None)
        (doc.findings if doc is not None else case.findings).append(finding)
