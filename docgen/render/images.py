"""Pictures from the data: a workspace image as templates see it.

`home.seal`, `partner.seal` and `home.letterhead` are `Picture`s in the context: text (the
workspace-relative path, which is what `docgen context --json` prints and `{% if %}` tests),
and, where a template prints one, the picture itself — docxtpl's `InlineImage`, placed in the
part being rendered. A picture is sized to fit its box, keeping its proportions, so two seals
of different shapes still take the same room (equal prominence).

The engine renders without python-docx where it can; a `Picture` printed there raises
`NeedsPackage`, and the engine renders that document again with the package loaded.
"""

from __future__ import annotations

import contextvars
from typing import Any

# The docxtpl template rendering now (docxtpl's or docgen's DocxTemplate), or None when the
# engine renders without a package.
CURRENT: contextvars.ContextVar[Any] = contextvars.ContextVar("docgen_rendering", default=None)

SEAL_BOX = (25.0, 25.0)  # mm, width and height: both cities' seals fit the same square
LETTERHEAD_BOX = (60.0, 22.0)


class NeedsPackage(Exception):
    """A picture was printed while the engine rendered without the package."""


class Picture(str):
    """A workspace image: its path as text; printed in a template, the picture."""

    path: str  # absolute
    box: tuple[float, float]  # mm

    def __new__(cls, shown: str, path: str, box: tuple[float, float]) -> Picture:
        obj = super().__new__(cls, shown)
        obj.path = path
        obj.box = box
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (Picture, (str(self), self.path, self.box))

    def __html__(self) -> str:
        tpl = CURRENT.get()
        if tpl is None:
            raise NeedsPackage(str(self))
        from docxtpl import InlineImage

        markup: str = InlineImage(tpl, self.path, width=fitted(self.path, self.box))._insert_image()
        return markup


def fitted(path: str, box: tuple[float, float]) -> Any:
    """The width (EMU) that fits the image at `path` into `box` (mm), proportions kept: the
    width alone given, python-docx scales the height."""
    from docx.image.image import Image
    from docx.shared import Mm

    image = Image.from_file(path)
    width_mm, height_mm = box
    ratio = image.px_height / image.px_width if image.px_width else 1.0
    return Mm(min(width_mm, height_mm / ratio) if ratio else width_mm)


def replacements(context: dict[str, Any], pictures: frozenset[str]) -> dict[str, str]:
    """The template's pictures that the data replaces: a picture whose name, title or alt
    text is `home.seal`, `partner.seal` or `home.letterhead` becomes that workspace image
    (docxtpl's replace_pic: the placeholder's place and size, the city's own picture)."""
    if not pictures:
        return {}
    found: dict[str, str] = {}
    for side in ("home", "partner"):
        values = context.get(side)
        if not isinstance(values, dict):
            continue
        for field, value in values.items():
            key = f"{side}.{field}"
            if isinstance(value, Picture) and key in pictures:
                found[key] = value.path
    return found


_DIGESTS: dict[tuple[str, int, int], str] = {}


def file_digest(path: str) -> str:
    """SHA-256 of the file at `path`, kept per size and mtime (a build asks once per case)."""
    import hashlib
    import os

    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns)
    if key not in _DIGESTS:
        with open(path, "rb") as handle:
            _DIGESTS[key] = hashlib.sha256(handle.read()).hexdigest()
    return _DIGESTS[key]
