"""docgen's Jinja templates ported to docxtemplater's and Carbone's syntax, and their data.

`port(template, engine, out)` reads a bundled template (templates/*.docx) and writes the same
document with every Jinja tag turned into the peer's own: values, inline `{% if/elif/else %}`,
docxtpl's paragraph, row and cell tags (`{%p if/elif/else %}`, `{%p for %}`, `{%tr for/else
%}`, `{%tr if %}`, `{%tc for %}`), nested in one another, as a user of that engine would write
them: docxtemplater's sections (`{#k}...{/k}`, `{^k}` for a loop's else, `{-w:tr k}` and
`{-w:tc k}` for a row or a cell repeated), Carbone's repetitions (`{d.k[i]...}` then
`{d.k[i+1]...}`) and conditional blocks (`showBegin`/`showEnd`).

A value that is a name (`{{ first.city }}`, `{{ cell.text }}` of the innermost loop,
`{{ loop.index }}`) stays a name: `{first.city}`, `{text}`, `{n}`; `{d.first.city}`,
`{d.k0[i].k1[i].text}`. Every other expression, and every condition (one truth per branch of
an if/elif/else chain), becomes data the port computes in Python before timing, under keys
`k0`, `k1`, ... of the context or of the loop's item (see `peer_context`): neither peer
evaluates Jinja, and computing them ahead only spares the peers work, so the ratios measured
are, if anything, in the peers' favour.

The port refuses (PortError) what it does not know how to write in both syntaxes: an inline
loop, a tag split across runs, a block tag that is not alone in its unit, a cell loop over
more than one cell.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
STORY = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
TAG = re.compile(r"\{\{(.*?)\}\}|\{%(p|tr|tc)?\s*(.*?)\s*%\}")
NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
FOR = re.compile(r"for\s+(\w+)\s+in\s+(.+)")
ENGINES = ("docxtemplater", "carbone")


class PortError(ValueError):
    """A template construct this port cannot write in a peer's syntax."""


@dataclass
class Entry:
    """One piece of data the port computes for a scope: a value's text (`value`), a branch's
    truth (`branch`; `source` None for an else), a loop's items (`loop`), or Carbone's
    one-item list for a loop's else (`empty`, `source` the loop's key)."""

    key: str
    kind: str
    source: str | None
    guard: str | None  # the branch of the same scope this entry sits in
    chain: int = 0  # a branch's if/elif/else chain
    scope: Scope | None = None  # a loop's items


@dataclass
class Scope:
    """The context (`var` None) or one loop's item: what is computed for each."""

    var: str | None = None
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Plan:
    """What the ported template reads besides the context."""

    top: Scope = field(default_factory=Scope)
    count: int = 0

    def add(self, where: Scope, kind: str, source: str | None, guard: str | None,
            **more: Any) -> Entry:
        entry = Entry(f"k{self.count}", kind, source, guard, **more)
        self.count += 1
        where.entries.append(entry)
        return entry


@dataclass
class _Frame:
    """An open block: an if chain (its branch keys) or a loop (its entry and scope)."""

    kind: str  # "if" or "for"
    level: str  # "p", "tr", "tc" or "" (inline)
    units: list[Any]  # the units of its tags so far (if, elif..., else)
    keys: list[str]  # branch keys; for a loop, its key (and its else's)
    scope: Scope  # where its keys live (for a loop: the items' scope)
    loops: list[str]  # keys of the loops around its contents, outermost first
    statement: str
    home: Scope  # where its entries live
    guard: str | None  # the branch its entries sit in
    chain: int = 0


def port(template: Path, engine: str, out: Path) -> Plan:
    """Write `template` in `engine`'s syntax to `out`; return what its data must hold."""
    if engine not in ENGINES:
        raise PortError(f"no port to {engine}")
    plan = Plan()
    with zipfile.ZipFile(template) as package:
        entries = [(info, package.read(info)) for info in package.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as ported:
        for info, data in entries:
            if STORY.match(info.filename) and b"{" in data:
                root = etree.fromstring(data)
                _Part(root, engine == "carbone", plan).run()
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            ported.writestr(info.filename, data)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())
    return plan


class _Loop:
    """Jinja's `loop` for the expressions the port computes."""

    def __init__(self, index: int, length: int) -> None:
        self.index, self.index0, self.length = index, index - 1, length
        self.first, self.last = index == 1, index == length
        self.revindex, self.revindex0 = length - index + 1, length - index


