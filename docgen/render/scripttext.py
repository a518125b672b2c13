"""The script pass (`render.scripts`) written into a part's text, to the same bytes.

The tree pass makes a few elements for each run of a script's text: in a bilingual document,
hundreds of them, the most costly step of a render. Here the tree only decides (the same
runs and paragraphs, the same fonts and directions); the changes are made in the part as
lxml wrote it, whose k-th `<w:r` is the tree's k-th w:r. Each distinct w:rPr, w:pPr or
w:tblPr is changed once by the tree pass's own code on a copy, and the result reused. When
the text is not as this module reads it (the WordprocessingML namespace under another prefix
too, properties after other children or holding their own kind, text before the first
child), `script_fonts_in_text` answers None and leaves the tree as it was: then the tree
pass runs. Paragraphs are passed one at a time and what each became is kept, so that the
next document's same paragraph costs a look-up, and one not seen before is parsed alone
where the part was not parsed whole.
"""

from __future__ import annotations

import re
from typing import Any

from docgen.render import scripts
from docgen.render.assembly import paragraph_start, pieces_of

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_ROOT_TAG = re.compile(r"<[^>]*>")
_DECLARATIONS = re.compile(r' xmlns(?::[\w.-]+)?="[^"]*"')
_STARTS = {name: re.compile(f"<w:{name}[ >/]") for name in ("r", "p", "tblPr")}
_P = f"{_W}p"
_CHANGED: dict[tuple[Any, ...], str | None] = {}  # (kind, ..., old XML, namespaces) -> new


def script_fonts_in_text(root: Any, xml: str, languages: tuple[str, ...] = (),
                         rtl_tables: bool = False) -> tuple[str, bool] | None:
    """`xml`, lxml's serialization of `root` (a part, not changed), after the script pass:
    the same text as the tree pass's tree written out, and whether the pass changed
    anything (it may change the tree and not the text). None when `xml` is not as this
    module reads it; `root` is left as it was either way.

    Paragraphs are passed one by one, each found in `xml` by a character outside ASCII
    (others hold no script's text), and what a paragraph's XML becomes is kept: the same
    paragraph in the next document (a clause, a heading) costs a look-up."""
    start = _ROOT_TAG.match(xml)
    written = pieces_of(xml)  # from render.assembly: no namespace declared below the root
    checked = xml if written is None else "" if start is None else start.group()
    if (start is None or checked.count(W) != 1 or checked.count("xmlns:w=") != 1
            or f'xmlns:w="{W}"' not in start.group()):
        return None
    declarations = _declared(start.group())
    edits: list[tuple[int, int, str]] = []
    changed = False
    found = _paragraph_edits(root, xml, languages, declarations, start, written)
    if found is None:
        found = None if root is None else _whole_edits(root, xml, languages, declarations)
        if found is None:
            return None
    edits, changed = found
    if rtl_tables:
        if root is None:
            return None
        places = _places(root, xml, "tblPr")
        if places is None:
            return None
        for tbl_pr, at in places.items():
            if tbl_pr.find(f"{_W}bidiVisual") is None:
                edit = _edit(xml, at, tbl_pr, "", ("tbl",), declarations)
                if edit is None:
                    return None
                edits.append(edit)
                changed = True
    return _applied(xml, edits), changed


def passed_text(root: Any, xml: str, options: dict[str, Any]) -> tuple[str, bool] | None:
    """`script_fonts_in_text` of a part that needs the pass; (xml, False) of one that does
    not (no table to turn, no character of a script)."""
    if not options["rtl_tables"] and not scripts.script_text(xml):
        return xml, False
    return script_fonts_in_text(root, xml, **options)


_DECLARED: dict[str, str] = {}
# (the text up to a paragraph's end, languages, namespaces) -> (where the paragraph starts,
# its XML after the pass or None if the same, changed), or None when the text pass cannot
# read it; bounded by the characters it keeps
_PARAGRAPHS: dict[tuple[str, tuple[str, ...], str], tuple[int, str | None, bool] | None] = {}
_KEPT = [0]
_MOST_KEPT = 2_000_000


