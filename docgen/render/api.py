"""`docgen.DocxTemplate`: docxtpl's class, rendering with compiled templates.

Code written for docxtpl switches by its import: `from docgen import DocxTemplate`. The class
is docxtpl's own `DocxTemplate` with the steps that prepare and compile each part replaced by
the engine's compiled templates (compiled once per template file and Jinja environment), so
everything docxtpl adds to the package while rendering — `InlineImage` parts, `RichText`
hyperlinks, sub-documents with their media, styles and numbering, `replace_pic`,
`replace_media` — is docxtpl's own code, and the output is docxtpl's. One addition: drawing
ids are unique across the body, headers and footers (docxtpl renumbers the body's only).

The engine renders documents that add pictures through this class, with docgen's sandbox.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from docxtpl import DocxTemplate as _DocxTemplate
from jinja2 import Environment

from docgen.docx.archive import docx_parts, normalized_docx
from docgen.render import xmlparts
from docgen.render.images import NeedsPackage
from docgen.render.media import Media
from docgen.render.scripts import apply_script_fonts, is_story, script_options

if TYPE_CHECKING:
    from docgen.render.compiled import CompiledTemplate

__all__ = ["DocxTemplate", "render_package"]

_PLAIN = Environment()  # docxtpl's Template(source) and render_properties' Environment()
_ESCAPING = Environment(autoescape=True)  # docxtpl's Environment(autoescape=True)
_COMPILED: dict[tuple[str, int, bool], tuple[Environment, CompiledTemplate]] = {}
_KEEP = 64  # compiled templates kept per process for the API


class DocxTemplate(_DocxTemplate):  # type: ignore[misc]
    """docxtpl's DocxTemplate; `render` runs compiled templates.

    Where nothing has asked for the package (no `InlineImage` printed, no `build_url_id`,
    `new_subdoc` or `get_docx` before rendering, no pictures to replace), the document is
    joined from the compiled parts without python-docx; `docx` then reads the rendered
    package on first use. Otherwise docxtpl's render runs, on the compiled parts."""

    _docx: Any = None
    _fast: bytes | None = None  # the rendered package, when made from compiled parts alone
    _fast_mode = False
    _context: Any = None
    _env: Any = None
    _media: Media | None = None

    @property  # type: ignore[override]
    def docx(self) -> Any:
        if self._docx is None and self._fast is not None:
            from docx import Document

            self._docx = Document(io.BytesIO(self._fast))
        return self._docx

    @docx.setter
    def docx(self, value: Any) -> None:
        self._docx = value

    @property
    def current_rendering_part(self) -> Any:
        if self._fast_mode:  # an InlineImage: added by render.media, if it can be
            if self._media is None:
                raise NeedsPackage("a docxtpl object needs the package")
            return self._media.current_rendering_part
        return self.__dict__.get("_rendering_part")

    @current_rendering_part.setter
    def current_rendering_part(self, value: Any) -> None:
        self.__dict__["_rendering_part"] = value

    def __init__(self, template_file: IO[bytes] | str | os.PathLike[str],
                 compiled: CompiledTemplate | None = None) -> None:
        if hasattr(template_file, "read"):
            self._blob = template_file.read()
            template_file = io.BytesIO(self._blob)
        else:
            self._blob = Path(template_file).read_bytes()
        super().__init__(template_file)
        self._given = compiled
        self._compiled: CompiledTemplate | None = None

    def render(self, context: dict[str, Any], jinja_env: Environment | None = None,
               autoescape: bool = False) -> None:
        if autoescape and jinja_env is None:
            jinja_env = _ESCAPING
        elif autoescape and jinja_env is not None:
            jinja_env.autoescape = autoescape  # as docxtpl does
        compiled = self._compiled = self._given or _compiled_for(self._blob,
                                                                 jinja_env or _PLAIN)
        self._fast, self._env = None, jinja_env
        if self._docx is None and not self.pics_to_replace and self._given is None:
            self._fast_mode = True
            self._media = Media(compiled.media) if compiled.media is not None else None
            try:
                self._fast = compiled.render_as_docxtpl(context, self._media)
            except NeedsPackage:
                self._fast = None
            finally:
                self._fast_mode = False
            if self._fast is not None:
                self._context, self.is_rendered, self.is_saved = context, True, False
                return
        super().render(context, jinja_env, autoescape)
        unique_drawing_ids(self)

    def save(self, filename: Any, *args: Any, **kwargs: Any) -> None:
        if self._fast is not None and self.pics_to_replace:  # asked for after rendering
            self._docx, self._fast = None, None
            self.render(self._context, self._env, False)
        if self._fast is None or self._docx is not None:
            super().save(filename, *args, **kwargs)
            return
        if hasattr(filename, "write"):
            filename.write(self._fast)
        else:
            Path(filename).write_bytes(self._fast)
        self.post_processing(filename)
        self.is_saved = True

    # -- docxtpl's steps, from compiled templates -------------------------------------

    def build_xml(self, context: dict[str, Any], jinja_env: Environment | None = None) -> str:
        compiled = self._compiled
        if compiled is None or xmlparts.digest(self.get_xml()) != compiled.body_digest:
            return str(super().build_xml(context, jinja_env))  # the body was changed in code
        self.current_rendering_part = self.docx._part
        return compiled.body_xml(context)

    def build_headers_footers_xml(self, context: dict[str, Any], uri: str,
                                  jinja_env: Environment | None = None
                                  ) -> Iterator[tuple[str, bytes]]:
        for rel_key, part in self.get_headers_footers(uri):
            self.current_rendering_part = part
            xml = None if self._compiled is None else self._compiled.part_xml(
                part.partname[1:], context)
            if xml is None:
                xml = self.render_xml_part(self.patch_xml(self.get_part_xml(part)), part,
                                           context, jinja_env)
            yield rel_key, xml.encode("utf-8")

    def render_properties(self, context: dict[str, Any],
                          jinja_env: Environment | None = None) -> None:
        core = self.docx.core_properties
        for name in xmlparts.PROPERTY_NAMES:
            text = getattr(core, name)
            if not xmlparts.has_tags(text):
                setattr(core, name, text)  # as rendered: the same text, its element written
                continue
            template = None if self._compiled is None else self._compiled.property_template(text)
            if template is None:
                template = (jinja_env or _PLAIN).from_string(text)
            setattr(core, name, template.render(context))

    def render_footnotes(self, context: dict[str, Any],
                         jinja_env: Environment | None = None) -> None:
        # docxtpl renders every footnotes part once per section: the first time compiled
        for index, section in enumerate(self.docx.sections):
            for part in section.part.package.parts:
                if part.content_type != xmlparts.FOOTNOTES:
                    continue
                xml = (self._compiled.part_xml(part.partname[1:], context)
                       if index == 0 and self._compiled is not None else None)
                if xml is None:
                    blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
                    xml = self.render_xml_part(self.patch_xml(blob), part, context, jinja_env)
                part._blob = xml.encode("utf-8")


