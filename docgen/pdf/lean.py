"""A leaner copy of a DOCX for LibreOffice to convert: the table styles nothing uses, left out.

Word's default template carries about a hundred table styles (so do python-docx's and
docgen's bundled templates). LibreOffice imports every one of them, which is about a quarter
of the time it takes to turn one of docgen's documents into a PDF, and lays out none: only
the tables' own styles (`w:tblStyle`), the default table style and the styles those are based
on show. So the converter hands LibreOffice a copy without the others; the PDF is the same.

Every other zip entry is copied as it is, compressed bytes and all. Anything unexpected (no
styles part, XML that does not parse, a zip feature not handled here) means no lean copy:
the converter then converts the document itself.
"""

from __future__ import annotations

import functools
import posixpath
import re
import struct
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from docgen.docx.ooxml import w

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_TABLE_STYLE_REF = re.compile(rb"tblStyle[\s/>]")  # not tblStyleRowBandSize and the like
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# parts that hold no table (the rest are searched for w:tblStyle)
_NO_TABLES = ("styles+xml", "stylesWithEffects+xml", "theme+xml", "numbering+xml",
              "settings+xml", "fontTable+xml", "webSettings+xml", "core-properties+xml",
              "extended-properties+xml", "relationships+xml")
_LOCAL = struct.Struct("<4s5H3L2H")  # a local file header, up to the name
_CENTRAL = struct.Struct("<4s6H3L5H2L")  # a central directory record, up to the name
_END = struct.Struct("<4s4H2LH")
_STYLE, _STYLE_ID, _TYPE = w("style"), w("styleId"), w("type")
_VAL, _DEFAULT = w("val"), w("default")
_POINTERS = (w("basedOn"), w("next"), w("link"))


class _NotLean(Exception):
    """This package is left as it is."""


def lean_copy(src: Path, dst: Path) -> bool:
    """Write `dst`, `src` without its unused table styles; False (nothing written) when there
    are none to leave out or the package is not one this module handles."""
    try:
        with zipfile.ZipFile(src) as zf:
            styles = _styles_part(zf)
            used = _table_styles_used(zf, styles)
            info = zf.getinfo(styles)
            lean = _lean_styles(zf.read(info), used)
            if lean is None:
                return False
            _write(zf, src, dst, {styles: lean})
    except (_NotLean, OSError, KeyError, ValueError, zipfile.BadZipFile, zlib.error,
            etree.XMLSyntaxError):
        return False
    return True


def _styles_part(zf: zipfile.ZipFile) -> str:
    """The main document's styles part, by its relationships."""
    main = _target(zf, "_rels/.rels", "", "/officeDocument")
    folder, name = posixpath.split(main)
    return _target(zf, posixpath.join(folder, "_rels", f"{name}.rels"), folder, "/styles")


def _target(zf: zipfile.ZipFile, rels: str, folder: str, kind: str) -> str:
    root = etree.fromstring(zf.read(rels), _PARSER)
    for rel in root.iter(f"{_REL_NS}Relationship"):
        if rel.get("Type", "").endswith(kind) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            return posixpath.normpath(path)
    raise _NotLean(f"{rels}: no {kind} relationship")


def _table_styles_used(zf: zipfile.ZipFile, styles: str) -> frozenset[str]:
    """The style ids every `w:tblStyle` outside the styles part names."""
    types = etree.fromstring(zf.read("[Content_Types].xml"), _PARSER)
    defaults = {e.get("Extension", "").lower(): e.get("ContentType", "")
                for e in types.iter(f"{_CT_NS}Default")}
    overrides = {e.get("PartName", "").lstrip("/"): e.get("ContentType", "")
                 for e in types.iter(f"{_CT_NS}Override")}
    used: set[str] = set()
    for info in zf.infolist():
        name = info.filename
        kind = overrides.get(name) or defaults.get(name.rpartition(".")[2].lower(), "")
        if name == styles or not kind.endswith("xml") or kind.endswith(_NO_TABLES):
            continue
        data = zf.read(info)
        if _TABLE_STYLE_REF.search(data):
            root = etree.fromstring(data, _PARSER)
            used.update(e.get(_VAL, "") for e in root.iter(w("tblStyle")))
    return frozenset(used)


@functools.lru_cache(maxsize=16)
def _lean_styles(data: bytes, used: frozenset[str]) -> bytes | None:
    """The styles part without the table styles that no table, default or kept style needs;
    None when every one is needed. Documents of one template share the answer."""
    root = etree.fromstring(data, _PARSER)
    styles = [s for s in root if s.tag == _STYLE]
    by_id = {s.get(_STYLE_ID): s for s in styles}
    kept = [s for s in styles if s.get(_TYPE) != "table" or s.get(_STYLE_ID) in used
            or s.get(_DEFAULT) in ("1", "true", "on")]
    seen = {id(s) for s in kept}
    while kept:  # and every style a kept one points to
        style = kept.pop()
        for pointer in style.iter(*_POINTERS):
            target = by_id.get(pointer.get(_VAL))
            if target is not None and id(target) not in seen:
                seen.add(id(target))
                kept.append(target)
    dropped = [s for s in styles if id(s) not in seen]
    if not dropped:
        return None
    for style in dropped:
        root.remove(style)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _write(zf: zipfile.ZipFile, src: Path, dst: Path, replaced: dict[str, bytes]) -> None:
    """`src`'s entries in order into `dst`: `replaced` ones stored anew, the others' local
    headers and compressed data copied byte for byte."""
    body, central = bytearray(), bytearray()
    with open(src, "rb") as fh:
        for info in zf.infolist():
            name = info.filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
            if info.filename in replaced:
                data = replaced[info.filename]
                crc, size, packed, method = zlib.crc32(data), len(data), data, 0
            else:
                if info.flag_bits & 0x41 or info.file_size >= 0xFFFFFFFF:
                    raise _NotLean("encrypted, strongly encrypted or zip64 entry")
                fh.seek(info.header_offset)
                header = fh.read(_LOCAL.size)
                if header[:4] != b"PK\x03\x04":
                    raise _NotLean("bad local header")
                name_len, extra_len = struct.unpack_from("<2H", header, 26)
                fh.seek(info.header_offset + 30 + name_len + extra_len)
                packed = fh.read(info.compress_size)
                crc, size, method = info.CRC, info.file_size, info.compress_type
            time, date = _dos_stamp(info.date_time)
            flags = info.flag_bits & 0x800  # keep UTF-8 names; no data descriptor
            offset = len(body)
            body += _LOCAL.pack(b"PK\x03\x04", 20, flags, method, time, date, crc, len(packed),
                                size, len(name), 0) + name + packed
            central += _CENTRAL.pack(b"PK\x01\x02", 20, 20, flags, method, time, date, crc,
                                     len(packed), size, len(name), 0, 0, 0, 0,
                                     info.external_attr, offset) + name
            if len(body) > 0xFFFFFFFF:
                raise _NotLean("too large")
    count = len(zf.infolist())
    end = _END.pack(b"PK\x05\x06", 0, 0, count, count, len(central), len(body), 0)
    dst.write_bytes(bytes(body + central + end))


def _dos_stamp(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return hour << 11 | minute << 5 | second // 2, max(0, year - 1980) << 9 | month << 5 | day
