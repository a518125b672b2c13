"""Optional stage: DOCX to PDF with LibreOffice, kept warm.

A `Converter` is one soffice process with its own user profile (a temporary folder, removed
on close), driven over UNO by a small helper script, `_unoworker.py`, run by a Python that
can `import uno` (Debian's python3-uno gives that to /usr/bin/python3, not to docgen's own
Python). LibreOffice's start-up (~0.3 s, the profile seeded by `office.seed_profile`) is paid
once per converter; each document then costs a little under a tenth of a second: LibreOffice
reads a lean copy of it (`lean.py`: without the unused table styles, a quarter of its work)
and is handed the next one before docgen has moved the last one's PDF (`convert_many`).
Several converters (one soffice each) may run side by side: `convert_all(..., workers=2)`.
"""

from __future__ import annotations

import collections
import contextlib
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
from docgen.pdf.lean import lean_copy
from docgen.pdf.office import (
    LibreOfficeMissing,
    Office,
    find_office,
    pipe_files,
    private_environment,
    seed_profile,
)

__all__ = ["ConversionError", "Converter", "LibreOfficeMissing", "Office",
           "convert_all", "convert_outdated", "find_office", "to_pdf"]

WORKER = Path(__file__).resolve().parent / "_unoworker.py"
START_TIMEOUT = 60.0
CONVERT_TIMEOUT = 120.0


class ConversionError(DocgenError):
    """LibreOffice could not convert a document (or took too long)."""


@dataclass
class _Session:
    """The processes and folder of one running converter; cleaned up even if forgotten."""

    profile: str
    soffice: subprocess.Popen[bytes]
    worker: subprocess.Popen[str]
    sockets: list[str]  # LibreOffice's pipes, which outlive it (office.pipe_files)
    watchdog: subprocess.Popen[bytes] | None = None
    replies: queue.Queue[str | None] = field(default_factory=queue.Queue)

    def stop(self) -> None:
        """Kill LibreOffice and its worker, and remove their folder. LibreOffice's own way
        out (desktop.terminate) takes about 0.4 s and saves only its profile, which goes."""
        for proc in (self.worker, self.soffice):
            _kill(proc)  # with the children of soffice's wrapper scripts
        shutil.rmtree(self.profile, ignore_errors=True)
        for socket in self.sockets:
            with contextlib.suppress(OSError):
                os.unlink(socket)
        if self.watchdog is not None and self.watchdog.stdin is not None:
            with contextlib.suppress(OSError, ValueError):  # stood down: nothing left to do
                self.watchdog.stdin.write(b"q")
                self.watchdog.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.watchdog.wait(timeout=5)


# Run beside each converter: when docgen dies (even by kill -9) the pipe it holds closes,
# and the watchdog kills LibreOffice's process groups and removes its folder and pipes.
_WATCHDOG = """
import os, shutil, signal, sys
if sys.stdin.buffer.read(1) == b"":
    for pid in sys.argv[1:3]:
        try:
            os.killpg(int(pid), signal.SIGKILL)
        except OSError:
            pass
    shutil.rmtree(sys.argv[3], ignore_errors=True)
    for socket in sys.argv[4:]:
        try:
            os.unlink(socket)
        except OSError:
            pass
"""


def _kill(proc: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # each process leads its own session
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def _read_replies(stream: object, replies: queue.Queue[str | None]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        replies.put(line)
    replies.put(None)  # end of stream: the worker has gone


@dataclass(frozen=True)
class _Job:
    """One document handed to LibreOffice: the PDF goes to `tmp` until it is checked."""

    src: Path
    dst: Path
    tmp: Path
    lean: Path | None  # what LibreOffice reads instead of src (docgen.pdf.lean), if any

    def discard(self) -> None:
        """Remove what is left of the job but its PDF at `dst`."""
        with contextlib.suppress(OSError):
            self.tmp.unlink()
        if self.lean is not None:
            shutil.rmtree(self.lean.parent, ignore_errors=True)


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
        seed_profile(Path(profile, "user"), office.soffice)
        pipe = f"docgen-{os.getpid()}-{secrets.token_hex(6)}"
        sockets = pipe_files(Path(profile, "user"), pipe)
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
            [sys.executable, "-c", _WATCHDOG, str(soffice.pid), str(worker.pid), profile,
             *sockets],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        session = _Session(profile, soffice, worker, sockets, watchdog)
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
        return self.convert_many([(src, dst)])[0]

    def convert_many(self, jobs: Sequence[tuple[Path, Path]]) -> list[Path]:
        """Convert (src, dst) pairs in order, each `dst` written atomically; the dsts. The next
        document is already LibreOffice's while docgen checks and moves the last one's PDF.
        Raises ConversionError at the first document that fails: those before it are
        converted, those after it are not (or their PDFs are thrown away)."""
        pending: collections.deque[_Job] = collections.deque()
        done = []
        try:
            for src, dst in jobs:
                try:
                    job = self._send(src, dst)
                except ConversionError:
                    while pending:  # the documents before this one are converted all the same
                        done.append(self._finish(pending.popleft()))
                    raise
                pending.append(job)
                if len(pending) > 1:
                    done.append(self._finish(pending.popleft()))
            while pending:
                done.append(self._finish(pending.popleft()))
        except BaseException:
            for job in pending:  # sent after the failure: their answers are not wanted
                if self._session is not None and self._wait(self.timeout) is None:
                    self.close()
                job.discard()
            raise
        return done

    def _send(self, src: Path, dst: Path) -> _Job:
        if not src.is_file():
            raise ConversionError(f"{src}: not found")
        self.start()
        assert self._session is not None and self._session.worker.stdin is not None
        dst.parent.mkdir(parents=True, exist_ok=True)
        token = secrets.token_hex(4)
        lean = Path(self._session.profile, "lean", token, src.name)  # src's own file name
        lean.parent.mkdir(parents=True)
        if not lean_copy(src, lean):
            lean.parent.rmdir()
        job = _Job(src, dst, dst.with_name(f".{dst.stem}.{token}.pdf"),
                   lean if lean.parent.is_dir() else None)
        request = {"src": str((job.lean or src).resolve()), "dst": str(job.tmp.resolve())}
        try:
            self._session.worker.stdin.write(json.dumps(request) + "\n")
            self._session.worker.stdin.flush()
        except OSError as exc:
            job.discard()
            self.close()
            raise ConversionError(f"{src}: converting to PDF failed: {exc}") from None
        return job

    def _finish(self, job: _Job) -> Path:
        src = job.src
        try:
            answer = self._wait(self.timeout)
            if answer is None:
                self.close()  # stuck or gone: the next document gets a fresh one
                raise ConversionError(f"{src}: LibreOffice did not finish converting it within "
                                      f"{self.timeout:g} s")
            if "error" in answer:
                raise ConversionError(f"{src}: LibreOffice could not convert it: "
                                      f"{answer['error']}")
            with open(job.tmp, "rb") as fh:
                if fh.read(5) != b"%PDF-":
                    raise ConversionError(f"{src}: LibreOffice wrote no PDF")
            os.replace(job.tmp, job.dst)
        except OSError as exc:
            self.close()
            raise ConversionError(f"{src}: converting to PDF failed: {exc}") from None
        finally:
            job.discard()
        return job.dst

    def _wait(self, timeout: float) -> dict[str, object] | None:
        if self._session is None:  # stopped: no answer will come
            return None
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

    def close(self) -> None:
        """Stop LibreOffice and remove its profile folder."""
        if self._finalizer is not None and self._finalizer.detach() and self._session:
            self._session.stop()
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
            converter.convert_many(share)

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
