"""Where things are in a workspace. Light on purpose: a no-op build needs only this."""

from __future__ import annotations

import os
import re
from pathlib import Path

from docgen.errors import Problem

SETTINGS_FILE = "docgen.yaml"
CASES_DIR = "cases"
CASE_SUFFIXES = (".yaml", ".yml")
# A case id names an output folder: letters (any script), digits, '-', '_' and '.'.
CASE_ID = re.compile(r"^\w[\w.-]*$")


def inside(path: Path, root: Path) -> bool:
    """True when `path`, links resolved, lies within `root`."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def case_files(root: Path, problems: list[Problem]) -> list[Path]:
    """The case files of a workspace, sorted; bad names and escaping links become problems."""
    folder = root / CASES_DIR
    if not folder.is_dir():
        return []
    if not inside(folder, root):
        problems.append(Problem(CASES_DIR, None, None,
                                "refused: links to a folder outside the workspace"))
        return []
    out: list[Path] = []
    seen: dict[str, str] = {}
    with os.scandir(folder) as entries:
        listing = sorted((e.name, e.is_symlink()) for e in entries)
    for name, is_link in listing:
        if not name.endswith(CASE_SUFFIXES) or name.startswith("."):
            continue
        file = folder / name
        shown = f"{CASES_DIR}/{name}"
        if is_link and not inside(file, root):
            problems.append(Problem(shown, None, None,
                                    "refused: links to a file outside the workspace"))
        elif not CASE_ID.match(file.stem):
            problems.append(Problem(shown, None, None,
                                    "a case file name may hold only letters, digits, '-', '_' "
                                    "and '.' (it names the output folder)"))
        elif file.stem in seen:
            problems.append(Problem(shown, None, None,
                                    f"case id {file.stem!r} is also used by {seen[file.stem]}"))
        else:
            seen[file.stem] = shown
            out.append(file)
    return out
