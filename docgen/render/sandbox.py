"""The Jinja environment every template runs in: sandboxed, strict, autoescaping, bounded.

Templates come from clerks and data from abroad: `&`, `<` and quotes in data come out as typed,
a missing variable is an error, and a template reaching for Python internals is refused.

A template's work is bounded, with limits generous for any real document: the strings and
sequences it may build (`*`, `+`, `%`, `format`, `center`, `indent`, `replace`, ...), the
iterations of its loops, the text one part renders, and `lipsum`/`range`. Going past one
raises `TemplateLimit`, which `render.template_errors` turns into one line naming the
template. `include`, `import` and `extends` are refused when the template is compiled (a
DOCX template is one file), and `random` is gone: the same inputs give the same bytes.
"""

from __future__ import annotations

import math
import random
import re
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

# Bump when compiled templates change (the disk cache of compiled code is kept per epoch).
SANDBOX_EPOCH = "s1"
MAX_STRING = 1_000_000  # characters of one string a template builds
MAX_SEQUENCE = 100_000  # items of one list a template builds
MAX_LOOP = 1_000_000  # loop iterations of one part's rendering, all loops together
MAX_OUTPUT = 20_000_000  # characters of one rendered part (a long document.xml is ~5 MB)
MAX_RANGE = 100_000  # items of one range()
MAX_WIDTH = 10_000  # a width or precision in a format, center or indent
MAX_DIGITS = 1_000  # digits of a number a template computes
MAX_LIPSUM = 100  # paragraphs of lipsum()
_FORMAT_NUMBER = re.compile(r"\d+")


class TemplateLimit(Exception):
    """A template went past one of the limits of its work."""


_SOURCES: dict[str, str] = {}  # key -> template source, the last few compiled
_TEMPLATE_FILE = re.compile(r"^<template ([0-9a-f]{16})>$")


def source_key(source: str) -> str:
    import hashlib

    return hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def remember_source(source: str) -> None:
    if len(_SOURCES) >= 64:
        _SOURCES.pop(next(iter(_SOURCES)))
    _SOURCES[source_key(source)] = source


def error_place(exc: BaseException) -> tuple[str, int] | None:
    """The key of the template source and the line where `exc` was raised, when a template
    raised it (Jinja rewrites the traceback to the template's lines)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        match = _TEMPLATE_FILE.match(tb.tb_frame.f_code.co_filename)
        if match:
            found = (match.group(1), tb.tb_lineno)
        tb = tb.tb_next
    return found


def known_source(key: str) -> str | None:
    return _SOURCES.get(key)


def jinja_environment() -> Environment:
    """A new environment; docxtpl's render is given one of these."""
    from jinja2 import StrictUndefined

    return _bounded_class()(undefined=StrictUndefined, autoescape=True)


@cache
def shared_environment() -> Environment:
    """The one environment of this process that compiled templates are kept for."""
    return jinja_environment()


def _limit(what: str, size: int, most: int) -> None:
    if size > most:
        raise TemplateLimit(f"{what} of {size:,} exceeds the limit of {most:,}")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0


def _check_widths(spec: str, what: str) -> None:
    """Refuse a format string whose widths or precisions would build a huge string."""
    for number in _FORMAT_NUMBER.findall(spec):
        if len(number) > 6 or int(number) > MAX_WIDTH:
            raise TemplateLimit(f"{what} uses the width {number[:12]}; the limit is {MAX_WIDTH}")
    if "*" in spec and "%" in spec:
        raise TemplateLimit(f"{what} takes its width from an argument ('*'); write the width")


