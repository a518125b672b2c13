"""The records of the build's memory, and their lines in OUTPUT/.docgen/state.json.

The state file is one JSON object laid out in lines: a header (format, version, date, input
signatures, the home part hashes, the table of part keys), one line per case, then `]}`. A
record read from it keeps where its line is: a build that leaves the case alone neither makes
its targets into TargetRecords nor encodes it again, and writes its line back as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

CASES = b',"cases":['  # ends the header line of a state file


@dataclass
class TargetRecord:
    sig: str  # hash of context, template and versions: equal sig, equal bytes
    template: str  # shown name of the template used
    dated_today: bool  # the document carries the build's date (no step date yet)
    out: list[int]  # [size, mtime_ns] of the output as written
    doc: str = ""  # hash of the `doc` part of the context, for explanations


class StateFile:
    """A state file as read: its bytes, its table of part keys, and its case lines (split on
    first need: a build that writes nothing never splits them)."""

    __slots__ = ("_lines", "count", "data", "keys")

    def __init__(self, data: bytes, keys: tuple[str, ...], count: int) -> None:
        self.data, self.keys, self.count = data, keys, count
        self._lines: list[bytes] | None = None

    def line(self, index: int, case_id: str) -> bytes | None:
        """The line of case `index` (None when the file is laid out otherwise)."""
        if self._lines is None:
            self._lines = case_lines(self.data, self.count) or []
        line = self._lines[index] if self._lines else None
        return line if line is not None and line.startswith(
            b'["' + case_id.encode() + b'",') else None


class CaseRecord:
    """A case's documents, and a hash per context part (kept packed: read only to explain).

    Parts are packed as `key=hash;...`, or, in a record read from a state file whose table
    of part keys they follow, as the hashes alone, in the table's order."""

    __slots__ = ("_keys", "_packed", "_raw", "_read", "_targets", "input")

    def __init__(self, input: str, parts: dict[str, str] | str = "",
                 targets: dict[str, TargetRecord] | None = None, *,
                 raw: dict[str, list[Any]] | None = None, keys: tuple[str, ...] | None = None,
                 read: tuple[StateFile, int, str] | None = None) -> None:
        self.input = input  # "cases/x.yaml"
        self._packed = parts if isinstance(parts, str) else pack(parts)
        self._keys = keys if self._packed and "=" not in self._packed else None
        self._raw = raw  # kind -> [sig, template, dated_today, out, doc], as in the state file
        self._targets = targets or ({} if raw is None else None)
        # the state file, the index and the case id it was read as, with its input and parts
        self._read = (*read, input, self._packed) if read else None

    @property
    def targets(self) -> dict[str, TargetRecord]:  # kind -> record
        if self._targets is None:
            self._targets = {k: TargetRecord(t[0], t[1], t[2], list(t[3]), t[4])
                             for k, t in (self._raw or {}).items()}
        return self._targets

    def outputs(self) -> list[tuple[str, str, bool, list[int]]]:
        """(kind, sig, dated_today, out) of each target, without making its record."""
        if self._targets is None:
            return [(k, t[0], t[2], t[3]) for k, t in (self._raw or {}).items()]
        return [(k, t.sig, t.dated_today, t.out) for k, t in self._targets.items()]

    @property
    def parts(self) -> dict[str, str]:  # "partner.contacts" -> hash
        if self._keys is None:
            return unpack(self._packed)
        hashes = self._packed.split(",")
        return dict(zip(self._keys, hashes, strict=True)) if len(hashes) == len(
            self._keys) else {}  # a damaged record: its parts only explain

    @parts.setter
    def parts(self, value: dict[str, str]) -> None:
        self._packed, self._keys = pack(value), None

    def untouched(self, source: StateFile, index: int, case_id: str) -> bool:
        """Whether this is the record read as line `index` of `source`, unchanged."""
        return self._targets is None and self._read == (
            source, index, case_id, self.input, self._packed)

    def line(self, case_id: str, keys: tuple[str, ...]) -> bytes:
        """The record as a line of a state file whose table of part keys is `keys`: the line
        read, when nothing changed."""
        if self._read is not None and self._read[2:] == (case_id, self.input, self._packed) \
                and self._targets is None and self._keys in (None, keys):
            line = self._read[0].line(self._read[1], case_id)
            if line is not None:
                return line
        if self._targets is None:
            targets = self._raw or {}
        else:
            targets = {k: [t.sig, t.template, t.dated_today, t.out, t.doc]
                       for k, t in sorted(self._targets.items())}
        return dumps([case_id, self.input, self._packed_for(keys), targets])

    def _packed_for(self, keys: tuple[str, ...]) -> str:
        if self._keys == keys:
            return self._packed
        parts = self.parts
        if keys and tuple(sorted(parts)) == keys:
            return ",".join(parts[k] for k in keys)
        return pack(parts)


def pack(parts: dict[str, str]) -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(parts.items()))


def unpack(packed: str) -> dict[str, str]:
    """Parts packed as `key=hash;...` (an item without "=", from a damaged state, is left
    out: parts only explain)."""
    return dict(item.split("=", 1) for item in packed.split(";") if "=" in item)


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def layout(head: bytes, lines: list[bytes]) -> bytes:
    """A state file: the header (a JSON object), then a line per case."""
    return b"".join((head[:-1], CASES, b"\n", b",\n".join(lines), b"\n" if lines else b"",
                     b"]}"))


def case_lines(data: bytes, count: int) -> list[bytes] | None:
    """The line of each case in a state file laid out by `layout` (None: laid out otherwise,
    e.g. by hand: then every record is encoded anew)."""
    lines = data.split(b"\n")
    if len(lines) != count + 2 or not lines[0].endswith(CASES) or lines[-1] != b"]}":
        return None
    out = [line[:-1] for line in lines[1:-2]] + lines[-2:-1] if count else []
    return out if all(line.startswith(b'["') and line.endswith(b"]") for line in out) else None


def from_format_1(raw: dict[str, Any]) -> dict[str, Any]:
    """A state file of format 1 (targets as objects) in the layout of format 2."""
    cases = [[cid, c["input"], c["parts"],
              {k: [t["sig"], t["template"], t["dated_today"], t["out"], t.get("doc", "")]
               for k, t in c["targets"].items()}]
             for cid, c in raw["cases"].items()]
    return {**raw, "cases": cases}
