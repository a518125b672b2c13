"""The XML parts docxtpl renders, prepared and finished with docxtpl's own steps.

docxtpl's `render_xml_part` fuses three things: preparing a part's XML for Jinja, compiling
it, and finishing the rendered XML. This module holds the first and the last, split from the
compile so that the engine can compile once: `prepare` runs docxtpl's `patch_xml` on the very
strings docxtpl would give it (from the same package, read by the same python-docx), and
`finish` applies docxtpl's post-steps, skipping those that would change nothing. Everything
docxtpl-specific in the engine lives here; docxtpl itself is imported only to load a template
and for the rare post-steps (listings, table grids, drawing ids).
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from lxml import etree

from docgen.docx.archive import CORE_PROPS, docx_parts
from docgen.render import finishing
from docgen.render.media import MediaRecord, record

if TYPE_CHECKING:
    from docxtpl import DocxTemplate

# render_xml_part puts every paragraph on a line of its own before compiling, so that Jinja's
# line numbers point at paragraphs, and takes those line breaks out after rendering.
_PARAGRAPH = re.compile(r"<w:p([ >])")
_PARAGRAPH_LINE = re.compile(r"\n<w:p([ >])")
_ESCAPED_DELIMITERS = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
_LISTING_CHARACTERS = ("\t", "\a", "\n", "\f")  # what resolve_listing turns into markup
# resolve_listing's own unit: it rewrites paragraph by paragraph, and one without a listing
# character comes out as it went in, so only those with one are handed to it.
_PARAGRAPH_XML = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
# Tags that make or span table cells, after which docxtpl's fix_tables redraws the grid.
_CELL_TAGS = re.compile(r"\{[{%#]tc |\{%\s*(?:colspan|hm)\b")
_BODY_MARK = "docgen-body-content-goes-here"

# The core properties docxtpl's render_properties renders (those python-docx writes as text).
PROPERTY_NAMES = ("author", "comments", "identifier", "language", "subject", "title")
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
STRICT = etree.XMLParser(resolve_entities=False, no_network=True)
RECOVER = etree.XMLParser(recover=True)  # fix_tables' parser: docxtpl repairs a broken body


@dataclass(frozen=True)
class Source:
    """One part's XML as docxtpl hands it to Jinja."""

    name: str  # zip member, e.g. "word/header1.xml"
    xml: str


@dataclass(frozen=True)
class Prepared:
    """What docxtpl would compile for every document, computed once."""

    entries: list[tuple[str, bytes]]  # the package to copy unchanged parts from, in order
    body: Source
    frame: tuple[str, str]  # document.xml before and after the body's content
    fix_tables: bool  # cells made or spanned by tags: redraw table grids after rendering
    fix_docpr_ids: bool  # drawings in the body: renumber their ids, as docxtpl does
    stories: tuple[Source, ...]  # headers, then footers
    properties: tuple[tuple[str, str], ...]  # (name, text) of core properties with tags
    footnotes: tuple[Source, ...]
    body_digest: str = ""  # of the body's XML before preparation: has it been changed since?
    pictures: frozenset[str] = frozenset()  # names, titles and alt texts of the pictures
    own_core: bool = True  # the template has core properties (else python-docx made some)
    media: MediaRecord | None = None  # what adding pictures to the package needs


