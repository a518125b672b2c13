"""What docgen knows of a language, from CLDR through Babel: its names, direction, dates.

No table of languages or month names lives here: Babel's locale data answers for every
language CLDR knows. A code Babel does not know is an input error (`language_problem`), with
a did-you-mean where one fits (`al` is Albania's country code: Albanian is `sq`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in English
    native: str  # in the language itself
    rtl: bool = False

    def name_in(self, code: str) -> str:
        """This language's name in the language `code` (`lo` in Urdu: لاؤ)."""
        return display_name(self.code, code)


@functools.lru_cache(maxsize=256)
def _locale(code: str):  # type: ignore[no-untyped-def]
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


@functools.lru_cache(maxsize=256)
def _named(code: str):  # type: ignore[no-untyped-def]
    """The locale a language is named by: its language and script, not its region (`en-US`
    is English, `pt-BR` Portuguese: the region is a spelling; `zh-Hant` keeps its script)."""
    from babel import Locale, UnknownLocaleError

    locale = _locale(code)
    if locale is None or (locale.territory is None and locale.variant is None):
        return locale
    try:
        return Locale(locale.language, script=locale.script)
    except (UnknownLocaleError, ValueError):
        return locale


def known(code: str) -> bool:
    return _locale(code) is not None


@functools.lru_cache(maxsize=256)
def language(code: str) -> Language:
    """The language of a BCP 47 code; an unknown code keeps the code as its names."""
    locale = _locale(code)
    if locale is None:
        return Language(code, code, code)
    named = _named(code)
    english = english_name(code)
    native = named.get_display_name(named) or english
    return Language(code, english, native, locale.character_order == "right-to-left")


@functools.lru_cache(maxsize=1024)
def english_name(code: str) -> str:
    """`language(code).name` alone: it reads only English's locale data, not the language's
    own (which `language` needs for the native name and the direction)."""
    named = _named(code)
    return (named.get_display_name("en") or code) if named is not None else code


@functools.lru_cache(maxsize=1024)
def display_name(code: str, in_code: str) -> str:
    locale, where = _named(code), _locale(in_code)
    if locale is None or where is None:
        return language(code).name
    return locale.get_display_name(where) or language(code).name


def known_codes() -> list[str]:
    """Every language code CLDR has data for, as BCP 47 (`en`, `en-GB`, `zh-Hant-TW` and its
    short `zh-TW`): the codes the loader accepts, listed in the JSON Schema for editors."""
    from babel.localedata import locale_identifiers

    codes: set[str] = set()
    for identifier in locale_identifiers():
        parts = identifier.split("_")
        codes.add("-".join(parts))
        if len(parts) == 3:  # zh_Hant_TW is also zh-TW
            codes.add(f"{parts[0]}-{parts[2]}")
    return sorted(c for c in codes if c != "root" and known(c))


def language_problem(code: str) -> str | None:
    """Why `code` is no language docgen can write in, with a did-you-mean; None when known."""
    if known(code):
        return None
    from babel import Locale, languages
    from babel.core import get_global

    hint = ""
    territory = code.upper()
    official = languages.get_official_languages(territory, de_facto=True) \
        if territory in get_global("territory_languages") else ()
    if official:
        country = Locale("en").territories.get(territory, territory)
        hint = f"; {code!r} is the country code of {country}: did you mean {official[0]!r} " \
               f"({language(official[0]).name})?"
    else:
        names = {name.lower(): c for c, name in Locale("en").languages.items() if "_" not in c}
        close = difflib.get_close_matches(code.lower(), list(names), n=1, cutoff=0.75)
        candidates = [c for c in names.values() if len(c) <= 3 and known(c)]
        codes = difflib.get_close_matches(code.lower(), candidates, n=1, cutoff=0.6)
        if close:
            hint = f"; did you mean {names[close[0]]!r} ({close[0].title()})?"
        elif codes:
            hint = f"; did you mean {codes[0]!r} ({language(codes[0]).name})?"
    return f"{code!r} is not a language code CLDR knows (such as en, lo, mk, sq or ur){hint}"


def official_languages(country: str) -> tuple[str, ...]:
    """The official languages CLDR records for a country given by name (pycountry finds
    the code: "Lao People's Democratic Republic" is LA); () when the name is not found."""
    code = country_code(country)
    if code is None:
        return ()
    from babel import languages

    return tuple(languages.get_official_languages(code, de_facto=True))


@functools.lru_cache(maxsize=256)
def country_code(country: str) -> str | None:
    import pycountry

    try:
        return str(pycountry.countries.lookup(country).alpha_2)
    except LookupError:
        try:
            found = pycountry.countries.search_fuzzy(country)
        except LookupError:
            return None
        return str(found[0].alpha_2) if len(found) == 1 else None


@functools.lru_cache(maxsize=1024)  # a build asks for the same few days again and again
def format_long_date(day: dt.date, code: str) -> str:
    """The date as the language writes it in prose: `12 ກັນຍາ 2026`, `2026年9月12日`."""
    from babel.dates import format_date

    return str(format_date(day, "long", locale=_locale(code) or "en"))


@functools.lru_cache(maxsize=1024)
def format_number(value: int, code: str) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=_locale(code) or "en"))


def join_list(items: list[str], code: str) -> str:
    """`English and Lao`, `英語と日本語`, in the language's own way."""
    from babel.lists import format_list

    return str(format_list(items, locale=_locale(code) or "en")) if items else ""


def is_rtl_text(text: str) -> bool:
    """True when the first strong character of `text` is right to left."""
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return True
        if bidi == "L":
            return False
    return False
