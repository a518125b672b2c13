"""Image files named in the workspace (a city's seal, the letterhead): inside the workspace,
readable, and PNG or JPEG — what Word, LibreOffice and python-docx all place the same way."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationInfo

from docgen.workspace.paths import inside

_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"))


def image_kind(data: bytes) -> str | None:
    """"PNG" or "JPEG" by the file's first bytes, else None."""
    return next((kind for magic, kind in _SIGNATURES if data.startswith(magic)), None)


def check_image(value: str | None, info: ValidationInfo) -> str | None:
    """A workspace-relative path to a PNG or JPEG file (validation context "root": the
    workspace folder; without it, as when a schema is printed, the path is not opened)."""
    if value is None:
        return None
    root = (info.context or {}).get("root")
    if root is None:
        return value
    path = Path(root) / value
    if Path(value).is_absolute() or not inside(path, Path(root)):
        raise ValueError(f"{value}: refused: the image must be a file inside the workspace")
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        raise ValueError(f"{value}: no such image file") from None
    except OSError as exc:
        raise ValueError(f"{value}: cannot be read: {exc.strerror or exc}") from None
    if image_kind(head) is None:
        raise ValueError(f"{value}: not a PNG or JPEG image")
    return value
