"""Rules on the rendered documents: parties, forms of address, names and dates."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from docgen.checks.inputs import LETTERS, CaseDocuments, RenderedDoc, each_mou
from docgen.checks.languages import translated_names
from docgen.checks.origin import Sink
from docgen.checks.reading import Table
from docgen.checks.registry import Hit, rule
from docgen.checks.text import Near, bare, near, words
from docgen.render.address import address_of
from docgen.render.context import format_date, official_context
from docgen.workspace.languages import language
from docgen.workspace.model import City, Official, Settings

if TYPE_CHECKING:
    from docgen.docx.text import Para


def leaders(docs: CaseDocuments) -> list[tuple[City, Official]]:
    return [(docs.home, docs.home.leader), (docs.partner, docs.partner.leader)]


def signature_table(doc: RenderedDoc, docs: CaseDocuments) -> Table | None:
    """The table of signature blocks: the one naming both leaders, else the last naming one,
    else the last with signature lines (____) side by side."""
    names = [docs.home.leader.name, docs.partner.leader.name]

    def naming(t: Table, name: str) -> bool:
        return any(name in cell for row in t.rows for cell in row)

    both = [t for t in doc.text.tables if all(naming(t, n) for n in names)]
    either = [t for t in doc.text.tables if any(naming(t, n) for n in names)]
    lines = [t for t in doc.text.tables
             if any(sum(1 for c in row if _RULE.search(c)) >= 2 for row in t.rows)]
    found = both or either or lines
    return found[-1] if found else None


_RULE = re.compile(r"_{5,}")


def _column_of(table: Table, text: str) -> tuple[int, int] | None:
    for r, row in enumerate(table.rows, 1):
        for c, cell in enumerate(row):
            if text in cell:
                return r, c
    return None


@rule("PAR002", "error", "The MOU's two signatories are the two leaders, one on each side, "
      "each with the title of the office.", "documents")
@each_mou
def signatories(docs: CaseDocuments, doc: RenderedDoc) -> Iterator[Hit]:
    table = signature_table(doc, docs)
    full = doc.text.full_text()
    if table is None:
        for _, leader in leaders(docs):
            if leader.name not in full:
                yield doc.whole(f"{leader.name} does not sign the MOU")
        return
    columns: dict[str, int] = {}
    for city, leader in leaders(docs):
        at = _column_of(table, leader.name)
        if at is None:
            yield doc.hit(table.where(1), f"the signature table does not name {leader.name}, "
                                          f"{leader.title}")
            continue
        columns[city.city] = at[1]
        cells = [row[at[1]] for row in table.rows if at[1] < len(row)]
        if not any(leader.title in cell for cell in cells):
            yield doc.hit(table.where(at[0]), f"the signature block of {leader.name} lacks "
                                              f"the title “{leader.title}”")
    if len(columns) == 2 and len(set(columns.values())) == 1:
        yield doc.hit(table.where(1), "both leaders sign in the same column: one signature "
                                      "block per city, side by side")


@rule("PAR004", "error", "A letter goes from the home city's leader to the partner's leader, "
      "both named with their titles.", "documents")
def mayor_to_mayor(docs: CaseDocuments) -> Iterator[Hit]:
    for doc in docs.of_kinds(LETTERS):
        full = doc.text.full_text()
        for role, leader in (("addressee", docs.partner.leader),
                             ("signatory", docs.home.leader)):
            for what in (leader.name, leader.title):
                if what not in full:
                    yield doc.whole(f"the letter does not name its {role} “{what}”")


_HONORABLE = re.compile(r"\bthe\s+hono(?:u)?rable\b", re.IGNORECASE)
_EXCELLENCY = re.compile(r"\bexcellency\b", re.IGNORECASE)


def _people(docs: CaseDocuments) -> list[str]:
    names = [docs.home.leader.name, docs.partner.leader.name]
    names += [c.name for city in (docs.home, docs.partner) for c in city.contacts]
    inquiry = docs.case.inquiry
    if inquiry is not None and inquiry.from_ is not None:
        names.append(inquiry.from_.name)
    if docs.home.commission and docs.home.commission.chair:
        names.append(docs.home.commission.chair)
    return names


@rule("ADR001", "error", "“The Honorable” is followed by the full name of the person.",
      "documents")
def honorable_with_full_name(docs: CaseDocuments) -> Iterator[Hit]:
    people = _people(docs)
    for doc in docs.docs:
        for para in doc.text.containing_any_case(("rable",)):  # what _HONORABLE holds
            for match in _HONORABLE.finditer(para.text):
                rest = para.text[match.end():].lstrip()
                if not any(rest.startswith(name) for name in people):
                    shown = (match.group() + " " + rest)[:60].strip()
                    yield doc.hit(para, f"“{shown}”: “The Honorable” goes only before the "
                                        "person's full name")


_SALUTATION = re.compile(r"^(?:my\s+dear|your\s+(?:excellency|hono(?:u)?r)|excellency|"
                         r"hono(?:u)?rable|hon\.|sir|madam|mr\.?|mrs\.?|ms\.?)\b.{0,60}[:,]$",
                         re.IGNORECASE)


def _salutations(doc: RenderedDoc) -> Iterator[tuple[Para, str]]:
    """Paragraphs that greet: "Dear ...", and short ones such as "Your Excellency,"."""
    for para in doc.text.paras:
        text = para.text.strip()
        if text.startswith("Dear ") or (text.endswith((":", ",")) and len(text.split()) <= 8
                                        and _SALUTATION.match(text)):
            yield para, text


_HONORIFIC = re.compile(r"\bhono(?:u)?rable\b|\bexcellency\b|\bhon\.", re.IGNORECASE)


@rule("ADR002", "error", "No honorific (The Honorable, Excellency) in a salutation, however "
      "it opens (“Dear ...”, “Your Excellency,”): “Dear Mayor Surname:”, unless the partner's "
      "office confirmed it (leader.salutation).", "documents")
def no_honorific_in_salutation(docs: CaseDocuments) -> Iterator[Hit]:
    # the recorded salutation (ADR010 vets it) and the one docgen derives ("Excellency:" for
    # an Excellency, as protocol has it) are the salutations of these leaders
    recorded = {leader.salutation.strip() for _, leader in leaders(docs) if leader.salutation}
    recorded |= {address_of(leader).salutation for _, leader in leaders(docs)}
    for doc in docs.docs:
        for para, text in _salutations(doc):
            if _HONORIFIC.search(text) and text not in recorded:
                yield doc.hit(para, f"“{text}”: an honorific is written in the address block, "
                                    "never in the salutation")


def _has_excellency(leader: Official) -> bool:
    return any(_EXCELLENCY.search(x or "") for x in (leader.form_of_address, leader.salutation))


@rule("ADR003", "error", "“Excellency” only for an official whose form of address in the case "
      "data gives it.", "documents")
def excellency_only_from_data(docs: CaseDocuments) -> Iterator[Hit]:
    entitled = [leader for _, leader in leaders(docs) if _has_excellency(leader)]
    others = [leader.name for _, leader in leaders(docs) if leader not in entitled]
    for doc in docs.docs:
        for para in doc.text.containing_any_case(("excellency",)):
            for match in _EXCELLENCY.finditer(para.text):
                rest = para.text[match.end():].lstrip()
                named = next((n for n in others if rest.startswith(n)), None)
                if not entitled or named:
                    who = named or "anyone in this case"
                    yield doc.hit(para, f"“Excellency” is not the recorded form of address of "
                                        f"{who} (leader.form_of_address)")


@rule("ADR005", "error", "A letter's salutation is “Dear <rank> <surname>:” (or the recorded "
      "leader.salutation).", "documents")
def salutation_form(docs: CaseDocuments) -> Iterator[Hit]:
    expected = official_context(docs.partner.leader)["salutation"]
    for doc in docs.of_kinds(LETTERS):
        found = next(_salutations(doc), None)
        if found is None:
            if expected not in doc.text.full_text():
                yield doc.whole(f"no salutation: the letter opens “{expected}”")
            continue
        para, text = found
        if _HONORIFIC.search(text):
            continue  # ADR002 reports it
        if text != expected:
            yield doc.hit(para, f"the salutation “{text}” should be “{expected}”")


GENERIC = {"republic", "democratic", "people's", "people’s", "islamic", "united", "states",
           "america", "north", "south", "east", "west", "federal", "kingdom", "city", "capital",
           "county", "state", "municipality", "federation", "socialist", "union", "the", "of"}


PROSE = ("interest", "exchanges", "waivers", "summary")  # free text: may hold the typo itself


def _calendar_words() -> frozenset[str]:
    """English month and weekday names, from CLDR."""
    from babel.dates import get_day_names, get_month_names

    return frozenset(name.lower() for names in (get_month_names("wide", locale="en"),
                                                get_day_names("wide", locale="en"))
                     for name in names.values())


_CALENDAR_WORDS = _calendar_words()


def _known_words(docs: CaseDocuments) -> set[str]:
    """The words of the names in the case data and the settings: never a misspelling."""
    out: set[str] = set()
    walk = functools.partial(_walk_words, out=out)
    walk(docs.case.model_dump())
    out.update(_settings_words(docs.settings))
    out.update(_CALENDAR_WORDS)  # "March" is a month, not a misspelt "Marsh"
    for code in {*docs.home.languages, *docs.partner.languages, *docs.case.agreement.languages}:
        walk(language(code).name)
    walk(translated_names(docs))  # “México” in the Spanish text is no misspelling of Mexico
    return out


def _walk_words(value: object, out: set[str]) -> None:
    """Add the bare, lower-cased words of the strings in `value` (but its prose) to `out`."""
    if isinstance(value, str):
        out.update(bare(w).lower() for w in words(value))
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in PROSE:
                _walk_words(v, out)
    elif isinstance(value, list):
        for v in value:
            _walk_words(v, out)


def _settings_words(settings: Settings) -> frozenset[str]:
    """The words of the settings' strings; the last settings' are kept (a workspace's cases
    share them)."""
    if _SETTINGS and _SETTINGS[0] is settings:
        return _SETTINGS[1]  # type: ignore[no-any-return]
    out: set[str] = set()
    _walk_words(settings.model_dump(), out)
    _SETTINGS[:] = [settings, frozenset(out)]
    return _SETTINGS[1]  # type: ignore[no-any-return]


_SETTINGS: list[object] = []  # the settings last asked about and their words


def _name_tokens(docs: CaseDocuments) -> set[str]:
    out: set[str] = set()
    for city in (docs.home, docs.partner):
        for text in (city.city, city.state or "", city.country, city.leader.name):
            out.update(w for w in map(bare, words(text))
                       if len(w) >= 4 and w.lower() not in GENERIC)
    return out


@rule("NAM002", "error", "City, country and leader names are spelled as in the case data "
      "(near misses such as “Peshware” are flagged).", "documents")
def names_spelled_consistently(docs: CaseDocuments) -> Iterator[Hit]:
    close = _Fitting([(token, token.lower(), near(token, 0.8))
                      for token in sorted(_name_tokens(docs))])
    known = _known_words(docs)
    verdicts: dict[str, str | None] = {}  # word -> the name it misspells, or None
    clean: set[str] = set()  # the words of those verdicts that misspell nothing
    sink = Sink(docs)  # a typo in the case's own prose is reported once, at its line
    for doc in docs.docs:
        for para in doc.text.paras:
            capitalized = _capitalized(para.text)
            if clean.issuperset(capitalized):
                continue  # every word judged, none a misspelling: most paragraphs
            flagged: set[str] = set()
            for word in capitalized:
                if word in flagged:
                    continue
                if word not in verdicts:
                    verdicts[word] = _misspelt(word, close, known)
                    if verdicts[word] is None:
                        clean.add(word)
                token = verdicts[word]
                if token is not None:
                    flagged.add(word)
                    at = max(para.text.find(word), 0)
                    hit = sink.add(doc, para, at, at + len(word),
                                   f"“{word}” looks like a misspelling of “{token}”")
                    if hit is not None:
                        yield hit
    yield from sink.traced_hits()


@functools.lru_cache(maxsize=4096)  # boilerplate paragraphs repeat in every case
def _capitalized(text: str) -> tuple[str, ...]:
    """The words of `text` that may misspell a name, bare, in order: capitalized, 4 letters
    or more."""
    return tuple(word for word in map(bare, words(text)) if word[:1].isupper() and len(word) >= 4)


class _Fitting:
    """A case's name tokens (each with its lower-cased form and its matcher), and for each
    length of a word those that a word of that length may be a near miss of, in order."""

    def __init__(self, tokens: list[tuple[str, str, Near]]) -> None:
        self.tokens = tokens
        self.by_size: dict[int, list[tuple[str, str, Near]]] = {}

    def fitting(self, size: int) -> list[tuple[str, str, Near]]:
        found = self.by_size.get(size)
        if found is None:
            # 2·min/(sum) bounds the ratio: a word far longer or shorter is no near miss
            found = self.by_size[size] = [
                (token, t, close) for token, t, close in self.tokens
                if not 2 * min(size, len(t)) < close.threshold * (size + len(t)) - 1e-9]
        return found


def _misspelt(word: str, tokens: _Fitting, known: set[str]) -> str | None:
    """The name `word` misspells, of `tokens`, or None."""
    low = word.lower()
    if low in known:
        return None
    for token, t, close in tokens.fitting(len(low)):
        if t not in low and low not in t and close(word):
            return token
    return None


_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}/\d{1,2}/\d{1,2}|"
                           r"\d{1,2}-\d{1,2}-\d{4})(?![\d/.-]*\d)")
_ISO_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")
_DIGIT_RUN = re.compile(r"\d[/.-]\d")
_SEPARATED_DIGIT = re.compile(r"[/.-]\d")  # in each _DIGIT_RUN; the faster to search


@rule("DAT001", "error", "Dates spell out the month (February 1, 2027), never 02/01/2027 or "
      "2027-02-01.", "documents")
def month_spelled_out(docs: CaseDocuments) -> Iterator[Hit]:
    sink = Sink(docs)
    for doc in docs.docs:
        for para in doc.text.candidates(_SEPARATED_DIGIT):
            if not _DIGIT_RUN.search(para.text):  # most paragraphs hold no date at all
                continue
            for pattern in (_ISO_DATE, _NUMERIC_DATE):
                for match in pattern.finditer(para.text):
                    hit = sink.add(doc, para, match.start(), match.end(),
                                   f"“{match.group()}”: write the date with the month "
                                   "spelled out (February 1, 2027)")
                    if hit is not None:
                        yield hit
    yield from sink.traced_hits()


@rule("DAT003", "error", "Once signed, the MOU states the date and place of signing.",
      "documents")
@each_mou
def signing_stated(docs: CaseDocuments, doc: RenderedDoc) -> Iterator[Hit]:
    signed = docs.case.history.signed
    if signed is None:
        return
    full = doc.text.full_text()
    forms = {format_date(signed, style) for style in ("month-day-year", "day-month-year")}
    if not any(form in full for form in forms):
        yield doc.whole(f"the MOU does not state the date of signing "
                        f"({format_date(signed, docs.settings.date_style)})")
    place = docs.case.agreement.signing_place
    if place and place not in full:
        yield doc.whole(f"the MOU does not state the place of signing ({place})")