def _declared(root_tag: str) -> str:
    """The namespace declarations of a root start tag (the same string for the same tag)."""
    found = _DECLARED.get(root_tag)
    if found is None:
        if len(_DECLARED) > 256:
            _DECLARED.clear()
        found = _DECLARED[root_tag] = "".join(_DECLARATIONS.findall(root_tag))
    return found


def _paragraph_edits(root: Any, xml: str, languages: tuple[str, ...], declarations: str,
                     start: re.Match[str], written: tuple[list[str], list[str]] | None = None
                     ) -> tuple[list[tuple[int, int, str]], bool] | None:
    """The runs' and paragraphs' edits, paragraph by paragraph (those holding a character
    outside ASCII), each paragraph's found in the cache or made there. None when a
    paragraph is not a unit of its own here (one in a text box, in another paragraph) or
    such a character lies outside every paragraph: then the whole part is passed at once."""
    found: list[tuple[int, int, tuple[int, str | None, bool]]] = []  # (at, end, result)
    missed: list[tuple[int, int, str, int, str]] = []  # (at, end, piece, begin, paragraph)
    if written is not None:  # the pieces as they were written, each seen before known
        read = _written_pieces(written, languages, declarations)
        if read is None:
            return None
        pieces, found, missed = read
    elif "txbxContent" in xml:
        return None
    else:
        pieces = xml.split("</w:p>")  # each but the last ends where a paragraph ends
    if not pieces[-1].isascii():
        return None  # outside every paragraph
    offset = 0
    for piece in pieces[:-1] if written is None else ():
        offset_at, offset = offset, offset + len(piece) + 6
        if piece.isascii():
            continue
        key = (piece, languages, declarations)
        if key in _PARAGRAPHS:
            done = _PARAGRAPHS[key]
            if done is None:
                return None
            found.append((offset_at, offset, done))
            continue
        cut = _cut(piece)
        if cut is None:
            _PARAGRAPHS[key] = None
            _KEPT[0] += len(piece)
            return None
        missed.append((offset_at, offset, piece, *cut))
    if missed:  # parsed together (or found in the part's tree) and passed
        elements = _missed_elements(root, xml, start, missed)
        if elements is None:
            return None
        for (at, end, piece, begin, para), element in zip(missed, elements, strict=True):
            passed = _paragraph(element, para, languages, declarations)
            done = None if passed is None else (begin, passed[0] if passed[0] != para
                                                else None, passed[1])
            if _KEPT[0] > _MOST_KEPT:
                _PARAGRAPHS.clear()
                _PAIRS.clear()
                _KEPT[0] = 0
            _PARAGRAPHS[(piece, languages, declarations)] = done
            _KEPT[0] += 2 * len(piece)
            if done is None:
                return None
            found.append((at, end, done))
    edits: list[tuple[int, int, str]] = []
    changed = False
    for at, end, (begin, new, touched) in found:
        if touched:
            changed = True
            if new is not None:
                edits.append((at + begin, end, new))
    return edits, changed


def _missed_elements(root: Any, xml: str, start: re.Match[str],
                     missed: list[tuple[int, int, str, int, str]]) -> list[Any] | None:
    """The w:p of each paragraph not kept: the part's own where it was parsed whole, else
    all of them parsed together in the part's root element."""
    if root is not None:
        elements = _elements(root, xml)
        if elements is None:
            return None
        found = [elements.get(at + begin) for at, _end, _piece, begin, _para in missed]
        return None if any(element is None for element in found) else found
    from lxml import etree

    name = start.group()[1:].split(None, 1)[0].rstrip(">")
    text = "".join(para for *_rest, para in missed)
    try:
        wrapper = etree.fromstring(f"{start.group()}{text}</{name}>")
    except (etree.XMLSyntaxError, ValueError):
        return None
    children = list(wrapper)
    if len(children) != len(missed) or wrapper.text is not None or any(
            child.tail is not None or child.tag != _P for child in children):
        return None
    return children


