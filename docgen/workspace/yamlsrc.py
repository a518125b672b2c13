"""YAML source files: decode, parse and construct, remembering the line of every key.

The result is plain Python data plus a map from key path (``("partner", "population")``) to
the 1-based line where that key, or list item, is written. Problems are collected, not raised
one at a time, so a clerk sees every mistake of a file at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from docgen.errors import Problem

try:  # the C loader is several times faster when libyaml is present
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

KeyPath = tuple[str | int, ...]

# A real case file has a few hundred nodes. Alias expansion beyond this is a "billion laughs"
# attack or a mistake; either way it is refused before anything walks the expanded tree.
MAX_NODES = 20_000
MAX_BYTES = 2 * 1024 * 1024


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
    """Read and parse one YAML file; never raises for bad content."""
    src = Source(shown_as)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        src.problems.append(Problem(shown_as, None, None, f"cannot read: {exc.strerror}"))
        return src
    if len(raw) > MAX_BYTES:
        src.problems.append(
            Problem(shown_as, None, None, f"file is too large ({len(raw)} bytes); "
                    f"a case file is at most {MAX_BYTES} bytes")
        )
        return src
    text = _decode(raw, src)
    if text is None:
        return src
    parse_text(text, src)
    return src


def parse_text(text: str, src: Source) -> None:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        src.problems.append(Problem(src.path, line, None, f"YAML syntax error: {what}"))
        return
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        src.problems.append(
            Problem(src.path, line, None, f"contains the control character U+{exc.character:04X}, "
                    "which a document cannot hold; remove it")
        )
        return
    except yaml.YAMLError as exc:  # pragma: no cover - other errors are all marked
        src.problems.append(Problem(src.path, None, None, f"YAML error: {exc}"))
        return
    if root is None:
        src.problems.append(Problem(src.path, 1, None, "the file is empty; expected keys"))
        return
    builder = _Builder(src)
    try:
        src.data = builder.build(root, ())
    except _TooManyNodes:
        src.problems = [
            Problem(src.path, None, None,
                    f"refused: more than {MAX_NODES} values after expanding aliases "
                    "(a YAML alias bomb, or a file far larger than a case)")
        ]
        src.data = None


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
    """Constructs Python values from a node tree, recording lines and scalar problems."""

    def __init__(self, src: Source) -> None:
        self.src = src
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, key: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooManyNodes
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            out = []
            for i, item in enumerate(node.value):
                self.src.lines.setdefault((*key, i), item.start_mark.line + 1)
                out.append(self.build(item, (*key, i)))
            return out
        return self._scalar(node, key)

    def _mapping(self, node: yaml.MappingNode, key: KeyPath) -> dict[str, Any]:
        try:
            self.constructor.flatten_mapping(node)  # resolves `<<` merge keys
        except yaml.constructor.ConstructorError as exc:
            self.src.problem(key, f"bad merge key: {exc.problem}")
            return {}
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.src.lines[key] = key_node.start_mark.line + 1
                self.src.problem(key, "a key must be plain text")
                continue
            name = str(key_node.value)
            child = (*key, name)
            self.src.lines[child] = key_node.start_mark.line + 1
            if name in out:
                self.src.problem(child, "duplicate key (the second value would win silently)")
                continue
            out[name] = self.build(value_node, child)
        return out

    def _scalar(self, node: yaml.Node, key: KeyPath) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError) as exc:
            if node.tag == "tag:yaml.org,2002:timestamp":
                self.src.problem(key, f"{node.value!r} is not a real date")
            else:
                self.src.problem(key, f"cannot read value {node.value!r}: {exc}")
            return node.value
        return value
