"""Stage 3: render a DOCX template with a context, safely.

Templates come from clerks and data from abroad, so rendering uses a sandboxed Jinja
environment with StrictUndefined and autoescaping: `&`, `<` and quotes in data come out as
typed, a missing variable is an error naming the template and the variable, and a template
reaching for Python internals is refused.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from docgen.docxio import docx_parts, normalized_docx
from docgen.errors import Problem, TemplateProblem
from docgen.paths import inside

TEMPLATES_DIR = "templates"


def bundled_templates() -> Path:
    """The templates shipped with docgen: inside the wheel, or the checkout's templates/."""
    here = Path(__file__).resolve().parent
    inside = here / TEMPLATES_DIR
    return inside if inside.is_dir() else here.parent / TEMPLATES_DIR


def find_template(workspace: Path, kind_id: str) -> Path:
    """A workspace's own `templates/<kind>.docx` wins over the bundled one."""
    own = workspace / TEMPLATES_DIR / f"{kind_id}.docx"
    if own.is_file() and inside(own, workspace):
        return own
    return bundled_templates() / f"{kind_id}.docx"


def shown_template(template: Path, workspace: Path) -> str:
    try:
        return str(template.resolve().relative_to(workspace.resolve()))
    except ValueError:
        return f"docgen:{TEMPLATES_DIR}/{template.name}"


def jinja_environment() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def render_docx(template: Path, shown: str, context: dict[str, Any], title: str,
                stamp: dt.datetime) -> bytes:
    """Render `template` with `context`; return the DOCX bytes, deterministic."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    try:
        doc = DocxTemplate(str(template))
        doc.render(context, jinja_environment(), autoescape=True)
        buffer = io.BytesIO()
        doc.save(buffer)
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
    except Exception as exc:  # docxtpl re-parses rendered XML: bad markup ends up here
        if type(exc).__name__ == "XMLSyntaxError":
            raise _problem(shown, f"rendering produced invalid XML: {exc}") from None
        raise
    return normalized_docx(docx_parts(buffer.getvalue()), title, stamp)


def _problem(shown: str, message: str) -> TemplateProblem:
    return TemplateProblem([Problem(shown, None, None, message)])
