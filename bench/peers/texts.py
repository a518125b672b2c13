"""The text of a DOCX package as the peers' comparison reads it.

Every non-empty paragraph of the body (table cells included), headers and footers, in part
order: runs' text, `w:br` as U+2028 and `w:tab` as a tab, so that a line break and a newline
character left inside `w:t` (which Word shows as a space) do not compare equal. Empty
paragraphs are left out: Carbone keeps the paragraphs that held its block markers, empty.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STORY = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")


def document_texts(data: bytes) -> list[str]:
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in sorted(n for n in package.namelist() if _STORY.match(n)):
            root = etree.fromstring(package.read(name))
            for paragraph in root.iter(f"{_W}p"):
                text = "".join((e.text or "") if e.tag == f"{_W}t" else
                               "\u2028" if e.tag == f"{_W}br" else "\t"
                               for e in paragraph.iter(f"{_W}t", f"{_W}br", f"{_W}tab"))
                if text.strip():
                    out.append(f"{name}: {text}")
    return out
