"""DOCX archives: deterministic zip bytes and fixed document properties.

Same inputs, same bytes: zip entries keep the template's order, carry one fixed timestamp,
and docProps/core.xml gets fixed dates and author, so a rebuild an hour later, or on another
machine, is byte-identical.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CORE_PROPS = "docProps/core.xml"
END_OF_CENTRAL_DIRECTORY = struct.Struct("<4s4H2LH")
OFFSET_IN_CENTRAL_RECORD = 42  # where a central directory record keeps its local header's offset


def normalized_docx(parts: Iterable[tuple[str, bytes]], title: str, stamp: dt.datetime,
                    rendered: Mapping[str, str] | None = None) -> bytes:
    """Zip `parts` deterministically, replacing the core properties with fixed ones."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            if name == CORE_PROPS:
                data = core_properties(title, stamp, rendered)
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


def zip_member(name: str, data: bytes, head: bytes = b"") -> ZipMember:
    """`name` holding `data`, as `normalized_docx` writes it: zipfile's headers for the name
    (made once), with the data's CRC and sizes, and zipfile's deflate of the data.

    `head`, when `data` starts with it (the same head in every document: a part's root
    and its namespaces), is deflated once and its compressor copied: deflate writes the
    same stream however its input is handed to it, in one piece or in two."""
    headers = _HEADERS.get(name)
    if headers is None or len(data) > _SMALL:
        return _zip_member(name, data)
    local, central = headers
    primed = _primed(head) if head and data.startswith(head) else None
    if primed is None:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)  # zipfile's, at compresslevel 6
        compressed = compressor.compress(data) + compressor.flush()
        crc = zlib.crc32(data)
    else:
        ready, written, head_crc = primed
        compressor = ready.copy()
        rest = memoryview(data)[len(head):]
        compressed = written + compressor.compress(rest) + compressor.flush()
        crc = zlib.crc32(rest, head_crc)
    sizes = _SIZES.pack(crc, len(compressed), len(data))
    return ZipMember(local[:14] + sizes + local[26:] + compressed,
                     central[:16] + sizes + central[28:])


def common_head(data: bytes, other: bytes) -> bytes:
    """The bytes both begin with (bisected), if they are worth deflating apart (512)."""
    low, high = 0, min(len(data), len(other))
    while low < high:
        middle = (low + high + 1) // 2
        if data[:middle] == other[:middle]:
            low = middle
        else:
            high = middle - 1
    return data[:low] if low >= 512 else b""


_PRIMED: dict[bytes, tuple[Any, bytes, int]] = {}


def _primed(head: bytes) -> tuple[Any, bytes, int]:
    """A compressor that has deflated `head` (not flushed), what it wrote, head's CRC."""
    found = _PRIMED.get(head)
    if found is None:
        if len(_PRIMED) >= 64:
            _PRIMED.clear()
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        found = _PRIMED[head] = (compressor, compressor.compress(head), zlib.crc32(head))
    return found


_SIZES = struct.Struct("<3L")  # CRC-32, compressed and uncompressed size
_SMALL = 0x7FFFFFFF  # far below zip64's sizes, where zipfile's headers change
_HEADERS: dict[str, tuple[bytes, bytes]] = {}


def _zip_member(name: str, data: bytes) -> ZipMember:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        _write_entry(zf, name, data)
    blob = buffer.getvalue()
    end = END_OF_CENTRAL_DIRECTORY.unpack_from(blob, len(blob) - END_OF_CENTRAL_DIRECTORY.size)
    size, offset = end[5], end[6]
    member = ZipMember(blob[:offset], blob[offset:offset + size])
    if name not in _HEADERS and len(_HEADERS) < 4096:  # the headers of this name, for next time
        lengths = struct.unpack_from("<2H", member.local, 26)  # of the name and the extra field
        _HEADERS[name] = (member.local[:30 + sum(lengths)], member.central)
    return member


def join_members(members: Sequence[ZipMember]) -> bytes:
    """The zip of `members` in order: the same bytes `normalized_docx` gives for their parts."""
    if len(members) > 0xFFFF:
        raise ValueError("too many parts for a DOCX package")
    pieces: list[bytes] = []
    central = bytearray()
    offset = 0
    for member in members:
        record = bytearray(member.central)
        struct.pack_into("<L", record, OFFSET_IN_CENTRAL_RECORD, offset)
        central += record
        pieces.append(member.local)
        offset += len(member.local)
    if offset + len(central) > 0xFFFFFFFF:
        raise ValueError("DOCX package too large (over 4 GB)")
    end = END_OF_CENTRAL_DIRECTORY.pack(b"PK\x05\x06", 0, 0, len(members), len(members),
                                        len(central), offset, 0)
    return b"".join((*pieces, central, end))


