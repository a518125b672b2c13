"""The value checks of the workspace model that are more than a type: language codes (BCP 47
and CLDR), focus areas (seed 000's words and a workspace's own), e-mail addresses and phone
numbers. `docgen.workspace.schema` states the same for editors."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo

from docgen.workspace.languages import language_problem

BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


# Seed 000: the commission's focus areas. A workspace may declare more words in docgen.yaml
# (policy.focus_areas); the loader hands the settings' words to the cases (context).
FOCUS_AREAS: tuple[str, ...] = ("educational", "cultural", "social", "economic", "charitable")
EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"  # what the JSON Schema checks; the loader more


def _focus_words(info: ValidationInfo) -> tuple[str, ...]:
    declared = (info.context or {}).get("focus_areas") or ()
    return (*FOCUS_AREAS, *(w for w in declared if w not in FOCUS_AREAS))


def _focus_areas(value: list[str], info: ValidationInfo) -> list[str]:
    allowed = _focus_words(info)
    for word in value:
        if word not in allowed:
            import difflib

            close = difflib.get_close_matches(word.lower(), allowed, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ValueError(f"{word!r} is not a focus area; {hint}allowed: "
                             f"{', '.join(allowed)} (declare others in docgen.yaml "
                             "policy.focus_areas)")
    return value


def _email(value: str | None) -> str | None:
    if value is None:
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"{value!r} is not an e-mail address: {exc}") from None
    return value


def _phone(value: object) -> object:
    """A phone number is text ("+1 408 555 0142") or a whole number, as the schema says."""
    if isinstance(value, (bool, float)):
        raise ValueError("expected a phone number: write it as text in quotes, "
                         "e.g. \"+1 408 555 0142\"")
    return value


FocusAreas = Annotated[list[Annotated[str, Field(min_length=1)]], AfterValidator(_focus_areas)]
Email = Annotated[str | None, AfterValidator(_email)]
Phone = Annotated[str | None, BeforeValidator(_phone)]


def language_codes(value: list[str]) -> list[str]:
    for code in value:
        if not BCP47.match(code):
            raise ValueError(f"{code!r} is not a language code such as en, lo, mk or ur")
        problem = language_problem(code)
        if problem is not None:
            raise ValueError(problem)
    return value
