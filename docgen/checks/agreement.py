"""Rules on the agreements and the registration: symmetry, languages, term, relationship type."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from docgen.checks.document import signature_table
from docgen.checks.inputs import AGREEMENTS, MOUS, CaseDocuments, RenderedDoc, each_mou
from docgen.checks.languages import versions_of
from docgen.checks.reading import Table
from docgen.checks.registry import Hit, rule
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


def title_block(paras: list[Para]) -> tuple[list[Para], list[Para]]:
    """The preamble split into the title lines and the recitals (from the first sentence)."""
    for i, para in enumerate(paras):
        text = para.text.strip()
        if text and (text[-1] in ".,;:" or len(text) > 120):
            return paras[:i], paras[i:]
    return paras, []


@rule("SYM001", "error", "The MOU's title and its preamble each name both cities and both "
      "countries.", "documents")
@each_mou
def both_in_preamble(docs: CaseDocuments, doc: RenderedDoc) -> Iterator[Hit]:
    title, recitals = title_block(preamble(doc))
    for part, paras in (("title", title), ("preamble", recitals)):
        text = "\n".join(p.text for p in paras)
        missing = [what for city in (docs.home, docs.partner)
                   for what in (city.city, city.country) if not mentions(text, [what])]
        if missing:
            where = paras[0] if paras else doc.text.body()[0] if doc.text.body() else None
            message = f"the {part} does not name {' or '.join(f'“{m}”' for m in missing)}"
            yield doc.hit(where, message) if where is not None else doc.whole(message)


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


_MODAL = re.compile(r"\b(shall|will)\b", re.IGNORECASE)


@rule("SYM004", "error", "Every “shall”/“will” obligation of one city in an agreement has a "
      "mirror clause for the other.", "documents")
def no_one_sided_obligation(docs: CaseDocuments) -> Iterator[Hit]:
    sides = {"home": city_names(docs.home), "partner": city_names(docs.partner)}
    everyone = sides["home"] + sides["partner"]
    for doc in docs.of_kinds(AGREEMENTS):
        clauses: list[tuple[str, str, Para, str]] = []
        for para, sentence in sentences(doc.text.main()):
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
                yield doc.hit(para, f"“{sentence[:80]}”: binds one city only; give the other "
                                    "city the same obligation, or make it mutual")


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
      "authentic.", "documents")
@each_mou
def equally_authentic(docs: CaseDocuments, doc: RenderedDoc) -> Iterator[Hit]:
    present = versions_of(docs, doc.kind).codes  # a version left out is LNG004's finding
    if len(present) >= 2 and not _AUTHENTIC.search(doc.text.full_text()):
        names = ", ".join(language(c).name for c in present)
        yield doc.whole(f"done in {names}, but no clause says the texts are equally authentic")


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
    if not re.search(r"\brenew", full, re.IGNORECASE):
        yield doc.whole(f"a term of {years} years needs a renewal clause")
    ending = [(p, s) for p, s in sentences(doc.text.main()) if re.search(r"terminat", s, re.I)]
    if not ending:
        yield doc.whole("a fixed term needs a termination clause (by written notice)")
        return
    text = " ".join(s for _, s in ending)
    if not _WRITTEN_NOTICE.search(text):
        yield doc.hit(ending[0][0], "the termination clause does not require written notice")
    if not _EITHER.search(text):
        yield doc.hit(ending[0][0], "the termination clause is not open to either city alike")


_PROPER = re.compile(r"Request\s+for\s+a\s+Sister\s+City|Sister\s+Cities\s+International",
                     re.IGNORECASE)
_TYPE_NOUNS = r"(?:relationship|partnership|agreement|affiliation|link|status|ties)"


@functools.lru_cache(maxsize=64)
def _label_pattern(label: str, described: bool = False) -> re.Pattern[str]:
    """`Sister City`; with `described`, only as the type of a relationship or a form value."""
    first, second = label.split()
    core = rf"\b{first}[\s-]+{second}\b"
    if described:
        return re.compile(rf"{core}\s+{_TYPE_NOUNS}\b|^\s*{core}\s*$", re.IGNORECASE)
    return re.compile(core, re.IGNORECASE)


@rule("REG001", "error", "The relationship type is named in the MOU and the SCI registration, "
      "and no document calls the relationship by another type.", "documents")
def relationship_type(docs: CaseDocuments) -> Iterator[Hit]:
    own = RELATIONSHIP_LABELS[docs.case.agreement.type]
    others = [label for label in RELATIONSHIP_LABELS.values() if label != own]
    for doc in docs.docs:
        if doc.kind in (*MOUS, "sci-registration") and \
                not _label_pattern(own).search(doc.text.full_text()):
            yield doc.whole(f"does not name the relationship type “{own}”")
        for para in doc.text.paras:
            text = _PROPER.sub("", para.text)
            for label in others:
                if _label_pattern(label, described=True).search(text):
                    yield doc.hit(para, f"calls the relationship a {label}, but the case is a "
                                        f"{own} relationship (agreement.type)")


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
