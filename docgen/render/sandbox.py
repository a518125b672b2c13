"""The Jinja environment every template runs in: sandboxed, strict, autoescaping.

Templates come from clerks and data from abroad: `&`, `<` and quotes in data come out as typed,
a missing variable is an error, and a template reaching for Python internals is refused.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment


def jinja_environment() -> Environment:
    """A new environment; docxtpl's render is given one of these."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


@cache
def shared_environment() -> Environment:
    """The one environment of this process that compiled templates are kept for."""
    return jinja_environment()