def _checked_binop(operator: str, left: Any, right: Any, table: dict[str, Any]) -> Any:
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                most = MAX_STRING if isinstance(seq, str) else MAX_SEQUENCE
                _limit("a repeated string or list", len(seq) * max(times, 0), most)
        if isinstance(left, int) and isinstance(right, int):
            _limit("a product's digits", _digits(left) + _digits(right), MAX_DIGITS)
    elif operator == "**":
        if isinstance(left, (int, float)) and isinstance(right, (int, float)):
            magnitude = abs(right) * math.log10(abs(left)) if abs(left) > 1 else 0
            _limit("a power's digits", int(min(magnitude, 10**9)), MAX_DIGITS)
    elif operator == "+":
        if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            most = MAX_STRING if isinstance(left, str) else MAX_SEQUENCE
            _limit("a joined string or list", len(left) + len(right), most)
    elif operator == "%" and isinstance(left, str):
        _check_widths(left, "a '%' format")
    result = table[operator](left, right)
    _limit("a string built by an operator", _size(result),
           MAX_STRING if isinstance(result, str) else MAX_SEQUENCE)
    return result


def _sized(value: Any) -> Any:
    _limit("a string joined with '~'", _size(value), MAX_STRING)
    return value


def _digits(number: int) -> int:
    return max(1, math.ceil(abs(number).bit_length() * 0.30103))


class _Counted:
    """A loop's iterable, charging each item to the part's loop budget."""

    def __init__(self, iterable: Any, budget: list[int]) -> None:
        self.iterable, self.budget = iterable, budget

    def __len__(self) -> int:
        return len(self.iterable)

    def __iter__(self) -> Any:
        for item in self.iterable:
            self.budget[0] += 1
            if self.budget[0] > MAX_LOOP:
                raise TemplateLimit(f"loops ran more than {MAX_LOOP:,} times in one part")
            yield item


def _bounded_range(*args: int) -> range:
    if any(not isinstance(a, int) for a in args):
        raise TypeError("range() takes whole numbers")
    rng = range(*args)
    _limit("a range()", len(rng), MAX_RANGE)
    return rng


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> Any:
    """Jinja's lipsum, bounded and the same every time (a seeded generator)."""
    from jinja2.constants import LOREM_IPSUM_WORDS
    from markupsafe import Markup, escape

    _limit("lipsum() paragraphs", int(n), MAX_LIPSUM)
    if not 1 <= int(min) <= int(max) <= 1000:
        raise TemplateLimit("lipsum() takes 1 <= min <= max <= 1000 words")
    rng = random.Random(f"{n}/{min}/{max}")
    words = LOREM_IPSUM_WORDS.split()
    paragraphs = []
    for _ in range(int(n)):
        chosen = [rng.choice(words) for _ in range(rng.randrange(int(min), int(max) + 1))]
        paragraphs.append(" ".join(chosen).capitalize() + ".")
    if not html:
        return "\n\n".join(paragraphs)
    return Markup("\n".join(f"<p>{escape(p)}</p>" for p in paragraphs))