def peer_context(context: dict[str, Any], plan: Plan, env: Any) -> dict[str, Any]:
    """`context` with what the port computed ahead under its keys: values' text, branches'
    truth, loops' items (the item's own keys, `v` for a plain item, `n` for loop.index, and
    the keys of what the loop's body computes), Carbone's one-item else lists."""
    compiled: dict[str, Any] = {}

    def evaluate(source: str, variables: dict[str, Any]) -> Any:
        if source not in compiled:
            compiled[source] = env.compile_expression(source, undefined_to_none=False)
        return compiled[source](**variables)

    return {**context, **_fill(plan.top, context, evaluate)}


def _fill(scope: Scope, variables: dict[str, Any], evaluate: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    taken: set[int] = set()
    for entry in scope.entries:
        live = entry.guard is None or bool(out[entry.guard])
        if entry.kind == "branch":
            truth = live and entry.chain not in taken and (
                entry.source is None or bool(evaluate(entry.source, variables)))
            if truth:
                taken.add(entry.chain)
            out[entry.key] = truth
        elif entry.kind == "value":
            out[entry.key] = str(evaluate(entry.source, variables)) if live else ""
        elif entry.kind == "empty":
            out[entry.key] = [{"x": ""}] if live and not out[entry.source] else []
        else:
            items = list(evaluate(entry.source, variables)) if live else []
            inner = entry.scope
            assert inner is not None and inner.var is not None
            out[entry.key] = [
                {**(item if isinstance(item, dict) else {"v": item}), "n": n,
                 **_fill(inner, {**variables, inner.var: item, "loop": _Loop(n, len(items))},
                         evaluate)}
                for n, item in enumerate(items, start=1)]
    return out


class _Part:
    """One XML part ported in place: its w:t in document order, blocks closed as they end."""

    def __init__(self, root: Any, carbone: bool, plan: Plan) -> None:
        self.root, self.carbone, self.plan = root, carbone, plan
        self.stack: list[_Frame] = []
        self.removed: set[Any] = set()

    # where we are
    def scope(self) -> Scope:
        return next((f.scope for f in reversed(self.stack) if f.kind == "for"), self.plan.top)

    def loops(self) -> list[str]:
        return self.stack[-1].loops if self.stack else []

    def guard(self) -> str | None:
        for frame in reversed(self.stack):
            if frame.kind == "for":
                return None
            return frame.keys[-1]
        return None

    def path(self, loops: list[str] | None = None) -> str:
        return "d" + "".join(f".{key}[i]" for key in (self.loops() if loops is None else loops))

    # the peers' spellings
    def open_(self, key: str, loops: list[str]) -> str:
        return f"{{{self.path(loops)}.{key}:ifEQ(true):showBegin}}" if self.carbone \
            else f"{{#{key}}}"

    def close(self, key: str, loops: list[str]) -> str:
        return f"{{{self.path(loops)}.{key}:showEnd}}" if self.carbone else f"{{/{key}}}"

    def value(self, expression: str) -> str:
        frame = next((f for f in reversed(self.stack) if f.kind == "for"), None)
        name = None
        if frame is None and NAME.fullmatch(expression):
            name = expression
        elif frame is not None:
            head, _, rest = expression.partition(".")
            if expression == "loop.index":
                name = "n"
            elif head == frame.scope.var and (not rest or NAME.fullmatch(rest)):
                name = rest or "v"
        if name is None:
            name = self.plan.add(self.scope(), "value", expression, self.guard()).key
        if self.carbone:  # line breaks as docxtemplater's `linebreaks` option makes them
            return f"{{{self.path()}.{name}:convCRLF}}"
        return f"{{{name}}}"

    def run(self) -> None:
        for t in list(self.root.iter(f"{_W}t")):
            if not self._attached(t):
                continue
            text = t.text or ""
            if "{%" not in text and "{{" not in text:
                continue
            if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
                raise PortError(f"a tag split across runs: {text!r}")
            blocks = [m for m in TAG.finditer(text) if m.group(2)]
            if blocks:
                if len(blocks) > 1 or TAG.sub("", text).strip():
                    raise PortError(f"a block tag not alone in its unit: {text!r}")
                self._block(blocks[0].group(2), blocks[0].group(3),
                            _ancestor(t, blocks[0].group(2)))
                continue
            t.text = TAG.sub(self._inline, text)
            t.set(XML_SPACE, "preserve")
        if self.stack:
            raise PortError(f"unclosed {{% {self.stack[-1].statement} %}}")

    def _attached(self, element: Any) -> bool:
        while element is not None:
            if element in self.removed:
                return False
            element = element.getparent()
        return True

    def _inline(self, match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return self.value(match.group(1).strip())
        statement = match.group(3)
        word = statement.split()[0] if statement else ""
        frame = self.stack[-1] if self.stack else None
        if word == "if":
            return self._open_if("", statement[2:].strip(), None)
        if frame is None or frame.kind != "if" or frame.level != "":
            raise PortError(f"cannot port {{% {statement} %}}")
        if word in ("elif", "else"):
            before = self.close(frame.keys[-1], frame.loops)
            self._branch(frame, statement[4:].strip() if word == "elif" else None)
            return before + self.open_(frame.keys[-1], frame.loops)
        if word == "endif":
            self.stack.pop()
            return self.close(frame.keys[-1], frame.loops)
        raise PortError(f"cannot port {{% {statement} %}}")

    def _open_if(self, level: str, condition: str, unit: Any) -> str:
        scope, guard, chain = self.scope(), self.guard(), self.plan.count
        entry = self.plan.add(scope, "branch", condition, guard, chain=chain)
        frame = _Frame("if", level, [unit], [entry.key], scope, self.loops(),
                       f"if {condition}", scope, guard, chain)
        self.stack.append(frame)
        return self.open_(entry.key, frame.loops)

    def _branch(self, frame: _Frame, condition: str | None) -> None:
        frame.keys.append(self.plan.add(frame.home, "branch", condition, frame.guard,
                                        chain=frame.chain).key)

    def _block(self, level: str, statement: str, unit: Any) -> None:
        word = statement.split()[0] if statement else ""
        frame = self.stack[-1] if self.stack else None
        if word == "if":
            opened = self._open_if(level, statement[2:].strip(), unit)
            if level == "p":
                _set_tag(unit, opened)
        elif word == "for":
            loop = FOR.fullmatch(statement)
            if loop is None:
                raise PortError(f"cannot port {{%{level} {statement} %}}")
            inner, home, guard = Scope(loop.group(1)), self.scope(), self.guard()
            entry = self.plan.add(home, "loop", loop.group(2), guard, scope=inner)
            self.stack.append(_Frame("for", level, [unit], [entry.key], inner,
                                     [*self.loops(), entry.key], statement, home, guard))
            if level == "p" and not self.carbone:
                _set_tag(unit, f"{{#{entry.key}}}")
        elif frame is None or frame.level != level:
            raise PortError(f"cannot port {{%{level} {statement} %}}")
        elif word in ("elif", "else") and frame.kind == "if":
            self._if_branch(frame, level, unit, statement[4:].strip() if word == "elif"
                            else None)
        elif word == "else" and frame.kind == "for":
            self._for_else(frame, level, unit)
        elif word == "endif" and frame.kind == "if":
            self.stack.pop()
            self._end_if(frame, level, unit)
        elif word == "endfor" and frame.kind == "for":
            self.stack.pop()
            self._end_for(frame, level, unit)
        else:
            raise PortError(f"cannot port {{%{level} {statement} %}}")

    def _if_branch(self, frame: _Frame, level: str, unit: Any, condition: str | None) -> None:
        before = self.close(frame.keys[-1], frame.loops)
        self._branch(frame, condition)
        frame.units.append(unit)
        if level == "p":  # one paragraph closes the branch before, its twin opens this one
            _set_tag(unit, before)
            twin = copy.deepcopy(unit)
            _set_tag(twin, self.open_(frame.keys[-1], frame.loops))
            unit.addnext(twin)

    def _end_if(self, frame: _Frame, level: str, unit: Any) -> None:
        if level == "p":
            _set_tag(unit, self.close(frame.keys[-1], frame.loops))
            return
        if level != "tr":
            raise PortError(f"cannot port {{%{level} if %}}")
        bounds = [*frame.units, unit]
        for key, start, end in zip(frame.keys, bounds, bounds[1:], strict=False):
            rows = _between(start, end)
            if rows:
                _prepend(rows[0], self.open_(key, frame.loops))
                _append(rows[-1], self.close(key, frame.loops))
        self._remove(bounds)

    def _for_else(self, frame: _Frame, level: str, unit: Any) -> None:
        frame.units.append(unit)
        if self.carbone:  # a repetition over one item when the loop has none
            frame.keys.append(self.plan.add(frame.home, "empty", frame.keys[0],
                                            frame.guard).key)
        elif level == "p":
            _set_tag(unit, f"{{/{frame.keys[0]}}}")
            twin = copy.deepcopy(unit)
            _set_tag(twin, f"{{^{frame.keys[0]}}}")
            unit.addnext(twin)

    def _end_for(self, frame: _Frame, level: str, unit: Any) -> None:
        key, start = frame.keys[0], frame.units[0]
        otherwise = frame.units[1] if len(frame.units) > 1 else None
        body = _between(start, otherwise if otherwise is not None else unit)
        rest = _between(otherwise, unit) if otherwise is not None else []
        if not body:
            raise PortError(f"nothing inside {{% {frame.statement} %}}")
        outer = frame.loops[:-1]
        if self.carbone:
            _repeat(body, f"{self.path(outer)}.{key}")
            if rest:
                other = frame.keys[1]
                _prepend(rest[0], f"{{{self.path(outer)}.{other}[i].x}}")
                _repeat(rest, f"{self.path(outer)}.{other}")
            self._remove([start, *frame.units[1:], unit])
            return
        if level == "p":
            _set_tag(unit, f"{{/{key}}}")
            return
        if level == "tc":
            if len(body) != 1 or rest:
                raise PortError(f"a cell loop over {len(body)} cells: {frame.statement}")
            _paragraph(body[0], f"{{-w:tc {key}}}", first=True)
            _paragraph(body[0], f"{{/{key}}}", first=False)
        else:
            _prepend(body[0], f"{{-w:tr {key}}}" if len(body) == 1 else f"{{#{key}}}")
            _append(body[-1], f"{{/{key}}}")
            if rest:
                _prepend(rest[0], f"{{^{key}}}")
                _append(rest[-1], f"{{/{key}}}")
        self._remove([start, *frame.units[1:], unit])

    def _remove(self, units: list[Any]) -> None:
        for unit in units:
            self.removed.add(unit)
            unit.getparent().remove(unit)


def _repeat(units: list[Any], array: str) -> None:
    """Carbone's repetition: the units again after themselves, with [i+1] for [i]."""
    last = units[-1]
    for unit in units:
        twin = copy.deepcopy(unit)
        for t in twin.iter(f"{_W}t"):
            t.text = (t.text or "").replace(f"{{{array}[i]", f"{{{array}[i+1]")
        last.addnext(twin)
        last = twin


def _ancestor(element: Any, local: str) -> Any:
    while element is not None and element.tag != f"{_W}{local}":
        element = element.getparent()
    if element is None:
        raise PortError(f"a block tag outside a w:{local}")
    return element


def _between(first: Any, last: Any) -> list[Any]:
    out, unit = [], first.getnext()
    while unit is not None and unit is not last:
        out.append(unit)
        unit = unit.getnext()
    if unit is None:
        raise PortError("a block's end is not beside its start")
    return out


def _set_tag(unit: Any, text: str) -> None:
    """The paragraph that held a docxtpl tag now holds only the peer's."""
    texts = list(unit.iter(f"{_W}t"))
    texts[0].text = text
    texts[0].set(XML_SPACE, "preserve")
    for t in texts[1:]:
        t.text = ""


def _paragraph(cell: Any, text: str, first: bool) -> None:
    """A paragraph of its own holding `text`, first or last in `cell`."""
    paragraph = etree.Element(f"{_W}p")
    t = etree.SubElement(etree.SubElement(paragraph, f"{_W}r"), f"{_W}t")
    t.text = text
    paragraphs = cell.findall(f"{_W}p")
    if first:
        paragraphs[0].addprevious(paragraph)
    else:
        paragraphs[-1].addnext(paragraph)


def _text_at(unit: Any, first: bool) -> Any:
    """The first (last) w:t of `unit`, in its first (last) cell if a row; made if missing."""
    if unit.tag == f"{_W}tr":
        unit = unit.findall(f"{_W}tc")[0 if first else -1]
    paragraphs = list(unit.iter(f"{_W}p"))
    if not paragraphs:
        raise PortError("a row without paragraphs")
    texts = list(unit.iter(f"{_W}t"))
    if texts:
        return texts[0 if first else -1]
    run = etree.SubElement(paragraphs[0 if first else -1], f"{_W}r")
    t = etree.SubElement(run, f"{_W}t")
    t.text = ""
    return t


def _prepend(unit: Any, text: str) -> None:
    t = _text_at(unit, first=True)
    t.text = text + (t.text or "")
    t.set(XML_SPACE, "preserve")


def _append(unit: Any, text: str) -> None:
    t = _text_at(unit, first=False)
    t.text = (t.text or "") + text
    t.set(XML_SPACE, "preserve")
