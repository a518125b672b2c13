"""A DOCX file as a zip package: its entries, its text-bearing XML parts, deterministic writing.

Reading translates every zip, XML and OS failure into `DocxReadError(path, message)`.
Writing is deterministic (fixed timestamps, the original entry order) and atomic.
"""

from __future__ import annotations

import os
import posixpath
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
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
        out = [Story(self.main, "document", document)]
        seen = {self.main}
        for name in _header_footer_parts(self, document):
            if name not in seen and name in self.entries:
                seen.add(name)
                label = posixpath.splitext(posixpath.basename(name))[0]
                out.append(Story(name, label, self.xml(name)))
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
    for sect in document.iter(w("sectPr")):
        for ref in sect:
            if ref.tag in (w("headerReference"), w("footerReference")):
                rel = rels.get(ref.get(f"{{{R_NS}}}id", ""))
                if rel is not None:
                    names.append(rel[1])
    return names


def _relationships(path: Path, entries: Mapping[str, bytes], source: str) -> _Rels:
    """Relationship id -> (type, target entry name) for the part `source` ("" = package)."""
    folder, base = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    if rels_name not in entries:
        return {}
    try:
        root = etree.fromstring(entries[rels_name], _PARSER)
    except etree.XMLSyntaxError as e:
        raise DocxReadError(path, f"{rels_name}: malformed XML ({e})") from e
    out = {}
    for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        out[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(name))
    return out