def docx_parts(blob: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return [(info.filename, zf.read(info)) for info in zf.infolist()]


def escape(text: str) -> str:
    """XML's escape of `text` for element content, as xml.sax.saxutils.escape does it (that
    module imports urllib: too heavy for a first document)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


# python-docx's names of the core properties docxtpl renders, and their elements
PROPERTY_ELEMENTS = {"author": "dc:creator", "comments": "dc:description",
                     "identifier": "dc:identifier", "language": "dc:language",
                     "subject": "dc:subject", "title": "dc:title"}


def core_properties(title: str, stamp: dt.datetime,
                    rendered: Mapping[str, str] | None = None) -> bytes:
    """Fixed core properties: `title`, docgen as author, `stamp` for both dates; a template's
    own properties that held tags (`rendered`, by python-docx's names) as rendered."""
    values = {"title": title, "author": "docgen", **(rendered or {})}
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    extra = "".join(f"<{PROPERTY_ELEMENTS[name]}>{escape(values[name])}</{PROPERTY_ELEMENTS[name]}>"
                    for name in ("subject", "comments", "identifier", "language")
                    if name in values)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(values['title'])}</dc:title>"
        f"<dc:creator>{escape(values['author'])}</dc:creator>"
        f"{extra}"
        "<cp:lastModifiedBy>docgen</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


# A template or document package, at most: generous for any real document (a long one with
# images is a few MB), small enough that a zip bomb is refused before it is inflated.
MAX_MEMBERS = 2_000
MAX_PART = 64 * 1024 * 1024  # bytes of one part, inflated
MAX_XML_PART = 32 * 1024 * 1024  # bytes of one XML part, inflated
MAX_PACKAGE = 160 * 1024 * 1024  # bytes of all parts, inflated
_SYMLINK = 0o120000


def package_problem(infos: Sequence[zipfile.ZipInfo]) -> str | None:
    """Why a zip with these members is refused as a DOCX package (None: it is not).

    Sizes are the declared ones, which zipfile holds reading to; names must stay inside the
    package (no `..`, no absolute path, no backslash), and no member may be a symbolic link."""
    if len(infos) > MAX_MEMBERS:
        return f"holds {len(infos)} parts; the limit is {MAX_MEMBERS}"
    total = 0
    for info in infos:
        name = info.filename
        parts = name.split("/")
        if (name.startswith("/") or "\\" in name or "\x00" in name or ".." in parts
                or ":" in parts[0]):
            return f"has a part named {name!r} that points outside the package"
        if (info.external_attr >> 16) & 0o170000 == _SYMLINK:
            return f"has a part {name!r} that is a symbolic link"
        most = MAX_XML_PART if name.endswith((".xml", ".rels")) else MAX_PART
        if info.file_size > most:
            return (f"part {name!r} inflates to {info.file_size:,} bytes; the limit is "
                    f"{most:,} (a zip bomb?)")
        total += info.file_size
    if total > MAX_PACKAGE:
        return f"inflates to {total:,} bytes; the limit is {MAX_PACKAGE:,} (a zip bomb?)"
    return None


def check_package(blob: bytes) -> None:
    """Raise ValueError when `blob` is not a DOCX package docgen accepts (see above), or when its
    main part is not a Word document."""
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        why = package_problem(zf.infolist())
        if why is not None:
            raise ValueError(why)
        try:
            head = zf.read("word/document.xml")[:4096]
        except KeyError:
            raise ValueError("no word/document.xml in the package") from None
    root = _ROOT_TAG.search(head.decode("utf-8", errors="replace"))
    if root is None or root.group(1) != "document":
        found = f"<{root.group(0)[1:]}>" if root else "no XML element"
        raise ValueError(f"word/document.xml is not a Word document (it starts with {found})")


_ROOT_TAG = re.compile(r"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")


def package_contents(names: tuple[str, ...], package: tuple[ZipMember | str, ...],
                     parts: dict[str, bytes], added: dict[str, bytes]) -> dict[str, bytes]:
    """Every part of a package uncompressed, in its order: `names` with `package`'s members
    (a name where the part is rendered, in `parts`), then the `added` parts it lacks, as
    `join_members` is given them. The unchanged members are inflated once per package."""
    plain = _plain(package)
    out = {name: added[name] if name in added else parts[name] if name in parts
           else plain[index] for index, name in enumerate(names)}
    out.update((name, added[name]) for name in sorted(set(added) - set(names)))
    return out


@functools.lru_cache(maxsize=32)  # one per template a process renders with
def _plain(package: tuple[ZipMember | str, ...]) -> dict[int, bytes]:
    return {index: member_data(member) for index, member in enumerate(package)
            if isinstance(member, ZipMember)}


def member_data(member: ZipMember) -> bytes:
    """The data a member holds, uncompressed (its local header says where it starts)."""
    method, = struct.unpack_from("<H", member.local, 8)
    name_len, extra_len = struct.unpack_from("<2H", member.local, 26)
    stored = member.local[30 + name_len + extra_len:]
    return stored if method == zipfile.ZIP_STORED else zlib.decompress(stored, -15)
