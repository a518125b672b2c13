"""docgen's Jinja templates ported to docxtemplater's and Carbone's syntax, and their data.

`port(template, engine)` reads a bundled template (templates/*.docx) and writes the same
document with every Jinja tag turned into the peer's own: values, inline `{% if %}`, docxtpl's
paragraph tags (`{%p if/for %}`) and row tags (`{%tr for/else %}`), as a user of that engine
would write them. A value that is a dotted name stays a name (`{first.city}`,
`{d.first.city}`); an expression (`a or b`, filters, `~`) and every condition become data the
port computes in Python before timing, under `x`, `c`, `l` and `e` (see `peer_context`):
neither peer evaluates Jinja, and computing them ahead only spares the peers work, so the
ratios measured are, if anything, in the peers' favour.

The port refuses (ValueError) what it does not know how to write in both syntaxes: an
expression inside a loop, `{%p else %}`, a tag split across runs.
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
TAG = re.compile(r"\{\{(.*?)\}\}|\{%(p|tr)?\s*(.*?)\s*%\}")
NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
FOR = re.compile(r"for\s+(\w+)\s+in\s+(.+)")
ENGINES = ("docxtemplater", "carbone")


@dataclass
class Plan:
    """What the ported template reads besides the context: Jinja expressions by key."""

    values: dict[str, str] = field(default_factory=dict)  # x.kN: an expression's text
    conditions: dict[str, str] = field(default_factory=dict)  # c.kN: a condition's truth
    loops: dict[str, tuple[str, str]] = field(default_factory=dict)  # l.kN: (var, list expr)
    elses: dict[str, str] = field(default_factory=dict)  # e.kN: [{}] when l.kN is empty

    def key(self, table: dict[str, Any], value: Any) -> str:
        name = f"k{len(self.values) + len(self.conditions) + len(self.loops) + len(self.elses)}"
        table[name] = value
        return name


@dataclass
class _Loop:
    key: str  # l.kN
    var: str  # the Jinja loop variable


class _Syntax:
    """One peer's spelling of each construct."""

    def __init__(self, engine: str) -> None:
        self.engine = engine
        self.carbone = engine == "carbone"

    def value(self, path: str, loop: _Loop | None, newlines: bool = False) -> str:
        if loop is not None:
            head, _, rest = path.partition(".")
            if head == "loop" and rest == "index":
                rest = "n"
            elif head == loop.var:
                rest = rest or "v"
            else:
                return self.value(path, None)
            return f"{{d.l.{loop.key}[i].{rest}}}" if self.carbone else f"{{{rest}}}"
        if self.carbone:
            return f"{{d.{path}{':convCRLF' if newlines else ''}}}"
        return f"{{{path}}}"

    def if_(self, key: str) -> str:
        return f"{{d.c.{key}:ifEQ(true):showBegin}}" if self.carbone else f"{{#c.{key}}}"

    def else_(self, key: str) -> str:
        if self.carbone:
            return f"{{d.c.{key}:showEnd}}{{d.c.{key}:ifNE(true):showBegin}}"
        return f"{{/c.{key}}}{{^c.{key}}}"

    def endif(self, key: str) -> str:
        return f"{{d.c.{key}:showEnd}}" if self.carbone else f"{{/c.{key}}}"



class PortError(ValueError):
    """A template construct this port cannot write in a peer's syntax."""

def port(template: Path, engine: str, out: Path) -> Plan:
    """Write `template` in `engine`'s syntax to `out`; return what its data must hold."""
    if engine not in ENGINES:
        raise PortError(f"no port to {engine}")
    syntax, plan = _Syntax(engine), Plan()
    with zipfile.ZipFile(template) as package:
        entries = [(info, package.read(info)) for info in package.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as ported:
        for info, data in entries:
            if STORY.match(info.filename) and b"{" in data:
                root = etree.fromstring(data)
                _blocks(root, syntax, plan)
                _inline(root, syntax, plan)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            ported.writestr(info.filename, data)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())
    return plan


def peer_context(context: dict[str, Any], plan: Plan, env: Any) -> dict[str, Any]:
    """`context` with what the port computed ahead: `x` values, `c` conditions (booleans),
    `l` loop lists (objects with `v` for a plain item and `n` for loop.index) and `e` the
    one-item lists that show a `{%tr else %}` row when its loop is empty."""

    def evaluate(expression: str) -> Any:
        return env.compile_expression(expression, undefined_to_none=False)(**context)

    loops = {key: [dict(item, n=n) if isinstance(item, dict) else {"v": item, "n": n}
                   for n, item in enumerate(evaluate(source), start=1)]
             for key, (_var, source) in plan.loops.items()}
    return {**context,
            "x": {key: str(evaluate(source)) for key, source in plan.values.items()},
            "c": {key: bool(evaluate(source)) for key, source in plan.conditions.items()},
            "l": loops,
            "e": {key: [] if loops[source] else [{"x": ""}]
                  for key, source in plan.elses.items()}}