def unique_drawing_ids(tpl: _DocxTemplate) -> None:
    """docxtpl numbers the body's drawings from 1001; a header's or footer's picture keeps the
    id python-docx gave it, which another part may use too. Those get the next free ids."""
    seen = {elt.get("id") for elt in tpl.docx.element.body.xpath(".//wp:docPr")}
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _rel, part in tpl.get_headers_footers(uri):
            for elt in part.element.xpath(".//wp:docPr"):
                if elt.get("id") in seen:
                    tpl.docx_ids_index += 1
                    elt.set("id", str(tpl.docx_ids_index))
                seen.add(elt.get("id"))


def _compiled_for(blob: bytes, env: Environment) -> CompiledTemplate:
    from docgen.render.compiled import CompiledTemplate

    key = (hashlib.sha256(blob).hexdigest(), id(env), bool(env.autoescape))
    found = _COMPILED.get(key)
    if found is not None and found[0] is env:
        return found[1]
    compiled = CompiledTemplate.load(Path("template.docx"), env, blob)
    if len(_COMPILED) >= _KEEP:
        _COMPILED.pop(next(iter(_COMPILED)))
    _COMPILED[key] = (env, compiled)
    return compiled


def render_package(compiled: CompiledTemplate, context: dict[str, Any], title: str,
                   stamp: dt.datetime) -> bytes:
    """A document that adds to the package, rendered through DocxTemplate in the engine's
    environment: python-docx's package, docgen's fonts and fixed core properties."""
    from docgen.render.images import CURRENT, replacements
    from docgen.render.sandbox import shared_environment

    tpl = DocxTemplate(compiled.path, compiled)
    token = CURRENT.set(tpl)
    try:
        tpl.render(context, shared_environment(), autoescape=True)
    finally:
        CURRENT.reset(token)
    return finished(tpl, replacements(context, compiled.pictures),
                    [name for name, _text, _template in compiled.properties], title, stamp,
                    script_options(context))


def finished(tpl: _DocxTemplate, pictures: dict[str, str], tagged: list[str], title: str,
             stamp: dt.datetime, options: dict[str, Any] | None = None) -> bytes:
    """A rendered docxtpl template saved as docgen saves documents (plain docxtpl's too)."""
    tpl.allow_missing_pics = True
    for name, path in pictures.items():
        tpl.replace_pic(name, path)
    buffer = io.BytesIO()
    tpl.save(buffer)
    core = tpl.docx.core_properties
    rendered = {name: getattr(core, name) for name in tagged}
    fonts = options or {}  # the document's languages (script_options of its context)
    parts = [(name, apply_script_fonts(data, **fonts) if is_story(name) else data)
             for name, data in docx_parts(buffer.getvalue())]
    return normalized_docx(parts, title, stamp, rendered)
