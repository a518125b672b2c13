"""The typed values rules receive: a case's data, or a case's rendered documents."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from docgen.checks.reading import DocText, read_docx
from docgen.checks.registry import Hit
from docgen.workspace.paths import SETTINGS_FILE

if TYPE_CHECKING:
    from docgen.docx.text import Para
    from docgen.workspace.model import Case, CaseFile, Home, Partner, Settings, Workspace


@dataclass(frozen=True)
class CaseInput:
    """What every rule's input holds: the workspace, one case file (with lines), "today"."""

    workspace: Workspace
    case_file: CaseFile
    as_of: dt.date

    @property
    def case(self) -> Case:
        return self.case_file.case

    @property
    def settings(self) -> Settings:
        return self.workspace.settings

    @property
    def home(self) -> Home:
        return self.workspace.settings.home

    @property
    def partner(self) -> Partner:
        return self.case_file.case.partner


@dataclass(frozen=True)
class CaseData(CaseInput):
    """Input of data rules: a case's data, located by line."""

    def at(self, *key: str | int) -> str:
        """`cases/x.yaml:LINE` of a key path of the case file."""
        return f"{self.case_file.path}:{self.case_file.line_of(*key)}"

    def at_settings(self, *key: str | int) -> str:
        """`docgen.yaml:LINE` of a key path of the settings."""
        lines = self.workspace.settings_lines
        while key and key not in lines:
            key = key[:-1]
        return f"{SETTINGS_FILE}:{lines.get(key, 1) if key else 1}"

    def hit(self, message: str, *key: str | int) -> Hit:
        return Hit(message, self.at(*key))

    def settings_hit(self, message: str, *key: str | int) -> Hit:
        return Hit(message, self.at_settings(*key))

    def side_hit(self, side: str, message: str, *key: str | int) -> Hit:
        """A finding on `home` (docgen.yaml) or `partner` (the case file)."""
        if side == "home":
            return self.settings_hit(message, "home", *key)
        return self.hit(message, "partner", *key)


@dataclass(frozen=True)
class RenderedDoc:
    """One rendered document of a case; its text is read once, when a rule first asks."""

    case_id: str
    kind: str  # a lifecycle kind id, e.g. "mou"
    data: bytes
    # the package's parts uncompressed, as the engine made them (then `data` is not read)
    contents: Mapping[str, bytes] | None = field(default=None, compare=False, repr=False)

    @property
    def name(self) -> str:
        return f"{self.case_id}/{self.kind}.docx"

    @cached_property
    def text(self) -> DocText:
        return read_docx(self.data, self.name, self.contents)

    def hit(self, where: Para | str, message: str) -> Hit:
        place = where if isinstance(where, str) else where.where
        return Hit(message, f"{self.name}: {place}", self.kind)

    def whole(self, message: str) -> Hit:
        """A finding on the document as a whole (something it lacks)."""
        return Hit(message, self.name, self.kind)


MOUS = ("mou", "mou-partner")
AGREEMENTS = ("tentative-agreement", *MOUS)
LETTERS = ("letter-of-introduction", "inquiry-response")


@dataclass(frozen=True)
class CaseDocuments(CaseInput):
    """Input of document rules: a case and the documents rendered for it."""

    docs: tuple[RenderedDoc, ...]

    def doc(self, kind: str) -> RenderedDoc | None:
        return next((d for d in self.docs if d.kind == kind), None)

    def mous(self) -> list[RenderedDoc]:
        """The MOU, and the partner's original when there is one (agreement.originals)."""
        return [d for d in self.docs if d.kind in MOUS]

    def of_kinds(self, kinds: tuple[str, ...]) -> list[RenderedDoc]:
        return [d for d in self.docs if d.kind in kinds]


def each_mou(check: Callable[[CaseDocuments, RenderedDoc], Iterator[Hit]]
             ) -> Callable[[CaseDocuments], Iterator[Hit]]:
    """A rule on one MOU, run on every original of the case's MOU."""

    @functools.wraps(check)
    def run(docs: CaseDocuments) -> Iterator[Hit]:
        for doc in docs.mous():
            yield from check(docs, doc)

    return run
