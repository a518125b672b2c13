"""Approval: copies of the outputs someone approved, kept where builds never write.

`approve` copies OUTPUT/<case>/<kind>.docx (and its PDF when it is current) to
OUTPUT/.approved/<case>/<kind>.docx and records the date and each file's sha256 in
OUTPUT/.approved/.manifest.json. A build writes only OUTPUT/<case>/ and OUTPUT/.docgen/, and a
case id cannot start with a dot, so no build, forced rebuild or case deletion reaches the
approved copies. The review page (`review`) compares the current outputs with them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from docgen.clock import source_now
from docgen.errors import (
    DocgenError,
    NotDueError,
    OutputError,
    UsageError,
)
from docgen.files import atomic_write

APPROVED_DIR = ".approved"
MANIFEST = ".manifest.json"  # a dot name: it cannot be the folder of a case
FORMAT = 1


class ApprovalError(DocgenError):
    """Documents that cannot be approved, or an approval record that cannot be read."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        super().__init__("\n".join(lines))

    def lines(self) -> list[str]:
        return list(self._lines)


@dataclass(frozen=True)
class Approval:
    """One approved document as the manifest records it."""

    approved_at: str  # ISO 8601, UTC, to the second
    sha256: str  # of the approved DOCX
    pdf_sha256: str | None = None  # of the approved PDF, when one was approved with it
    packet_sha256: str | None = None  # of the approved SCI packet (sci-registration only)


@dataclass(frozen=True)
class ApproveRequest:
    workspace: Path
    output: Path
    cases: tuple[str, ...] = ()  # empty: every case
    docs: tuple[str, ...] = ()  # empty: every document due
    when: dt.datetime | None = None  # default: SOURCE_DATE_EPOCH, else now


@dataclass
class ApproveResult:
    approved: list[str] = field(default_factory=list)  # "vientiane/mou.docx" (+ ".pdf")
    unchanged: list[str] = field(default_factory=list)  # already approved with these bytes
    notes: list[str] = field(default_factory=list)


def approved_root(output: Path) -> Path:
    return output / APPROVED_DIR


def approved_copy(output: Path, relpath: str) -> Path:
    """Where the approved copy of OUTPUT/`relpath` is kept."""
    return approved_root(output) / relpath


def now(when: dt.datetime | None = None) -> dt.datetime:
    """`when`, else SOURCE_DATE_EPOCH (reproducible runs), else the current time; UTC."""
    if when is not None:
        return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)
    return source_now()


def stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def save(path: Path, data: bytes) -> None:
    """atomic_write, with OS failures as one-line OutputErrors naming the file."""
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(output: Path) -> dict[str, Approval]:
    """The approvals recorded for OUTPUT, by DOCX relpath; empty when nothing was approved."""
    path = approved_root(output) / MANIFEST
    try:
        raw = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ApprovalError([f"{path}: cannot be read ({exc})"]) from None
    try:
        if raw["format"] != FORMAT:
            raise ApprovalError([f"{path}: format {raw['format']!r} is not {FORMAT}; "
                                 "approve the documents again"])
        return {rel: Approval(**entry) for rel, entry in raw["documents"].items()}
    except (KeyError, TypeError, AttributeError):
        raise ApprovalError([f"{path}: damaged (not an approval manifest)"]) from None


def write_manifest(output: Path, approvals: dict[str, Approval]) -> None:
    documents = {rel: {k: v for k, v in asdict(a).items() if v is not None}
                 for rel, a in sorted(approvals.items())}
    data = json.dumps({"format": FORMAT, "documents": documents}, indent=2, ensure_ascii=False)
    save(approved_root(output) / MANIFEST, (data + "\n").encode("utf-8"))


def approve(request: ApproveRequest) -> ApproveResult:
    """Copy the chosen current outputs to OUTPUT/.approved/ and record them in the manifest."""
    from docgen.build.state import output_lock

    output = request.output
    relpaths = documents_to_approve(request)
    missing = [rel for rel in relpaths if not (output / rel).is_file()]
    if missing:
        raise ApprovalError([f"{output / rel}: not built (run docgen build first)"
                             for rel in missing])
    result = ApproveResult()
    when = stamp(now(request.when))
    with output_lock(output):
        approvals = read_manifest(output)
        for rel in relpaths:
            approvals[rel] = _approve_one(output, rel, when, approvals.get(rel), result)
        write_manifest(output, approvals)
    marked = {f"{case_id}/{kind}.docx" for case_id, kind in drafts(output)}
    result.notes += [f"{output / rel}: marked DRAFT (protocol errors; see docgen check), "
                     "approved all the same" for rel in relpaths if rel in marked]
    return result


