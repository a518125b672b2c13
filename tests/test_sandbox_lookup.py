"""The sandbox's attribute lookup on plain dicts takes a shortcut; it must answer as the
sandbox answers: keys, dict's own methods, missing names, the unsafe ones refused."""

from __future__ import annotations

import pytest
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from docgen.render.sandbox import jinja_environment


class Mapping(dict):  # type: ignore[type-arg]
    pass


@pytest.mark.parametrize("source", [
    "{{ d.kind }}", "{{ d.items() | list }}", "{{ d.keys | string | length > 0 }}",
    "{{ d.get('kind') }}", "{{ d._private }}", "{{ m.kind }}", "{{ d.kind.upper() }}",
    "{{ d.nested.kind }}", "{{ d['kind'] }}"])
def test_dict_lookup_answers_as_the_sandbox(source: str) -> None:
    context = {"d": {"kind": "lead", "_private": 1, "items": "key", "nested": {"kind": "x"}},
               "m": Mapping(kind="m")}
    mine = jinja_environment().from_string(source).render(context)
    plain = ImmutableSandboxedEnvironment(autoescape=True).from_string(source).render(context)
    assert mine == plain


def test_missing_and_unsafe_are_refused() -> None:
    env = jinja_environment()
    with pytest.raises(UndefinedError):
        env.from_string("{{ d.missing }}").render(d={})
    with pytest.raises(SecurityError):
        env.from_string("{{ d.__class__.__subclasses__() }}").render(d={})
    with pytest.raises(SecurityError):
        env.from_string("{{ d.update(x=1) }}").render(d={})
