"""Render one DOCX document from a template and a context, safely.

Templates come from clerks and data from abroad, so rendering uses a sandboxed Jinja
environment with StrictUndefined and autoescaping: `&`, `<` and quotes in data come out as
typed, a missing variable is an error naming the template and the variable, and a template
reaching for Python internals is refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from docgen.docx.archive import docx_parts, normalized_docx
from docgen.errors import Problem, TemplateProblem
from docgen.render.sandbox import jinja_environment
from docgen.render.scripts import apply_script_fonts, is_story, script_options

__all__ = ["render_docx", "render_docx_docxtpl", "template_errors", "warm"]


def render_docx(template: Path, shown: str, context: dict[str, Any], title: str,
                stamp: dt.datetime) -> bytes:
    """Render `template` with `context`; return the DOCX bytes, deterministic.

    The template is compiled once per process (see `docgen.render.engine`); the text of the document
    is the text plain docxtpl gives."""
    from docgen.render.engine import render_template

    with template_errors(shown):
        return render_template(template, context, title, stamp)


def warm(templates: Iterable[Path]) -> None:
    """Compile `templates` in this process before its first document (a worker's start)."""
    from docgen.render.engine import warm as compile_ahead

    compile_ahead(templates)


def render_docx_docxtpl(template: Path, shown: str, context: dict[str, Any], title: str,
                        stamp: dt.datetime) -> bytes:
    """The same through plain docxtpl, loading and compiling the template every time: the
    reference the engine is tested and measured against."""
    from docxtpl import DocxTemplate

    with template_errors(shown):
        doc = DocxTemplate(str(template))
        doc.render(context, jinja_environment(), autoescape=True)
        buffer = io.BytesIO()
        doc.save(buffer)
        options = script_options(context)
        parts = [(name, apply_script_fonts(data, **options) if is_story(name) else data)
                 for name, data in docx_parts(buffer.getvalue())]
        return normalized_docx(parts, title, stamp)


@contextlib.contextmanager
def template_errors(shown: str) -> Iterator[None]:
    """Turn what rendering `shown` raises (Jinja, the sandbox, zip, XML) into a problem."""
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    try:
        yield
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
    except OSError as exc:
        raise _problem(shown, f"cannot be read: {exc.strerror or exc}") from None
    except Exception as exc:  # lxml's and python-docx's, by name so neither is imported here
        if type(exc).__name__ == "XMLSyntaxError":  # rendered XML is parsed again
            raise _problem(shown, f"rendering produced invalid XML: {exc}") from None
        if type(exc).__name__ == "PackageNotFoundError":
            raise _problem(shown, f"not a usable Word (.docx) template: {exc}") from None
        raise


def _problem(shown: str, message: str) -> TemplateProblem:
    return TemplateProblem([Problem(shown, None, None, message)])
