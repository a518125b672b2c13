"""What a build is asked for and what it does: requests, targets, actions, results.

The small types every layer above the build shares (the checks stage of a build, packets,
review), and the names of the files a build writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.clock import source_date

if TYPE_CHECKING:
    from docgen.checks.registry import Finding

STAGING = ".docgen/staging"
CACHE = ".docgen/cache"
CATALOGS = "catalogs"  # CACHE/CATALOGS: translators' catalogs as read, while unchanged
Progress = Callable[[int, int], None]
# A step run at the end of a successful build, under its lock, on every current document
# (`docgen build --pdf` converts them); it returns the files it wrote.
AfterBuild = Callable[[Sequence[Path]], list[Path]]


@dataclass(frozen=True)
class BuildRequest:
    workspace: Path
    output: Path
    cases: tuple[str, ...] = ()  # empty: every case
    docs: tuple[str, ...] = ()  # empty: every document due
    today: dt.date | None = None  # the date of documents whose step has no date yet
    force: bool = False
    dry_run: bool = False
    jobs: int = 1
    then: AfterBuild | None = None  # e.g. a PDF beside each DOCX, when missing or older


@dataclass(frozen=True)
class Target:
    case_id: str
    kind_id: str

    def relpath(self) -> str:
        return f"{self.case_id}/{self.kind_id}.docx"


@dataclass
class Action:
    """One line of `--explain`: what happened to a target, and why."""

    target: Target
    verb: str  # "build", "remove"
    reasons: list[str]
    outcome: str = ""  # "written", "unchanged" (same bytes: file left alone), "removed"


@dataclass
class BuildResult:
    actions: list[Action] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    output: Path = Path()
    findings: list[Finding] = field(default_factory=list)  # of the protocol checks
    pdfs: list[Path] = field(default_factory=list)  # written by the request's `then` (--pdf)

    def paths(self, outcome: str) -> list[Path]:
        return [self.output / a.target.relpath() for a in self.actions if a.outcome == outcome]


def today_for(request: BuildRequest) -> dt.date:
    if request.today is not None:
        return request.today
    return source_date(dt.date.today()).date()


def pdf_path(docx: Path) -> Path:
    """Where the PDF of an output document lives: `x/mou.docx` -> `x/mou.pdf`."""
    return docx.with_suffix(".pdf")


SCI_PACKET = "sci-registration-packet.pdf"  # `docgen packet sci`; `build --pdf` writes the other


def packet_path(docx: Path) -> Path | None:
    """The SCI packet beside the registration letter `x/sci-registration.docx`, else None:
    a file of its own, never the letter's PDF."""
    return docx.with_name(SCI_PACKET) if docx.stem == "sci-registration" else None


# Folders of a workspace that hold inputs; an output folder may be none of them nor lie in one.
INPUT_FOLDERS = ("cases", "templates", "translations", "scans")


def output_problem(workspace: Path, output: Path) -> str | None:
    """Why `output` cannot be the output folder of `workspace` (None: it can).

    An output folder that is, contains or lies inside an input would turn documents into
    inputs (a case named `templates` writing template overrides)."""
    root, out = workspace.resolve(), output.resolve()
    if out == root:
        return "is the workspace itself; write outputs to a folder of their own (-o output)"
    if root.is_relative_to(out):
        return "contains the workspace; write outputs to a folder of their own (-o output)"
    for name in INPUT_FOLDERS:
        folder = (root / name).resolve()
        if out.is_relative_to(folder) or folder.is_relative_to(out):
            return f"is or lies in the workspace's {name}/ folder, which holds inputs"
    return None
