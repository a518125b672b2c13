"""Forms of address: an official's address block and salutation, never a silent guess.

They come from the name as the case records it (`name`, and optionally `family_name`,
`given_name`, `name_order`, `salutation`), from the office's own form (a Lord Mayor, an
Excellency, a Presidente Municipal...) and from the naming custom of the official's city.
Where the data does not settle which name a salutation uses, the salutation names the
office alone ("Dear Mayor:") and `question` says what to record, and why; the checks report
it (ADR006).

No maintained library says how a culture uses names in formal address: CLDR's personNames
data gives the order of names per locale, but Babel does not ship it. So `NAMING` below is a
small table of customs per language (sources: Debrett's; the US Department of State's and the
Protocol School of Washington's guides to foreign names); a language not in it follows the
given-name-first, family-name-last custom. The city's first language decides; a city with no
languages recorded uses the first official language of its country (Babel, CLDR).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from docgen.workspace.model import Official

Use = Literal["family", "given", "full"]


@dataclass(frozen=True)
class Naming:
    """A culture's custom: which name formal address uses, and why a name may not say it."""

    use: Use  # the family name, the given name, or the whole name
    order: Literal["given-first", "family-first"] | None  # None: English texts vary
    reason: str  # why the last word of a name is not to be trusted
    # the positions settle it when the name has this many words or fewer (0: never)
    plain_up_to: int = 0


WESTERN = Naming("family", "given-first", "", plain_up_to=99)
NAMING: dict[str, Naming] = {
    "ja": Naming("family", None, "Japanese names are written family name first in Japanese "
                 "and often given name first in English"),
    "zh": Naming("family", None, "Chinese names are written family name first, but often "
                 "given name first in English"),
    "ko": Naming("family", None, "Korean names are written family name first, but often "
                 "given name first in English"),
    "hu": Naming("family", None, "Hungarian names are written family name first in Hungarian "
                 "and given name first in English"),
    "vi": Naming("given", "family-first", "Vietnamese names are used in formal address by the "
                 "given name, which comes last"),
    "km": Naming("family", "family-first", "Khmer names are written family name first"),
    "lo": Naming("given", "given-first", "Lao names are used in formal address by the given "
                 "name"),
    "th": Naming("given", "given-first", "Thai names are used in formal address by the given "
                 "name"),
    "is": Naming("given", "given-first", "Icelandic names are used in formal address by the "
                 "given name (the last name is a patronymic)"),
    "mn": Naming("given", "family-first", "Mongolian names are used in formal address by the "
                 "given name (the first name is a patronymic)"),
    "my": Naming("full", None, "Burmese names have no family name"),
    "id": Naming("family", "given-first", "Indonesian names often have no family name"),
    "ms": Naming("family", "given-first", "Malay names often have no family name (the last "
                 "name may be the father's)"),
    "ar": Naming("family", "given-first", "Arabic names are often a chain of given names (the "
                 "last may be a father's or grandfather's name)"),
    "ur": Naming("family", "given-first", "Pakistani names often have no family name (the "
                 "last name may be a father's, tribal or given name)"),
    "ps": Naming("family", "given-first", "Pashtun names often have no family name (the last "
                 "name may be a tribal or given name)"),
    "es": Naming("family", "given-first", "Spanish names usually carry two family names, the "
                 "father's then the mother's, so the last word is not the name used",
                 plain_up_to=2),
}

# Courtesy titles a name may carry; an honorific (The Honorable, Excellency) replaces them.
# (a title that is also a given name, such as Don, is left alone)
_COURTESY = re.compile(r"^(?:(?:dr|prof|mr|mrs|ms|mx|hon|h\.\s?e|sr|sra|m|mme)\.\s*"
                       r"|(?:dr|prof|mr|mrs|ms|mx|mme|sir|dame|dato'?|datuk|herr|frau)\s+)",
                       re.IGNORECASE)
_EXCELLENCY = re.compile(r"\bexcellency\b", re.IGNORECASE)
# Offices whose English salutation names another rank than the title's own words.
RANKS_IN_ENGLISH = {
    "presidente municipal": "Municipal President",
    "presidenta municipal": "Municipal President",
    "alcalde": "Mayor",
    "alcaldesa": "Mayor",
    "maire": "Mayor",
    "sindaco": "Mayor",
    "prefeito": "Mayor",
    "prefeita": "Mayor",
    "bürgermeister": "Mayor",
    "oberbürgermeister": "Lord Mayor",
}
# Debrett's: "The Right Worshipful the Lord Mayor of X" (The Right Honourable for the few
# Lord Mayors who hold that style), "Dear Lord Mayor".
LORD_MAYOR_STYLES = ("The Right Honourable", "The Right Honorable", "The Right Worshipful")