def _written_pieces(written: tuple[list[str], list[str]], languages: tuple[str, ...],
                    declarations: str) -> tuple[list[str], list[Any], list[Any]] | None:
    """`_paragraph_edits`' pieces of a text `assembly` wrote, from what lies between its
    paragraphs and the paragraphs (the same strings as the last documents', for those it
    kept: a look-up, no cutting): ([the last piece], found, missed)."""
    between, paragraphs = written
    found: list[Any] = []
    missed: list[Any] = []
    offset = 0
    for gap, para in zip(between, paragraphs, strict=False):  # between: one more
        at = offset
        offset += len(gap) + len(para)
        key = (gap, para, languages, declarations)
        done = _PAIRS.get(key, _UNSEEN)
        if done is _UNSEEN:
            if gap.isascii() and para.isascii():
                done = _ASCII
            else:
                piece = gap + para[:-6]
                if (piece, languages, declarations) in _PARAGRAPHS:
                    done = _PARAGRAPHS[(piece, languages, declarations)]
                else:
                    cut = _cut(piece)
                    if cut is None:
                        return None
                    missed.append((at, offset, piece, *cut))
                    continue
            if len(_PAIRS) > 65_536:
                _PAIRS.clear()
            _PAIRS[key] = done
        if done is _ASCII:
            continue
        if done is None:
            return None
        found.append((at, offset, done))
    return [between[-1]], found, missed


_UNSEEN, _ASCII = object(), object()  # not in _PAIRS; a pair with nothing outside ASCII
# (what lies before a paragraph, the paragraph, languages, namespaces), as `assembly` wrote
# them (the same strings again for the same paragraphs) -> what _PARAGRAPHS holds for them
_PAIRS: dict[tuple[str, str, tuple[str, ...], str], Any] = {}


def _cut(piece: str) -> tuple[int, str] | None:
    """Where in a piece (text up to a paragraph's end tag) its paragraph starts, and the
    paragraph; None when the piece is not what comes between paragraphs and a paragraph."""
    begin = paragraph_start(piece)
    close = piece.find(">", begin)
    if begin < 0 or close < 0 or piece[close - 1] == "/":
        return None  # not in a paragraph (or after an empty one)
    gap = piece[:begin]
    if not gap.isascii() or ("<w:p" in gap and _OPEN_PARAGRAPH.search(gap) is not None):
        return None  # outside every paragraph, or in one holding another
    return begin, piece[begin:] + "</w:p>"


_OPEN_PARAGRAPH = re.compile(r"<w:p(?: [^>]*[^/>])?>")  # a start tag, not an empty w:p


def _elements(root: Any, xml: str) -> dict[int, Any] | None:
    """The tree's w:p by where each starts in `xml`."""
    places = _places(root, xml, "p")
    return None if places is None else {at: element for element, at in places.items()}


def _paragraph(para: Any, xml: str, languages: tuple[str, ...],
               declarations: str) -> tuple[str, bool] | None:
    """One paragraph (`para`, written as `xml`) after the pass, and whether it changed."""
    runs, paragraphs = scripts.candidates(para)
    edits = _run_edits(para, xml, runs, languages, declarations)
    if edits is None:
        return None
    if para in paragraphs and scripts._mostly_rtl(scripts.text_of(para)):
        edit = _edit(xml, 0, para, "pPr", ("paragraph",), declarations)
        if edit is None:
            return None
        edits.append(edit)
    return _applied(xml, edits), bool(edits)


