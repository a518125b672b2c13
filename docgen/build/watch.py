"""`docgen watch`: build, then rebuild whenever a workspace file changes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from docgen.build.parallel import default_jobs
from docgen.build.run import build
from docgen.build.targets import BuildRequest
from docgen.errors import DocgenError, UsageError


def watch_and_build(workspace: Path, output: Path, say: Callable[[str], None],
                    stop: threading.Event | None = None) -> None:
    """Build, then rebuild after every change below `workspace` (but in `output`)."""
    try:
        from watchfiles import watch
    except ImportError:
        raise UsageError("docgen watch needs watchfiles: pip install watchfiles") from None
    out = output.resolve()

    def relevant(_change: object, path: str) -> bool:
        p = Path(path).resolve()
        return out not in p.parents and p != out and not p.name.startswith(".")

    request = BuildRequest(workspace, output, jobs=default_jobs())
    _once(request, say)
    for changes in watch(workspace, watch_filter=relevant, raise_interrupt=False,
                         stop_event=stop, debounce=200):
        say(f"changed: {', '.join(sorted(Path(p).name for _, p in changes))}")
        _once(request, say)


def _once(request: BuildRequest, say: Callable[[str], None]) -> None:
    try:
        result = build(request)
    except DocgenError as exc:
        for line in exc.lines():
            say(line)
        return
    for action in result.actions:
        if action.outcome in ("written", "removed"):
            say(f"{action.outcome} {action.target.relpath()}: {'; '.join(action.reasons)}")
    for finding in result.findings:
        say(str(finding))
    say("watching for changes (Ctrl-C to stop)")
