"""YAML source files: decode, parse and construct, remembering the line of every key.

The result is plain Python data plus a map from key path (``("partner", "population")``) to
the 1-based line where that key, or list item, is written. Problems are collected, not raised
one at a time, so a clerk sees every mistake of a file at once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from docgen.errors import Problem
from docgen.files import SpecialFile, read_regular

try:  # the C loader is several times faster when libyaml is present
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

KeyPath = tuple[str | int, ...]

# A real case file has a few hundred nodes. Alias expansion beyond this is a "billion laughs"
# attack or a mistake; either way it is refused before anything walks the expanded tree.
MAX_NODES = 20_000
MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40  # a case nests five or six levels deep
MAX_ITEMS = 1_000  # items of one list
MAX_TEXT = 20_000  # characters of one value
MAX_DIGITS = 15  # a whole number of more digits is text (quote it) or a mistake
YEARS = (1900, 2200)  # the dates a document can hold

# Plain scalars are read as YAML 1.2's core schema reads them, as editors do: `no`, `yes`,
# `on` and `off` stay text, `0777` is seven hundred and seventy-seven. Dates (2027-02-01)
# are read as dates, as the contract writes them.
_NULL = re.compile(r"^(~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
         "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OTHER = re.compile(r"^(0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_FLOAT_SPECIAL = re.compile(r"^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS = {yaml.MappingNode: "tag:yaml.org,2002:map",
               yaml.SequenceNode: "tag:yaml.org,2002:seq"}


@dataclass
class Source:
    """A parsed YAML file: its data, where each key is, and what was wrong with it."""

    path: str  # as shown to the user
    data: Any = None
    lines: dict[KeyPath, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    reported: set[KeyPath] = field(default_factory=set)  # paths already given a problem

    def line_of(self, key: KeyPath) -> int | None:
        """The line of `key`, or of its nearest ancestor that has one."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)

    def problem(self, key: KeyPath, message: str) -> None:
        self.problems.append(Problem(self.path, self.line_of(key), format_key(key), message))
        self.reported.add(key)


def format_key(key: KeyPath) -> str | None:
    """``("partner", "contacts", 0, "name")`` -> ``partner.contacts[0].name``."""
    out = ""
    for part in key:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or None


def read_source(file: Path, shown_as: str) -> Source:
    """Read and parse one YAML file (a regular file, of a case's size); never raises for bad
    content."""
    src = Source(shown_as)
    try:
        raw = read_regular(file, MAX_BYTES)
    except SpecialFile as exc:
        src.problems.append(Problem(shown_as, None, None, str(exc)))
        return src
    except OSError as exc:
        src.problems.append(Problem(shown_as, None, None,
                                    f"cannot read: {exc.strerror or exc}"))
        return src
    text = _decode(raw, src)
    if text is None:
        return src
    parse_text(text, src)
    return src


def parse_text(text: str, src: Source) -> None:
    try:
        _check_depth(text)
        root = yaml.compose(text, Loader=_Loader)
    except _TooDeep as exc:
        src.problems.append(Problem(src.path, exc.line, None,
                                    f"nested more than {MAX_DEPTH} levels deep; a case file "
                                    "needs a few"))
        return
    except yaml.MarkedYAMLError as exc:
        line, message = syntax_message(exc, text)
        src.problems.append(Problem(src.path, line, None, message))
        return
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        src.problems.append(
            Problem(src.path, line, None, f"contains the control character U+{exc.character:04X}, "
                    "which a document cannot hold; remove it")
        )
        return
    except yaml.YAMLError as exc:  # pragma: no cover - other errors are all marked
        src.problems.append(Problem(src.path, None, None, "YAML error: "
                                    + " ".join(str(exc).split())))
        return
    if root is None:
        src.problems.append(Problem(src.path, 1, None, "the file is empty; expected keys"))
        return
    builder = _Builder(src)
    try:
        src.data = builder.build(root, (), 0)
    except _TooManyNodes:
        src.problems = [
            Problem(src.path, None, None,
                    f"refused: more than {MAX_NODES} values after expanding aliases "
                    "(a YAML alias bomb, or a file far larger than a case)")
        ]
        src.data = None


def syntax_message(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line and a message a clerk can act on for a YAML syntax error."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    what = exc.problem or exc.context or "invalid YAML"
    lines = text.splitlines()
    here = lines[mark.line] if mark and mark.line < len(lines) else ""
    if mark and "cannot start any token" in what and here[mark.column:mark.column + 1] == "\t":
        return line, "a tab is used here; indent with spaces, not tabs"
    if "could not find expected ':'" in what and exc.context_mark is not None:
        return exc.context_mark.line + 1, "missing ':' after the key"
    if mark and what.startswith("mapping values are not allowed"):
        before = here[:mark.column]
        if re.search(r":(\s|$)", before):
            return line, "a ':' inside text; put the text in quotes"
        for number in range(mark.line - 1, -1, -1):  # the key without its colon is above
            above = lines[number].strip()
            if above and not above.startswith("#"):
                return number + 1, "missing ':' after the key"
    if mark and what.startswith("found undefined alias"):
        return line, "YAML syntax error: an alias (*name) with no anchor (&name) before it"
    return line, f"YAML syntax error: {what}"


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before anything recurses over it."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooDeep(event.start_mark.line + 1)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _decode(raw: bytes, src: Source) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        src.problems.append(
            Problem(src.path, line, None,
                    f"not UTF-8 text (byte 0x{byte:02X}); save the file with UTF-8 encoding")
        )
        return None


