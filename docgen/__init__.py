"""docgen: document automation for municipal sister-city programs.

`from docgen import DocxTemplate` is docxtpl's DocxTemplate on docgen's compiled engine
(`docgen.render.api`); it is imported on first use, so `import docgen` stays light.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["DocxTemplate", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "DocxTemplate":
        from docgen.render.api import DocxTemplate

        return DocxTemplate
    raise AttributeError(f"module 'docgen' has no attribute {name!r}")
