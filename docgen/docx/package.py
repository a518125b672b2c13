"""A DOCX file as a zip package: its entries, its text-bearing XML parts, deterministic writing.

Reading translates every zip, XML and OS failure into `DocxReadError(path, message)`.
Writing is deterministic (fixed timestamps, the original entry order) and atomic.
"""

from __future__ import annotations

import io
import os
import posixpath
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from docgen.docx.archive import package_problem
from docgen.docx.ooxml import R_NS, Element, w
from docgen.errors import DocgenError, OutputError, Problem

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "/officeDocument"
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .doc, or a password-protected .docx
_Rels = dict[str, tuple[str, str]]  # relationship id -> (type, target entry)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class DocxReadError(DocgenError):
    """A file that cannot be read as a DOCX document (missing, not a zip, malformed XML)."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")

    def problems(self) -> list[Problem]:
        return [Problem(self.path, message=self.message)]


@dataclass(frozen=True)
class Story:
    """One XML part that holds text: the main document, a header or a footer."""

    name: str  # zip entry, e.g. "word/footer1.xml"
    label: str  # "document", "header1", "footer1"
    root: Element


@dataclass(frozen=True)
class Package:
    """The entries of a DOCX zip, in archive order, and where its main document lives."""

    path: Path
    entries: dict[str, bytes]
    main: str  # entry name of the main document part, usually "word/document.xml"

    def xml(self, name: str) -> Element:
        try:
            return etree.fromstring(self.entries[name], _PARSER)
        except etree.XMLSyntaxError as e:
            raise DocxReadError(self.path, f"{name}: malformed XML ({e})") from e

    def stories(self) -> list[Story]:
        """The main document, then every header and footer its sections use, once each."""
        document = self.xml(self.main)
        return [Story(self.main, "document", document),
                *(Story(name, label, self.xml(name)) for name, label in self.parts_of(document))]

    def parts_of(self, document: Element) -> list[tuple[str, str]]:
        """The header and footer parts the main document's sections use, once each, in order:
        (entry name, label such as "footer1")."""
        out = []
        seen = {self.main}
        for name in _header_footer_parts(self, document):
            if name not in seen and name in self.entries:
                seen.add(name)
                out.append((name, posixpath.splitext(posixpath.basename(name))[0]))
        return out


def read_package(path: Path) -> Package:
    """Read a DOCX file into memory; raise DocxReadError saying why it is not one."""
    try:
        with zipfile.ZipFile(path) as zf:
            refused = package_problem(zf.infolist())  # a zip bomb is refused, not inflated
            if refused is not None:
                raise DocxReadError(path, f"refused: {refused}")
            entries = {info.filename: zf.read(info) for info in zf.infolist()}
    except FileNotFoundError as e:
        raise DocxReadError(path, "no such file") from e
    except IsADirectoryError as e:
        raise DocxReadError(path, "is a directory, not a DOCX file") from e
    except zipfile.BadZipFile as e:
        raise DocxReadError(path, _not_a_zip(path)) from e
    except (OSError, zipfile.LargeZipFile, RuntimeError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise DocxReadError(path, f"cannot read ({reason})") from e
    main = _main_part(path, entries)
    if main not in entries:
        raise DocxReadError(path, f"not a DOCX file (no {main} in the zip archive)")
    return Package(path, entries, main)


def zip_entries(data: bytes, keep: Callable[[str], bool]) -> dict[str, bytes]:
    """The entries of a zip archive given as bytes whose names `keep` accepts, in archive
    order: what `zipfile` reads, with its errors. A plain archive (no zip64, comment,
    encryption or extra fields; stored or deflated) is read here without its per-entry
    objects; anything else, or anything amiss, goes to `zipfile`."""
    try:
        found = _plain_entries(data, keep)
    except (struct.error, zlib.error, UnicodeDecodeError):
        found = None
    if found is not None:
        return found
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist() if keep(info.filename)}


_CENTRAL = struct.Struct(zipfile.structCentralDir)
_LOCAL = struct.Struct(zipfile.structFileHeader)
_END = zipfile.sizeEndCentDir
_UTF8, _UNREADABLE = 0x800, 0x1 | 0x20 | 0x40  # name in UTF-8; encrypted or patched data
_LARGE = 0xFFFF_FFFF  # a size or offset held in a zip64 extra field
_BUFFER = 1 << 22  # but no more than this at first


def _plain_entries(data: bytes, keep: Callable[[str], bool]) -> dict[str, bytes] | None:
    """`zip_entries` for a plain archive, or None when `zipfile` must have its say."""
    end = len(data) - _END
    if (end < 20 or data[end:end + 4] != zipfile.stringEndArchive or data[-2:] != b"\0\0"
            or data[end - 20:end - 16] == zipfile.stringEndArchive64Locator):
        return None
    size, offset = struct.unpack_from("<2L", data, end + 12)
    if offset + size != end:  # something before the archive, or a bad directory
        return None
    out: dict[str, bytes] = {}
    pos = offset
    while pos < end:
        (sig, _cv, _cs, version, _r, flags, method, _t, _d, crc, packed, size, name_len,
         extra_len, comment_len, _disk, _ia, _ea, at) = _CENTRAL.unpack_from(data, pos)
        start = pos + zipfile.sizeCentralDir
        pos = start + name_len + extra_len + comment_len
        if (sig != zipfile.stringCentralDir or pos > end or extra_len
                or version > zipfile.MAX_EXTRACT_VERSION or flags & _UNREADABLE
                or method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
                or _LARGE in (packed, size, at)):
            return None
        raw_name = data[start:start + name_len].decode("utf-8" if flags & _UTF8 else "cp437")
        name = raw_name.split("\0", 1)[0]  # as zipfile.ZipInfo names it
        if not keep(name):
            continue
        head = _LOCAL.unpack_from(data, at)
        begin = at + zipfile.sizeFileHeader
        local_name = data[begin:begin + head[10]].decode("utf-8" if head[3] & _UTF8 else "cp437")
        begin += head[10] + head[11]
        stored = data[begin:begin + packed]
        if head[0] != zipfile.stringFileHeader or local_name != raw_name or len(stored) != packed:
            return None
        body = (stored if method == zipfile.ZIP_STORED  # one buffer of the size it claims:
                else zlib.decompress(stored, -15, min(size, _BUFFER) or 1))
        if len(body) != size or zlib.crc32(body) != crc:
            return None
        out[name] = body
    return out


def write_package(entries: Mapping[str, bytes], out: Path) -> None:
    """Write a zip deterministically (1980-01-01 timestamps, given order) and atomically."""
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        with os.fdopen(fd, "wb") as fh:
            with zipfile.ZipFile(fh, "w") as zf:
                for name, data in entries.items():
                    zf.writestr(_zip_info(name), data, compresslevel=6)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
        tmp = None
    except OSError as e:
        raise OutputError(f"{out}: cannot write ({e.strerror or e})") from e
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def serialize(root: Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, _ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0  # the same bytes whichever system writes them (as docx.archive does)
    info.external_attr = 0o644 << 16
    return info


def _not_a_zip(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError:
        head = b""
    if head == _OLE_MAGIC:
        return "not a DOCX file (a legacy .doc or a password-protected document)"
    return "not a DOCX file (not a zip archive)"


def _main_part(path: Path, entries: Mapping[str, bytes]) -> str:
    rels = _relationships(path, entries, "")
    for rel_type, target in rels.values():
        if rel_type.endswith(_OFFICE_DOCUMENT):
            return target
    return "word/document.xml"


def _header_footer_parts(package: Package, document: Element) -> list[str]:
    """Header and footer part names in the order the sections refer to them."""
    rels = _relationships(package.path, package.entries, package.main)
    names = []
    for sect in document.iter(_SECT_PR):
        for ref in sect:
            if ref.tag in _REFERENCES:
                rel = rels.get(ref.get(_R_ID, ""))
                if rel is not None:
                    names.append(rel[1])
    return names


_SECT_PR, _R_ID = w("sectPr"), f"{{{R_NS}}}id"
_REFERENCES = (w("headerReference"), w("footerReference"))


def _relationships(path: Path, entries: Mapping[str, bytes], source: str) -> _Rels:
    """Relationship id -> (type, target entry name) for the part `source` ("" = package)."""
    folder, base = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    if rels_name not in entries:
        return {}
    try:
        return dict(_parsed_relationships(entries[rels_name], folder))
    except etree.XMLSyntaxError as e:
        raise DocxReadError(path, f"{rels_name}: malformed XML ({e})") from e


@lru_cache(maxsize=64)  # documents rendered from one template share their relationships
def _parsed_relationships(data: bytes, folder: str) -> tuple[tuple[str, tuple[str, str]], ...]:
    out = []
    for rel in etree.fromstring(data, _PARSER).iter(f"{{{_REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        out.append((rel.get("Id", ""), (rel.get("Type", ""), posixpath.normpath(name))))
    return tuple(out)