class _TooManyNodes(Exception):
    pass


class _Builder:
    """Constructs plain Python values from a node tree, recording lines and problems.

    Only the plain types the contract uses come out: text, whole and decimal numbers,
    true/false, dates, lists and mappings. Tags (`!!binary`, `!!python/...`) are refused, as
    are aliases that contain themselves.
    """

    def __init__(self, src: Source) -> None:
        self.src = src
        self.count = 0
        self.active: set[int] = set()  # nodes being built: an alias of one recurses
        self.constructor = yaml.constructor.SafeConstructor()
        self.resolver = yaml.resolver.Resolver()

    def build(self, node: yaml.Node, key: KeyPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooManyNodes
        if id(node) in self.active or depth > MAX_DEPTH:
            self.src.problem(key, "an alias (*name) used inside its own anchor (&name); "
                                  "it would never end")
            return None
        if self._tagged(node):
            self.src.problem(key, f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} "
                                  "is not accepted; write the plain value")
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, key, depth)
            if isinstance(node, yaml.SequenceNode):
                return self._sequence(node, key, depth)
            return self._scalar(node, key)
        finally:
            self.active.discard(id(node))

    def _tagged(self, node: yaml.Node) -> bool:
        """True when the node carries an explicit tag (`!!binary x`, `!foo`)."""
        if not isinstance(node, yaml.ScalarNode):
            return node.tag != _PLAIN_TAGS.get(type(node))
        if node.style:  # quoted or a block: text (plain is None, or '' in libyaml's flows)
            return node.tag != _STR
        return node.tag != self.resolver.resolve(yaml.ScalarNode, node.value, (True, False))

    def _sequence(self, node: yaml.SequenceNode, key: KeyPath, depth: int) -> list[Any]:
        if len(node.value) > MAX_ITEMS:
            self.src.problem(key, f"a list of {len(node.value)} items; at most {MAX_ITEMS}")
            return []
        out = []
        for i, item in enumerate(node.value):
            self.src.lines.setdefault((*key, i), item.start_mark.line + 1)
            out.append(self.build(item, (*key, i), depth + 1))
        return out

    def _mapping(self, node: yaml.MappingNode, key: KeyPath, depth: int) -> dict[str, Any]:
        try:
            self.constructor.flatten_mapping(node)  # resolves `<<` merge keys
        except yaml.constructor.ConstructorError as exc:
            self.src.problem(key, f"bad merge key: {exc.problem}")
            return {}
        except RecursionError:
            self.src.problem(key, "a merge key (<<) that merges itself; it would never end")
            return {}
        if len(node.value) > MAX_ITEMS:
            self.src.problem(key, f"a mapping of {len(node.value)} keys; at most {MAX_ITEMS}")
            return {}
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or self._tagged(key_node):
                self.src.lines[key] = key_node.start_mark.line + 1
                self.src.problem(key, "a key must be plain text")
                continue
            name = str(key_node.value)
            child = (*key, name)
            self.src.lines[child] = key_node.start_mark.line + 1
            if name in out:
                self.src.problem(child, "duplicate key (the second value would win silently)")
                continue
            out[name] = self.build(value_node, child, depth + 1)
        return out

    def _scalar(self, node: yaml.Node, key: KeyPath) -> Any:
        text = str(node.value)
        if len(text) > MAX_TEXT:
            self.src.problem(key, f"a value of {len(text)} characters; at most {MAX_TEXT}")
            return None
        if node.style:
            return text
        if _NULL.match(text):
            return None
        if text in _BOOL:
            return _BOOL[text]
        if _INT.match(text) or _INT_OTHER.match(text):
            return self._number(text, key)
        if _FLOAT_SPECIAL.match(text):
            self.src.problem(key, f"{text} is not a number a document can hold")
            return None
        if _FLOAT.match(text):
            value = float(text)
            if not math.isfinite(value) or abs(value) >= 10.0 ** MAX_DIGITS:
                self.src.problem(key, f"{text} is not a number a document can hold")
                return None
            return value
        if node.tag == _TIMESTAMP:
            return self._date(node, key)
        return text

    def _number(self, text: str, key: KeyPath) -> int | None:
        digits = text.lstrip("+-")
        base = 16 if digits.startswith("0x") else 8 if digits.startswith("0o") else 10
        if len(digits.lstrip("0")) > MAX_DIGITS or (base != 10 and len(digits) > MAX_DIGITS):
            self.src.problem(key, f"a whole number of more than {MAX_DIGITS} digits; if it is "
                                  "text (an id, a phone number), put it in quotes")
            return None
        value = int(digits[2:] if base != 10 else digits, base)
        return -value if text.startswith("-") else value

    def _date(self, node: yaml.Node, key: KeyPath) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.constructor.ConstructorError):
            self.src.problem(key, f"{node.value!r} is not a real date")
            return None
        day = value.date() if isinstance(value, dt.datetime) else value
        if isinstance(day, dt.date) and not YEARS[0] <= day.year <= YEARS[1]:
            self.src.problem(key, f"{node.value} is not a date a document can hold (years "
                                  f"{YEARS[0]} to {YEARS[1]})")
            return None
        return value
