"""Which variables a template tag uses, checked against the shape of a real context.

`shape` merges contexts (one per case and kind) into one: dicts by key, a list as one merged
element, None giving way to a value. `Scope` walks the expression of one tag with Jinja's own
parser and reports each variable path the shape does not have, with a close match when there
is one. Only what is certain is reported: attributes of text and numbers (Jinja's string
methods), items looked up by a computed key and names assigned in the template are let be.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment, nodes

ANY = object()  # a value whose shape is not known: anything below it is accepted
_JINJA_GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop",
                  "true", "false", "none", "True", "False", "None", "self", "varargs",
                  "kwargs", "caller"}


def shape(contexts: list[Any]) -> Any:
    """One value with every key any of `contexts` has."""
    merged: Any = None
    for value in contexts:
        merged = _merge(merged, value)
    return merged


def _merge(a: Any, b: Any) -> Any:
    if a is None:
        return _element(b) if isinstance(b, list) else b
    if b is None:
        return a
    if isinstance(a, dict) and isinstance(b, dict):
        return {key: _merge(a.get(key), b.get(key)) for key in {**a, **b}}
    if isinstance(a, list) and isinstance(b, list):
        return _element(a + b)
    if isinstance(a, list) or isinstance(b, list):
        return a
    return a


def _element(items: list[Any]) -> list[Any]:
    merged: Any = None
    for item in items:
        merged = _merge(merged, item)
    return [] if merged is None else [merged]


@dataclass
class Unknown:
    """A variable path the context does not have."""

    path: str
    suggestion: str | None

    def message(self) -> str:
        hint = f"; did you mean '{self.suggestion}'?" if self.suggestion else ""
        return f"unknown variable '{self.path}'{hint}"


@dataclass
class Scope:
    """The context's shape and the names that loops and assignments add."""

    context: dict[str, Any]
    assigned: set[str] = field(default_factory=set)  # set/macro/with names: anything
    guarded: set[str] = field(default_factory=set)  # paths the template tests `is defined`
    loops: list[dict[str, Any]] = field(default_factory=list)

    def lookup(self, name: str) -> Any:
        for frame in reversed(self.loops):
            if name in frame:
                return frame[name]
        if name in self.assigned or name in _JINJA_GLOBALS:
            return ANY
        return self.context.get(name, _MISSING)

    def push_loop(self, env: Environment, target: str, iterable: str) -> None:
        """`{% for target in iterable %}`: the target is an element of the iterable."""
        frame: dict[str, Any] = {"loop": ANY}
        names, value = _loop_target(env, target), self.value_of(env, iterable)
        if len(names) == 1:
            element = value[0] if isinstance(value, list) and value else ANY
            frame[names[0]] = element if isinstance(value, list) else ANY
        else:
            frame.update(dict.fromkeys(names, ANY))
        self.loops.append(frame)

    def pop_loop(self) -> None:
        if self.loops:
            self.loops.pop()

    def value_of(self, env: Environment, expression: str) -> Any:
        from jinja2 import nodes

        try:
            node = env.parse("{{ " + expression + " }}").body[0].nodes[0]  # type: ignore[attr-defined]
        except Exception:
            return ANY
        chained = isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem))
        found = _chain(node) if chained else None
        if found is None:
            return ANY
        value = self.lookup(found[0])
        for attr in found[1]:
            if not isinstance(value, dict) or attr not in value:
                return ANY
            value = value[attr]
        return value if value is not _MISSING else ANY

    def unknown(self, root: nodes.Node) -> list[Unknown]:
        """Every variable path under `root` the context does not have."""
        from jinja2 import nodes

        out: list[Unknown] = []

        def visit(node: nodes.Node) -> None:
            if isinstance(node, nodes.Name) and node.ctx != "load":
                return  # a loop's or an assignment's target
            if isinstance(node, nodes.Test) and node.name in ("defined", "undefined"):
                return  # `x is defined`: a guard, fine under StrictUndefined
            if isinstance(node, nodes.Filter) and node.name in ("default", "d"):
                for arg in (*node.args, *(kw.value for kw in node.kwargs)):
                    visit(arg)
                return  # `x|default(...)`: the same
            if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
                found = _chain(node)
                if found is not None:
                    problem = self._check(*found)
                    if problem is not None:
                        out.append(problem)
                    if isinstance(node, nodes.Getitem):
                        visit(node.arg)
                    return
            for child in node.iter_child_nodes():
                visit(child)

        visit(root)
        return out

    def _check(self, name: str, attrs: list[str]) -> Unknown | None:
        if any(".".join([name, *attrs[:n]]) in self.guarded for n in range(len(attrs) + 1)):
            return None
        value = self.lookup(name)
        if value is _MISSING:
            names = [*self.context, *(n for frame in self.loops for n in frame)]
            return Unknown(name, _close(name, names))
        path = name
        for attr in attrs:
            if value is ANY or not isinstance(value, dict):
                return None  # text, numbers, lists: Jinja's own attributes and methods
            if attr not in value:
                match = _close(attr, list(value))
                return Unknown(f"{path}.{attr}", f"{path}.{match}" if match else None)
            value, path = value[attr], f"{path}.{attr}"
        return None


_MISSING = object()


def _chain(node: nodes.Node) -> tuple[str, list[str]] | None:
    """`partner.leader.name` (or `partner['leader']`) as ("partner", ["leader", "name"])."""
    from jinja2 import nodes

    attrs: list[str] = []
    while True:
        if isinstance(node, nodes.Getattr):
            attrs.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem):
            if not (isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str)):
                attrs.clear()  # a computed key: only what leads to it is checked
            else:
                attrs.append(node.arg.value)
            node = node.node
        elif isinstance(node, nodes.Name):
            return node.name, list(reversed(attrs))
        else:
            return None


def _loop_target(env: Environment, target: str) -> list[str]:
    return [name.strip() for name in target.split(",") if name.strip().isidentifier()]


def _close(word: str, options: list[str]) -> str | None:
    found = difflib.get_close_matches(word, options, n=1, cutoff=0.75)
    return found[0] if found else None
