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

from docgen.build.records import (
    CASES,
    CaseRecord,
    StateFile,
    dumps,
    from_format_1,
    layout,
)
from docgen.errors import OutputError
from docgen.files import atomic_write, read_regular

STATE_DIR = ".docgen"
STATE_FILE = "state.json"
LOCK_FILE = "lock"
FORMAT = 2  # 1: targets as objects (still read); 2: one line per case, targets as lists
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
class State:
    version: str = ""  # docgen version + rules version: a change rebuilds everything
    today: str = ""
    inputs: dict[str, FileSig] = field(default_factory=dict)  # shown path -> signature
    home: dict[str, str] = field(default_factory=dict)  # "home.leader" -> hash
    cases: dict[str, CaseRecord] = field(default_factory=dict)
    source: StateFile | None = field(default=None, repr=False, compare=False)  # as read

    @classmethod
    def read(cls, output: Path) -> State:
        try:
            data = (output / STATE_DIR / STATE_FILE).read_bytes()
            raw = json.loads(data)
            if raw.get("format") == 1:
                raw, source = from_format_1(raw), None
            elif raw.get("format") == FORMAT:
                source = StateFile(data, tuple(raw["parts"]), len(raw["cases"]))
            else:
                return cls()
            keys = source.keys if source is not None else None
            cases = {c[0]: CaseRecord(c[1], c[2], raw=c[3], keys=keys,
                                      read=(source, i, c[0]) if source is not None else None)
                     for i, c in enumerate(raw["cases"])}
            if len(cases) != len(raw["cases"]) or not isinstance(raw["inputs"], dict) or \
                    not all(isinstance(c[0], str) and isinstance(c[1], str) and
                            isinstance(c[2], str) and all(len(t) == 5 for t in c[3].values())
                            for c in raw["cases"]):
                raise ValueError("a damaged record")
            return cls(raw["version"], raw["today"], raw["inputs"], raw["home"], cases, source)
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return cls()  # no state, or a damaged one: build everything

    def _head(self) -> tuple[list[tuple[str, CaseRecord]], tuple[str, ...], bytes]:
        """The cases in order, the table of part keys (the first case's that has parts) and
        the header."""
        items = sorted(self.cases.items())
        keys = next((tuple(sorted(parts)) for _, c in items if (parts := c.parts)), ())
        return items, keys, dumps({"format": FORMAT, "version": self.version,
                                   "today": self.today, "inputs": self.inputs,
                                   "home": self.home, "parts": list(keys)})

    def dumps(self) -> bytes:
        items, keys, head = self._head()
        return layout(head, [c.line(cid, keys) for cid, c in items])

    def write(self, output: Path, old: State | None = None) -> bool:
        """Write the state, unless it is the one `old` was read from, unchanged (then the file
        is left alone, bytes and mtime). True when written."""
        items, keys, head = self._head()
        source = old.source if old is not None else None
        if source is not None and source.count == len(items) and source.keys == keys and \
                source.data.startswith(head[:-1] + CASES) and \
                all(c.untouched(source, i, cid) for i, (cid, c) in enumerate(items)):
            return False
        atomic_write(output / STATE_DIR / STATE_FILE,
                     layout(head, [c.line(cid, keys) for cid, c in items]))
        return True


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
# Its mtime: when the last build that ended cleanly took the lock (OUTPUT/.docgen/swept).
SWEPT_FILE = "swept"


def sweep(output: Path) -> int | None:
    """Remove what a killed build (or another killed writer) left in `output`: called under
    the lock, just after taking it, so none is live.

    A leftover was made after the last sweep, so it lies in a folder changed (its ctime)
    since the last build that ended cleanly took its lock: only those folders are looked
    into, or every one when that time is unknown. Returns the time this build took the lock,
    for `mark_swept` at its clean end, or None when no folder had changed (nothing to mark)."""
    state_dir = os.path.join(output, STATE_DIR)
    since = _last_swept(state_dir)
    folders = [state_dir]
    with contextlib.suppress(OSError), os.scandir(output) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                _remove_left_over(entry)
            elif entry.is_dir(follow_symlinks=False) and _changed_since(entry, since):
                folders.append(entry.path)
    for folder in folders:
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    _remove_left_over(entry)
    if since is not None and len(folders) == 1:
        return None
    try:
        return os.stat(os.path.join(state_dir, LOCK_FILE)).st_mtime_ns  # written on locking
    except OSError:
        return None


def mark_swept(output: Path, locked_at: int) -> None:
    """Record, at the clean end of a build, the time it took the lock (from `sweep`)."""
    path = output / STATE_DIR / SWEPT_FILE
    with contextlib.suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o644))
        os.utime(path, ns=(locked_at, locked_at))


def _last_swept(state_dir: str) -> int | None:
    try:
        since = os.stat(os.path.join(state_dir, SWEPT_FILE)).st_mtime_ns
    except OSError:
        return None
    if since % 1_000_000_000 == 0 or since > time.time_ns():
        return None  # whole seconds (a file system with coarse times) or the clock went back
    return since


def _changed_since(entry: os.DirEntry[str], since: int | None) -> bool:
    if since is None:
        return True
    try:
        return entry.stat(follow_symlinks=False).st_ctime_ns >= since
    except OSError:
        return True


def _remove_left_over(entry: os.DirEntry[str]) -> None:
    if _LEFT_OVER.match(entry.name) and entry.is_file(follow_symlinks=False):
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


def bound_cache(cache: Path, *keep: str, limit: int = CACHE_LIMIT) -> None:
    """Keep only the `keep` folders of `cache` (older formats go), at most `limit` bytes of
    each (the least recently written files go first)."""
    with contextlib.suppress(OSError), os.scandir(cache) as entries:
        for entry in entries:
            if entry.name not in keep:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
    for name in keep:
        _bound_folder(cache / name, limit)


def _bound_folder(folder: Path, limit: int) -> None:
    files = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
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