@dataclass(frozen=True)
class Address:
    lines: tuple[str, ...]  # the address block's first lines, before the postal address
    addressed_as: str  # the first of them: honorific and name
    salutation: str
    called: str  # the name the salutation uses ("" when it names the office alone)
    question: str | None  # what to record, and why, when the data does not settle it


def rank_of(title: str) -> str:
    """'Mayor of the City of Milpitas' -> 'Mayor'; 'Presidente Municipal de X' ->
    'Presidente Municipal'."""
    head = re.split(r"\s+(?:of|de|del|de la|di|du|des|da|do|der|von|van)\s+", title,
                    maxsplit=1)[0]
    return head.split(",")[0].strip()


def naming_of(leader: Official) -> Naming:
    """The naming custom of the official's city: by its first language, else its country's."""
    languages, country = leader.culture
    codes = list(languages) or list(_official_languages(country))
    base = codes[0].split("-")[0].lower() if codes else ""
    return NAMING.get(base, WESTERN)


@lru_cache(maxsize=256)
def _official_languages(country: str) -> tuple[str, ...]:
    """The official languages of a country by name (pycountry, then Babel's CLDR data)."""
    import pycountry
    from babel.languages import get_official_languages

    try:
        code = pycountry.countries.lookup(country).alpha_2
    except LookupError:
        return ()
    return tuple(get_official_languages(code, de_facto=True))


def bare_name(name: str) -> str:
    """The name without courtesy titles: 'Dr. Kenji Tomioka' -> 'Kenji Tomioka'."""
    while (match := _COURTESY.match(name)) and len(name) > match.end():
        name = name[match.end():]
    return name.strip()


def shown_name(leader: Official) -> str:
    """The name for the address block: an honorific replaces courtesy titles and is never
    repeated ('The Honorable' + 'Hon. Ana Cruz' -> 'Ana Cruz')."""
    name = leader.name.strip()
    form = (leader.form_of_address or "").strip()
    if not form:
        return name
    if name.lower().startswith(form.lower() + " "):
        name = name[len(form):].strip()
    return bare_name(name) if _is_honorific(form) else name


def _is_honorific(form: str) -> bool:
    return bool(re.search(r"hono(?:u)?rable|excellency|worshipful|\bhon\b", form, re.I))


def _rest(words: list[str], part: str) -> str:
    """The name without `part` at its start or end: the other name."""
    bits = part.split()
    if words[:len(bits)] == bits:
        return " ".join(words[len(bits):])
    if words[-len(bits):] == bits:
        return " ".join(words[:-len(bits)])
    return ""


def called_by(leader: Official) -> tuple[str, str | None]:
    """The name a salutation uses, or "" and why the data does not settle it."""
    naming = naming_of(leader)
    words = bare_name(leader.name).split()
    family, given = leader.family_name, leader.given_name
    if family and not given:
        given = _rest(words, family) or None
    if given and not family:
        family = _rest(words, given) or None
    if naming.use == "full" or len(words) == 1:
        return " ".join(words), None
    wanted = family if naming.use == "family" else given
    if wanted:
        return wanted, None
    order = None  # the order of the words, where it alone settles which name is used
    if len(words) <= naming.plain_up_to:
        order = leader.name_order or naming.order
    elif naming.order is None and naming.use == "family" and leader.name_order:
        order = leader.name_order
    if order is None:
        field = "family_name" if naming.use == "family" else "given_name"
        hint = " or partner.leader.name_order" if naming.order is None else ""
        return "", (f"{naming.reason}: record partner.leader.{field}{hint} (or "
                    "partner.leader.salutation, as the partner's office confirms it)")
    family_first = order == "family-first"
    if naming.use == "family":
        return (words[0] if family_first else words[-1]), None
    return (words[-1] if family_first else words[0]), None


def address_of(leader: Official) -> Address:
    """The address block's first lines and the salutation of an official."""
    title = leader.title.strip()
    rank = rank_of(title)
    name = shown_name(leader)
    form = (leader.form_of_address or "").strip()
    if rank.lower() == "lord mayor":
        style = next((s for s in LORD_MAYOR_STYLES if form.lower() == s.lower()),
                     "The Right Worshipful")
        lines = (f"{style} the {title}", bare_name(leader.name))
        return Address(lines, lines[0], leader.salutation or "Dear Lord Mayor:", "", None)
    addressed = f"{form} {name}" if form else name
    lines = (addressed, title)
    if leader.salutation:
        return Address(lines, addressed, leader.salutation, "", None)
    if _EXCELLENCY.search(form):
        return Address(lines, addressed, "Excellency:", "", None)
    english = RANKS_IN_ENGLISH.get(rank.lower(), rank)
    called, question = called_by(leader)
    salutation = f"Dear {english} {called}:" if called else f"Dear {english}:"
    return Address(lines, addressed, salutation, called, question)
