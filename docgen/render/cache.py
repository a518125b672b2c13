"""The disk cache of compiled templates: code, prepared packages and whole loaded
templates, kept between runs in a folder of docgen's own (OUTPUT/.docgen/cache), off until
`use_disk_cache` names the folder. Keys are content hashes salted with what the stored
bytes depend on (Jinja, Python; for a loaded template, lxml and zlib too)."""

from __future__ import annotations

import contextlib
import marshal
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.render import xmlparts

if TYPE_CHECKING:
    from jinja2 import Environment, Template


def record_salt() -> str:
    """What a cached record also depends on: lxml's writing, zlib's compression."""
    import zlib

    from lxml import etree

    return f"{etree.LXML_VERSION}/{etree.LIBXML_VERSION}/{zlib.ZLIB_RUNTIME_VERSION}"


def from_code(env: Environment, code: Any) -> Template:
    """The template of compiled `code`, its output escaped by `_escape` (the same text)."""
    template = env.template_class.from_code(env, code, env.make_globals(None))
    namespace = template.root_render_func.__globals__  # the module the code ran in
    fast = _escape()
    if fast is not None and namespace.get("escape") is fast[1]:
        namespace["escape"] = fast[0]
    return template


def _escape() -> tuple[Any, Any] | None:
    """An escape for what `{{ }}` prints with autoescaping, and markupsafe's own: markupsafe
    wraps a str's escaped text in a Markup (a call in Python, per value printed), but a
    part's output is only ever joined into one str, where a Markup and its text are the
    same. Only a plain str is escaped apart; anything else goes to markupsafe's escape."""
    global _ESCAPE
    if _ESCAPE is None:
        import markupsafe

        inner = getattr(markupsafe, "_escape_inner", None)  # markupsafe's, as it escapes
        probe = "&<>'\" a"
        if inner is None or inner(probe) != str(markupsafe.escape(probe)):
            _ESCAPE = ()
        else:
            original = markupsafe.escape

            def escape(value: Any) -> Any:
                return inner(value) if type(value) is str else original(value)

            _ESCAPE = (escape, original)
    return _ESCAPE or None


_ESCAPE: tuple[Any, ...] | None = None


def compiled_code(env: Environment, source: str) -> tuple[Template, bytes]:
    """Jinja's compile (and its code, marshalled), with the text near a syntax error
    attached as docxtpl attaches it.

    With a disk cache (`use_disk_cache`), the compiled code is kept between runs, as Jinja's
    bytecode cache keeps it for templates from a loader."""
    from jinja2 import TemplateSyntaxError

    key = f"code-{cache_key(source.encode())}"
    dumped = DISK.load(key, bytes)
    code = DISK.decoded(dumped, marshal.loads)
    if code is None or dumped is None:
        try:
            code = env.compile(source)
        except TemplateSyntaxError as exc:
            if exc.lineno is not None:
                exc.docx_context = xmlparts.nearby_text(  # type: ignore[attr-defined]
                    source, exc.lineno)
            raise
        dumped = marshal.dumps(code)
        DISK.store(key, dumped)
    return from_code(env, code), dumped


def prepared_package(data: bytes) -> xmlparts.Prepared:
    """docxtpl's preparation of a template package, kept on disk when a cache is in use."""
    key = f"prepared-{cache_key(data)}"
    found = DISK.load(key, pickle.loads)
    if isinstance(found, xmlparts.Prepared):
        return found
    prepared = xmlparts.prepare(data)
    DISK.store(key, pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL))
    return prepared


def cache_key(data: bytes, extra: str = "") -> str:
    import hashlib
    import sys

    import jinja2

    salt = f"{jinja2.__version__}/{sys.version_info[:2]}/{_CACHE_FORMAT}/{extra}".encode()
    return hashlib.sha256(salt + data).hexdigest()[:40]


_CACHE_FORMAT = "5"


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

    @staticmethod
    def decoded(data: bytes | None, decode: Any) -> Any:
        try:
            return None if data is None else decode(data)
        except Exception:  # damaged: compile again
            return None

    def store(self, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        from docgen.files import atomic_write

        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            atomic_write(self.folder / key, data)


DISK = _DiskCache()


def use_disk_cache(folder: Path | None) -> None:
    """Keep compiled templates in `folder` between runs (None: only in this process)."""
    DISK.folder = folder


