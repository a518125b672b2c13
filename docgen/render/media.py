"""Pictures from the data added to a package without loading it with python-docx.

What python-docx's `StoryPart.new_pic_inline` does while docxtpl renders an `InlineImage`,
done on the compiled template's own records: the image becomes `word/media/imageN.ext` (the
lowest unused N, one part per distinct image, reusing one of the template's own), the story
part relates to it by the lowest unused `rIdN` (once per image and part), the drawing gets the
part's next free id, and `[Content_Types].xml` gains the extension's default. python-docx's
own image reading and `CT_Inline` make the drawing, so the markup is the same. The engine
then renumbers the body's drawings as docxtpl does, and headers' as docgen.DocxTemplate does.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_MEDIA_NUMBER = re.compile(r"(\d+)\.[^./]*$")
_ID = re.compile(r'\sid="(\d+)"')  # xpath //@id: an id attribute without a prefix


@dataclass(frozen=True)
class MediaRecord:
    """What adding a picture needs to know of the template (computed when it is prepared)."""

    images: tuple[tuple[str, str], ...]  # (part name, sha1) of the template's images
    rels: tuple[tuple[str, bytes], ...]  # story part's rels file name -> its XML
    next_ids: tuple[tuple[str, int], ...]  # story part -> python-docx's next_id
    content_types: bytes


def record(entries: dict[str, bytes], stories: list[str]) -> MediaRecord:
    import hashlib

    images: dict[str, str] = {}
    rels = []
    for name, data in entries.items():
        if not name.endswith(".rels"):
            continue
        source = _source_of(name)
        if source in stories:
            rels.append((name, data))
        base = posixpath.dirname(source)
        for rel in etree.fromstring(data):
            if rel.get("Type") == IMAGE_REL and rel.get("TargetMode") != "External":
                target = posixpath.normpath(posixpath.join(base, rel.get("Target", "")))
                if target in entries and target not in images:
                    images[target] = hashlib.sha1(entries[target]).hexdigest()
    next_ids = tuple((name, max((int(n) for n in _ID.findall(entries[name].decode())),
                                default=0) + 1) for name in stories if name in entries)
    return MediaRecord(tuple(images.items()), tuple(rels), next_ids,
                       entries.get("[Content_Types].xml", b""))


def _source_of(rels_name: str) -> str:
    folder, name = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels"))


def rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


@dataclass
class Media:
    """The pictures one document adds; `current` is the story part rendering now."""

    known: MediaRecord
    current: str = ""
    new_parts: dict[str, bytes] = field(default_factory=dict)  # media part -> bytes
    by_sha: dict[str, str] = field(default_factory=dict)
    relations: dict[str, dict[str, str]] = field(default_factory=dict)  # part -> target -> rId
    types: dict[str, str] = field(default_factory=dict)  # ext -> content type
    filenames: dict[str, str] = field(default_factory=dict)  # media part -> drawing's name

    @property
    def current_rendering_part(self) -> _Story:
        return _Story(self, self.current)

    def image_part(self, image: Any) -> tuple[str, str]:
        """The media part for `image` and the file name python-docx gives its drawing: that
        of the image first added, or "image.<ext>" for one of the template's own."""
        found = self.by_sha.get(image.sha1)
        if found is None:
            found = next((name for name, sha in self.known.images if sha == image.sha1), None)
            if found is not None:
                self.filenames[found] = f"image.{image.ext}"
        if found is None:
            names = [name for name, _sha in self.known.images] + list(self.new_parts)
            used = {int(m.group(1)) for name in names if (m := _MEDIA_NUMBER.search(name))}
            number = next(n for n in range(1, len(names) + 2) if n not in used)
            found = f"word/media/image{number}.{image.ext}"
            self.new_parts[found] = image.blob
            self.filenames[found] = image.filename
            self.types.setdefault(image.ext, image.content_type)
        self.by_sha[image.sha1] = found
        return found, self.filenames[found]

    def relate(self, part: str, target: str) -> str:
        mine = self.relations.setdefault(part, {})
        if target not in mine:
            existing = dict(self.known.rels).get(rels_name(part))
            rels = etree.fromstring(existing) if existing else None
            for rel in rels if rels is not None else ():
                if (rel.get("Type") == IMAGE_REL and rel.get("TargetMode") != "External"
                        and posixpath.normpath(posixpath.join(posixpath.dirname(part),
                                                              rel.get("Target", ""))) == target):
                    mine[target] = rel.get("Id", "")
                    return mine[target]
            taken = {rel.get("Id") for rel in rels} if rels is not None else set()
            taken |= set(mine.values())
            mine[target] = next(f"rId{n}" for n in range(1, len(taken) + 2)
                                if f"rId{n}" not in taken)
        return mine[target]

    def changed_parts(self) -> dict[str, bytes]:
        """The rels files, content types and media parts this document adds or changes."""
        out = dict(self.new_parts)
        known = dict(self.known.rels)
        for part, targets in self.relations.items():
            name = rels_name(part)
            root = (etree.fromstring(known[name]) if name in known
                    else etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS}))
            present = {rel.get("Id") for rel in root}
            for target, rid in targets.items():
                if rid not in present:
                    etree.SubElement(root, f"{{{RELS_NS}}}Relationship", Id=rid,
                                     Type=IMAGE_REL, Target=posixpath.relpath(
                                         target, posixpath.dirname(part)))
            out[name] = etree.tostring(root, encoding="UTF-8", standalone=True)
        types = etree.fromstring(self.known.content_types)
        have = {d.get("Extension", "").lower() for d in types if d.tag.endswith("Default")}
        for ext, content_type in self.types.items():
            if ext.lower() not in have:
                default = etree.Element(f"{{{TYPES_NS}}}Default", Extension=ext,
                                        ContentType=content_type)
                types.insert(0, default)
        out["[Content_Types].xml"] = etree.tostring(types, encoding="UTF-8", standalone=True)
        return out


