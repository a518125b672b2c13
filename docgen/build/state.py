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
import re
import shutil
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import OutputError
from docgen.files import atomic_write, read_regular

STATE_DIR = ".docgen"
STATE_FILE = "state.json"
LOCK_FILE = "lock"
FORMAT = 1
MAX_INPUT = 256 * 1024 * 1024  # an input file hashed for the build's memory, at most

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
    if not stat.S_ISREG(st.st_mode):  # a FIFO or a device is never read (loading says so)
        return None
    if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
        return known
    try:
        return [st.st_size, st.st_mtime_ns, digest(read_regular(path, MAX_INPUT))]
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


_HELD: set[int] = set()  # lock fds of this process


def _forget_locks() -> None:
    """In a forked child (a render worker): close its copies of the lock, so that the lock
    goes with the build even when a worker outlives it (the build killed by -9)."""
    for fd in _HELD:
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_locks)


@contextlib.contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """One build per output folder at a time: a second one refuses with a clear message.

    A refused build removes nothing. A first build that fails removes the folder it made,
    while it still holds the lock; a build that was waiting for that lock then finds its
    lock file gone and locks a new one, so two builds never write one folder."""
    import fcntl

    created = not output.exists()  # a failed first build leaves no output folder behind
    lock = output / STATE_DIR / LOCK_FILE
    for _attempt in range(10):
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            raise OutputError(_refusal(output, lock)) from None
        if _is_open_file(fd, lock):
            break
        os.close(fd)  # locked a file since removed: lock the one there now
    else:  # pragma: no cover - another process keeps removing the folder
        raise OutputError(f"{output}: the output folder keeps being removed; try again")
    succeeded = False
    _HELD.add(fd)
    try:
        pid = str(os.getpid()).encode()
        os.pwrite(fd, pid, 0)  # then cut to length: a reader never sees it empty
        os.ftruncate(fd, len(pid))
        yield
        succeeded = True
    finally:
        if created and not succeeded:
            shutil.rmtree(output, ignore_errors=True)  # still locked: nobody else is in it
        _HELD.discard(fd)
        os.close(fd)  # closing releases the lock


def _is_open_file(fd: int, path: Path) -> bool:
    try:
        there = os.stat(path)
    except OSError:
        return False
    here = os.fstat(fd)
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _refusal(output: Path, lock: Path) -> str:
    """The refusal, with the pid of the build holding the lock once it has written it."""
    holder = ""
    for _ in range(20):  # the holder writes its pid just after it locks
        with contextlib.suppress(OSError):
            holder = lock.read_text(errors="replace").strip()
        if holder.isdigit():
            break
        time.sleep(0.05)
    who = f" (pid {holder})" if holder.isdigit() else ""
    return (f"{output}: another docgen build{who} is writing this output folder; try again "
            "when it has finished")


# Temporary files of writes a killed build left: atomic_write's `.name.XXXXXXXX.tmp` and the
# converter's `.kind.hex.pdf`, beside the outputs or in .docgen/.
_LEFT_OVER = re.compile(r"^\..+\.(\w{8}\.tmp|[0-9a-f]{8}\.pdf)$")
CACHE_LIMIT = 64 * 1024 * 1024  # compiled templates kept between builds, at most


def sweep(output: Path) -> None:
    """Remove what a killed build left in `output` (called under the lock, so none is live)."""
    folders = [output, output / STATE_DIR]
    with contextlib.suppress(OSError), os.scandir(output) as entries:
        folders += [Path(e.path) for e in entries if e.is_dir(follow_symlinks=False)
                    and not e.name.startswith(".")]
    for folder in folders:
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                if _LEFT_OVER.match(entry.name) and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def bound_cache(cache: Path, keep: str, limit: int = CACHE_LIMIT) -> None:
    """Keep only the `keep` folder of `cache` (older formats go), at most `limit` bytes of it
    (the least recently written files go first)."""
    with contextlib.suppress(OSError), os.scandir(cache) as entries:
        for entry in entries:
            if entry.name != keep:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
    files = []
    with contextlib.suppress(OSError), os.scandir(cache / keep) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                files.append((info.st_mtime_ns, info.st_size, entry.path))
    total = sum(size for _, size, _ in files)
    for _, size, path in sorted(files):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            os.unlink(path)
        total -= size
