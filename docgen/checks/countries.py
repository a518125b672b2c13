"""Country names from maintained lists: pycountry (ISO 3166-1 names, official and common
names; ISO 3166-3 withdrawn names) and CLDR's English names (Babel).

A country named in the data is resolved to its ISO code; a document then uses one current
form of it (short, "Pakistan", or long, "Islamic Republic of Pakistan") throughout, and
never a former one ("Burma"), nor a current one with its distinguishing word dropped
("Republic of Macedonia" for the Republic of North Macedonia since 2019).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docgen.checks.data import SIDES, _city
from docgen.checks.inputs import CaseData, CaseDocuments, RenderedDoc
from docgen.checks.origin import Sink
from docgen.checks.reading import CASE_EXTRAS
from docgen.checks.registry import Hit, rule
from docgen.checks.text import replace_names

if TYPE_CHECKING:
    from docgen.docx.text import Para

# words that tell one country from another when dropped ("North Macedonia" -> "Macedonia")
_QUALIFIERS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}
_NOT_COUNTRIES = {"africa", "america", "asia", "europe", "korea"}  # continents; ambiguous


@dataclass(frozen=True)
class CountryNames:
    code: str
    long: str  # the official name, else the name
    current: tuple[str, ...]  # every current English form, longest first
    former: tuple[tuple[str, dt.date | None], ...]  # withdrawn names, with when


def _uninvert(name: str) -> str:
    """'Korea, Republic of' -> 'Republic of Korea'; 'Congo, The Democratic Republic of the'
    -> 'The Democratic Republic of the Congo'."""
    if ", " not in name:
        return name
    head, _, tail = name.partition(", ")
    return f"{tail} {head}" if tail.split()[-1].lower() in ("of", "the") else name


def _withdrawn(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value if len(value) == 10 else f"{value[:4]}-12-31")
    except ValueError:
        return None


@functools.cache
def _all() -> dict[str, CountryNames]:
    import pycountry
    from babel import Locale

    cldr = Locale("en").territories
    former: dict[str, list[tuple[str, dt.date | None]]] = {}
    for old in pycountry.historic_countries:
        successor = getattr(old, "alpha_4", "")[2:]
        if len(successor) == 2 and successor != "HH":
            name = old.name
            forms = {name, _uninvert(name), name.split(",")[0]}
            former.setdefault(successor, []).extend(
                (f, _withdrawn(getattr(old, "withdrawal_date", None))) for f in forms)
    out = {}
    for country in pycountry.countries:
        names = {country.name, _uninvert(country.name), getattr(country, "official_name", ""),
                 getattr(country, "common_name", ""), cldr.get(country.alpha_2, "")}
        names = {n.replace("’", "'") for n in names if n}
        long = getattr(country, "official_name", "") or country.name
        current = tuple(sorted(names, key=len, reverse=True))
        out[country.alpha_2] = CountryNames(country.alpha_2, long, current,
                                            tuple(former.get(country.alpha_2, ())))
    return out


def _key(name: str) -> str:
    return " ".join(name.replace("’", "'").casefold().split())


@functools.cache
def _index() -> dict[str, str]:
    return {_key(n): code for code, c in _all().items() for n in c.current}


def lookup(name: str) -> CountryNames | None:
    """The country a current name names, else None."""
    code = _index().get(_key(name))
    return _all()[code] if code else None


def partial_forms(country: CountryNames) -> tuple[str, ...]:
    """Current forms with a distinguishing word dropped, that name no other country."""
    out = set()
    for form in country.current:
        words = form.split()
        for i, word in enumerate(words):
            if word.lower() in _QUALIFIERS:
                shorter = " ".join(words[:i] + words[i + 1:])
                if _key(shorter) not in _index() and shorter.lower() not in _NOT_COUNTRIES:
                    out.add(shorter)
    return tuple(sorted(out, key=len, reverse=True))


def outdated(name: str) -> tuple[CountryNames, str] | None:
    """(the country, why) when `name` is a former or partial name of a country."""
    key = _key(name)
    for country in _all().values():
        for old, when in country.former:
            if _key(old) == key:
                since = f" (until {when.year})" if when else ""
                return country, f"a former name{since}"
        if any(_key(p) == key for p in partial_forms(country)):
            return country, "not its name"
    return None


@rule("NAM003", "error", "Each country is named by a current name (pycountry, CLDR): not a "
      "former one (“Burma”) nor one missing a word (“Republic of Macedonia”).", "data")
def country_name_current(data: CaseData) -> Iterator[Hit]:
    for side in SIDES:
        city = _city(data, side)
        if lookup(city.country) is not None:
            continue
        found = outdated(city.country)
        if found is not None:  # an unknown name is not judged: lists lag behind renamings
            country, why = found
            yield data.side_hit(side, f"“{city.country}” is {why} of {country.current[-1]}: "
                                      f"write “{country.long}” (or "
                                      f"“{_short(country)}”)", "country")


def _short(country: CountryNames) -> str:
    return min(country.current, key=len)


@functools.lru_cache(maxsize=256)
def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n).replace("'", "['’]") for n in names)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _naming(doc: RenderedDoc, names: tuple[str, ...]) -> list[Para]:
    """The paragraphs `_pattern(names)` may match (each is searched again): those holding a
    piece of ASCII of each name in any case, by one search of the joined text per piece; a
    name without one is searched for by its pattern."""
    stems, rest = _stems(names)
    return doc.text.containing_any_case(stems, cased=(_pattern(rest),) if rest else ())


@functools.lru_cache(maxsize=256)
def _stems(names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The longest run of ASCII (no apostrophe) of each name, lower-cased, and the names
    without one."""
    stems, rest = [], []
    for name in names:
        runs = re.findall(r"[\x00-\x09\x0b-\x26\x28-\x7f]+", name)
        if runs:
            stems.append(max(runs, key=len).lower())
        else:
            rest.append(name)
    return tuple(dict.fromkeys(stems)), tuple(rest)