def _whole_edits(root: Any, xml: str, languages: tuple[str, ...], declarations: str
                 ) -> tuple[list[tuple[int, int, str]], bool] | None:
    """The runs' and paragraphs' edits of the whole part at once."""
    runs, paragraphs = scripts.candidates(root)
    edits = _run_edits(root, xml, runs, languages, declarations)
    if edits is None:
        return None
    changed = bool(edits)
    bidi = [para for para in paragraphs if scripts._mostly_rtl(scripts.text_of(para))]
    if bidi:
        places = _places(root, xml, "p")
        if places is None:
            return None
        for para in bidi:
            edit = _edit(xml, places[para], para, "pPr", ("paragraph",), declarations)
            if edit is None:
                return None
            edits.append(edit)
        changed = True
    return edits, changed


def _run_edits(root: Any, xml: str, runs: dict[Any, None], languages: tuple[str, ...],
               declarations: str) -> list[tuple[int, int, str]] | None:
    """The edits of the `runs` of `root` (written as `xml`) that the pass changes; None
    when one of them cannot be made in the text."""
    edits: list[tuple[int, int, str]] = []
    if not runs:
        return edits
    places = _places(root, xml, "r")
    if places is None:
        return None
    for run in runs:
        decision = scripts.run_decision(scripts.text_of(run), languages)
        if decision is None:
            continue
        edit = _edit(xml, places[run], run, "rPr", ("run", *decision), declarations)
        if edit is None:
            return None
        edits.append(edit)
    return edits


def _places(root: Any, xml: str, name: str) -> dict[Any, int] | None:
    """Where each w:`name` of the tree starts in `xml`: the k-th start tag is the k-th
    element (lxml writes the tree in document order)."""
    elements = list(root.iter(f"{_W}{name}"))
    starts = [m.start() for m in _STARTS[name].finditer(xml)]
    if len(starts) != len(elements):
        return None
    return dict(zip(elements, starts, strict=True))


def _edit(xml: str, at: int, element: Any, child: str, what: tuple[Any, ...],
          declarations: str) -> tuple[int, int, str] | None:
    """The edit giving `element` (its start tag at `at`) its new properties: its first
    child w:`child` rewritten or made (or, `child` empty, the element itself)."""
    close = xml.index(">", at)
    if child:
        if xml[close - 1] == "/" or element.text is not None:
            return None
        found = element.find(f"{_W}{child}")
        if found is None:
            begin = end = close + 1  # made as its first child
        elif len(element) and element[0] is found:
            begin, end = close + 1, _end(xml, close + 1, found, child)
        else:
            return None
    else:
        begin, end = at, _end(xml, at, element, "tblPr")
    if end < 0:
        return None
    new = _changed((*what, xml[begin:end]), declarations)
    return None if new is None else (begin, end, new)


def _end(xml: str, begin: int, element: Any, name: str) -> int:
    """The end of `element`, written from `begin`; -1 if it holds its own kind."""
    if len(element) and next(element.iterdescendants(f"{_W}{name}"), None) is not None:
        return -1
    close = xml.index(">", begin)
    if xml[close - 1] == "/":
        return close + 1
    return xml.index(f"</w:{name}>", close) + len(name) + 5


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
    new: str | None = None
    try:
        element = etree.fromstring(f"{head}{old}</{owner}>")
    except etree.XMLSyntaxError:
        pass
    else:
        if kind == "run":
            scripts.run_fonts(element, *key[1:-1])
        elif kind == "paragraph":
            scripts.paragraph_bidi(element)
        else:
            scripts.table_bidi(element[0])
        written: str = etree.tostring(element, encoding="unicode")
        if written.startswith(head) and written.endswith(f"</{owner}>"):
            new = written[len(head):-len(owner) - 3]
    if len(_CHANGED) > 4096:
        _CHANGED.clear()
    _CHANGED[full] = new
    return new


def _applied(xml: str, edits: list[tuple[int, int, str]]) -> str:
    if not edits:
        return xml
    edits.sort()
    pieces, done = [], 0
    for begin, end, new in edits:
        pieces += (xml[done:begin], new)
        done = end
    return "".join(pieces) + xml[done:]
