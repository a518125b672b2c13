"""LibreOffice as docgen finds and prepares it: its binary, a Python with its UNO bridge, and
the private environment and fresh profile each of docgen's converters runs it with."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DocgenError

INSTALL = "apt-get install libreoffice-writer-nogui python3-uno"


class LibreOfficeMissing(DocgenError):
    """LibreOffice, or its Python bridge, is not installed."""


@dataclass(frozen=True)
class Office:
    soffice: str  # the soffice binary
    python: str  # a Python that can import uno


def find_office() -> Office:
    """LibreOffice and a Python with its UNO bridge; DOCGEN_SOFFICE/DOCGEN_UNO_PYTHON override."""
    soffice = (os.environ.get("DOCGEN_SOFFICE") or shutil.which("soffice")
               or shutil.which("libreoffice"))
    if not soffice:
        raise LibreOfficeMissing(f"LibreOffice (soffice) was not found; install it with "
                                 f"`{INSTALL}`")
    python = _uno_python(soffice, os.environ.get("DOCGEN_UNO_PYTHON", ""))
    if python is None:
        raise LibreOfficeMissing(f"LibreOffice's Python bridge (uno) was not found; install it "
                                 f"with `{INSTALL}`")
    return Office(soffice, python)


@functools.lru_cache(maxsize=8)
def _uno_python(soffice: str, preferred: str) -> str | None:
    program = Path(os.path.realpath(soffice)).parent
    candidates = [preferred, str(program / "python"), "/usr/bin/python3", "python3"]
    for candidate in candidates:
        if not candidate or not shutil.which(candidate):
            continue
        try:
            with tempfile.TemporaryDirectory(prefix="docgen-lo-") as folder:
                probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True,
                                       timeout=30, check=False, cwd=folder,
                                       env=private_environment(folder))  # writes ~/.config
        except (OSError, subprocess.SubprocessError):
            continue
        if probe.returncode == 0:
            return candidate
    return None


def private_environment(folder: str) -> dict[str, str]:
    """LibreOffice's environment: HOME, caches and temporary files inside `folder` (the
    converter's own), so it writes nothing elsewhere (~/.cache/dconf, /tmp/lu*.tmp)."""
    home, tmp = os.path.join(folder, "home"), os.path.join(folder, "tmp")
    for path in (home, tmp):
        os.makedirs(path, mode=0o700, exist_ok=True)
    return {**os.environ, "HOME": home, "TMPDIR": tmp, "TMP": tmp, "TEMP": tmp,
            "XDG_CACHE_HOME": os.path.join(home, ".cache"),
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
            "XDG_RUNTIME_DIR": tmp}


def pipe_files(user_installation: Path, pipe: str) -> list[str]:
    """The sockets a LibreOffice started with `user_installation` and `--accept=pipe,name=
    PIPE` makes, which it leaves behind when it is killed: its UNO pipe and its single-instance
    pipe (named by the MD5 of the profile's URL in UTF-16, each byte in hex without padding).
    LibreOffice puts them in /tmp, whatever TMPDIR says, or in /var/tmp when /tmp is closed."""
    import hashlib

    digest = hashlib.md5(user_installation.as_uri().encode("utf-16-le"),
                         usedforsecurity=False).digest()
    uid = os.getuid() if hasattr(os, "getuid") else 0
    names = (f"OSL_PIPE_{uid}_{pipe}",
             f"OSL_PIPE_{uid}_SingleOfficeIPC_{''.join(f'{b:x}' for b in digest)}")
    return [os.path.join(folder, name) for folder in ("/tmp", "/var/tmp") for name in names]


# The one setting a new profile gets before LibreOffice first starts: the version it last ran,
# as this LibreOffice's own. Without it, every fresh profile looks like an upgrade, and the
# start-up runs the upgrade's checks (graphics render tests and all): about 0.6 s.
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" \
oor:op="fuse"><value>{version}</value></prop></item>
</oor:items>
"""
_VERSION = re.compile(rb'<prop oor:name="ooSetupVersion"[^>]*>\s*<value>([0-9.]+)</value>')


def seed_profile(user_installation: Path, soffice: str) -> None:
    """Start the profile at `user_installation` as one this LibreOffice has run, when its
    version can be read from its installation (share/registry/main.xcd); else leave it."""
    version = _office_version(soffice)
    if version:
        user = user_installation / "user"
        user.mkdir(parents=True, exist_ok=True)
        (user / "registrymodifications.xcu").write_text(_REGISTRY.format(version=version),
                                                      encoding="utf-8")


@functools.lru_cache(maxsize=8)
def _office_version(soffice: str) -> str | None:
    program = Path(os.path.realpath(soffice)).parent
    for registry in (program.parent / "share" / "registry",  # Linux, Windows
                     program.parent / "Resources" / "registry"):  # macOS
        with contextlib.suppress(OSError):
            found = _VERSION.search((registry / "main.xcd").read_bytes())
            if found:
                return found.group(1).decode("ascii")
    return None