def _may_name(name: str, text: str, low: str) -> bool:
    """Whether `_pattern((name,))` may match `text` (`low` lower-cased): its piece of ASCII
    (`_stems`) is in `low`, or a character IGNORECASE takes for one of its letters is in
    `text`; a name without one may."""
    stems, _rest = _stems((name,))
    if not stems:
        return True
    return stems[0] in low or any(c in text for c in _extras(stems[0]))


@functools.lru_cache(maxsize=256)
def _extras(stem: str) -> str:
    return "".join(sorted({c for letter in stem for c in CASE_EXTRAS.get(letter, "")}))


def _countries(docs: CaseDocuments) -> list[CountryNames]:
    out = []
    for side in SIDES:
        found = lookup(_city(docs, side).country)  # type: ignore[arg-type]
        if found is not None and found not in out:
            out.append(found)
    return out


@rule("NAM004", "error", "No document names a country by a former or partial name "
      "(“Republic of Macedonia” after 2019, “Burma”).", "documents")
def no_outdated_country(docs: CaseDocuments) -> Iterator[Hit]:
    sink = Sink(docs)
    for country in _countries(docs):
        wrong = [(n, why) for n, why in ((p, "not its name") for p in partial_forms(country))]
        wrong += [(n, f"a former name (until {w.year})" if w else "a former name")
                  for n, w in country.former]
        if not wrong:
            continue
        pattern = _pattern(tuple(n for n, _ in wrong))
        reason = {_key(n): why for n, why in wrong}
        for doc in docs.docs:
            for para in _naming(doc, tuple(n for n, _ in wrong)):
                if not pattern.search(para.text):
                    continue
                masked = replace_names(para.text, country.current, "\x00" * 3)
                for match in pattern.finditer(masked):
                    if sink.in_name(para, match.start(), match.end()):
                        continue
                    hit = sink.add(doc, para, match.start(), match.end(),
                                   f"“{match.group()}” is {reason[_key(match.group())]} of "
                                   f"{_short(country)}: write “{country.long}”")
                    if hit is not None:
                        yield hit
    yield from sink.traced_hits()


@rule("NAM005", "error", "A document names each country in one form, short (“Pakistan”) or "
      "long (“Islamic Republic of Pakistan”), not both; postal addresses excepted.",
      "documents")
def one_form_per_document(docs: CaseDocuments) -> Iterator[Hit]:
    sink = Sink(docs)
    addresses = {line.strip() for city in (docs.home, docs.partner) for line in city.address}
    for country in _countries(docs):
        anywhere = _pattern(country.current)
        for doc in docs.docs:
            seen: dict[str, list[tuple[object, int, int]]] = {}
            for para in _naming(doc, country.current):
                if not anywhere.search(para.text):  # most paragraphs name no country
                    continue
                for line_start, line in _lines(para.text):
                    if line.strip() in addresses:
                        continue
                    masked, low = line, line.lower()
                    for form in country.current:  # longest first: each place counts once
                        if not _may_name(form, line, low):
                            continue  # (nor then in `masked`: it is `line`, some of it NUL)
                        for match in _pattern((form,)).finditer(masked):
                            if sink.in_name(para, line_start + match.start(),
                                            line_start + match.end()):
                                continue
                            seen.setdefault(form, []).append(
                                (para, line_start + match.start(), line_start + match.end()))
                        masked = _pattern((form,)).sub(lambda m: "\x00" * len(m.group()),
                                                       masked)
            if len(seen) < 2:
                continue
            kept = max(seen, key=lambda f: (len(seen[f]), len(f)))
            for form, places in seen.items():
                if form == kept:
                    continue
                para, start, end = places[0]
                hit = sink.add(doc, para, start, end,  # type: ignore[arg-type]
                               f"“{form}” here, “{kept}” elsewhere in the document: "
                               "name the country in one form throughout a document")
                if hit is not None:
                    yield hit
    yield from sink.traced_hits()


def _lines(text: str) -> Iterator[tuple[int, str]]:
    at = 0
    for line in text.split("\n"):
        yield at, line
        at += len(line) + 1
