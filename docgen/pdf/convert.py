"""Optional stage: DOCX to PDF with LibreOffice, kept warm.

A `Converter` is one soffice process with its own user profile (a temporary folder, removed
on close), driven over UNO by a small helper script, `_unoworker.py`, run by a Python that
can `import uno` (Debian's python3-uno gives that to /usr/bin/python3, not to docgen's own
Python). LibreOffice's start-up (~1.5 s) is paid once per converter; each document then
costs about a tenth of a second. Several converters (one soffice each) may run side by
side: `convert_all(..., workers=2)`.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import weakref
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from docgen.build.targets import pdf_path
from docgen.errors import DocgenError

WORKER = Path(__file__).resolve().parent / "_unoworker.py"
INSTALL = "apt-get install libreoffice-writer-nogui python3-uno"
START_TIMEOUT = 60.0
CONVERT_TIMEOUT = 120.0


class LibreOfficeMissing(DocgenError):
    """LibreOffice, or its Python bridge, is not installed."""


class ConversionError(DocgenError):
    """LibreOffice could not convert a document (or took too long)."""


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


@dataclass
class _Session:
    """The processes and folder of one running converter; cleaned up even if forgotten."""

    profile: str
    soffice: subprocess.Popen[bytes]
    worker: subprocess.Popen[str]
    watchdog: subprocess.Popen[bytes] | None = None
    replies: queue.Queue[str | None] = field(default_factory=queue.Queue)

    def stop(self, grace: float = 10.0) -> None:
        if self.worker.poll() is None and self.worker.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                self.worker.stdin.write(json.dumps({"quit": True}) + "\n")
                self.worker.stdin.close()
        for proc in (self.worker, self.soffice):
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                _kill(proc)
        for proc in (self.worker, self.soffice):
            _kill(proc)  # children of soffice's wrapper scripts, if any are left
        shutil.rmtree(self.profile, ignore_errors=True)
        if self.watchdog is not None and self.watchdog.stdin is not None:
            with contextlib.suppress(OSError, ValueError):  # stood down: nothing left to do
                self.watchdog.stdin.write(b"q")
                self.watchdog.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.watchdog.wait(timeout=5)


# Run beside each converter: when docgen dies (even by kill -9) the pipe it holds closes,
# and the watchdog kills LibreOffice's process groups and removes its folder.
_WATCHDOG = """
import os, shutil, signal, sys
if sys.stdin.buffer.read(1) == b"":
    for pid in sys.argv[1:3]:
        try:
            os.killpg(int(pid), signal.SIGKILL)
        except OSError:
            pass
    shutil.rmtree(sys.argv[3], ignore_errors=True)
