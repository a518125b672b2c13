"""What `docgen intake` accepts from a filled form: each value as the loader would accept it.

A form comes from outside: its values may hold control characters, digits of other scripts
("²", "٣") or numbers thousands of digits long. `checked_case` refuses those, field by field,
before they are typed; `check_loads` reads the YAML intake is about to write the way
`docgen build` will read it, so the file written always loads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from docgen.errors import InputError, Problem

MAX_DIGITS = 15  # as the loader reads a whole number
# Characters a case file cannot hold (the loader refuses them): C0 controls but tab, LF, CR;
# DEL and C1 controls; lone surrogates; U+FFFE and U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SEPARATORS = re.compile(r"[\s,._'’]")  # as a clerk groups digits: 12,000 or 12 000


def checked_case(values: dict[str, str], shown: str, kinds: dict[str, str],
                 to_case: Callable[[dict[str, str], str], dict[str, Any]]) -> dict[str, Any]:
    """`to_case(values, shown)` (form.values_to_case) of the values the loader would accept;
    InputError naming every field that cannot be read, with to_case's own problems.

    `kinds` gives each field's kind ("int", "date", "text", ...) by name."""
    problems: list[Problem] = []
    accepted: dict[str, str] = {}
    for name, text in values.items():
        why = _refusal(text, kinds.get(name) or kinds.get(re.sub(r"\.\d+\.", ".0.", name)))
        if why is None:
            accepted[name] = text
        else:
            problems.append(Problem(shown, None, name, why))
    try:
        data = to_case(accepted, shown)
    except InputError as exc:  # without "required" for a field refused here
        refused = {p.key for p in problems}
        raise InputError([*problems, *(p for p in exc.problems() if p.key not in refused)]) \
            from None
    if problems:
        raise InputError(problems)
    return data


def _refusal(text: str, kind: str | None) -> str | None:
    bad = _CONTROL.search(text)
    if bad:
        return (f"contains the control character U+{ord(bad.group()):04X}, which a document "
                "cannot hold; remove it")
    digits = _SEPARATORS.sub("", text)
    if kind == "int" and digits and not (digits.isascii() and digits.isdigit()
                                         and len(digits.lstrip("0")) <= MAX_DIGITS):
        return f"{text[:40]!r} is not a whole number (digits 0-9, at most {MAX_DIGITS})"
    return None


def check_loads(text: str, shown: str) -> None:
    """Raise InputError unless `text`, as a case file, loads as `docgen build` loads it."""
    from docgen.workspace.load import case_text_problems

    problems = case_text_problems(text, shown)
    if problems:
        raise InputError(problems)
