"""Render one DOCX document from a template and a context, safely.

Templates come from clerks and data from abroad, so rendering uses a sandboxed Jinja
environment with StrictUndefined and autoescaping: `&`, `<` and quotes in data come out as
typed, a missing variable is an error naming the template and the variable, and a template
reaching for Python internals is refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from docgen.errors import Problem, TemplateProblem
from docgen.render.sandbox import TemplateLimit, jinja_environment
from docgen.render.scripts import script_options

__all__ = ["render_docx", "render_docx_docxtpl", "template_errors", "warm"]


def render_docx(template: Path, shown: str, context: dict[str, Any], title: str,
                stamp: dt.datetime, contents: dict[str, bytes] | None = None) -> bytes:
    """Render `template` with `context`; return the DOCX bytes, deterministic.

    The template is compiled once per process (see `docgen.render.engine`); the text of the document
    is the text plain docxtpl gives. `contents`, if given, receives the package's parts as
    they are before compression, where the engine has them (it may stay empty)."""
    from docgen.render.engine import render_template

    with template_errors(shown, template):
        checked_template(template)
        return render_template(template, context, title, stamp, contents)


MAX_TEMPLATE = 64 * 1024 * 1024  # bytes of a template file, compressed
_CHECKED: dict[str, tuple[int, int]] = {}  # path -> (size, mtime) of templates found sound


def checked_template(template: Path) -> None:
    """Refuse a template package docgen will not inflate (a zip bomb, members named `../x` or
    links, a main part that is no Word document), once per version of the file."""
    import os

    from docgen.docx.archive import check_package
    from docgen.files import SpecialFile, read_regular

    key = os.path.abspath(template)
    info = os.stat(key)
    signature = (info.st_size, info.st_mtime_ns)
    if _CHECKED.get(key) != signature:
        try:
            check_package(read_regular(template, MAX_TEMPLATE))
        except SpecialFile as exc:
            raise ValueError(f"the file {exc}") from None
        _CHECKED[key] = signature


def warm(templates: Iterable[Path]) -> None:
    """Compile `templates` in this process before its first document (a worker's start)."""
    from docgen.render.engine import warm as compile_ahead

    compile_ahead(templates)


def render_docx_docxtpl(template: Path, shown: str, context: dict[str, Any], title: str,
                        stamp: dt.datetime) -> bytes:
    """The same through plain docxtpl, loading and compiling the template every time: the
    reference the engine is tested against. docgen's own steps are added as the engine adds
    them: pictures from the data (`Picture`, replace_pic by alt text), drawing ids unique
    across parts, the per-script fonts and fixed core properties."""
    from docxtpl import DocxTemplate

    from docgen.render.api import finished, unique_drawing_ids
    from docgen.render.images import CURRENT, replacements
    from docgen.render.xmlparts import PROPERTY_NAMES, has_tags, picture_names

    with template_errors(shown):
        checked_template(template)
        doc = DocxTemplate(str(template))
        core = doc.get_docx().core_properties
        tagged = [name for name in PROPERTY_NAMES if has_tags(getattr(core, name))]
        pictures = replacements(context, picture_names(doc))
        token = CURRENT.set(doc)
        try:
            doc.render(context, jinja_environment(), autoescape=True)
        finally:
            CURRENT.reset(token)
        unique_drawing_ids(doc)  # docgen's one addition (see render.api)
        return finished(doc, pictures, tagged, title, stamp, script_options(context))


@contextlib.contextmanager
def template_errors(shown: str, path: Path | None = None) -> Iterator[None]:
    """Turn what rendering `shown` raises (Jinja, the sandbox, zip, XML) into a problem, near
    the text of the template where it was raised when that is known (from `path`)."""
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    try:
        yield
    except TemplateLimit as exc:
        raise _problem(shown, f"refused: the template's work is bounded: {exc}"
                              f"{_near(exc, path)}") from None
    except RecursionError as exc:
        raise _problem(shown, "template error: calls nest too deep (a macro that calls "
                              f"itself without end?){_near(exc, path)}") from None
    except MemoryError:
        raise _problem(shown, "template error: ran out of memory") from None
    except UndefinedError as exc:
        raise _problem(shown, f"uses an undefined variable: {exc.message}; "
                              "`docgen context CASE KIND --json` lists what there is") from None
    except SecurityError as exc:
        raise _problem(shown, f"refused: the template tries to reach Python internals "
                              f"({exc})") from None
    except TemplateSyntaxError as exc:
        near = " ".join(t.strip() for t in getattr(exc, "docx_context", []) if t.strip())
        where = f" near “{near[:120]}”" if near else ""
        raise _problem(shown, f"template syntax error: {exc.message}{where}") from None
    except TemplateError as exc:
        raise _problem(shown, f"template error: {exc}") from None
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _problem(shown, f"not a usable Word (.docx) template: {exc}") from None
    except (ArithmeticError, TypeError, NameError, AttributeError, IndexError,
            AssertionError) as exc:  # raised by the template's own expressions
        raise _problem(shown, f"template error: {type(exc).__name__}: {exc}"
                              f"{_near(exc, path)}") from None
    except OSError as exc:
        raise _problem(shown, f"cannot be read: {exc.strerror or exc}") from None
    except Exception as exc:  # lxml's and python-docx's, by name so neither is imported here
        if type(exc).__name__ == "XMLSyntaxError":  # rendered XML is parsed again
            raise _problem(shown, f"rendering produced invalid XML: {exc}") from None
        if type(exc).__name__ == "PackageNotFoundError":
            raise _problem(shown, f"not a usable Word (.docx) template: {exc}") from None
        raise


def _near(exc: BaseException, path: Path | None) -> str:
    """` near “text”`: the text of the template around where a template raised `exc`."""
    from docgen.render import xmlparts
    from docgen.render.sandbox import error_place, known_source, source_key

    place = error_place(exc)
    if place is None:
        return ""
    key, line = place
    source = known_source(key)
    if source is None and path is not None:  # compiled in an earlier run: prepare it again
        with contextlib.suppress(Exception):
            prepared = xmlparts.prepare(path.read_bytes())
            parts = [prepared.body.xml, *(s.xml for s in prepared.stories),
                     *(s.xml for s in prepared.footnotes), *prepared.properties]
            source = next((xml for xml in parts if source_key(xml) == key), None)
    if source is None:
        return ""
    near = " ".join(t.strip() for t in xmlparts.nearby_text(source, line) if t.strip())
    return f" near “{near[:120]}”" if near else ""


def _problem(shown: str, message: str) -> TemplateProblem:
    return TemplateProblem([Problem(shown, None, None, message)])
