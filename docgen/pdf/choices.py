"""What a foreign office reads and picks on the form, and the case-file values behind it.

The form shows words ("Friendship city", "Mayor's office", "Lao, English", "October 2,
2026"); `intake` maps them back to the contract's values (`friendship-city`,
`leader_office`, `[lo, en]`, `2026-10-02`). The contract's own values are accepted too.
Language names come from docgen's table and Babel (CLDR), in English.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from docgen.render.context import format_date
from docgen.workspace.languages import english_name, language

CHOICES: dict[str, dict[str, str]] = {
    "agreement.type": {"sister-city": "Sister city", "friendship-city": "Friendship city",
                       "county": "Sister county", "state": "Sister state"},
    "role": {"leader_office": "Mayor's office", "volunteer": "Volunteer organization"},
    "partner.leader.name_order": {"given-first": "Given name first",
                                  "family-first": "Family name first"},
    "inquiry.channel": {"email": "Email", "letter": "Letter", "visit": "Visit",
                        "phone": "Telephone"},
    "origin": {"initiated": "Our commission wrote to you first",
               "inquiry": "Your city wrote to us first"},
}


def choice_key(field: str) -> str | None:
    """The choice list of a field name: contacts' roles share one."""
    if field in CHOICES:
        return field
    return "role" if re.fullmatch(r"partner\.contacts\.\d+\.role", field) else None


def to_words(key: str, value: str) -> str:
    return CHOICES[key].get(value, value)


def from_words(key: str, text: str) -> str | None:
    """The contract value of a picked word (or of the value itself), else None."""
    wanted = text.strip().casefold()
    for value, word in CHOICES[key].items():
        if wanted in (value.casefold(), word.casefold()):
            return value
    return None


def languages_to_words(codes: list[str]) -> str:
    return ", ".join(language(code).name for code in codes)


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    """English language name (case-folded) -> code: Babel's names, then docgen's table."""
    from babel import Locale

    names = {name.casefold(): code for code, name in Locale("en").languages.items()}
    for code in names.copy().values():  # English names only: no other locale's data is read
        names.setdefault(english_name(code).casefold(), code)
    return names


def languages_from_words(text: str) -> list[str] | None:
    """'Lao, English' (or 'lo, en') -> ['lo', 'en']; None when a name is not known."""
    out = []
    for part in re.split(r"[,;\n]|\band\b", text):
        name = part.strip()
        if not name:
            continue
        code = _language_names().get(name.casefold())
        if code is None and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", name):
            code = name
        if code is None:
            return None
        out.append(code)
    return out


def date_to_words(iso: str) -> str:
    return format_date(dt.date.fromisoformat(iso))


def _month_names() -> dict[str, int]:
    """English month names and their abbreviations (CLDR), as dates are written in words."""
    from babel.dates import get_month_names

    out: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        out.update({str(m).rstrip(".").casefold(): n
                    for n, m in get_month_names(width, locale="en").items()})
    return out


_MONTH = _month_names()


def date_from_words(text: str) -> dt.date | None:
    """'October 2, 2026', '2 October 2026', 'Oct 2 2026' or '2026-10-02'; else None."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    words = re.findall(r"[^\W\d_]+|\d+", text)
    months = [w for w in words if w.casefold() in _MONTH]
    numbers = [int(w) for w in words if w.isdigit()]
    if len(months) != 1 or len(numbers) != 2:
        return None
    day, year = sorted(numbers)
    try:
        return dt.date(year, _MONTH[months[0].casefold()], day)
    except ValueError:
        return None
