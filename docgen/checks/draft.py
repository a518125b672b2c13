"""Marking a document DRAFT: a red line at the top of its headers, added to the DOCX package.

Works on the zip and its XML directly (zipfile + lxml): the line goes first in every header
the sections use; a document without headers gets one. Entry order and timestamps are kept,
so a marked build stays reproducible.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
HEADER_REL = f"{R}/header"
HEADER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"


def mark_draft(docx_bytes: bytes, message: str) -> bytes:
    """`docx_bytes` with `message` as the first paragraph of its headers (bold, red)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        infos = zf.infolist()
        parts = {info.filename: zf.read(info) for info in infos}
    document = etree.fromstring(parts[DOCUMENT])
    rels = etree.fromstring(parts[DOCUMENT_RELS])
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    sections = list(document.iter(f"{{{W}}}sectPr"))
    used = {ref.get(f"{{{R}}}id") for s in sections for ref in s.findall(f"{{{W}}}headerReference")}
    headers = sorted({_part_name(targets[rid]) for rid in used if rid in targets})
    if not headers:
        name = _new_header(parts, rels, document, sections)
        headers = [name]
        parts[DOCUMENT] = _xml(document)
        parts[DOCUMENT_RELS] = _xml(rels)
    for name in headers:
        root = etree.fromstring(parts[name])
        root.insert(0, _draft_paragraph(message))
        parts[name] = _xml(root)
    return _zip(infos, parts)


def _part_name(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else f"word/{target}"


def _new_header(parts: dict[str, bytes], rels: Any, document: Any, sections: list[Any]) -> str:
    """Add an empty header part, its relationship, content type and section references."""
    from lxml import etree

    number = 1
    while f"word/header{number}.xml" in parts:
        number += 1
    name = f"word/header{number}.xml"
    ids = {rel.get("Id") for rel in rels}
    rid = next(f"rId{n}" for n in range(1, len(ids) + 2) if f"rId{n}" not in ids)
    etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship",
                     {"Id": rid, "Type": HEADER_REL, "Target": f"header{number}.xml"})
    parts[name] = (f'<w:hdr xmlns:w="{W}" xmlns:r="{R}"></w:hdr>').encode()
    types = etree.fromstring(parts[CONTENT_TYPES])
    etree.SubElement(types, f"{{{CT}}}Override",
                     {"PartName": f"/{name}", "ContentType": HEADER_CT})
    parts[CONTENT_TYPES] = _xml(types)
    if not sections:
        body = document.find(f"{{{W}}}body")
        sections = [etree.SubElement(body, f"{{{W}}}sectPr")]
    for section in sections:
        ref = etree.Element(f"{{{W}}}headerReference", {f"{{{W}}}type": "default",
                                                       f"{{{R}}}id": rid})
        section.insert(0, ref)  # header references come first in a sectPr
    return name


def _draft_paragraph(message: str) -> Any:
    from lxml import etree

    p = etree.Element(f"{{{W}}}p")
    ppr = etree.SubElement(p, f"{{{W}}}pPr")
    etree.SubElement(ppr, f"{{{W}}}jc", {f"{{{W}}}val": "center"})
    run = etree.SubElement(p, f"{{{W}}}r")
    rpr = etree.SubElement(run, f"{{{W}}}rPr")
    etree.SubElement(rpr, f"{{{W}}}b")
    etree.SubElement(rpr, f"{{{W}}}color", {f"{{{W}}}val": "C00000"})
    text = etree.SubElement(run, f"{{{W}}}t")
    text.text = message
    return p


def _xml(root: Any) -> bytes:
    from lxml import etree

    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _zip(infos: list[zipfile.ZipInfo], parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    known = {info.filename for info in infos}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in infos:
            out.writestr(info, parts[info.filename])
        for name in sorted(set(parts) - known):
            extra = zipfile.ZipInfo(name, infos[0].date_time if infos else (1980, 1, 1, 0, 0, 0))
            extra.compress_type = zipfile.ZIP_DEFLATED
            extra.external_attr = 0o644 << 16
            out.writestr(extra, parts[name])
    return buffer.getvalue()
