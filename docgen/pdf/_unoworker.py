"""The UNO side of docgen's warm converter: run by a Python that can `import uno`.

Not imported by docgen: `docgen.pdf.convert` starts it as a script, e.g.
`/usr/bin/python3 _unoworker.py PIPE_NAME START_TIMEOUT`, with one soffice process already
listening on PIPE_NAME. It reads one JSON request per line on stdin and answers one JSON
line on stdout:

    {"src": "/abs/in.docx", "dst": "/abs/out.pdf"}  ->  {"ok": true} | {"error": "..."}

until its stdin closes. (docgen kills soffice when it is done: its profile is thrown away.)

It uses only the standard library and uno, so it runs under any Python 3 LibreOffice has.
"""

from __future__ import annotations

import json
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

NEVER_EXECUTE_MACROS = 0  # com.sun.star.document.MacroExecMode.NEVER_EXECUTE
NO_UPDATE_LINKS = 0  # com.sun.star.document.UpdateDocMode.NO_UPDATE


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe: str, timeout: float) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


LOAD = (prop("Hidden", True), prop("ReadOnly", True),
        prop("MacroExecutionMode", NEVER_EXECUTE_MACROS), prop("UpdateDocMode", NO_UPDATE_LINKS))
STORE = (prop("FilterName", "writer_pdf_Export"),)


def convert(desktop: object, src: str, dst: str) -> None:
    doc = desktop.loadComponentFromURL(  # type: ignore[attr-defined]
        uno.systemPathToFileUrl(src), "_blank", 0, LOAD)
    if doc is None:
        raise ValueError("LibreOffice cannot open it")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(dst), STORE)
    finally:
        doc.close(True)


def reply(payload: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def main() -> int:
    pipe, timeout = sys.argv[1], float(sys.argv[2])
    try:
        desktop = connect(pipe, timeout)
    except Exception as exc:
        reply({"error": f"cannot reach LibreOffice: {exc}"})
        return 1
    reply({"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            convert(desktop, request["src"], request["dst"])
        except Exception as exc:
            message = getattr(exc, "Message", "") or str(exc) or type(exc).__name__
            reply({"error": " ".join(message.split())})
        else:
            reply({"ok": True})
    return 0


if __name__ == "__main__":
    sys.exit(main())
