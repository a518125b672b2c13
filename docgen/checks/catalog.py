"""The catalog of rules: importing the rule modules registers them in the registry."""

from __future__ import annotations

from docgen.checks.registry import RULES, Rule, unknown_rule_message


def all_rules() -> dict[str, Rule]:
    """Every registered rule by id."""
    from docgen.checks import (  # noqa: F401
        address,
        agreement,
        countries,
        data,
        document,
        hygiene,
        languages,
        people,
        steps,
        timeline,
        titles,
    )

    return RULES


def unknown_rule(rule_id: str) -> str | None:
    """Why `rule_id` names no rule, with a did-you-mean; None for a known rule.

    The loader's check of rule ids in `rules:` and `waivers:` (`load_workspace(rule_check=)`).
    """
    rules = all_rules()
    return None if rule_id in rules else unknown_rule_message(rule_id, rules)
