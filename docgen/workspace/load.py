"""Stage 1: read a workspace folder into a validated `Workspace`, or report every problem."""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Collection
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from docgen.errors import InputError, Problem
from docgen.workspace.model import Case, CaseFile, RuleCheck, Settings, Workspace
from docgen.workspace.paths import CASES_DIR, SETTINGS_FILE, case_files, input_problem
from docgen.workspace.yamlsrc import KeyPath, Source, format_key, read_source

# Characters XML 1.0 cannot hold at all (Word refuses the file): C0 controls but tab/LF/CR,
# lone surrogates, U+FFFE and U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
M = TypeVar("M", bound=BaseModel)


def load_workspace(root: Path, only: Collection[str] | None = None, *,
                   rule_check: RuleCheck | None = None) -> Workspace:
    """Load docgen.yaml and every case (or the cases named in `only`).

    `rule_check` vets the rule ids of `rules:` and `waivers:` (the checks' catalog,
    `docgen.checks.catalog.unknown_rule`); without it rule ids are not checked.
    Raise InputError listing all problems of all files read.
    """
    root = root.resolve()
    problems: list[Problem] = []
    context = {"rule_check": rule_check, "root": root}  # root: image files are opened
    settings_src = _read(root, SETTINGS_FILE, problems)
    settings = _validate(Settings, settings_src, problems, context) if settings_src else None

    cases: list[CaseFile] = []
    for file in case_files(root, problems):
        if only is not None and file.stem not in only:
            continue
        shown = f"{CASES_DIR}/{file.name}"
        case_id = file.stem
        src = _read(root, shown, problems)
        case = _validate(Case, src, problems, context) if src else None
        if case is not None and src is not None:
            cases.append(CaseFile(case_id, shown, case, src.lines))

    if problems or settings is None:
        raise InputError(problems)
    return Workspace(str(root), settings, tuple(cases),
                     settings_src.lines if settings_src else {})


def _read(root: Path, shown: str, problems: list[Problem]) -> Source | None:
    file = root / shown
    why = input_problem(file, root)
    if why is not None:
        hint = " (run `docgen init` to make a workspace)" if (
            shown == SETTINGS_FILE and why == "not found") else ""
        problems.append(Problem(shown, None, None, f"{why}{hint}"))
        return None
    src = read_source(file, shown)
    if src.data is not None:
        _check_text(src.data, (), src)
    problems.extend(src.problems)
    return src if src.data is not None else None


def _check_text(value: Any, key: KeyPath, src: Source) -> None:
    """Refuse characters that cannot be stored in a Word document, naming where they are."""
    if isinstance(value, str):
        bad = _XML_ILLEGAL.search(value)
        if bad:
            src.problem(key, f"contains the control character U+{ord(bad.group()):04X}, which "
                             "a Word document cannot hold; remove it")
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_text(v, (*key, k), src)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_text(v, (*key, i), src)


def _validate(model: type[M], src: Source, problems: list[Problem],
              context: dict[str, Any]) -> M | None:
    if not isinstance(src.data, dict):
        problems.append(Problem(src.path, 1, None, "expected keys and values at the top level"))
        return None
    try:
        value = model.model_validate(src.data, context=context)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            key = _key_path(err["loc"], src.data)
            if key in src.reported:
                continue
            problems.append(Problem(src.path, src.line_of(key), format_key(key),
                                    _message(err, model, key)))
        return None
    return None if src.problems else value


def _key_path(loc: tuple[Any, ...], data: Any) -> KeyPath:
    """Pydantic's loc, with union branch names ("date", "int") and aliases dropped."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(part, int):
            out.append(part)
            node = node[part] if isinstance(node, list) and part < len(node) else None
        elif isinstance(node, dict):
            name = "from" if part == "from_" else str(part)
            out.append(name)
            node = node.get(name)
        elif node is None and not out:
            out.append(str(part))
    return tuple(out)


_MESSAGES = {
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "string_type": "expected text",
    "date_type": "expected a date such as 2027-02-01",
    "date_parsing": "expected a date such as 2027-02-01",
    "date_from_datetime_parsing": "expected a date such as 2027-02-01",
    "date_from_datetime_inexact": "expected a date without a time, such as 2027-02-01",
    "list_type": "expected a list",
    "dict_type": "expected keys and values",
    "model_type": "expected keys and values",
    "model_attributes_type": "expected keys and values",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "missing": "required, but missing",
    "string_too_short": "must not be empty",
}


def _message(err: Any, model: type[BaseModel], key: KeyPath) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return _unknown_key(model, key)
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{err['input']!r} is not one of {expected}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return err["msg"].replace("Input should be", "must be")
    if kind in ("value_error", "assertion_error"):
        return str(err["msg"]).removeprefix("Value error, ")
    if kind == "missing" and key:
        return f"required, but missing (add {key[-1]}:)"
    return _MESSAGES.get(kind, str(err["msg"]))


def _unknown_key(model: type[BaseModel], key: KeyPath) -> str:
    fields = _fields_at(model, key[:-1])
    name = str(key[-1])
    close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else (
        f"; known keys: {', '.join(sorted(fields))}" if fields else "")
    return f"unknown key{hint}"


def _fields_at(model: type[BaseModel], key: KeyPath) -> list[str]:
    """The field names of the model found at `key` below `model`."""
    current: Any = model
    for part in key:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part) or current.model_fields.get(f"{part}_")
        if field is None:
            return []
        current = _model_in(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def case_text_problems(text: str, shown: str) -> list[Problem]:
    """What loading `text` as a case file would report (for files docgen writes, such as
    `intake`'s: the file written must load)."""
    from docgen.workspace.yamlsrc import parse_text

    src = Source(shown)
    parse_text(text, src)
    problems: list[Problem] = []
    if src.data is not None:
        _check_text(src.data, (), src)
        _validate(Case, src, problems, {"rule_check": None})
    return [*src.problems, *problems]
