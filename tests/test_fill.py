"""A translation's {placeholders} are filled as Python's own brace parser reads them, and a
placeholder that is more than a plain name (`{x.attr}`, `{x!r}`, `{x:>9999}`) is refused."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from docgen.render.versions import fill


def parsed_fill(text: str, values: dict[str, str]) -> str | None:
    """The plain way: Python's parser on every call."""
    out: list[str] = []
    try:
        for literal, name, spec, conversion in string.Formatter().parse(text):
            out.append(literal)
            if name is None:
                continue
            if spec or conversion or not name.isidentifier():
                return None
            out.append(values.get(name, "{" + name + "}"))
    except ValueError:
        return None
    return "".join(out)


@given(st.text(alphabet="{}ax!:.0 名", max_size=12),
       st.dictionaries(st.sampled_from(["x", "a", "名", "xa"]), st.text(max_size=3)))
def test_fill_reads_placeholders_as_python_does(text: str, values: dict[str, str]) -> None:
    assert fill(text, values) == parsed_fill(text, values)
    assert fill(text, values) == parsed_fill(text, values)  # asked again: the same


def test_fill_examples() -> None:
    assert fill("{city} and {partner}", {"city": "Milpitas"}) == "Milpitas and {partner}"
    assert fill("{{literal}} {x}", {"x": "X"}) == "{literal} X"
    assert fill("no placeholder", {}) == "no placeholder"
    assert fill("{x.__class__}", {"x": "X"}) is None
    assert fill("{x!r}", {"x": "X"}) is None
    assert fill("{x:>9999}", {"x": "X"}) is None
    assert fill("unbalanced {", {}) is None
