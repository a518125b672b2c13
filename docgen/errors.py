"""Every expected failure is a DocgenError; cli.py turns it into messages and an exit status.

Low-level code raises without knowing where it sits; callers that know the file add it.
The core never imports click.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# What would break a message's one line, or hide in it: C0 and C1 controls (tab, newline and
# the rest), DEL, and the Unicode line and paragraph separators.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` with newlines and control characters escaped (`\\n`, `\\x00`): one line."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1] if m.group() in "\n\r\t"
                            else f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input, located as precisely as we know."""

    path: str  # workspace-relative where possible, e.g. "cases/tetovo.yaml"
    line: int | None = None
    key: str | None = None  # dotted key path, e.g. "partner.population"
    message: str = ""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.key}: {self.message}" if self.key else self.message
        return f"{where}: {what}"


class DocgenError(Exception):
    """Base of every error a user can act on. Exit status 1 unless said otherwise."""

    exit_code = 1

    def problems(self) -> list[Problem]:
        return []

    def lines(self) -> list[str]:
        """One line per problem, each a single line whatever names and data it quotes."""
        return [one_line(str(p)) for p in self.problems()] or [
            one_line(line) for line in str(self).split("\n")]


class InputError(DocgenError):
    """Bad input: one or more problems, all reported at once."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self._problems = sorted(set(problems), key=_problem_order)
        super().__init__("\n".join(str(p) for p in self._problems))

    def problems(self) -> list[Problem]:
        return list(self._problems)

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:  # crosses process boundaries
        return (type(self), (self._problems,))


class TemplateProblem(InputError):
    """A template that cannot be rendered (syntax, undefined variable, sandbox refusal)."""


class NotDueError(DocgenError):
    """A document was asked for that its case is not due yet."""


class UsageError(DocgenError):
    """The command was called wrongly (exit status 2, like click's own usage errors)."""

    exit_code = 2


class OutputError(DocgenError):
    """The output folder cannot be written (locked, outside the allowed places, disk)."""


def unknown_cases(missing: Iterable[str], known: Iterable[str]) -> InputError:
    """The error for case ids that name no case file."""
    listed = ", ".join(sorted(known)) or "none"
    return InputError([Problem(f"cases/{c}.yaml", None, None,
                               f"no such case (known cases: {listed})") for c in missing])


def _problem_order(p: Problem) -> tuple[str, int, str, str]:
    return (p.path, p.line or 0, p.key or "", p.message)