def drafts(output: Path) -> set[tuple[str, str]]:
    """The documents (case id, kind) that the last build marked DRAFT."""
    from docgen.build.stale import DRAFT_SIG
    from docgen.build.state import State

    return {(case_id, kind) for case_id, record in State.read(output).cases.items()
            for kind, target in record.targets.items() if target.sig == DRAFT_SIG}


def documents_to_approve(request: ApproveRequest) -> list[str]:
    """The relpaths ("case/kind.docx") of the documents due that the request names."""
    from docgen.checks.catalog import unknown_rule
    from docgen.workspace.lifecycle import KIND_IDS, kind
    from docgen.workspace.load import load_workspace

    ws = load_workspace(request.workspace, rule_check=unknown_rule)
    ws.require(*request.cases)
    bad = [d for d in request.docs if d not in KIND_IDS]
    if bad:
        raise UsageError(f"unknown document kind {bad[0]!r}; known kinds: {', '.join(KIND_IDS)}")
    chosen, not_due = [], []
    for case_file in ws.cases:
        if request.cases and case_file.id not in request.cases:
            continue
        for kind_id in request.docs or KIND_IDS:
            reason = kind(kind_id).not_due(case_file.case)
            if reason is None:
                chosen.append(f"{case_file.id}/{kind_id}.docx")
            elif request.docs and request.cases:
                not_due.append(f"{case_file.path}: {kind_id}: {reason}")
    if not_due:
        raise NotDueError("\n".join(not_due))
    if not chosen:
        raise ApprovalError(["nothing to approve: no case is due the documents asked for"])
    return chosen


def _approve_one(output: Path, rel: str, when: str, before: Approval | None,
                 result: ApproveResult) -> Approval:
    from docgen.build.targets import packet_path, pdf_path

    source, copy = output / rel, approved_copy(output, rel)
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    pdf, pdf_copy = pdf_path(source), pdf_path(copy)
    pdf_data = pdf.read_bytes() if _current_pdf(pdf, source) else None
    pdf_digest = hashlib.sha256(pdf_data).hexdigest() if pdf_data is not None else None
    if pdf.exists() and pdf_data is None:
        result.notes.append(f"{pdf}: older than its DOCX, not approved "
                            "(run docgen build --pdf to bring it up to date)")
    packet = packet_path(source)
    packet_data = packet.read_bytes() if packet and _current_pdf(packet, source) else None
    packet_digest = hashlib.sha256(packet_data).hexdigest() if packet_data is not None else None
    packet_copy = packet_path(copy)
    if (before is not None and before.sha256 == digest and before.pdf_sha256 == pdf_digest
            and before.packet_sha256 == packet_digest
            and _intact(copy, digest) and (pdf_digest is None or _intact(pdf_copy, pdf_digest))
            and (packet_digest is None or packet_copy is None
                 or _intact(packet_copy, packet_digest))):
        result.unchanged.append(rel)
        return before
    save(copy, data)
    result.approved.append(rel)
    if pdf_data is not None:
        save(pdf_copy, pdf_data)
        result.approved.append(str(Path(rel).with_suffix(".pdf")))
    else:
        pdf_copy.unlink(missing_ok=True)  # an older approved PDF no longer matches
    if packet_copy is not None:
        if packet_data is not None:
            save(packet_copy, packet_data)
            result.approved.append(str(Path(rel).with_name(packet_copy.name)))
        else:
            packet_copy.unlink(missing_ok=True)
    return Approval(when, digest, pdf_digest, packet_digest)


def _current_pdf(pdf: Path, docx: Path) -> bool:
    try:
        return pdf.stat().st_mtime_ns >= docx.stat().st_mtime_ns
    except OSError:
        return False


def _intact(path: Path, digest: str) -> bool:
    try:
        return sha256(path) == digest
    except OSError:
        return False