def _blocks(root: Any, syntax: _Syntax, plan: Plan) -> None:
    """docxtpl's paragraph and row tags, whose paragraph or row is the tag."""
    marks = []
    for t in root.iter(f"{_W}t"):
        for match in TAG.finditer(t.text or ""):
            if match.group(2):
                unit = _ancestor(t, "p" if match.group(2) == "p" else "tr")
                marks.append((match.group(2), match.group(3), unit))
    stack: list[tuple[str, str, Any, list[Any]]] = []  # (statement, key, unit, else units)
    for level, statement, unit in marks:
        word = statement.split()[0]
        if word in ("if", "for"):
            stack.append((statement, _open(statement, plan), unit, []))
        elif word == "else" and level == "tr" and stack:
            stack[-1][3].append(unit)
        elif word in ("endif", "endfor") and stack:
            opened, key, start, else_units = stack.pop()
            _close(opened, key, start, else_units, unit, syntax, plan)
        else:
            raise PortError(f"cannot port {{%{level} {statement} %}}")
    if stack:
        raise PortError(f"unclosed {{%{stack[-1][0]} %}}")


def _open(statement: str, plan: Plan) -> str:
    loop = FOR.fullmatch(statement)
    if loop:
        return plan.key(plan.loops, (loop.group(1), loop.group(2)))
    return plan.key(plan.conditions, statement.removeprefix("if").strip())


def _close(opened: str, key: str, start: Any, else_units: list[Any], end: Any,
           syntax: _Syntax, plan: Plan) -> None:
    body = _between(start, else_units[0] if else_units else end)
    otherwise = _between(else_units[0], end) if else_units else []
    if not body:
        raise PortError(f"nothing inside {{% {opened} %}}")
    is_loop = opened.startswith("for")
    if is_loop:
        var = FOR.fullmatch(opened).group(1)  # type: ignore[union-attr]
        for unit in body:
            _inline(unit, syntax, plan, _Loop(key, var))
    if syntax.carbone:
        if is_loop:
            _repeat(body, f"l.{key}")
        else:
            _set_tag(start, syntax.if_(key))
            _set_tag(end, syntax.endif(key))
            return
        if otherwise:
            other = plan.key(plan.elses, key)
            _prepend(otherwise[0], f"{{d.e.{other}[i].x}}")
            _repeat(otherwise, f"e.{other}")
    else:
        section = f"l.{key}" if is_loop else f"c.{key}"
        if len(body) == 1 and body[0].tag == f"{_W}tr":  # a row: tags in its first, last cell
            _prepend(body[0], f"{{#{section}}}")
            _append(body[-1], f"{{/{section}}}")
            for unit in otherwise:
                _prepend(unit, f"{{^{section}}}")
                _append(unit, f"{{/{section}}}")
        elif start.tag == f"{_W}p" and not otherwise:  # paragraphs: paragraphLoop drops these
            _set_tag(start, f"{{#{section}}}")
            _set_tag(end, f"{{/{section}}}")
            return
        else:
            raise PortError(f"cannot port {{% {opened} %}} over {len(body)} rows")
    for unit in (start, *else_units, end):
        unit.getparent().remove(unit)


def _repeat(units: list[Any], array: str) -> None:
    """Carbone's repetition: the units again after themselves, with [i+1] for [i]."""
    last = units[-1]
    for unit in units:
        twin = copy.deepcopy(unit)
        for t in twin.iter(f"{_W}t"):
            t.text = (t.text or "").replace(f"{{d.{array}[i]", f"{{d.{array}[i+1]")
        last.addnext(twin)
        last = twin


def _inline(root: Any, syntax: _Syntax, plan: Plan, loop: _Loop | None = None) -> None:
    ifs: list[str] = []
    for t in root.iter(f"{_W}t"):
        text = t.text or ""
        if "{%" not in text and "{{" not in text:
            continue
        if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
            raise PortError(f"a tag split across runs: {text!r}")

        def replace(match: re.Match[str]) -> str:
            if match.group(2):
                return match.group(0)  # a block tag: _blocks' work
            if match.group(1) is not None:
                return _value(match.group(1).strip(), syntax, plan, loop)
            statement = match.group(3)
            if statement.startswith("if "):
                if loop is not None:
                    raise PortError(f"a condition inside a loop: {statement}")
                ifs.append(plan.key(plan.conditions, statement[3:].strip()))
                return syntax.if_(ifs[-1])
            if statement == "else" and ifs:
                return syntax.else_(ifs[-1])
            if statement == "endif" and ifs:
                return syntax.endif(ifs.pop())
            raise PortError(f"cannot port {{% {statement} %}}")

        t.text = TAG.sub(replace, text)
        t.set(XML_SPACE, "preserve")


def _value(expression: str, syntax: _Syntax, plan: Plan, loop: _Loop | None) -> str:
    if NAME.fullmatch(expression):
        return syntax.value(expression, loop)
    if loop is not None:
        raise PortError(f"an expression inside a loop: {expression}")
    key = plan.key(plan.values, expression)
    return syntax.value(f"x.{key}", None, newlines="\\n" in expression)


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
    for t in texts[1:]:
        t.text = ""


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