@dataclass
class _Story:
    media: Media
    name: str

    def relate_to(self, *_args: Any, **_kwargs: Any) -> str:
        from docgen.render.images import NeedsPackage

        raise NeedsPackage("a hyperlink on a picture: rendered with the package")

    def new_pic_inline(self, image_descriptor: Any, width: Any = None,
                       height: Any = None) -> Any:
        from docx.image.image import Image
        from docx.oxml.shape import CT_Inline

        if not self.name:
            from docgen.render.images import NeedsPackage

            raise NeedsPackage("a picture outside the body, headers and footers")
        image = Image.from_file(image_descriptor)
        part, filename = self.media.image_part(image)
        rid = self.media.relate(self.name, part)
        cx, cy = image.scaled_dimensions(width, height)
        shape_id = dict(self.media.known.next_ids).get(self.name, 1)
        return CT_Inline.new_pic_inline(shape_id, rid, filename, cx, cy)


_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\sid=")(\d+)(")')


def unique_ids(parts: dict[str, bytes], body: str, stories: list[str]) -> None:
    """docgen.DocxTemplate's `unique_drawing_ids` on rendered XML: a header's or footer's
    drawing whose id another part has already gets the next id after the body's."""
    seen = {m.group(2) for m in _DOCPR_ID.finditer(parts[body].decode())}
    counter = [1000 + len(_DOCPR_ID.findall(parts[body].decode()))]

    def renumber(match: re.Match[str]) -> str:
        number = match.group(2)
        if number in seen:
            counter[0] += 1
            number = str(counter[0])
        seen.add(number)
        return match.group(1) + number + match.group(3)

    for name in stories:
        parts[name] = _DOCPR_ID.sub(renumber, parts[name].decode()).encode()


def added_parts(media: Media | None) -> dict[str, bytes]:
    """The parts a document's pictures add or change (none without pictures)."""
    return media.changed_parts() if media is not None and media.relations else {}
