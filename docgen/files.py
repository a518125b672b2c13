"""The one way docgen writes a file (a temporary file and a rename), and the one way it reads
an input: a regular file, of a bounded size."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

# The kinds of file that are not regular, as a clerk would call them.
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


class SpecialFile(OSError):
    """An input that is not a regular file, or larger than its limit: say so, read nothing."""


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of `path` if it is a regular file of at most `limit` bytes.

    Never blocks on a FIFO and never reads a device: the file is opened without waiting and
    checked before a byte is read. Raises SpecialFile saying what the file is instead, or
    OSError as the system says it (missing, a loop of links, permissions)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a file")
            raise SpecialFile(f"is {kind}, not a regular file; docgen reads only regular files")
        if info.st_size > limit:
            raise SpecialFile(f"is too large ({info.st_size} bytes); the limit is {limit} bytes")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # grew while being read
            raise SpecialFile(f"is too large (over {limit} bytes)")
        return b"".join(chunks)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename: old or new, never torn.

    Safe against an interrupted or killed process; no fsync, so not against power loss. A
    failure (a full disk) is raised naming `path`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; outputs are for others to read
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if exc.filename is None:  # a write's error names no file: name the one written
            raise OSError(exc.errno or errno.EIO, exc.strerror or str(exc), str(path)) from None
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
