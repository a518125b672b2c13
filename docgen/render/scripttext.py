"""The script pass (`render.scripts`) on a part's text as lxml writes it, to the same bytes.

The tree pass makes a few elements for each run of a script's text: in a bilingual document,
hundreds of them, the most costly step of a render. Here the runs and paragraphs are found
in the serialized part and only their w:rPr and w:pPr are rewritten: each distinct w:rPr (or
w:pPr, w:tblPr) is changed once by the tree pass's own code on a copy, and the result is
reused. The text must be lxml's serialization of the part (what the tree pass writes out);
anything the finding here does not know how to read exactly (another prefix for the
WordprocessingML namespace, runs inside runs, tracked changes of properties, markup inside
w:t) makes `script_fonts_in_text` answer None: then the tree pass runs.
"""

from __future__ import annotations

import re
from typing import Any

from docgen.render import scripts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_ROOT_TAG = re.compile(r"<[^>]*>")
_DECLARATIONS = re.compile(r' xmlns(?::[\w.-]+)?="[^"]*"')
# what this reader cannot follow: nested runs (ruby, text boxes), nested properties
_UNKNOWN = ("txbxContent", "<w:ruby", "rPrChange", "pPrChange", "tblPrChange", "<!--", "<?",
            "<![CDATA[")
_TEXT = re.compile(r"<w:t(?: [^>]*)?(?:/>|>([^<]*)</w:t>)")
_TEXT_TAG = re.compile(r"<w:t[ />]")
_RPR = re.compile(r"<w:rPr[ />]")
_PPR = re.compile(r"<w:pPr[ />]")
_TBLPR = re.compile(r"<w:tblPr[ />]")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&#13;", "\r"), ("&amp;", "&"))
_CHANGED: dict[tuple[Any, ...], str | None] = {}  # (kind, properties' XML, ...) -> new XML


def script_fonts_in_text(xml: str, languages: tuple[str, ...] = (),
                         rtl_tables: bool = False) -> tuple[str, bool] | None:
    """`xml` (lxml's serialization of a part's root) after the script pass, the same text
    as the pass on the tree written out, and whether the pass changed anything (it may
    change the tree and not the text); None when the text holds what this reader does not
    follow."""
    start = _ROOT_TAG.match(xml)
    if (start is None or xml.count(W) != 1 or f'xmlns:w="{W}"' not in start.group()
            or xml.find("xmlns", start.end()) >= 0
            or any(unknown in xml for unknown in _UNKNOWN)):
        return None
    declarations = "".join(_DECLARATIONS.findall(start.group()))
    edits: list[tuple[int, int, str]] = []
    runs = _runs(xml, languages, declarations, edits)
    paragraphs = _paragraphs(xml, declarations, edits) if runs is not None else None
    if runs is None or paragraphs is None:
        return None
    changed = runs or paragraphs
    if rtl_tables:
        for found in _TBLPR.finditer(xml, start.end()):
            begin, end = found.start(), _end(xml, found.start(), "tblPr")
            new = _changed(("tbl", xml[begin:end]), declarations)
            if new is None:
                return None
            if new != xml[begin:end]:  # w:bidiVisual was missing
                edits.append((begin, end, new))
                changed = True
    if not edits:
        return xml, changed
    edits.sort()
    pieces, done = [], 0
    for begin, end, new in edits:
        if begin < done:
            return None  # not reached: properties of distinct elements do not overlap
        pieces += (xml[done:begin], new)
        done = end
    return "".join(pieces) + xml[done:], changed


def _runs(xml: str, languages: tuple[str, ...], declarations: str,
          edits: list[tuple[int, int, str]]) -> bool | None:
    """The runs' edits; whether there is any (None: a run this reader cannot follow)."""
    pos, any_run = 0, False
    while True:
        found = scripts._ANY.search(xml, pos)
        if found is None:
            return any_run
        run = _around(xml, found.start(), "r")
        if run is None:
            pos = found.end()
            continue
        begin, end = run
        text = _text(xml, begin, end)
        if text is None:
            return None
        decision = scripts.run_decision(text, languages) if text else None
        if decision is not None:
            edit = _properties(xml, begin, end, _RPR, "rPr", ("run", *decision), declarations)
            if edit is None:
                return None
            edits.append(edit)
            any_run = True
        pos = end


