"""A template compiled: docxtpl's preparation of every part done once, each part's Jinja
template compiled once, the unchanged parts of the package compressed once.

`CompiledTemplate.render` makes a document without python-docx when the document only
changes the parts' text; it returns None when the document adds to the package (a picture
from the data), which `docgen.render.api` then renders. Each part is parsed at most once
(the syntax check's tree, or the body's for its table grids); a body is parsed only where
earlier documents did not hold the same paragraphs (`render.assembly`), and the script pass
writes into its serialization (`render.scripttext`), paragraph by paragraph. A part that
renders to the last document's bytes reuses what they became and their zip member. Loaded
templates can be kept between runs on disk (`render.cache`, `use_disk_cache`): a cached
load compiles nothing.
"""

from __future__ import annotations

import marshal
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.docx.archive import (
    CORE_PROPS,
    ZipMember,
    common_head,
    core_properties,
    join_members,
    package_contents,
    zip_member,
)
from docgen.render import xmlparts
from docgen.render.assembly import written_body
from docgen.render.cache import (
    DISK,
    cache_key,
    compiled_code,
    from_code,
    prepared_package,
    record_salt,
)
from docgen.render.media import Media, MediaRecord, added_parts, unique_ids
from docgen.render.scripts import (
    apply_script_fonts,
    is_story,
    needs_script_fonts,
    options_first,
    script_fonts_in_tree,
    script_options,
    script_text,
)
from docgen.render.scripttext import passed_text, script_fonts_in_text

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
    properties: tuple[tuple[str, str, Template], ...]  # core properties with tags
    footnotes: tuple[Part, ...]
    package: tuple[ZipMember | str, ...]  # in the template's order; a name is rendered anew
    body_digest: str = ""  # of the template's body XML, as docxtpl reads it
    pictures: frozenset[str] = frozenset()  # names, titles and alt texts of its pictures
    core_xml: bytes | None = None  # the template's own core properties
    media: MediaRecord | None = None  # what adding pictures needs to know
    names: tuple[str, ...] = ()  # the package's part names, in its order
    # the last document's rendered parts, per name: (bytes, what they became); a part that
    # renders to the same bytes again reuses its pass and its compressed member
    _last: dict[str, tuple[bytes, Any]] = field(default_factory=dict, compare=False,
                                                repr=False)

    @classmethod
    def load(cls, path: Path, env: Environment, blob: bytes | None = None) -> CompiledTemplate:
        """`path` (or its bytes, `blob`) prepared and compiled; with a disk cache, read from
        the cache when it was loaded before: no XML preparation, no Jinja compilation, no
        compression of the unchanged parts."""
        data = path.read_bytes() if blob is None else blob
        key = f"template-{cache_key(data, record_salt())}"
        record = DISK.load(key, pickle.loads)
        if isinstance(record, _Record):
            try:
                return record.template(cls, path, env)
            except Exception:  # damaged: load it anew
                pass
        template, record = cls._loaded(path, env, data)
        DISK.store(key, pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
        return template

    @classmethod
    def _loaded(cls, path: Path, env: Environment,
                data: bytes) -> tuple[CompiledTemplate, _Record]:
        prepared = prepared_package(data)
        codes: dict[str, bytes] = {}

        def part(source: xmlparts.Source) -> Part:
            template, code = compiled_code(env, source.xml)
            codes[source.name] = code
            return Part(source.name, template)

        body = part(prepared.body)
        stories = tuple(part(source) for source in prepared.stories)
        properties = []
        for name, text in prepared.properties:
            template, code = compiled_code(env, text)
            properties.append((name, text, template))
            codes[f"property:{name}"] = code
        footnotes = tuple(part(source) for source in prepared.footnotes)
        rendered = {part.name for part in (body, *stories, *footnotes)} | {CORE_PROPS}
        missing = rendered - {name for name, _data in prepared.entries} - {CORE_PROPS}
        if missing:
            raise ValueError(f"parts missing from the package: {', '.join(sorted(missing))}")
        package = tuple(name if name in rendered else zip_member(name, data)
                        for name, data in prepared.entries)
        template = cls(path, body, prepared.frame, prepared.fix_tables, prepared.fix_docpr_ids,
                       stories, tuple(properties), footnotes, package, prepared.body_digest,
                       prepared.pictures,
                       dict(prepared.entries).get(CORE_PROPS) if prepared.own_core else None,
                       prepared.media, tuple(name for name, _data in prepared.entries))
        record = _Record(
            (body.name, codes[body.name]), template.frame, template.fix_tables,
            template.fix_docpr_ids, tuple((s.name, codes[s.name]) for s in stories),
            tuple((name, text, codes[f"property:{name}"]) for name, text, _t in properties),
            tuple((f.name, codes[f.name]) for f in footnotes), package, template.body_digest,
            template.pictures, template.core_xml, template.media, template.names)
        return template, record

    def render_parts(self, context: dict[str, Any], media: Media | None = None,
                     trees: dict[str, Parsed] | None = None, passed: list[Any] | None = None
                     ) -> tuple[dict[str, bytes], dict[str, str]]:
        """The XML of every part the template renders, in docxtpl's order (the same first
        error): body, headers, footers, core properties, footnotes; and the core properties
        with tags, rendered. `media` collects the pictures the parts add; `trees` the parts
        parsed on the way (for the script pass, which then need not parse them again);
        with `passed` ([script options]) a framed body comes out through the script pass."""
        if media is not None:
            media.current = self.body.name
        parts = {self.body.name: self._document(context, media, trees, passed)}
        for story in self.stories:
            if media is not None:
                media.current = story.name
            data = _rendered(story, context).encode()
            parts[story.name] = xmlparts.XML_DECLARATION + data
            key = f"parsed:{story.name}"
            last = self._last.get(key)
            if last is not None and last[0] == data:
                continue  # parsed before, without error (and the pass's result is kept)
            root = xmlparts.parsed(data)  # as python-docx parses docxtpl's headers: same error
            self._last[key] = (data, None)
            if trees is not None:
                trees[story.name] = Parsed(parts[story.name], root)
        properties = {name: template.render(context) for name, _text, template in self.properties}
        for note in self.footnotes:
            if media is not None:
                media.current = ""  # no pictures in footnotes (python-docx has none there)
            parts[note.name] = _rendered(note, context).encode()
        if media is not None and media.relations:
            for name in media.relations:
                if name != self.body.name:  # python-docx parses a header blank text away
                    parts[name] = xmlparts.without_blank_text(parts[name])
            unique_ids(parts, self.body.name, [story.name for story in self.stories])
        return parts, properties

    def render(self, context: dict[str, Any], title: str, stamp: dt.datetime,
               contents: dict[str, bytes] | None = None) -> bytes | None:
        """The DOCX bytes for `context`, deterministic, joined from members compressed in
        advance; the core properties docx.archive's, with the template's tagged ones as
        rendered. None when the document adds to the package: a `Picture` printed, or one
        of the template's pictures replaced by the data's. `contents` receives the parts
        before compression, in order (for the checks: they need not inflate them again)."""
        from docgen.render.images import CURRENT, NeedsPackage, replacements

        if replacements(context, self.pictures):
            return None
        media = Media(self.media) if self.media is not None else None
        token = CURRENT.set(media)
        trees: dict[str, Parsed] = {}
        passed = options_first(context)  # the body's script pass is made with its framing
        try:
            parts, properties = self.render_parts(context, media, trees, passed)
        except NeedsPackage:
            return None
        finally:
            CURRENT.reset(token)
        options = script_options(context) if not passed else passed[0]
        parts = {name: self._story(name, data, trees.get(name), options) if is_story(name)
                 else data for name, data in parts.items()}
        parts[CORE_PROPS] = core_properties(title, stamp, properties)
        added = added_parts(media)
        if contents is not None:
            contents.update(package_contents(self.names, self.package, parts, added))
        return self._joined(parts, added)

    def _story(self, name: str, data: bytes, parsed: Parsed | None,
               options: dict[str, Any]) -> bytes:
        """`_scripted`, or the last document's result for the same bytes and options."""
        if name == self.body.name:
            return self._scripted(data, parsed, options)
        key = f"pass:{name}"
        last = self._last.get(key)
        if last is not None and last[0] == data and last[1][0] == options:
            done: bytes = last[1][1]
            return done
        done = self._scripted(data, parsed, options)
        self._last[key] = (data, (dict(options), done))
        return done

    def _scripted(self, data: bytes, parsed: Parsed | None, options: dict[str, Any]) -> bytes:
        """`apply_script_fonts` of a part, on the tree rendering parsed where there is one
        for these very bytes: a body parsed apart from its frame is written back into it,
        as lxml writes the whole document."""
        if parsed is None or parsed.data is not data:
            return apply_script_fonts(data, **options)
        if parsed.passed:
            return data
        if not options["rtl_tables"] and (not needs_script_fonts(data) if parsed.text is None
                                          else not script_text(parsed.text)):
            return data
        text = parsed.text if parsed.text is not None else xmlparts.serialized(parsed.root)
        done = script_fonts_in_text(parsed.root, text, **options)  # as on the tree, cheaper
        if done is not None:
            text, changed = done
        else:
            root = parsed.root if parsed.root is not None else xmlparts.parsed(text.encode())
            if script_fonts_in_tree(root, **options):
                text, changed = xmlparts.serialized(root), True
            else:
                changed = False
        if not changed:
            return data
        if parsed.framed:
            return self._framed(text)
        return xmlparts.XML_DECLARATION + text.encode()

    def _joined(self, parts: dict[str, bytes], added: dict[str, bytes]) -> bytes:
        """The package: rendered parts, what pictures add (`added`), the rest compressed in
        advance."""
        members = [zip_member(name, added[name]) if name in added
                   else member if isinstance(member, ZipMember)
                   else self._member(member, parts[member])
                   for name, member in zip(self.names, self.package, strict=True)]
        members += [zip_member(name, added[name]) for name in sorted(set(added)
                                                                     - set(self.names))]
        return join_members(members)

    def _member(self, name: str, data: bytes) -> ZipMember:
        """`zip_member` of a rendered part, the last one's again when its bytes are."""
        last = self._last.get(name)
        if last is not None and last[0] == data:
            member: ZipMember = last[1]
            return member
        head = self._last.get(f"head:{name}")  # what the part's bytes began with so far
        if last is not None and (head is None or not data.startswith(head[0])):
            head = (common_head(data, last[0] if head is None else head[0]), None)
            self._last[f"head:{name}"] = head
        member = zip_member(name, data, head[0] if head is not None else b"")
        self._last[name] = (data, member)
        return member

    def render_as_docxtpl(self, context: dict[str, Any],
                          media: Media | None = None) -> bytes | None:
        """For docgen.DocxTemplate: the package docxtpl's render and save would give (its
        core properties rendered as docxtpl renders them, dates kept), from the compiled
        parts alone. None when the template has no core properties of its own."""
        if self.core_xml is None:
            return None
        parts, properties = self.render_parts(context, media)
        parts[CORE_PROPS] = xmlparts.rendered_core(self.core_xml, properties)
        return self._joined(parts, added_parts(media))

    def body_xml(self, context: dict[str, Any]) -> str:
        return _rendered(self.body, context)

    def part_xml(self, name: str, context: dict[str, Any]) -> str | None:
        """A header's, footer's or footnotes' rendered XML; None if the template has no such."""
        for part in (*self.stories, *self.footnotes):
            if part.name == name:
                return _rendered(part, context)
        return None

    def property_template(self, text: str) -> Template | None:
        return next((template for _name, source, template in self.properties
                     if source == text), None)

    def _document(self, context: dict[str, Any], media: Media | None = None,
                  trees: dict[str, Parsed] | None = None,
                  passed: list[Any] | None = None) -> bytes:
        xml = _rendered(self.body, context)
        ids = self.fix_docpr_ids or (media is not None and self.body.name in media.relations)
        if self.fix_tables or ids:
            tree = None
            text = None if ids else written_body(xml, self.fix_tables)  # paragraphs known
            if text is None:
                tree = xmlparts.body_tree(xml, self.fix_tables, ids)
                if tree is None:  # to repair, or tables only docxtpl's fix_tables reads
                    return self._framed(_required(xmlparts.fixed_body(xml, self.fix_tables,
                                                                      ids)))
                text = xmlparts.serialized(tree)
            done = None if not passed or trees is None else passed_text(tree, text, passed[0])
            data = self._framed(done[0] if done is not None and done[1] else text)
            if trees is not None:
                trees[self.body.name] = Parsed(data, tree, framed=True, text=text,
                                               passed=done is not None)
            return data
        data = self._framed(xml)
        head = self.frame[0].removeprefix(_DECLARATION)  # the whole part as lxml writes it:
        written = written_body(xml, False) if len(head) < len(self.frame[0]) else None
        if written is not None:  # its body's, framed
            if trees is not None:
                text = head + xmlparts.content(written) + self.frame[1]
                trees[self.body.name] = Parsed(data, None, text=text)
            return data
        root, problem = xmlparts.parsed_or_error(data)
        if problem is None:
            if trees is not None:
                trees[self.body.name] = Parsed(data, root)
            return data
        fixed = xmlparts.fixed_body(xml, fix_tables=False, fix_docpr_ids=False)
        if fixed is None:
            raise problem
        return self._framed(fixed)  # docxtpl repairs a broken body the same way

    def _framed(self, body_xml: str) -> bytes:
        head, tail = self.frame
        return (head + xmlparts.content(body_xml) + tail).encode()


@dataclass(frozen=True)
class Parsed:
    """A rendered part as lxml parsed it: `data` its bytes; `framed`, the tree is the body
    alone, which the document frames."""

    data: bytes
    root: Any  # None: not parsed whole (`assembly`), `text` given
    framed: bool = False
    text: str | None = None  # the tree as lxml writes it, if written already
    passed: bool = False  # `data` has been through the script pass already


@dataclass(frozen=True)
class _Record:
    """A CompiledTemplate as the disk cache keeps it: its parts' compiled code (marshal),
    the rest as loaded (unchanged parts compressed already)."""

    body: tuple[str, bytes]
    frame: tuple[str, str]
    fix_tables: bool
    fix_docpr_ids: bool
    stories: tuple[tuple[str, bytes], ...]
    properties: tuple[tuple[str, str, bytes], ...]
    footnotes: tuple[tuple[str, bytes], ...]
    package: tuple[ZipMember | str, ...]
    body_digest: str
    pictures: frozenset[str]
    core_xml: bytes | None
    media: MediaRecord | None
    names: tuple[str, ...]

    def template(self, cls: type[CompiledTemplate], path: Path,
                 env: Environment) -> CompiledTemplate:
        def part(name: str, code: bytes) -> Part:
            return Part(name, from_code(env, marshal.loads(code)))

        return cls(path, part(*self.body), self.frame, self.fix_tables, self.fix_docpr_ids,
                   tuple(part(*story) for story in self.stories),
                   tuple((name, text, from_code(env, marshal.loads(code)))
                         for name, text, code in self.properties),
                   tuple(part(*note) for note in self.footnotes), self.package,
                   self.body_digest, self.pictures, self.core_xml, self.media, self.names)


def _required(body_xml: str | None) -> str:
    if body_xml is None:
        raise ValueError("rendering left nothing of the document body")
    return body_xml


def _rendered(part: Part, context: dict[str, Any]) -> str:
    return xmlparts.finish(part.template.render(context))


_DECLARATION = xmlparts.XML_DECLARATION.decode()
