"""docgen's bundled Word templates (docxtpl syntax), built with python-docx.

``TEMPLATES`` maps each file stem in templates/ to the function that builds that document;
:func:`write` saves one of them.  The output is deterministic: identical code gives
identical bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument

from .inquiry_response import inquiry_response
from .letter_of_introduction import letter_of_introduction
from .mou import mou
from .request_form import request_form
from .research_brief import research_brief
from .resolution import resolution
from .sci_registration import sci_registration
from .staff_report import staff_report
from .styles import FILE_MODE, save
from .tentative_agreement import tentative_agreement

TEMPLATES: dict[str, Callable[[], DocxDocument]] = {
    "letter-of-introduction": letter_of_introduction,
    "inquiry-response": inquiry_response,
    "request-form": request_form,
    "tentative-agreement": tentative_agreement,
    "mou": mou,
    "resolution": resolution,
    "research-brief": research_brief,
    "sci-registration": sci_registration,
    "staff-report": staff_report,
}

FILE_MODES: dict[str, int] = {}  # per template, when not FILE_MODE


def write(stem: str, out_dir: Path) -> Path:
    """Build the template ``stem`` and save it as ``out_dir/<stem>.docx``."""
    path = out_dir / f"{stem}.docx"
    save(TEMPLATES[stem](), path, FILE_MODES.get(stem, FILE_MODE))
    return path
