"""Writing DOCX packages: deterministic bytes, fixed properties, atomic replacement.

Same inputs, same bytes: zip entries keep the template's order, carry one fixed timestamp,
and docProps/core.xml gets fixed dates and author, so a rebuild an hour later, or on another
machine, is byte-identical.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import struct
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CORE_PROPS = "docProps/core.xml"
END_OF_CENTRAL_DIRECTORY = struct.Struct("<4s4H2LH")
OFFSET_IN_CENTRAL_RECORD = 42  # where a central directory record keeps its local header's offset


def normalized_docx(parts: Iterable[tuple[str, bytes]], title: str, stamp: dt.datetime) -> bytes:
    """Zip `parts` deterministically, replacing the core properties with fixed ones."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            if name == CORE_PROPS:
                data = core_properties(title, stamp)
            _write_entry(zf, name, data)
    return buffer.getvalue()


def _write_entry(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 0
    zf.writestr(info, data, compresslevel=6)


@dataclass(frozen=True)
class ZipMember:
    """One zip entry compressed once, as `normalized_docx` writes it, ready to be joined.

    A template's unchanged parts become members once per process; each document then only
    compresses the parts it renders.
    """

    local: bytes  # local file header and compressed data
    central: bytes  # central directory record, its local header offset still zero


def zip_member(name: str, data: bytes) -> ZipMember:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        _write_entry(zf, name, data)
    blob = buffer.getvalue()
    end = END_OF_CENTRAL_DIRECTORY.unpack_from(blob, len(blob) - END_OF_CENTRAL_DIRECTORY.size)
    size, offset = end[5], end[6]
    return ZipMember(blob[:offset], blob[offset:offset + size])


def join_members(members: Sequence[ZipMember]) -> bytes:
    """The zip of `members` in order: the same bytes `normalized_docx` gives for their parts."""
    if len(members) > 0xFFFF:
        raise ValueError("too many parts for a DOCX package")
    body = bytearray()
    central = bytearray()
    for member in members:
        record = bytearray(member.central)
        struct.pack_into("<L", record, OFFSET_IN_CENTRAL_RECORD, len(body))
        central += record
        body += member.local
    if len(body) + len(central) > 0xFFFFFFFF:
        raise ValueError("DOCX package too large (over 4 GB)")
    end = END_OF_CENTRAL_DIRECTORY.pack(b"PK\x05\x06", 0, 0, len(members), len(members),
                                        len(central), len(body), 0)
    return bytes(body + central + end)


def docx_parts(blob: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return [(info.filename, zf.read(info)) for info in zf.infolist()]


def core_properties(title: str, stamp: dt.datetime) -> bytes:
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title>"
        "<dc:creator>docgen</dc:creator>"
        "<cp:lastModifiedBy>docgen</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def source_date(default: dt.date) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else midnight UTC of `default`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if re.fullmatch(r"\d+", epoch):
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime(default.year, default.month, default.day, tzinfo=dt.timezone.utc)


def source_now() -> dt.datetime:
    """SOURCE_DATE_EPOCH (reproducible runs) when set, else the current time; UTC, seconds.

    For dates that record when something was done (an approval, a tracked change)."""
    from docgen.errors import UsageError

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH: not a time in seconds: {epoch!r}") from None


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename: old or new, never torn.

    Safe against an interrupted or killed process; no fsync, so not against power loss.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; outputs are for others to read
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
