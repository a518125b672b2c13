"""Where a piece of rendered text came from: a string of the case data or of the settings.

A problem in text the clerk typed (a `TBD` in `exchanges`, a one-sided "Milpitas will..." in
`interest`) is fixed in the YAML, so the document rules report it there: once, at the line
of that string, saying which documents it reaches, instead of once per paragraph of every
document. `Sink` collects a rule's findings and does the sorting.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from docgen.checks.inputs import CaseDocuments, RenderedDoc
from docgen.checks.registry import Hit
from docgen.workspace.paths import SETTINGS_FILE

if TYPE_CHECKING:
    from docgen.docx.text import Para
    from docgen.workspace.model import CaseFile, Workspace

NAMES = {"institutions", "contacts", "commission", "leader", "address", "from"}
MIN_LENGTH = 3  # shorter strings (codes, initials) are not traced


@dataclass(frozen=True)
class Origin:
    text: str
    key: tuple[str | int, ...]
    location: str  # "cases/x.yaml:31" or "docgen.yaml:12"

    @property
    def is_proper_name(self) -> bool:
        """A name as its owner writes it (an institution, a contact's title, an address)."""
        return any(k in NAMES for k in self.key if isinstance(k, str))

    @property
    def shown(self) -> str:
        return ".".join(str(k) if isinstance(k, str) else f"[{k}]" for k in self.key) \
            .replace(".[", "[")


def _strings(value: Any, key: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...],
                                                                        str]]:
    if isinstance(value, str):
        if len(value) >= MIN_LENGTH:
            yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k != "waivers":
                yield from _strings(v, (*key, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, (*key, i))


def _origins(case_file: CaseFile, ws: Workspace) -> list[Origin]:
    """The data strings of a case and its settings, longest first; the last case's are kept
    (each of its document rules asks: the rules go case by case). Not to be changed."""
    if _LAST and _LAST[0] is case_file and _LAST[1] is ws:
        return _LAST[2]  # type: ignore[no-any-return]
    out = [Origin(text, key, f"{case_file.path}:{case_file.line_of(*key)}")
           for key, text in _strings(case_file.case.model_dump(by_alias=True), ())]
    out += _settings_origins(ws)
    out.sort(key=lambda o: -len(o.text))
    _LAST[:] = [case_file, ws, out, [-len(o.text) for o in out]]
    return out


_LAST: list[Any] = []  # the case file, workspace, origins and their lengths last asked for


def _settings_origins(ws: Workspace) -> list[Origin]:
    """The data strings of the settings, in order; the last workspace's are kept."""
    if _SETTINGS and _SETTINGS[0] is ws:
        return _SETTINGS[1]  # type: ignore[no-any-return]
    out = []
    lines = ws.settings_lines
    for key, text in _strings(ws.settings.model_dump(by_alias=True), ()):
        found = key
        while found and found not in lines:
            found = found[:-1]
        out.append(Origin(text, key, f"{SETTINGS_FILE}:{lines.get(found, 1)}"))
    _SETTINGS[:] = [ws, out]
    return out


_SETTINGS: list[Any] = []  # the workspace last asked about and its settings' strings


def _lengths(origins: list[Origin]) -> list[int]:
    """The origins' lengths, negated (ascending, for bisect)."""
    if _LAST and _LAST[2] is origins:
        return _LAST[3]  # type: ignore[no-any-return]
    return [-len(o.text) for o in origins]


class Sink:
    """A document rule's findings: at the paragraph, or at the data string that holds them."""

    def __init__(self, docs: CaseDocuments) -> None:
        self.docs = docs
        self.traced: dict[tuple[str, str], list[str]] = {}  # (location, message) -> kinds

    @cached_property
    def origins(self) -> list[Origin]:
        return _origins(self.docs.case_file, self.docs.workspace)

    def origin(self, text: str, start: int, end: int) -> Origin | None:
        """The longest data string whose occurrence in `text` covers text[start:end]."""
        origins = self.origins
        lengths = _lengths(origins)  # longest first: those longer than `text` are passed over
        span = text[start:end]
        for index in range(bisect.bisect_left(lengths, -len(text)), len(origins)):
            origin = origins[index]
            if -lengths[index] < end - start:
                break  # this one and all after it are too short to cover text[start:end]
            if span not in origin.text:
                continue  # (what covers the span holds it)
            at = text.find(origin.text)
            while at >= 0:
                if at <= start and end <= at + len(origin.text):
                    return origin
                at = text.find(origin.text, at + 1)
        return None

    def in_name(self, para: Para, start: int, end: int) -> bool:
        """Whether text[start:end] of `para` lies in a proper name from the data."""
        origin = self.origin(para.text, start, end)
        return origin is not None and origin.is_proper_name

    def add(self, doc: RenderedDoc, para: Para, start: int, end: int,
            message: str) -> Hit | None:
        """A finding on text[start:end] of `para`: a Hit to yield now, or None when traced to
        the data (then `traced_hits` yields it once, at its line)."""
        origin = self.origin(para.text, start, end)
        if origin is None:
            return doc.hit(para, message)
        kinds = self.traced.setdefault((origin.location, f"{origin.shown}: {message}"), [])
        if doc.kind not in kinds:
            kinds.append(doc.kind)
        return None

    def traced_hits(self) -> Iterator[Hit]:
        for (location, message), kinds in self.traced.items():
            yield Hit(f"{message} (in {', '.join(kinds)})", location, None, tuple(kinds))
