"""Rules on the language versions: official languages (CLDR), and the translators' catalogs.

Findings on a translation are located at its entry in the catalog (`translations/lo.po:120`)
and belong to the agreement that uses it, so that document is marked DRAFT.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docgen.checks.inputs import AGREEMENTS, LETTERS, CaseData, CaseDocuments
from docgen.checks.registry import Hit, rule
from docgen.workspace.languages import country_code, language
from docgen.workspace.model import City

SIDES = ("home", "partner")
MOST = 12  # untranslated entries listed one by one; the rest are counted


def _base(code: str) -> str:
    return code.split("-")[0].lower()


def accepted_languages(city: City) -> set[str] | None:
    """The languages that count as the city's in an agreement: its country's official
    languages as CLDR records them, and those of the city's own `languages` that CLDR
    records as official in a region of the country (Albanian in North Macedonia). None when
    the country is unknown to pycountry (then the city's own languages count)."""
    from babel import languages

    code = country_code(city.country)
    if code is None:
        return None
    national = set(languages.get_official_languages(code, de_facto=True))
    regional = set(languages.get_official_languages(code, regional=True, de_facto=True))
    return national | (regional & set(map(_base, city.languages)))


@rule("LNG001", "error", "The agreement includes an official language of each city's country "
      "(CLDR), or one official in the city's region and listed in its languages.", "data")
def languages_of_both(data: CaseData) -> Iterator[Hit]:
    agreement = set(map(_base, data.case.agreement.languages))
    if not agreement:
        if data.case.history.tentative_agreement is not None:
            yield data.hit("agreement.languages is empty: the agreement is done in an official "
                           "language of each city", "agreement")
        return
    for side in SIDES:
        city: City = data.home if side == "home" else data.partner
        accepted = accepted_languages(city)
        if accepted is None:
            own = set(map(_base, city.languages))
            if not own:
                yield data.side_hit(side, f"{city.city}'s languages are not recorded and its "
                                          f"country “{city.country}” is not one CLDR knows, so "
                                          "the agreement's languages cannot be checked",
                                    "languages")
            elif not agreement & own:
                yield data.hit(f"none of the agreement's languages "
                               f"({', '.join(data.case.agreement.languages)}) is a language "
                               f"of {city.city} ({', '.join(city.languages)})",
                               "agreement", "languages")
        elif not agreement & accepted:
            names = " or ".join(language(c).name for c in sorted(accepted))
            yield data.hit(f"the agreement is done in "
                           f"{', '.join(language(c).name for c in sorted(agreement))}, but no "
                           f"official language of {city.country} ({names}): {city.city}'s "
                           "text must be in it", "agreement", "languages")


def _agreements(docs: CaseDocuments) -> Iterator[tuple[str, Any]]:
    """Each agreement document of the case with its language versions."""
    for doc in docs.of_kinds(AGREEMENTS):
        yield doc.kind, versions_of(docs, doc.kind)


_CACHE: dict[tuple[int, str], Any] = {}


def versions_of(docs: CaseDocuments, kind_id: str) -> Any:
    """The language versions of one agreement of the case (`render.versions`) as the
    document has them (written on its own date), computed once per check run."""
    from docgen.render.context import document_day
    from docgen.render.versions import build_versions
    from docgen.workspace.lifecycle import kind

    key = (id(docs), kind_id)
    if key not in _CACHE:
        if any(held is not docs for held, _found in _CACHE.values()):
            _CACHE.clear()  # another case's: let its documents go
        doc_kind = kind(kind_id)
        day, _meetings = document_day(docs.workspace, docs.case_file, doc_kind, docs.as_of)
        _CACHE[key] = (docs, build_versions(docs.workspace, docs.case_file, kind_id,
                                            doc_kind.original or "home", day))
    return _CACHE[key][1]


def _title(kind_id: str) -> str:
    return {"mou": "the MOU", "mou-partner": "the partner's original of the MOU",
            "tentative-agreement": "the tentative agreement"}.get(kind_id, kind_id)


@rule("LNG004", "error", "Every language of agreement.languages has a translation of every "
      "sentence of the agreement in translations/<lang>.po (the document otherwise leaves "
      "that version out and is a DRAFT); so has a letter's courtesy translation "
      "(letters_translated), which is otherwise left out.", "documents")
def translations_complete(docs: CaseDocuments) -> Iterator[Hit]:
    for kind_id, found in _agreements(docs):
        for code, missing in found.missing.items():  # type: ignore[attr-defined]
            catalog = found.catalogs[code]  # type: ignore[attr-defined]
            name, present = language(code).name, found.codes  # type: ignore[attr-defined]
            left = f"{_title(kind_id)} names only " + ", ".join(
                language(c).name for c in present)
            if not catalog.exists:
                yield Hit(f"no {name} catalog: run `docgen translations --lang {code}` and "
                          f"have it translated; {left}", catalog.path, kind_id)
                continue
            for source in missing[:MOST]:
                shown = source.text if len(source.text) <= 60 else source.text[:57] + "..."
                yield Hit(f"no {name} translation of “{shown}” ({source.context}); {left}",
                          catalog.where(source.context), kind_id)
            if len(missing) > MOST:
                yield Hit(f"and {len(missing) - MOST} more sentences without a {name} "
                          "translation", catalog.path, kind_id)
    yield from _courtesy_missing(docs)


def _letters(docs: CaseDocuments) -> Iterator[tuple[str, Any]]:
    """Each letter of a case with letters_translated, with its courtesy translation (None
    when the agreement names no language to translate into)."""
    from docgen.render.context import document_day
    from docgen.render.letters_text import build_courtesy
    from docgen.workspace.lifecycle import kind

    if not docs.case.letters_translated:
        return
    for doc in docs.of_kinds(LETTERS):
        day, upcoming = document_day(docs.workspace, docs.case_file, kind(doc.kind), docs.as_of)
        yield doc.kind, build_courtesy(docs.workspace, docs.case_file, doc.kind, day,
                                       upcoming[0] if upcoming else None)


def _translating(docs: CaseDocuments) -> Iterator[tuple[str, Any]]:
    """The agreements' language versions, then the letters' courtesy translations, as the
    translations each uses (for LNG005 and LNG006)."""
    from types import SimpleNamespace

    yield from _agreements(docs)
    for kind_id, found in _letters(docs):
        if found is not None:
            yield kind_id, SimpleNamespace(used={found.code: found.used}, drafted={}, codes=[],
                                           catalogs={found.code: found.catalog})


def _courtesy_missing(docs: CaseDocuments) -> Iterator[Hit]:
    """A letter whose courtesy translation (letters_translated) lacks a sentence: it is
    left out of the letter."""
    left = "the letter's courtesy translation is left out"
    for kind_id, found in _letters(docs):
        if found is None:
            yield Hit(f"letters_translated is set, but the agreement names no language other "
                      f"than English to translate into; {left}",
                      f"{docs.case_file.path}:{docs.case_file.line_of('letters_translated')}",
                      kind_id)
            continue
        if not found.missing:
            continue
        catalog, name = found.catalog, language(found.code).name
        if not catalog.exists:
            yield Hit(f"no {name} catalog: run `docgen translations --lang {found.code}` and "
                      f"have it translated; {left}", catalog.path, kind_id)
            continue
        for source in found.missing[:MOST]:
            shown = source.text if len(source.text) <= 60 else source.text[:57] + "..."
            yield Hit(f"no {name} translation of “{shown}” ({source.context}); {left}",
                      catalog.where(source.context), kind_id)
        if len(found.missing) > MOST:
            yield Hit(f"and {len(found.missing) - MOST} more sentences without a {name} "
                      "translation", catalog.path, kind_id)


@rule("LNG005", "warning", "A translation marked fuzzy is not yet confirmed by the partner's "
      "translator.", "documents")
def translations_confirmed(docs: CaseDocuments) -> Iterator[Hit]:
    seen: set[tuple[str, str]] = set()
    for kind_id, found in _translating(docs):
        for code, drafted in found.drafted.items():
            if code in found.codes and ("drafts", code) not in seen:
                seen.add(("drafts", code))
                name = language(code).name
                count = len({source.context for source in drafted})
                yield Hit(f"{count} sentences of the {name} text are docgen's draft "
                          f"translations, not yet confirmed by a translator: run `docgen "
                          f"translations --lang {code}` and have them confirmed",
                          found.catalogs[code].path, kind_id)
        for code, catalog, source, entry in _translated(found, seen):
            stale = entry.source != source.text
            if not (entry.fuzzy or stale):
                continue
            seen.add((code, source.context))
            why = ("its English has changed since: run `docgen translations --lang "
                   f"{code}`" if stale else "fuzzy")
            yield Hit(f"{language(code).name} translation not yet confirmed ({why}): "
                      f"{source.context}", catalog.where(source.context), kind_id)


def _translated(found: Any, seen: set[tuple[str, str]]) -> Iterator[tuple[str, Any, Any, Any]]:
    """(code, catalog, source sentence, its translation) for every sentence a language
    version of `found` uses and its catalog translates, except those in `seen`."""
    for code, used in found.used.items():
        catalog = found.catalogs.get(code)
        if catalog is None:
            continue
        for source in used:
            entry = catalog.get(source.context)
            if entry is not None and entry.text and (code, source.context) not in seen:
                yield code, catalog, source, entry


@rule("LNG006", "error", "Every language version has the same figures: a translation keeps "
      "every placeholder, number, date and e-mail address of its English (Vienna Convention "
      "art. 33).", "documents")
def clause_parity(docs: CaseDocuments) -> Iterator[Hit]:
    from docgen.workspace.translations import parity_problems

    seen: set[tuple[str, str]] = set()
    for kind_id, found in _translating(docs):
        for code, catalog, source, entry in _translated(found, seen):
            seen.add((code, source.context))
            problems = parity_problems(entry.source, entry.text)
            if problems:
                yield Hit(f"the {language(code).name} text of {source.context} "
                          f"{'; '.join(problems)}", catalog.where(source.context), kind_id)


def translated_names(docs: CaseDocuments) -> list[str]:
    """The translations of the case's own strings (names of cities, countries, titles) in
    the catalogs of its agreement: the names as the translators write them."""
    out: list[str] = []
    prefixes = ("home:", f"{docs.case_file.id}:")
    for _, found in _agreements(docs):
        for catalog in found.catalogs.values():
            out += [e.text for ctx, e in catalog.entries.items()
                    if e.text and ctx.startswith(prefixes)]
        break
    return out


def name_forms(docs: CaseDocuments, kind_id: str) -> dict[str, dict[tuple[str, str], str]]:
    """The four names of the parties (home and partner city and country) as each language
    version of the agreement `kind_id` writes them: English as in the data, the others as
    their catalogs translate them (the data's form where a catalog has none)."""
    found = versions_of(docs, kind_id)
    cities = {"home": docs.home, "partner": docs.partner}
    out: dict[str, dict[tuple[str, str], str]] = {}
    for code in found.codes:
        catalog = found.catalogs.get(code)
        names: dict[tuple[str, str], str] = {}
        for side, city in cities.items():
            for key in ("city", "country"):
                context = f"home:{key}" if side == "home" else \
                    f"{docs.case_file.id}:partner.{key}"
                entry = catalog.entries.get(context) if catalog is not None else None
                names[(side, key)] = entry.text if entry is not None and entry.text else \
                    getattr(city, key)
        out[code] = names
    return out


# Two rules of the agreements' own data, kept beside the text they concern.

@rule("TIM011", "warning", "An MOU going to council states its evaluation date "
      "(agreement.evaluation_by): the evaluation clause is never left open.", "data")
def evaluation_date_for_council(data: CaseData) -> Iterator[Hit]:
    case = data.case
    if case.history.tentative_agreement is None or case.agreement.evaluation_by is not None:
        return
    if case.history.council_approval is None:
        meeting = case.agreement.council_meeting
        when = f" on {meeting.isoformat()}" if meeting else ""
        yield data.hit(f"the MOU goes to council{when} with no evaluation date: set "
                       "agreement.evaluation_by (policy: months after signing)", "agreement")


@rule("SYM009", "error", "Signatures are attested on both sides or on neither "
      "(agreement.attest: home and partner).", "data")
def attestation_symmetric(data: CaseData) -> Iterator[Hit]:
    attest = data.case.agreement.attest
    if attest is None or (attest.home is None) == (attest.partner is None):
        return
    missing = data.partner.city if attest.partner is None else data.home.city
    yield data.hit(f"only one side's signature is attested: name who attests for {missing} "
                   "too (US practice: the City Clerk), or neither", "agreement", "attest")
