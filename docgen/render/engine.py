"""Stage 3's engine: a docxtpl template prepared and compiled once, rendered many times.

Plain docxtpl re-reads the package, re-runs its regex preparation and recompiles the Jinja
template of every part for every document, then re-parses and re-zips the whole package.
`CompiledTemplate.load` does docxtpl's preparation once (see `xmlparts`), compiles each part
once and compresses the unchanged parts once; `render` runs the compiled templates, finishes
the XML as docxtpl does and joins the package from members compressed in advance.

Compiled templates are cached per process, keyed by path, size and mtime; a worker process
calls `warm` to compile before its first document. Errors are raised as Jinja, lxml and
zipfile raise them; `render.template_errors` turns them into problems where the template's
shown name is known.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.docx.archive import CORE_PROPS, ZipMember, core_properties, join_members, zip_member
from docgen.render import xmlparts
from docgen.render.sandbox import shared_environment
from docgen.render.scripts import apply_script_fonts, is_story, script_options

if TYPE_CHECKING:
    import datetime as dt

    from jinja2 import Environment, Template


@dataclass(frozen=True)
class Part:
    """One XML part of the package and its compiled Jinja template."""

    name: str  # zip member, e.g. "word/document.xml"
    template: Template


@dataclass(frozen=True, eq=False)
class CompiledTemplate:
    """A template ready to render: compiled parts, and the rest of its package compressed."""

    path: Path
    body: Part
    frame: tuple[str, str]  # document.xml before and after the body's content
    fix_tables: bool
    fix_docpr_ids: bool
    stories: tuple[Part, ...]  # headers, then footers
    properties: tuple[Template, ...]  # core properties with tags: rendered for their errors
    footnotes: tuple[Part, ...]
    package: tuple[ZipMember | str, ...]  # in the template's order; a name is rendered anew

    @classmethod
    def load(cls, path: Path, env: Environment) -> CompiledTemplate:
        prepared = _prepared(path.read_bytes())
        body = _part(env, prepared.body)
        stories = tuple(_part(env, source) for source in prepared.stories)
        properties = tuple(_compiled(env, text) for text in prepared.properties)
        footnotes = tuple(_part(env, source) for source in prepared.footnotes)
        rendered = {part.name for part in (body, *stories, *footnotes)} | {CORE_PROPS}
        missing = rendered - {name for name, _data in prepared.entries} - {CORE_PROPS}
        if missing:
            raise ValueError(f"parts missing from the package: {', '.join(sorted(missing))}")
        package = tuple(name if name in rendered else zip_member(name, data)
                        for name, data in prepared.entries)
        return cls(path, body, prepared.frame, prepared.fix_tables, prepared.fix_docpr_ids,
                   stories, properties, footnotes, package)

    def render_parts(self, context: dict[str, Any]) -> dict[str, bytes]:
        """The XML of every part the template renders, in docxtpl's order (the same first
        error): body, headers, footers, core properties, footnotes."""
        parts = {self.body.name: self._document(context)}
        for story in self.stories:
            data = _rendered(story, context).encode()
            xmlparts.check(data)  # as python-docx parses docxtpl's headers: same error, line
            parts[story.name] = xmlparts.XML_DECLARATION + data
        for prop in self.properties:
            prop.render(context)  # for its errors only: docgen writes its own core properties
        for note in self.footnotes:
            parts[note.name] = _rendered(note, context).encode()
        return parts

    def render(self, context: dict[str, Any], title: str, stamp: dt.datetime) -> bytes:
        """The DOCX bytes for `context`, deterministic, core properties fixed as docx.archive's."""
        options = script_options(context)
        parts = {name: apply_script_fonts(data, **options) if is_story(name) else data
                 for name, data in self.render_parts(context).items()}
        parts[CORE_PROPS] = core_properties(title, stamp)
        return join_members([member if isinstance(member, ZipMember)
                             else zip_member(member, parts[member])
                             for member in self.package])

    def _document(self, context: dict[str, Any]) -> bytes:
        xml = _rendered(self.body, context)
        if self.fix_tables or self.fix_docpr_ids:
            return self._framed(_required(xmlparts.fixed_body(xml, self.fix_tables,
                                                              self.fix_docpr_ids)))
        data = self._framed(xml)
        problem = xmlparts.syntax_error(data)
        if problem is None:
            return data
        fixed = xmlparts.fixed_body(xml, fix_tables=False, fix_docpr_ids=False)
        if fixed is None:
            raise problem
        return self._framed(fixed)  # docxtpl repairs a broken body the same way

    def _framed(self, body_xml: str) -> bytes:
        head, tail = self.frame
        return (head + xmlparts.content(body_xml) + tail).encode()


