"""Compare two documents' paragraphs, with word-level changes inside changed paragraphs.

`align` pairs up two sequences of texts: identical ones are "equal", similar ones in a
changed stretch (or the only old and new one there) are a "replace", the rest are "insert" or
"delete". `diff_words` splits a
replaced paragraph into equal, deleted and inserted pieces that rejoin exactly: the equal and
deleted pieces make the old text, the equal and inserted pieces the new one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import groupby
from typing import Literal

from docgen.docx.text import Para

Op = Literal["equal", "insert", "delete"]
Kind = Literal["equal", "insert", "delete", "replace"]
Words = list[tuple[Op, str]]

# Paragraphs in a changed stretch are paired as "replace" when this share of words match.
SIMILAR = 0.5

_RED, _GREEN, _CYAN, _DIM, _BOLD, _RESET = (
    "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[2m", "\x1b[1m", "\x1b[0m")
_SIGN = {"equal": " ", "delete": "-", "insert": "+", "replace": "~"}


@dataclass(frozen=True)
class Step:
    """One step of an alignment: indexes into the old and new sequences (None when absent)."""

    kind: Kind
    old: int | None
    new: int | None


@dataclass(frozen=True)
class ParaChange:
    """What happened to one paragraph; `words` rejoins to the old and the new text."""

    kind: Kind
    old: Para | None
    new: Para | None
    words: Words

    @property
    def para(self) -> Para:
        """The paragraph to show: the new one, or the old one when it was deleted."""
        shown = self.new or self.old
        assert shown is not None
        return shown


def tokenize(text: str) -> list[str]:
    """Words, runs of whitespace and single punctuation marks; "".join(tokens) == text.

    Letters keep their combining marks (Lao, Devanagari); each CJK character is its own token,
    since those scripts do not put spaces between words.
    """
    tokens: list[str] = []
    prev = ""
    for ch in text:
        kind = _char_kind(ch)
        if tokens and kind == prev and kind in ("word", "space"):
            tokens[-1] += ch
        else:
            tokens.append(ch)
        prev = kind
    return tokens


def _char_kind(ch: str) -> str:
    if ch.isspace():
        return "space"
    cat = unicodedata.category(ch)
    if cat[0] in "LNM" or ch == "_":
        return "cjk" if cat == "Lo" and _is_cjk(ch) else "word"
    return "punct"


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (0x3040 <= cp <= 0x30FF or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF
            or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF)


def similarity(old: str, new: str) -> float:
    """Share of matching words (whitespace ignored), 0.0 to 1.0."""
    a, b = _words_only(old), _words_only(new)
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@lru_cache(maxsize=4096)
def _words_only(text: str) -> tuple[str, ...]:
    return tuple(t for t in tokenize(text) if not t.isspace())


def diff_words(old: str, new: str) -> Words:
    """Word-level differences: each change is one deletion followed by one insertion."""
    a, b = tokenize(old), tokenize(new)
    ops: Words = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("insert", "".join(b[j1:j2])))
    return _coalesce(_absorb_spaces(ops))


def _absorb_spaces(ops: Words) -> Words:
    """A space between two changes joins them: "[-Milpitas City-]{+Vientiane Capital+}"."""
    out: Words = []
    for k, (op, text) in enumerate(ops):
        between = 0 < k < len(ops) - 1 and ops[k - 1][0] != "equal" and ops[k + 1][0] != "equal"
        if op == "equal" and between and text.isspace():
            out += [("delete", text), ("insert", text)]
        else:
            out.append((op, text))
    return out


def _coalesce(ops: Words) -> Words:
    out: Words = []
    for is_change, group in groupby(ops, key=lambda o: o[0] != "equal"):
        items = list(group)
        if not is_change:
            out.append(("equal", "".join(t for _, t in items)))
            continue
        for op in ("delete", "insert"):
            text = "".join(t for o, t in items if o == op)
            if text:
                out.append((op, text))
    return [(op, text) for op, text in out if text]


def align(old: Sequence[str], new: Sequence[str]) -> list[Step]:
    """Pair two sequences of texts, in order: equal, replace (similar), insert, delete."""
    steps: list[Step] = []
    matcher = SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            steps += [Step("equal", i1 + k, j1 + k) for k in range(i2 - i1)]
        else:
            steps += _pair(old, new, range(i1, i2), range(j1, j2))
    return steps


def _pair(old: Sequence[str], new: Sequence[str], olds: range, news: range) -> list[Step]:
    """Within a changed stretch, pair each old text with the most similar later new text.

    One text replaced by one other is always a "replace", however different they are.
    """
    if len(olds) == len(news) == 1:
        return [Step("replace", olds.start, news.start)]
    steps: list[Step] = []
    j = news.start
    for i in olds:
        best, best_score = None, 0.0
        for k in range(j, news.stop):
            score = similarity(old[i], new[k])
            if score >= SIMILAR and score > best_score:
                best, best_score = k, score
        if best is None:
            steps.append(Step("delete", i, None))
            continue
        steps += [Step("insert", None, k) for k in range(j, best)]
        steps.append(Step("replace", i, best))
        j = best + 1
    steps += [Step("insert", None, k) for k in range(j, news.stop)]
    return steps


def diff_paragraphs(old: Sequence[Para], new: Sequence[Para]) -> list[ParaChange]:
    """Compare paragraph lists part by part (document, then headers and footers by name)."""
    changes: list[ParaChange] = []
    for part in _parts(old, new):
        a = [p for p in old if p.part == part]
        b = [p for p in new if p.part == part]
        for step in align([p.text for p in a], [p.text for p in b]):
            pa = a[step.old] if step.old is not None else None
            pb = b[step.new] if step.new is not None else None
            changes.append(ParaChange(step.kind, pa, pb, _words(step.kind, pa, pb)))
    return changes


def _parts(old: Sequence[Para], new: Sequence[Para]) -> list[str]:
    order = ["document"] + [p.part for p in new] + [p.part for p in old]
    return list(dict.fromkeys(order))


def _words(kind: Kind, old: Para | None, new: Para | None) -> Words:
    if kind == "replace" and old and new:
        return diff_words(old.text, new.text)
    op: Op = "delete" if kind == "delete" else "insert" if kind == "insert" else "equal"
    shown = new or old
    text = shown.text if shown else ""
    return [(op, text)] if text else []


def has_changes(changes: Sequence[ParaChange]) -> bool:
    return any(c.kind != "equal" for c in changes)


def render_diff(changes: Sequence[ParaChange], *, color: bool = False, context: int = 3,
                old_label: str | None = None, new_label: str | None = None) -> str:
    """Terminal text: hunks of changed paragraphs with `context` unchanged ones around them.

    Deletions read "[-…-]" and insertions "{+…+}"; with `color` they are also red and green,
    and context lines are dimmed. Returns "" when nothing changed.
    """
    if not has_changes(changes):
        return ""
    lines = []
    if old_label is not None and new_label is not None:
        lines += [_paint(f"--- {old_label}", _BOLD, color),
                  _paint(f"+++ {new_label}", _BOLD, color)]
    for part, group in groupby(changes, key=lambda c: c.para.part):
        items = list(group)
        for start, stop in _hunks(items, max(context, 0)):
            lines.append(_paint(_hunk_header(items, start, stop, part), _CYAN, color))
            lines += [_line(change, color) for change in items[start:stop]]
    return "\n".join(lines) + "\n"


def _hunks(items: Sequence[ParaChange], context: int) -> Iterator[tuple[int, int]]:
    """[start, stop) ranges around changes, merged when their context touches."""
    start = stop = None
    for k, change in enumerate(items):
        if change.kind == "equal":
            continue
        lo, hi = max(k - context, 0), min(k + context + 1, len(items))
        if stop is not None and lo <= stop:
            stop = hi
            continue
        if start is not None and stop is not None:
            yield start, stop
        start, stop = lo, hi
    if start is not None and stop is not None:
        yield start, stop


def _hunk_header(items: Sequence[ParaChange], start: int, stop: int, part: str) -> str:
    """Like diff -U: "@@ -first,count +first,count @@", counting paragraphs of the part."""
    def span(side: str) -> str:
        before = sum(1 for c in items[:start] if getattr(c, side) is not None)
        count = sum(1 for c in items[start:stop] if getattr(c, side) is not None)
        return f"{before + 1 if count else before},{count}"

    return f"@@ -{span('old')} +{span('new')} @@ {part}"


def _line(change: ParaChange, color: bool) -> str:
    where = change.old.where if change.kind == "delete" and change.old else change.para.where
    text = "".join(_word(op, text, color) for op, text in change.words)
    line = f"{_SIGN[change.kind]} {where}: {text}"
    return _paint(line, _DIM, color) if change.kind == "equal" else line


def _word(op: Op, text: str, color: bool) -> str:
    shown = text.replace("\n", "↵")
    if op == "delete":
        return _paint(f"[-{shown}-]", _RED, color)
    if op == "insert":
        return _paint(f"{{+{shown}+}}", _GREEN, color)
    return shown


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text