def prepare(blob: bytes) -> Prepared:
    """Read a DOCX template the way docxtpl's render does and prepare its parts for Jinja."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(blob))
    tpl.init_docx()
    body_xml = tpl.get_xml()
    body = Source(tpl.docx.part.partname[1:], _lines(tpl.patch_xml(body_xml)))
    stories = _stories(tpl)
    properties = _properties(tpl)
    entries = docx_parts(blob)
    own_core = CORE_PROPS in dict(entries)
    if not own_core:  # reading them made python-docx add core properties
        entries = _saved(tpl)
    media = record(dict(entries), [body.name] + [story.name for story in stories])
    return Prepared(entries, body, _frame(tpl.docx.element), _needs_grid_fix(body_xml),
                    "docPr" in body_xml, stories, properties, _footnotes(tpl),
                    digest(body_xml), _pictures(tpl, body_xml), own_core, media)


_PICTURE_NAMES = re.compile(r'<pic:cNvPr\b[^>]*>')
_ATTRIBUTE = re.compile(r'\b(name|title|descr)="([^"]*)"')


def picture_names(tpl: DocxTemplate) -> frozenset[str]:
    """The pictures of a loaded template, as `Prepared.pictures` has them."""
    return _pictures(tpl, tpl.get_xml())


def _pictures(tpl: DocxTemplate, body_xml: str) -> frozenset[str]:
    """What docxtpl's replace_pic can name a picture by, in the body, headers and footers."""
    texts = [body_xml] + [tpl.get_part_xml(part) for uri in (tpl.HEADER_URI, tpl.FOOTER_URI)
                          for _rel, part in tpl.get_headers_footers(uri)]
    return frozenset(_unescaped(value) for xml in texts
                     for element in _PICTURE_NAMES.findall(xml)
                     for _key, value in _ATTRIBUTE.findall(element) if value)


def _unescaped(value: str) -> str:
    """xml.sax.saxutils.unescape(value, {"&quot;": '"'}), without importing it (it imports
    urllib, heavy for a first document)."""
    return value.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace(
        "&amp;", "&")


def digest(xml: str) -> str:
    import hashlib

    return hashlib.sha1(xml.encode(), usedforsecurity=False).hexdigest()


def _lines(xml: str) -> str:
    return _PARAGRAPH.sub(r"\n<w:p\1", xml)


def _stories(tpl: DocxTemplate) -> tuple[Source, ...]:
    """Headers and footers of the main document, in the order docxtpl renders them."""
    found: dict[str, str] = {}
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _rel, part in tpl.get_headers_footers(uri):
            name = part.partname[1:]
            if name not in found:
                found[name] = _lines(tpl.patch_xml(tpl.get_part_xml(part)))
    return tuple(Source(name, xml) for name, xml in found.items())


def _properties(tpl: DocxTemplate) -> tuple[tuple[str, str], ...]:
    core = tpl.docx.core_properties
    texts = ((name, getattr(core, name)) for name in PROPERTY_NAMES)
    return tuple((name, text) for name, text in texts if has_tags(text))


def rendered_core(core_xml: bytes, rendered: dict[str, str]) -> bytes:
    """The template's core properties after docxtpl's render_properties: each of the six
    set, in its order, as python-docx sets one (the element added at the end if missing)."""
    ns = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
          "dc": "http://purl.org/dc/elements/1.1/"}
    root = etree.fromstring(core_xml, STRICT)
    for name in PROPERTY_NAMES:
        prefix, tag = _CORE_ELEMENTS[name].split(":")
        element = root.find(f"{prefix}:{tag}", ns)
        if element is None:
            element = etree.SubElement(root, f"{{{ns[prefix]}}}{tag}")
        element.text = rendered.get(name, element.text or "")
    data: bytes = etree.tostring(root, encoding="UTF-8", standalone=True)
    return data


_CORE_ELEMENTS = {"author": "dc:creator", "comments": "dc:description",
                  "identifier": "dc:identifier", "language": "dc:language",
                  "subject": "dc:subject", "title": "dc:title"}


def has_tags(text: str) -> bool:
    """Would Jinja change `text`? Not without a brace or a line break (a trailing one goes)."""
    return "{" in text or "\n" in text or "\r" in text


def _footnotes(tpl: DocxTemplate) -> tuple[Source, ...]:
    """Footnote parts. docxtpl renders them once per section; once is what it means to do."""
    if not tpl.docx.sections:
        return ()
    return tuple(Source(part.partname[1:], _lines(tpl.patch_xml(part.blob.decode("utf-8"))))
                 for part in tpl.docx.part.package.parts if part.content_type == FOOTNOTES)


def _saved(tpl: DocxTemplate) -> list[tuple[str, bytes]]:
    buffer = io.BytesIO()
    tpl.docx.save(buffer)
    return docx_parts(buffer.getvalue())


def _frame(document: Any) -> tuple[str, str]:
    """document.xml as python-docx writes it, split where the body's content goes."""
    shell = copy.deepcopy(document)
    body = shell.body
    for child in list(body):
        body.remove(child)
    body.text = _BODY_MARK
    head, tail = etree.tostring(shell, encoding="UTF-8", standalone=True).decode().split(
        _BODY_MARK)
    return head, tail


