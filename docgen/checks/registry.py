"""The rule registry: stable ids, default severities, one-line explanations, the functions.

A rule is a small function registered under an id such as ``PAR001``. It receives a typed
input (the case data, or the case's rendered documents) and returns `Hit`s; the engine turns
them into `Finding`s with the rule's id, the configured severity and any waiver. Rules never
print or raise.

This module imports nothing heavy: `docgen check --help` and the README table read it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]
Scope = Literal["data", "documents"]
SEVERITIES: tuple[str, ...] = ("error", "warning")
SETTINGS: tuple[str, ...] = ("error", "warning", "off")  # what docgen.yaml `rules:` accepts

GROUPS: dict[str, str] = {
    "PAR": "parties and rank",
    "ADR": "forms of address",
    "NAM": "names",
    "DAT": "dates",
    "SYM": "symmetry",
    "LNG": "languages",
    "TIM": "deadlines and lifecycle",
    "REG": "registration",
    "DOC": "rendered-document hygiene",
}
_ID = re.compile(r"^([A-Z]{3})(\d{3})$")


@dataclass(frozen=True)
class Hit:
    """What a rule returns: a message and where. The engine adds rule, severity and case."""

    message: str
    location: str  # "cases/x.yaml:12", or "x/mou.docx: body ¶3"
    document: str | None = None  # the document kind, for findings in a rendered document
    # for a finding on the data that a rendered text showed: the kinds whose text it reaches
    # (only those are marked DRAFT); empty: the whole case
    marks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    group: str
    severity: Severity  # the default; docgen.yaml `rules:` may change it
    explanation: str  # one line, shown by `docgen check --help` and in the README
    scope: Scope
    func: Callable[[Any], Iterable[Hit]]


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    case: str | None
    document: str | None  # a document kind such as "mou"; None for data findings
    message: str
    location: str
    waived: str | None = None  # the waiver's reason
    marks: tuple[str, ...] = ()  # a data finding's documents (Hit.marks); empty: all

    def marks_document(self, kind: str) -> bool:
        """Whether this finding counts against document `kind` (its DRAFT line)."""
        if self.document is not None:
            return self.document == kind
        return not self.marks or kind in self.marks

    @property
    def counts_as_error(self) -> bool:
        return self.severity == "error" and self.waived is None

    def __str__(self) -> str:
        tail = f" [waived: {self.waived}]" if self.waived is not None else ""
        return f"{self.location}: {self.severity} {self.rule}: {self.message}{tail}"

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "case": self.case,
                "document": self.document, "message": self.message,
                "location": self.location, "waived": self.waived is not None,
                "reason": self.waived}


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, explanation: str,
         scope: Scope) -> Callable[[Callable[[Any], Iterable[Hit]]],
                                   Callable[[Any], Iterable[Hit]]]:
    """Register the decorated function as rule `rule_id`."""
    match = _ID.match(rule_id)
    if not match or match.group(1) not in GROUPS:
        raise ValueError(f"bad rule id {rule_id!r}: a group ({', '.join(GROUPS)}) and 3 digits")
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} is registered twice")

    def register(func: Callable[[Any], Iterable[Hit]]) -> Callable[[Any], Iterable[Hit]]:
        RULES[rule_id] = Rule(rule_id, match.group(1), severity, explanation, scope, func)
        return func

    return register


def unknown_rule_message(rule_id: str, known: Iterable[str]) -> str:
    """`unknown rule id 'PAR01'; did you mean 'PAR001'?`"""
    ids = sorted(known)
    close = difflib.get_close_matches(rule_id.upper(), ids, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f"; known rules: {', '.join(ids)}"
    return f"unknown rule id {rule_id!r}{hint}"


def rule_table(rules: Iterable[Rule]) -> str:
    """The Markdown table of rules, as the README carries it."""
    rows = ["| id | group | default | checks |", "|---|---|---|---|"]
    for r in sorted(rules, key=lambda r: r.id):
        rows.append(f"| `{r.id}` | {GROUPS[r.group]} | {r.severity} | "
                    f"{r.explanation.replace('|', '/')} |")
    return "\n".join(rows) + "\n"


README_START = "<!-- rules:start -->"
README_END = "<!-- rules:end -->"


def with_rule_table(readme: str, rules: Iterable[Rule]) -> str:
    """`readme` with the text between the rules markers replaced by the current table."""
    start, end = readme.index(README_START) + len(README_START), readme.index(README_END)
    return f"{readme[:start]}\n{rule_table(rules)}{readme[end:]}"
