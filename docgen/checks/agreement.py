"""Rules on the agreements and the registration: symmetry, languages, term, relationship type."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from docgen.checks.document import signature_table
from docgen.checks.inputs import AGREEMENTS, MOUS, CaseDocuments, RenderedDoc, each_mou
from docgen.checks.languages import name_forms, versions_of
from docgen.checks.origin import Sink
from docgen.checks.reading import CASE_EXTRAS, DocText, Table
from docgen.checks.registry import Hit, rule
from docgen.checks.relationships import (
    STEMS,
    TYPE_PHRASES,
    document_titles,
    mask_names,
    others_pattern,
    type_matches,
)
from docgen.checks.text import line_shape, mentions, replace_names, sentences, similar
from docgen.render.context import format_date
from docgen.workspace.languages import language
from docgen.workspace.model import RELATIONSHIP_LABELS, City

if TYPE_CHECKING:
    from docgen.docx.text import Para

_HEADING = re.compile(r"^\s*(?:(?:article|section|clause)\s+(?:\d+|[ivxlc]+|one|first)\b|"
                      r"(?:\d+|[IVX]+)[.)]\s+\S)", re.IGNORECASE)


def city_names(city: City) -> list[str]:
    return [n for n in (city.city, city.local_name) if n]


def preamble(doc: RenderedDoc) -> list[Para]:
    """The body paragraphs before the first article heading (the title and the recitals)."""
    out: list[Para] = []
    for para in doc.text.main():
        if _HEADING.match(para.text):
            break
        out.append(para)
    return out


# the marks a recital ends with, in Latin, Arabic-script (، ؛ ۔) and CJK (。、，；：) texts
_SENTENCE_END = ".,;:\u060c\u061b\u06d4\u3002\u3001\uff0c\uff1b\uff1a"


def title_block(paras: list[Para]) -> tuple[list[Para], list[Para]]:
    """The preamble split into the title lines and the recitals (from the first sentence)."""
    for i, para in enumerate(paras):
        text = para.text.strip()
        if text and (text[-1] in _SENTENCE_END or len(text) > 120):
            return paras[:i], paras[i:]
    return paras, []


@rule("SYM001", "error", "The MOU's title and its preamble each name both cities and both "
      "countries.", "documents")
@each_mou
def both_in_preamble(docs: CaseDocuments, doc: RenderedDoc) -> Iterator[Hit]:
    title, recitals = title_block(preamble(doc))
    for part, paras in (("title", title), ("preamble", recitals)):
        text = "\n".join(p.text for p in paras)
        missing = _unnamed(docs, doc.kind, text)
        if missing:
            where = paras[0] if paras else doc.text.body()[0] if doc.text.body() else None
            message = f"the {part} does not name {' or '.join(f'“{m}”' for m in missing)}"
            yield doc.hit(where, message) if where is not None else doc.whole(message)


def _unnamed(docs: CaseDocuments, kind_id: str, text: str) -> list[str]:
    """The parties' names (in English) that a language version shown in `text` leaves out:
    each version whose names appear must name all four, in its own words (an Urdu-led
    original names them in Urdu first); a text naming none misses them all."""
    versions = name_forms(docs, kind_id) or {"en": {}}
    english = {(side, key): getattr(city, key) for side, city in (("home", docs.home),
                                                                   ("partner", docs.partner))
               for key in ("city", "country")}
    local = docs.partner.local_name
    common = {*english.values(), local}  # the English title may add the local name: "(پشاور)"
    shown = [names for code, names in versions.items()
             if any(_named(text, n) for n in names.values() if code == "en" or n not in common)]
    return [english[name] for name in english
            if any(not _named(text, names.get(name, english[name]))
                   and not (name == ("partner", "city") and local and _named(text, local))
                   for names in shown or [english])]


def _named(text: str, name: str) -> bool:
    """Whether `text` names `name`: as whole words in scripts that space their words, as a
    part of the text in those that do not (高崎市と…, ນະຄອນຫຼວງວຽງຈັນ)."""
    if not name:
        return False
    if name.isascii():
        return mentions(text, [name])
    return name.casefold() in text.casefold()


def _main_sentences(doc: RenderedDoc) -> list[tuple[Para, str]]:
    """`sentences(doc.text.main())`, kept for the last few documents asked about (SYM004
    and TIM006 read a case's agreements one after the other)."""
    for text, found in _SENTENCES:
        if text is doc.text:
            return found
    found = list(sentences(doc.text.main()))
    _SENTENCES[:] = [*_SENTENCES[-3:], (doc.text, found)]
    return found


_SENTENCES: list[tuple[DocText, list[tuple[Para, str]]]] = []  # DocTexts and their sentences


def _sides(table: Table) -> list[tuple[int, list[str], list[str]]]:
    """Each row as (row number, left cells, right cells), empty spacer columns dropped."""
    width = max((len(r) for r in table.rows), default=0)
    used = [c for c in range(width) if any(c < len(r) and r[c].strip() for r in table.rows)]
    if len(used) < 2 or len(used) % 2:
        return []
    half = len(used) // 2
    out = []
    for number, row in enumerate(table.rows, 1):
        cells = [row[c] if c < len(row) else "" for c in used]
        out.append((number, cells[:half], cells[half:]))
    return out


def _shape(cells: list[str]) -> list[str]:
    return [s for cell in cells for s in map(line_shape, cell.split("\n")) if s]


@rule("SYM002", "error", "Signature blocks have the same fields and lines for both sides.",
      "documents")
def signature_blocks_alike(docs: CaseDocuments) -> Iterator[Hit]:
    for doc in docs.of_kinds(AGREEMENTS):
        table = signature_table(doc, docs)
        if table is None:
            continue
        for number, left, right in _sides(table):
            a, b = _shape(left), _shape(right)
            if a != b:
                yield doc.hit(table.where(number), f"the two signature blocks differ: "
                                                   f"{_lines(a)} against {_lines(b)}")


def _lines(shape: list[str]) -> str:
    return "[" + ", ".join(s.replace("…", "text") for s in shape) + "]" if shape else "nothing"


# An obligation ("shall", "must", "agrees to", "undertakes to") or a right ("may terminate",
# "reserves the right") of its subject; "May" in a date ("May 19, 2026", "19 May") is a month.
_MODAL = re.compile(r"\b(shall|will|must|agrees?\s+to|undertakes?\s+to|commits?\s+(?:itself\s+)?"
                    r"to|is\s+(?:obliged|obligated|bound|required|responsible|entitled)\b|"
                    r"(?:has|have)\s+the\s+right|reserves?\s+the\s+right|"
                    r"(?<!\d\s)may(?!\s+\d))\b",
                    re.IGNORECASE)
# a word every match of _MODAL holds, lower-cased; and the characters IGNORECASE takes for
# their letters that lower-casing does not give
_MODAL_WORD = re.compile("shall|will|must|agree|undertake|commit|obliged|obligated|bound|"
                         "required|responsible|entitled|right|may")
_EXTRAS = "".join(sorted({c for letter in _MODAL_WORD.pattern
                          for c in CASE_EXTRAS.get(letter, "")}))


@rule("SYM004", "error", "Every obligation or right of one city in an agreement (shall, will, "
      "must, agrees to, undertakes to, may...) has a mirror clause for the other, in the "
      "template's text and in the case's own strings.", "documents")
def no_one_sided_obligation(docs: CaseDocuments) -> Iterator[Hit]:
    sides = {"home": city_names(docs.home), "partner": city_names(docs.partner)}
    everyone = sides["home"] + sides["partner"]
    sink = Sink(docs)
    for doc in docs.of_kinds(AGREEMENTS):
        clauses: list[tuple[str, str, Para, str]] = []
        for para, sentence in _main_sentences(doc):
            if not _MODAL_WORD.search(sentence.lower()) and not any(c in sentence
                                                                     for c in _EXTRAS):
                continue  # no word a modal holds: most sentences (a quick test)
            match = _MODAL.search(sentence)
            if match is None:
                continue
            subject = sentence[:match.start()]
            bound = [s for s, names in sides.items() if mentions(subject, names)]
            if len(bound) == 1:
                rest = replace_names(sentence[match.start():], everyone, "{city}").lower()
                clauses.append((bound[0], rest, para, sentence))
        for side, rest, para, sentence in clauses:
            if not any(o != side and similar(rest, r) >= 0.75 for o, r, _, _ in clauses):
                start = max(para.text.replace("\n", " ").find(sentence), 0)
                right = re.match(r"(may|has|have|reserves?|is\s+entitled)\b",
                                 rest, re.IGNORECASE)
                advice = ("gives one city a right the other lacks; give both cities the same "
                          "right" if right else "binds one city only; give the other city "
                          "the same obligation, or make it mutual")
                hit = sink.add(doc, para, start, start + len(sentence),
                               f"“{sentence[:80]}”: {advice}")
                if hit is not None:
                    yield hit
    yield from sink.traced_hits()


_PREVAIL = re.compile(r"\bprevail(?:s|ing)?\b|\bshall\s+govern\b|\bcontrolling\s+(?:text|"
                      r"version)\b", re.IGNORECASE)


@rule("SYM007", "error", "No language version prevails in an agreement in two or more "
      "languages (“the English text shall prevail” undoes “equally valid”).", "documents")
def no_prevailing_text(docs: CaseDocuments) -> Iterator[Hit]:
    if len(docs.case.agreement.languages) < 2:
        return
    sink = Sink(docs)
    for doc in docs.of_kinds(AGREEMENTS):
        authentic = bool(_AUTHENTIC.search(doc.text.full_text()))
        for para in doc.text.containing_any_case(("prevail", "govern", "controlling")):
            match = _PREVAIL.search(para.text)
            if match is None:
                continue
            why = ("contradicts the clause that the texts are equally valid" if authentic
                   else "one city's text would govern: the texts are to be equally valid")
            hit = sink.add(doc, para, match.start(), match.end(),
                           f"“{para.text.strip()[:80]}”: a prevailing text {why}")
            if hit is not None:
                yield hit
    yield from sink.traced_hits()


_AUTHENTIC = re.compile(r"equally\s+(authentic|authoritative|valid)", re.IGNORECASE)


@rule("SYM005", "error", "Each original names its own city first (the alternat): the MOU the "
      "home city, the partner's original (agreement.originals: each) the partner.", "documents")
@each_mou
def own_city_first(docs: CaseDocuments, doc: RenderedDoc) -> Iterator[Hit]:
    own, other = (docs.partner, docs.home) if doc.kind == "mou-partner" else (docs.home,
                                                                               docs.partner)
    title, _ = title_block(preamble(doc))
    for para in title:
        if mentions(para.text, [other.city]) and not mentions(para.text, [own.city]):
            yield doc.hit(para, f"the title names {other.city} before {own.city}, whose "
                                "original this is")
            return
        if mentions(para.text, [own.city]):
            return


@rule("LNG002", "error", "An agreement in two or more languages says the texts are equally "
      "valid (or authentic).", "documents")
@each_mou
def equally_authentic(docs: CaseDocuments, doc: RenderedDoc) -> Iterator[Hit]:
    present = versions_of(docs, doc.kind).codes  # a version left out is LNG004's finding
    if len(present) >= 2 and not _AUTHENTIC.search(doc.text.full_text()):
        names = ", ".join(language(c).name for c in present)
        yield doc.whole(f"done in {names}, but no clause says the texts are equally valid")


@rule("LNG003", "warning", "The MOU names each language it is done in.", "documents")
@each_mou
def languages_named(docs: CaseDocuments, doc: RenderedDoc) -> Iterator[Hit]:
    full = doc.text.full_text()
    for code in versions_of(docs, doc.kind).codes:
        lang = language(code)
        if not mentions(full, [lang.name, lang.native]):
            yield doc.whole(f"the MOU does not say it is done in {lang.name}")


_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen", "twenty")
_TERMINATE = re.compile(r"terminat", re.IGNORECASE)
# `\brenew` in any case (IGNORECASE takes nothing else for these letters), begun with its
# first letter: the faster to search
_RENEW = re.compile(r"[Rr](?<!\w[Rr])[Ee][Nn][Ee][Ww]")
_WRITTEN_NOTICE = re.compile(r"written\s+notice|notice\s+in\s+writing|notif\w*\b.{0,60}\bin\s+"
                             r"writing", re.IGNORECASE)
_EITHER = re.compile(r"\b(either|each|both|any)\s+(city|cities|party|parties|side|signator)",
                     re.IGNORECASE)


@rule("TIM006", "error", "A fixed term (agreement.term_years) comes with a renewal clause and a "
      "termination clause by written notice open to either city.", "documents")
@each_mou
def term_renewal_termination(docs: CaseDocuments, doc: RenderedDoc) -> Iterator[Hit]:
    years = docs.case.agreement.term_years
    if years is None:
        return
    full = doc.text.full_text()
    spelled = _NUMBERS[years] if years < len(_NUMBERS) else str(years)
    if not re.search(rf"\b({years}|{spelled})\b(\s*\(\d+\))?\s+years?\b", full, re.IGNORECASE):
        yield doc.whole(f"the MOU does not state its term of {years} years")
    if not _RENEW.search(full):
        yield doc.whole(f"a term of {years} years needs a renewal clause")
    ending = [(p, s) for p, s in _main_sentences(doc) if _TERMINATE.search(s)]
    if not ending:
        yield doc.whole("a fixed term needs a termination clause (by written notice)")
        return
    text = " ".join(s for _, s in ending)
    if not _WRITTEN_NOTICE.search(text):
        yield doc.hit(ending[0][0], "the termination clause does not require written notice")
    if not _EITHER.search(text):
        yield doc.hit(ending[0][0], "the termination clause is not open to either city alike")


@rule("REG001", "error", "The relationship type is named in the MOU and the SCI registration, "
      "and no document or data string calls the relationship by another type, in any "
      "phrasing or language (“the two sister cities”, 姉妹都市, “ciudades hermanas”).",
      "documents")
def relationship_type(docs: CaseDocuments) -> Iterator[Hit]:
    own_type = docs.case.agreement.type
    own = RELATIONSHIP_LABELS[own_type]
    sink = Sink(docs)
    titles = document_titles(docs)
    others = others_pattern(own_type)
    for doc in docs.docs:
        if doc.kind in (*MOUS, "sci-registration") and \
                next(type_matches(own_type, doc.text.full_text()), None) is None:
            yield doc.whole(f"does not name the relationship type “{own}”")
        for para in doc.text.containing(STEMS):
            if not others.search(para.text):
                continue  # most paragraphs name no type at all
            text = mask_names(para.text, titles)  # as many characters: offsets are kept
            if text != para.text and not others.search(text):
                continue  # only a title named a type ("Sister Cities International")
            for other in TYPE_PHRASES:
                if other == own_type:
                    continue
                for match in type_matches(other, text):
                    if sink.in_name(para, match.start(), match.end()):
                        continue
                    hit = sink.add(doc, para, match.start(), match.end(),
                                   f"“{match.group()}” calls the relationship a "
                                   f"{RELATIONSHIP_LABELS[other]}, but the case is a {own} "
                                   "relationship (agreement.type)")
                    if hit is not None:
                        yield hit
                    break
    yield from sink.traced_hits()


@rule("REG003", "error", "The SCI registration names both sides' contacts, the council "
      "approval and the signing date.", "documents")
def registration_contents(docs: CaseDocuments) -> Iterator[Hit]:
    doc = docs.doc("sci-registration")
    if doc is None:
        return
    full = doc.text.full_text()
    for city in (docs.home, docs.partner):
        for contact in city.contacts:
            if contact.name not in full:
                yield doc.whole(f"does not name {city.city}'s contact {contact.name}")
    history = docs.case.history
    for what, day in (("council approval", history.council_approval),
                      ("signing", history.signed)):
        forms = {format_date(day, s) for s in ("month-day-year", "day-month-year")}
        if day is not None and not any(f in full for f in forms):
            yield doc.whole(f"does not state the date of the {what} "
                            f"({format_date(day, docs.settings.date_style)})")