@cache
def _bounded_class() -> type:
    """The sandboxed environment class with the limits; made on first use (Jinja is heavy)."""
    from jinja2 import nodes
    from jinja2.exceptions import TemplateSyntaxError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    refused = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "import",
               nodes.Extends: "extends"}
    dict_names = frozenset(dir(dict))

    class BoundedEnvironment(ImmutableSandboxedEnvironment):  # type: ignore[misc]
        intercepted_binops = frozenset({"*", "**", "+", "%"})

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.budget = [0]
            self.parsed: str | None = None  # the key of the source compiled last
            self.globals["range"] = _bounded_range
            self.globals["lipsum"] = _lipsum
            self.filters.pop("random", None)  # the same inputs give the same bytes
            for name in ("center", "indent", "truncate", "wordwrap", "format", "replace",
                         "slice", "batch"):
                self.filters[name] = _bounded_filter(name, self.filters[name])
            self.filters["docgen_loop"] = lambda iterable: _Counted(iterable, self.budget)
            self.filters["docgen_sized"] = _sized

        def getattr(self, obj: Any, attribute: str) -> Any:
            """The sandbox's getattr, but for a plain dict's key that names no attribute of
            dict (the sandbox's own first try, getattr, can only fail there) looked up
            at once: the same value, without the failed getattr's exception."""
            if type(obj) is dict and attribute not in dict_names:
                try:
                    return obj[attribute]
                except (TypeError, LookupError):
                    pass
            return super().getattr(obj, attribute)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            return _checked_binop(operator, left, right, self.binop_table)

        def wrap_str_format(self, value: Any) -> Any:
            wrapper = super().wrap_str_format(value)
            if wrapper is None:
                return None
            spec = str(value.__self__)

            def bounded(*args: Any, **kwargs: Any) -> Any:
                _check_widths(spec, "a format()")
                result = wrapper(*args, **kwargs)
                _limit("a formatted string", len(result), MAX_STRING)
                return result

            return bounded

        def concat(self, pieces: Any) -> str:  # type: ignore[override]
            """A part's rendering: the loop budget starts anew, the text is bounded."""
            self.budget[0] = 0
            out, size = [], 0
            for piece in pieces:
                size += len(piece)
                if size > MAX_OUTPUT:
                    raise TemplateLimit(f"one part renders more than {MAX_OUTPUT:,} characters")
                out.append(piece)
            return "".join(out)

        def _compile(self, source: str, filename: str) -> Any:
            if filename == "<template>" and self.parsed is not None:
                filename = f"<template {self.parsed}>"  # errors can find their part again
            return super()._compile(source, filename)

        def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
            self.parsed = source_key(source)
            remember_source(source)
            tree = super()._parse(source, name, filename)
            for kind, word in refused.items():
                for node in tree.find_all(kind):
                    raise TemplateSyntaxError(
                        f"{{% {word} %}} is not supported: a DOCX template is one file",
                        node.lineno, name, filename)
            for loop in tree.find_all(nodes.For):
                loop.iter = nodes.Filter(loop.iter, "docgen_loop", [], [], None, None,
                                         lineno=loop.lineno)
            for parent in list(tree.find_all(nodes.Node)):  # `a ~ b`: bounded like `a + b`
                for field in parent.fields:
                    child = getattr(parent, field, None)
                    if isinstance(child, nodes.Concat):
                        setattr(parent, field, nodes.Filter(child, "docgen_sized", [], [], None,
                                                            None, lineno=child.lineno))
                    elif isinstance(child, list):
                        child[:] = [nodes.Filter(c, "docgen_sized", [], [], None, None,
                                                 lineno=c.lineno)
                                    if isinstance(c, nodes.Concat) else c for c in child]
            return tree

    return BoundedEnvironment


def _bounded_filter(name: str, original: Any) -> Any:
    """`original` (a Jinja filter) with its width, count and result bounded."""

    def check(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        numbers = [a for a in (*args, *kwargs.values()) if isinstance(a, (int, float))]
        if name in ("center", "indent", "wordwrap") and any(abs(n) > MAX_WIDTH
                                                            for n in numbers):
            raise TemplateLimit(f"{name}() with a width over {MAX_WIDTH}")
        if name in ("slice", "batch") and any(abs(n) > MAX_SEQUENCE for n in numbers):
            raise TemplateLimit(f"{name}() into more than {MAX_SEQUENCE:,} pieces")
        if name == "truncate" and any(n < 0 for n in numbers):
            raise TemplateLimit("truncate() with a negative length")
        if name == "format":
            _check_widths(str(value), "format()")
        if name == "replace" and len(args) >= 2 and isinstance(value, str):
            old, new = str(args[0]), str(args[1])
            times = value.count(old) if old else len(value) + 1
            _limit("replace()'s result", len(value) + times * max(0, len(new) - len(old)),
                   MAX_STRING)

    pass_arg = getattr(original, "jinja_pass_arg", None)  # a context or environment first

    def bounded(*call: Any, **kwargs: Any) -> Any:
        first = 1 if pass_arg is not None else 0
        check(call[first], call[first + 1:], kwargs)
        result = original(*call, **kwargs)
        _limit(f"{name}()'s result", _size(result),
               MAX_STRING if isinstance(result, str) else MAX_SEQUENCE)
        return result

    if pass_arg is not None:
        bounded.jinja_pass_arg = pass_arg  # type: ignore[attr-defined]
    return bounded