def _paragraphs(xml: str, declarations: str,
                edits: list[tuple[int, int, str]]) -> bool | None:
    pos, any_paragraph = 0, False
    while True:
        found = scripts._MAYBE_RTL.search(xml, pos)
        if found is None:
            return any_paragraph
        paragraph = _around(xml, found.start(), "p")
        if paragraph is None:
            pos = found.end()
            continue
        begin, end = paragraph
        text = _text(xml, begin, end)
        if text is None:
            return None
        if scripts._mostly_rtl(text):
            edit = _properties(xml, begin, end, _PPR, "pPr", ("paragraph",), declarations)
            if edit is None:
                return None
            edits.append(edit)
            any_paragraph = True
        pos = end


def _around(xml: str, at: int, name: str) -> tuple[int, int] | None:
    """The element w:`name` (run or paragraph) around position `at`, if any."""
    begin = max(xml.rfind(f"<w:{name}>", 0, at), xml.rfind(f"<w:{name} ", 0, at))
    if begin < 0 or xml.rfind(f"</w:{name}>", 0, at) > begin:
        return None
    end = xml.find(f"</w:{name}>", at)
    if end < 0:
        return None
    if xml[xml.find(">", begin) - 1] == "/":  # empty (<w:r .../>): `at` is not inside it
        return None
    return begin, end + len(name) + 5


def _text(xml: str, begin: int, end: int) -> str | None:
    """The w:t text in xml[begin:end], as the tree pass joins it; None if some w:t is not
    plain text."""
    texts = _TEXT.findall(xml, begin, end)
    if len(texts) != len(_TEXT_TAG.findall(xml, begin, end)):
        return None
    text = "".join(texts)
    if "&" in text:
        for entity, character in _ENTITIES:
            text = text.replace(entity, character)
    return text


def _end(xml: str, begin: int, name: str) -> int:
    close = xml.index(">", begin)
    if xml[close - 1] == "/":
        return close + 1
    return xml.index(f"</w:{name}>", close) + len(name) + 5


def _properties(xml: str, begin: int, end: int, pattern: re.Pattern[str], name: str,
                what: tuple[Any, ...], declarations: str) -> tuple[int, int, str] | None:
    """The edit that gives the element at xml[begin:end] its new properties."""
    found = [m.start() for m in pattern.finditer(xml, begin, end)]
    if len(found) > 1:
        return None
    if found:
        start = found[0]
        stop = _end(xml, start, name)
        old = xml[start:stop]
    else:  # made as its first child: after the element's own text
        start = stop = xml.index("<", xml.index(">", begin) + 1)
        old = ""
    new = _changed((*what, old), declarations)
    return None if new is None else (start, stop, new)


def _changed(key: tuple[Any, ...], declarations: str) -> str | None:
    """The properties' XML (key[-1]; "" when missing) as the tree pass changes them, written
    as lxml writes them inside the part (its namespaces declared on the part's root)."""
    full = (*key, declarations)
    if full in _CHANGED:
        return _CHANGED[full]
    from lxml import etree

    kind, old = key[0], key[-1]
    owner = {"run": "w:r", "paragraph": "w:p", "tbl": "w:tbl"}[kind]
    head = f"<{owner}{declarations}>"
    try:
        element = etree.fromstring(f"{head}{old}</{owner}>")
    except etree.XMLSyntaxError:
        new = None
    else:
        if kind == "run":
            scripts.run_fonts(element, *key[1:-1])
        elif kind == "paragraph":
            scripts.paragraph_bidi(element)
        else:
            scripts.table_bidi(element[0])
        written: str = etree.tostring(element, encoding="unicode")
        new = written[len(head):-len(owner) - 3] if written.startswith(head) else None
    if len(_CHANGED) > 4096:
        _CHANGED.clear()
    _CHANGED[full] = new
    return new
