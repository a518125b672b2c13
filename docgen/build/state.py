"""The build's memory: signatures of inputs and outputs, kept in OUTPUT/.docgen/state.json.

Signatures are written only after a successful build, and only for targets that succeeded.
File checks go cheapest first: size and mtime; the content hash only when those differ.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import OutputError
from docgen.files import atomic_write

STATE_DIR = ".docgen"
STATE_FILE = "state.json"
LOCK_FILE = "lock"
FORMAT = 1

# [size, mtime_ns, sha256-hex]
FileSig = list[Any]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def text_digest(text: str) -> str:
    return digest(text.encode("utf-8"))


def short_digest(text: str) -> str:
    """A short hash, enough to tell which part of a context changed (not to decide it)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


def file_sig(path: Path, known: FileSig | None = None) -> FileSig | None:
    """[size, mtime_ns, hash] of `path`; reuses `known`'s hash when size and mtime match."""
    try:
        st = path.stat()
    except OSError:
        return None
    if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
        return known
    try:
        return [st.st_size, st.st_mtime_ns, digest(path.read_bytes())]
    except OSError:
        return None


@dataclass
class TargetRecord:
    sig: str  # hash of context, template and versions: equal sig, equal bytes
    template: str  # shown name of the template used
    dated_today: bool  # the document carries the build's date (no step date yet)
    out: list[int]  # [size, mtime_ns] of the output as written
    doc: str = ""  # hash of the `doc` part of the context, for explanations


class CaseRecord:
    """A case's documents, and a hash per context part (kept packed: read only to explain)."""

    def __init__(self, input: str, parts: dict[str, str] | str = "",
                 targets: dict[str, TargetRecord] | None = None) -> None:
        self.input = input  # "cases/x.yaml"
        self._packed = parts if isinstance(parts, str) else pack(parts)
        self.targets: dict[str, TargetRecord] = targets or {}  # kind -> record

    @property
    def parts(self) -> dict[str, str]:  # "partner.contacts" -> hash
        return unpack(self._packed)

    @parts.setter
    def parts(self, value: dict[str, str]) -> None:
        self._packed = pack(value)

    @property
    def packed_parts(self) -> str:
        return self._packed


def pack(parts: dict[str, str]) -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(parts.items()))


def unpack(packed: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in packed.split(";")) if packed else {}


@dataclass
class State:
    version: str = ""  # docgen version + rules version: a change rebuilds everything
    today: str = ""
    inputs: dict[str, FileSig] = field(default_factory=dict)  # shown path -> signature
    home: dict[str, str] = field(default_factory=dict)  # "home.leader" -> hash
    cases: dict[str, CaseRecord] = field(default_factory=dict)

    @classmethod
    def read(cls, output: Path) -> State:
        path = output / STATE_DIR / STATE_FILE
        try:
            raw = json.loads(path.read_bytes())
            if raw.get("format") != FORMAT:
                return cls()
            cases = {
                cid: CaseRecord(c["input"], c["parts"],
                                {k: TargetRecord(**t) for k, t in c["targets"].items()})
                for cid, c in raw["cases"].items()
            }
            return cls(raw["version"], raw["today"], raw["inputs"], raw["home"], cases)
        except (OSError, ValueError, KeyError, TypeError):
            return cls()  # no state, or a damaged one: build everything

    def write(self, output: Path) -> None:
        data = {
            "format": FORMAT,
            "version": self.version,
            "today": self.today,
            "inputs": self.inputs,
            "home": self.home,
            "cases": {
                cid: {"input": c.input, "parts": c.packed_parts,
                      "targets": {k: vars(t) for k, t in sorted(c.targets.items())}}
                for cid, c in sorted(self.cases.items())
            },
        }
        atomic_write(output / STATE_DIR / STATE_FILE,
                     json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())


@contextlib.contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """One build per output folder at a time: a second one refuses with a clear message."""
    import fcntl

    created = not output.exists()  # a failed first build leaves no output folder behind
    folder = output / STATE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    succeeded = False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise OutputError(f"{output}: another docgen build (pid {holder}) is writing this "
                              "output folder; try again when it has finished") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
        succeeded = True
    finally:
        os.close(fd)  # closing releases the lock
        if created and not succeeded:
            shutil.rmtree(output, ignore_errors=True)