def _needs_grid_fix(body_xml: str) -> bool:
    return "<w:tbl" in body_xml and bool(_CELL_TAGS.search(_TAG.sub("", body_xml)))


def nearby_text(source: str, lineno: int) -> list[str]:
    """The text around a template error, as docxtpl attaches it (`docx_context`)."""
    first = max(lineno - 4, 0)
    return [_TAG.sub("", line) for line in source.splitlines()[first:first + 7]]


def finish(xml: str) -> str:
    """docxtpl's steps after rendering a part, where they change anything."""
    if "\n<w:p" in xml:  # _PARAGRAPH_LINE's matches, taken out as plain text
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    if "{" in xml or "}" in xml:
        for escaped, delimiter in _ESCAPED_DELIMITERS:
            if escaped in xml:
                xml = xml.replace(escaped, delimiter)
    if _has_listing(xml):
        xml = finishing.listed(xml)
    return xml


def _has_listing(xml: str) -> bool:
    return any(character in xml for character in _LISTING_CHARACTERS)


def fixed_body(xml: str, fix_tables: bool, fix_docpr_ids: bool) -> str | None:
    """The rendered body through lxml as docxtpl's render takes it: repaired if broken, table
    grids redrawn, drawing ids renumbered. None when nothing can be recovered."""
    docxtpl = _docxtpl()
    tree = (docxtpl.fix_tables(SimpleNamespace(), xml) if fix_tables
            else etree.fromstring(xml, RECOVER))
    if tree is None:
        return None
    if fix_docpr_ids:
        docxtpl.fix_docpr_ids(SimpleNamespace(docx_ids_index=1000), tree)
    return serialized(tree)


def body_tree(xml: str, fix_tables: bool, fix_docpr_ids: bool) -> Any:
    """`fixed_body`'s tree, without docxtpl, for a body that parses as it is (nothing to
    repair) and whose tables `grids` can redraw; None for any other (then `fixed_body`)."""
    try:
        tree = etree.fromstring(xml, STRICT)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if fix_tables:
        changes = finishing.grids(tree)
        if changes is None:
            return None
        for apply in changes:
            apply()
    if fix_docpr_ids:
        _docxtpl().fix_docpr_ids(SimpleNamespace(docx_ids_index=1000), tree)
    return tree


def serialized(tree: Any) -> str:
    text: str = etree.tostring(tree, encoding="unicode")
    return text


def content(xml: str) -> str:
    """What is inside the outermost element of `xml`."""
    end = xml.find(">") if xml.startswith("<") else -1  # the start tag: <, up to the first >
    if end < 0:
        raise ValueError("the rendered document body is not an element")
    return "" if xml[end - 1] == "/" else xml[end + 1:xml.rindex("</")]


def check(data: bytes) -> None:
    """Raise lxml's XMLSyntaxError if `data` is not well-formed, as python-docx's parse would."""
    etree.fromstring(data, STRICT)


def parsed(data: bytes) -> Any:
    """`data` parsed (lxml), or the XMLSyntaxError `check` raises."""
    return etree.fromstring(data, STRICT)


def parsed_or_error(data: bytes) -> tuple[Any, etree.XMLSyntaxError | None]:
    try:
        return etree.fromstring(data, STRICT), None
    except etree.XMLSyntaxError as exc:
        return None, exc


def without_blank_text(data: bytes) -> bytes:
    """`data` as python-docx parses and writes an XML part (its parser drops blank text)."""
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    written: bytes = etree.tostring(etree.fromstring(data, parser), encoding="UTF-8",
                                    standalone=True)
    return written


def syntax_error(data: bytes) -> etree.XMLSyntaxError | None:
    try:
        check(data)
    except etree.XMLSyntaxError as exc:
        return exc
    return None


def _docxtpl() -> Any:
    """docxtpl's class, whose methods the post-steps call with a stand-in for `self`: none of
    them uses more of it than `docx_ids_index`. Already imported when a template was loaded."""
    from docxtpl import DocxTemplate

    return DocxTemplate