"""


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


def _kill(proc: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # each process leads its own session
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def _read_replies(stream: object, replies: queue.Queue[str | None]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        replies.put(line)
    replies.put(None)  # end of stream: the worker has gone


class Converter:
    """One warm LibreOffice. Use as a context manager; started on first use."""

    def __init__(self, office: Office | None = None, *, timeout: float = CONVERT_TIMEOUT,
                 start_timeout: float = START_TIMEOUT) -> None:
        self._office = office
        self.timeout = timeout
        self.start_timeout = start_timeout
        self._session: _Session | None = None
        self._finalizer: weakref.finalize | None = None

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def start(self) -> None:
        if self._session is not None:
            return
        office = self._office or find_office()
        self._office = office
        profile = tempfile.mkdtemp(prefix="docgen-lo-")
        env = private_environment(profile)
        pipe = f"docgen-{os.getpid()}-{secrets.token_hex(6)}"
        soffice = subprocess.Popen(
            [office.soffice, f"-env:UserInstallation={Path(profile, 'user').as_uri()}",
             # not in the install folder, which LibreOffice run as root would write to
             f"-env:UNO_SHARED_PACKAGES_CACHE={Path(profile, 'shared').as_uri()}",
             "--headless", "--invisible", "--nologo", "--nodefault", "--norestore",
             "--nolockcheck", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, env=env, cwd=profile)
        with open(os.path.join(profile, "worker.log"), "wb") as log:
            worker = subprocess.Popen(
                [office.python, str(WORKER), pipe, str(self.start_timeout)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
                encoding="utf-8", start_new_session=True, env=env, cwd=profile)
        watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, str(soffice.pid), str(worker.pid), profile],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        session = _Session(profile, soffice, worker, watchdog)
        threading.Thread(target=_read_replies, args=(worker.stdout, session.replies),
                         daemon=True).start()
        self._session = session
        self._finalizer = weakref.finalize(self, session.stop)
        answer = self._wait(self.start_timeout + 5)
        if answer is None or not answer.get("ready"):
            self.close()
            why = (answer or {}).get("error") or "it did not answer"
            raise ConversionError(f"LibreOffice did not start: {why}")

    def convert(self, src: Path, dst: Path) -> Path:
        """Convert one document; write `dst` atomically. Raises ConversionError."""
        if not src.is_file():
            raise ConversionError(f"{src}: not found")
        self.start()
        assert self._session is not None and self._session.worker.stdin is not None
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f".{dst.stem}.{secrets.token_hex(4)}.pdf")
        request = {"src": str(src.resolve()), "dst": str(tmp.resolve())}
        try:
            self._session.worker.stdin.write(json.dumps(request) + "\n")
            self._session.worker.stdin.flush()
            answer = self._wait(self.timeout)
            if answer is None:
                self.close(grace=0)  # stuck or gone: the next document gets a fresh one
                raise ConversionError(f"{src}: LibreOffice did not finish converting it within "
                                      f"{self.timeout:g} s")
            if "error" in answer:
                raise ConversionError(f"{src}: LibreOffice could not convert it: "
                                      f"{answer['error']}")
            with open(tmp, "rb") as fh:
                if fh.read(5) != b"%PDF-":
                    raise ConversionError(f"{src}: LibreOffice wrote no PDF")
            os.replace(tmp, dst)
        except OSError as exc:
            self.close(grace=0)
            raise ConversionError(f"{src}: converting to PDF failed: {exc}") from None
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
        return dst

    def _wait(self, timeout: float) -> dict[str, object] | None:
        assert self._session is not None
        try:
            line = self._session.replies.get(timeout=timeout)
        except queue.Empty:
            return None
        if line is None:
            return None
        try:
            answer = json.loads(line)
        except json.JSONDecodeError:
            return {"error": line.strip()}
        return answer if isinstance(answer, dict) else {"error": line.strip()}

    def close(self, grace: float = 10.0) -> None:
        """Stop LibreOffice (killed after `grace` seconds) and remove its profile folder."""
        if self._finalizer is not None and self._finalizer.detach() and self._session:
            self._session.stop(grace)
        self._session = None
        self._finalizer = None


def convert_all(jobs: Sequence[tuple[Path, Path]], workers: int = 1,
                office: Office | None = None) -> list[Path]:
    """Convert (src, dst) pairs with `workers` warm converters; dsts in the order given."""
    if not jobs:
        return []
    office = office or find_office()
    workers = max(1, min(workers, len(jobs)))
    shares = [list(jobs[i::workers]) for i in range(workers)]

    def run(share: list[tuple[Path, Path]]) -> None:
        with Converter(office) as converter:
            for src, dst in share:
                converter.convert(src, dst)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(run, share) for share in shares]:
            future.result()  # re-raises the first ConversionError
    return [dst for _, dst in jobs]


def to_pdf(documents: Sequence[Path], workers: int = 1) -> list[Path]:
    """A PDF beside each DOCX: `x/mou.docx` -> `x/mou.pdf`."""
    return convert_all([(doc, pdf_path(doc)) for doc in documents], workers)


def convert_outdated(documents: Sequence[Path]) -> list[Path]:
    """`docgen build --pdf` (a build's `then` step): a PDF beside each current document whose
    PDF is missing or older than the DOCX."""
    return to_pdf([d for d in documents if d.is_file() and not _newer(pdf_path(d), d)])


def _newer(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_mtime_ns >= b.stat().st_mtime_ns
    except OSError:
        return False
