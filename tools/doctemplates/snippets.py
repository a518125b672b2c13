"""Jinja expression helpers: the docxtpl tag text the templates are written in.

Each template may reference only the keys of docgen's template context (doc, home, partner,
case, agreement); rendering uses a sandboxed Jinja environment with StrictUndefined, so every
optional value is guarded with ``{% if %}``.  Blanks the other side must fill in print a line
of underscores.
"""

from __future__ import annotations

BLANK = "_" * 28
SHORT_BLANK = "_" * 16
SIGNATURE_LINE = "_" * 34

# "educational and social exchange", or, with no focus areas recorded anywhere, a neutral phrase
_FOCUS = "(case.focus_areas_text or home.focus_areas_text)"
FOCUS_EXCHANGE = f"{_FOCUS} ~ ' exchange' if {_FOCUS} else 'exchanges between our cities'"

# "points of contact", or "point of contact" when the home city has one contact
POINTS_OF_CONTACT = ("{% if home.leader_office_contact.present and home.volunteer_contact.present"
                     " %}points{% else %}point{% endif %} of contact")


def v(expr: str) -> str:
    """An inline expression tag."""
    return "{{ " + expr + " }}"


def or_blank(expr: str, blank: str = BLANK) -> str:
    """The value of ``expr``, or a line of underscores when it is empty."""
    return "{% if " + expr + " %}{{ " + expr + " }}{% else %}" + blank + "{% endif %}"


def when(cond: str, text: str) -> str:
    """``text`` only when ``cond`` holds (inline)."""
    return "{% if " + cond + " %}" + text + "{% endif %}"


def city_name(side: str) -> str:
    """City name with its local name in its own script when it has one, and the country."""
    return (
        v(f"{side}.city")
        + when(f"{side}.has_local_name", " (" + v(f"{side}.local_name") + ")")
        + ", "
        + v(f"{side}.country")
    )


def contact_line(c: str, sep: str) -> str:
    """A contact's name, title, organization, email and phone, skipping empty parts."""
    return v(f"[{c}.name, {c}.title, {c}.organization, {c}.email, {c}.phone]|select|join({sep})")


def contact_or_blank(c: str, sep: str) -> str:
    """The contact line when the contact is present, otherwise a blank to fill in."""
    return (
        "{% if " + c + ".present %}" + contact_line(c, sep) + "{% else %}" + BLANK + "{% endif %}"
    )