def _part(env: Environment, source: xmlparts.Source) -> Part:
    return Part(source.name, _compiled(env, source.xml))


def _compiled(env: Environment, source: str) -> Template:
    """Jinja's compile, with the text near a syntax error attached as docxtpl attaches it.

    With a disk cache (`use_disk_cache`), the compiled code is kept between runs, as Jinja's
    bytecode cache keeps it for templates from a loader."""
    from jinja2 import TemplateSyntaxError

    key = f"code-{_key(source.encode())}"
    code = _DISK.load(key, marshal.loads)
    if code is None:
        try:
            code = env.compile(source)
        except TemplateSyntaxError as exc:
            if exc.lineno is not None:
                exc.docx_context = xmlparts.nearby_text(  # type: ignore[attr-defined]
                    source, exc.lineno)
            raise
        _DISK.store(key, marshal.dumps(code))
    return env.template_class.from_code(env, code, env.make_globals(None))


def _prepared(data: bytes) -> xmlparts.Prepared:
    """docxtpl's preparation of a template package, kept on disk when a cache is in use."""
    key = f"prepared-{_key(data)}"
    found = _DISK.load(key, pickle.loads)
    if isinstance(found, xmlparts.Prepared):
        return found
    prepared = xmlparts.prepare(data)
    _DISK.store(key, pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL))
    return prepared


def _key(data: bytes) -> str:
    import hashlib
    import sys

    import jinja2

    salt = f"{jinja2.__version__}/{sys.version_info[:2]}/{_CACHE_FORMAT}".encode()
    return hashlib.sha256(salt + data).hexdigest()[:40]


_CACHE_FORMAT = "1"


class _DiskCache:
    """Compiled code and prepared packages of templates, kept between runs in a folder of
    docgen's own (OUTPUT/.docgen/cache); off until `use_disk_cache` names the folder."""

    def __init__(self) -> None:
        self.folder: Path | None = None

    def load(self, key: str, decode: Any) -> Any:
        if self.folder is None:
            return None
        try:
            return decode((self.folder / key).read_bytes())
        except Exception:  # missing, or damaged: compile again
            return None

    def store(self, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        from docgen.files import atomic_write

        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            atomic_write(self.folder / key, data)


_DISK = _DiskCache()


def use_disk_cache(folder: Path | None) -> None:
    """Keep compiled templates in `folder` between runs (None: only in this process)."""
    _DISK.folder = folder


def _required(body_xml: str | None) -> str:
    if body_xml is None:
        raise ValueError("rendering left nothing of the document body")
    return body_xml


def _rendered(part: Part, context: dict[str, Any]) -> str:
    return xmlparts.finish(part.template.render(context))


@dataclass(frozen=True)
class CacheInfo:
    hits: int
    misses: int
    size: int


_CACHE: dict[str, tuple[tuple[int, int], CompiledTemplate]] = {}
_COUNTS = {"hits": 0, "misses": 0}


def compiled(path: Path) -> CompiledTemplate:
    """`path` compiled in the shared environment: once per process and version of the file."""
    key = os.path.abspath(path)
    stat = os.stat(key)
    signature = (stat.st_size, stat.st_mtime_ns)
    found = _CACHE.get(key)
    if found is not None and found[0] == signature:
        _COUNTS["hits"] += 1
        return found[1]
    _COUNTS["misses"] += 1
    template = CompiledTemplate.load(Path(key), shared_environment())
    _CACHE[key] = (signature, template)  # replaces an older version of the same file
    return template


def render_template(path: Path, context: dict[str, Any], title: str,
                    stamp: dt.datetime) -> bytes:
    return compiled(path).render(context, title, stamp)


def warm(paths: Iterable[Path]) -> list[Path]:
    """Compile `paths` ahead of rendering (a worker's initializer); return those compiled.

    A template that fails to compile is left out: rendering with it reports the problem."""
    ready: list[Path] = []
    for path in paths:
        try:
            compiled(path)
        except Exception:  # reported, translated, when a document needs the template
            continue
        ready.append(path)
    return ready


def cache_info() -> CacheInfo:
    return CacheInfo(_COUNTS["hits"], _COUNTS["misses"], len(_CACHE))


def clear_cache() -> None:
    _CACHE.clear()
    _COUNTS.update(hits=0, misses=0)
