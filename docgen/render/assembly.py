"""A rendered body as lxml writes it, without parsing again what earlier documents parsed.

A body's paragraphs are its bulk, and most of them (clauses, headings) come out of Jinja
the same in document after document. `written_body` cuts the rendered XML at every
paragraph, puts a placeholder where a paragraph was parsed before, parses what is left
(the tables, sections and the paragraphs not seen yet) and redraws its table grids, then
writes it and puts each known paragraph's XML, as lxml wrote it before, in its
placeholder's place: the same text as parsing and writing the whole body.

Why the same: paragraphs do not nest (a part with a text box is left to the whole parse),
lxml writes an element the same wherever it stands when the namespaces in scope are
the same (only the root declares any here), the grids are the tables' (no paragraph holds
a table's rows or grid), and XML well-formed in pieces is well-formed whole. What it cannot
tell it answers None: comments, processing instructions, declarations below the root, a
paragraph in a paragraph, a part that does not parse; the whole part is parsed then.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from docgen.render import finishing
from docgen.render.xmlparts import STRICT

_ROOT = re.compile(r"<([\w.:-]+)(?:\s[^>]*)?>")
_PLACE = "<docgen-p/>"
_OPEN_PARAGRAPH = re.compile(r"<w:p(?: [^>]*[^/>])?>")  # a start tag, not an empty w:p
_ODD = ("<!", "<?", "txbxContent", "xmlns", "docgen-p")  # what the pieces are not to hold
# (the root's start tag, the text up to a paragraph's end) -> (what comes before the
# paragraph, the paragraph as lxml writes it)
_PIECES: dict[tuple[str, str], tuple[str, str]] = {}
# (the root's start tag, the body with placeholders, fix_tables) -> its text as lxml
# writes it, cut at the placeholders; None when it does not parse or its grids cannot be
_SKELETONS: dict[tuple[str, str, bool], list[str] | None] = {}
_KEPT = [0]
_MOST_KEPT = 2_000_000  # characters kept, keys and values: a few templates' clauses, and more
LAST: list[Any] = []  # the last text written, what lies between its paragraphs, they


def written_body(xml: str, fix_tables: bool) -> str | None:
    """`xml` (a rendered body) parsed and written by lxml (`xmlparts.serialized` of
    `xmlparts.body_tree`'s tree, grids redrawn with `fix_tables`), or None."""
    start = _ROOT.match(xml)
    if start is None or start.group().endswith("/>"):
        return None
    root_tag, end_tag = start.group(), f"</{start.group(1)}>"
    if not xml.endswith(end_tag):
        return None
    pieces = xml[len(root_tag):len(xml) - len(end_tag)].split("</w:p>")
    skeleton = [root_tag]
    paragraphs: list[str | None] = []  # as written; None where parsed this time
    new: list[tuple[str, str, str]] = []  # (piece, what comes before, paragraph)
    for piece in pieces[:-1]:
        found = _PIECES.get((root_tag, piece))
        if found is None:
            cut = _cut(piece)
            if cut is None:
                return None
            gap, para = cut
            if para is None:  # an empty paragraph: lxml writes <w:p/>
                skeleton.append(gap)
                continue
            new.append((piece, gap, para))
            skeleton += (gap, _PLACE)
            paragraphs.append(None)
        else:
            skeleton += (found[0], _PLACE)
            paragraphs.append(found[1])
    skeleton += (pieces[-1], end_tag)
    between = _skeleton(root_tag, "".join(skeleton), len(paragraphs), fix_tables)
    if between is None:
        return None
    if new:
        written = _written(root_tag, end_tag, new)
        if written is None:
            return None
        fresh = iter(written)
        paragraphs = [next(fresh) if para is None else para for para in paragraphs]
    joined = [between[0]]
    for para, after in zip(paragraphs, between[1:], strict=True):
        joined += (para, after)  # type: ignore[arg-type]
    text = "".join(joined)
    LAST[:] = [text, between, paragraphs]
    return text


def pieces_of(text: str) -> tuple[list[str], list[str]] | None:
    """For the text `written_body` answered last: what lies between its paragraphs and
    the paragraphs (the text is the one, then the other, in turn; no namespace is declared
    below the root, no paragraph holds another); None for any other text."""
    last = LAST
    return (last[1], last[2]) if last and last[0] is text else None


def _cut(piece: str) -> tuple[str, str | None] | None:
    """A piece of the body up to a paragraph's end tag: what comes before the paragraph,
    and the paragraph (None for an empty one, which stays with what comes before)."""
    begin = paragraph_start(piece)
    close = piece.find(">", begin)
    if begin < 0 or close < 0 or piece[close - 1] == "/":
        return None  # an end tag with no paragraph of its own
    gap = piece[:begin]
    if "<w:p" in gap and _OPEN_PARAGRAPH.search(gap) is not None:
        return None  # a paragraph in a paragraph
    if close == len(piece) - 1:
        return piece + "</w:p>", None
    return gap, piece[begin:] + "</w:p>"


def _skeleton(root_tag: str, skeleton: str, places: int,
              fix_tables: bool) -> list[str] | None:
    """The body without its paragraphs, parsed (its grids redrawn) and written, cut where
    they go; kept, as the same tables and sections come again."""
    key = (root_tag, skeleton, fix_tables)
    if key in _SKELETONS:
        return _SKELETONS[key]
    between: list[str] | None = None
    if not any(odd in skeleton for odd in _ODD[:3]) and skeleton.count("xmlns") == \
            root_tag.count("xmlns") and skeleton.count("docgen-p") == places:
        try:
            tree = etree.fromstring(skeleton, STRICT)
        except (etree.XMLSyntaxError, ValueError):
            tree = None
        changes = None if tree is None else finishing.grids(tree) if fix_tables else []
        if changes is not None:
            for apply in changes:
                apply()
            between = etree.tostring(tree, encoding="unicode").split(_PLACE)
            if len(between) != places + 1:
                between = None
    _keep(_SKELETONS, key, between, len(skeleton))
    return between


def _written(root_tag: str, end_tag: str, new: list[tuple[str, str, str]]) -> list[str] | None:
    """The paragraphs not seen before, parsed together in the root and written by lxml;
    kept, by the piece each came in."""
    text = "".join(para for _piece, _gap, para in new)
    if any(odd in text for odd in _ODD):
        return None
    try:
        tree = etree.fromstring(f"{root_tag}{text}{end_tag}", STRICT)
    except (etree.XMLSyntaxError, ValueError):
        return None
    pieces = etree.tostring(tree, encoding="unicode").split("</w:p>")
    if len(pieces) != len(new) + 1:
        return None
    written = []
    for (piece, gap, _para), out in zip(new, pieces, strict=False):
        begin = paragraph_start(out)
        if begin < 0:
            return None
        para = out[begin:] + "</w:p>"
        written.append(para)
        _keep(_PIECES, (root_tag, piece), (gap, para), len(piece) + len(para))
    return written


def _keep(cache: dict, key: object, value: object, size: int) -> None:  # type: ignore[type-arg]
    if _KEPT[0] > _MOST_KEPT:
        _PIECES.clear()
        _SKELETONS.clear()
        _KEPT[0] = 0
    cache[key] = value
    _KEPT[0] += size


def paragraph_start(piece: str) -> int:
    """Where the last w:p start tag of `piece` begins; -1 if none."""
    begin = piece.rfind("<w:p")
    while begin >= 0 and piece[begin + 4: begin + 5] not in (" ", ">", "/"):
        begin = piece.rfind("<w:p", 0, begin)  # w:pPr, w:pStyle, w:pict...
    return begin
