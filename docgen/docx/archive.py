"""DOCX archives: deterministic zip bytes and fixed document properties.

Same inputs, same bytes: zip entries keep the template's order, carry one fixed timestamp,
and docProps/core.xml gets fixed dates and author, so a rebuild an hour later, or on another
machine, is byte-identical.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

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
