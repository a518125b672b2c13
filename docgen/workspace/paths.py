"""Where things are in a workspace, and the one rule for reading an input. Light on purpose: a
no-op build needs only this.

The link rule, for every input (docgen.yaml, cases/, templates/, scans): a symbolic link is
followed when it points inside the workspace, and refused, in one line, when it points outside,
loops or dangles. An input must be a regular file: a folder, a FIFO or a device in its place
is refused, never read and never silently replaced.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

from docgen.errors import Problem

SETTINGS_FILE = "docgen.yaml"
CASES_DIR = "cases"
CASE_SUFFIXES = (".yaml", ".yml")  # in any case: .YAML too
_CASE_PUNCTUATION = "_.-"
_ASCII_CASE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")  # is_case_id, for ASCII names
# The kinds of non-regular file, as a clerk would call them.
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def inside(path: Path, root: Path) -> bool:
    """True when `path`, links resolved, lies within `root`."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a loop of links (Python < 3.13)
        return False
    return True


def input_problem(path: Path, root: Path) -> str | None:
    """Why `path` cannot be read as an input of the workspace at `root` (None: it can).

    The one link rule; see the module's docstring."""
    try:
        link = path.is_symlink()
        info = os.stat(path)
    except FileNotFoundError:
        return "a link to nothing (its target is missing)" if path.is_symlink() else "not found"
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return "refused: a loop of symbolic links"
        return f"cannot read: {exc.strerror or exc}"
    if link and not inside(path, root):
        return "refused: links to a file outside the workspace"
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a file")
        return f"is {kind}, not a regular file; docgen reads only regular files"
    return None


def is_case_id(stem: str) -> bool:
    """Letters (any script, composed or not, as macOS writes names in NFD), digits, and '-',
    '_' and '.' after the first character: a case id names an output folder."""
    if stem.isascii():  # the common case, without a look at each character
        return _ASCII_CASE_ID.fullmatch(stem) is not None
    if not stem or (not stem[0].isalnum() and unicodedata.category(stem[0]) != "Pc"):
        return False
    return all(ch.isalnum() or ch in _CASE_PUNCTUATION or unicodedata.category(ch)[0] == "M"
               for ch in stem)


def case_files(root: Path, problems: list[Problem]) -> list[Path]:
    """The case files of a workspace, sorted; bad names, special files and links outside the
    workspace become problems."""
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
        listing = sorted((e.name, e.is_symlink(), e.is_file(follow_symlinks=False))
                         for e in entries)
    for name, is_link, is_regular in listing:
        if not name.lower().endswith(CASE_SUFFIXES):
            continue
        file = folder / name
        shown = f"{CASES_DIR}/{name}"
        if name.startswith("."):
            if not is_link:  # an editor's lock (.#x.yaml) is a link: left alone, unsaid
                problems.append(Problem(shown, None, None,
                                        "a hidden file (its name starts with '.') is not read "
                                        "as a case; rename it if it is one"))
            continue
        stem = name[: name.rfind(".")]
        same = unicodedata.normalize("NFC", stem).casefold()
        why = None if is_regular else input_problem(file, root)  # a regular file: readable
        if why is not None:
            problems.append(Problem(shown, None, None, why))
        elif not is_case_id(stem):
            problems.append(Problem(shown, None, None,
                                    "a case file name may hold only letters, digits, '-', '_' "
                                    "and '.' (it names the output folder)"))
        elif same in seen:
            problems.append(Problem(shown, None, None,
                                    f"case id {stem!r} is also used by {seen[same]}"))
        else:
            seen[same] = shown
            out.append(file)
    return out
