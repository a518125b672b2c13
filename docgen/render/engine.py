"""Stage 3's engine: a docxtpl template prepared and compiled once, rendered many times.

Plain docxtpl re-reads the package, re-runs its regex preparation and recompiles the Jinja
template of every part for every document, then re-parses and re-zips the whole package.
`CompiledTemplate.load` does docxtpl's preparation once (see `xmlparts`), compiles each part
once and compresses the unchanged parts once (`render.compiled`); `render_template` runs the
compiled templates, finishes the XML as docxtpl does and joins the package from members
compressed in advance — or, for a document that adds pictures to the package, renders it
through docgen's DocxTemplate (`render.api`), which keeps the compiled parts.

Compiled templates are cached per process, keyed by path, size and mtime, and on disk when
a folder is given (`use_disk_cache`: the build's OUTPUT/.docgen/cache); a worker process
calls `warm` to compile before its first document. Errors are raised as Jinja, lxml and
zipfile raise them; `render.template_errors` turns them into problems where the template's
shown name is known.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.render.cache import use_disk_cache
from docgen.render.compiled import CompiledTemplate
from docgen.render.sandbox import shared_environment

if TYPE_CHECKING:
    import datetime as dt

__all__ = ["CacheInfo", "CompiledTemplate", "cache_info", "clear_cache", "compiled",
           "render_template", "use_disk_cache", "warm"]


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
                    stamp: dt.datetime, contents: dict[str, bytes] | None = None) -> bytes:
    """The document: from the compiled parts alone where it can be, else through docgen's
    DocxTemplate (`render.api`), which carries what docxtpl adds to the package. `contents`
    receives the package's parts uncompressed, when the compiled parts made them (see
    `CompiledTemplate.render`); it stays empty otherwise."""
    template = compiled(path)
    blob = template.render(context, title, stamp, contents)
    if blob is not None:
        return blob
    from docgen.render.api import render_package

    return render_package(template, context, title, stamp)


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
