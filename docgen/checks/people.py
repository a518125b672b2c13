"""Rules on the people in the data: who heads the city, how the leaders are addressed, and
the two contacts of each side."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from docgen.checks.data import SIDES, _city, own_names, rank
from docgen.checks.inputs import CaseData, CaseDocuments
from docgen.checks.origin import Sink
from docgen.checks.rank import MUNICIPAL_HEADS, read_rank
from docgen.checks.registry import Hit, rule
from docgen.workspace.model import City, Official

_MAYOR = re.compile(r"\b(" + "|".join(sorted((re.escape(h) for h in MUNICIPAL_HEADS
                                              if " " not in h), key=len, reverse=True))
                    + r")(?:['’]s)?\b|市長|市长|시장", re.IGNORECASE)


def _mayor_named(city: City, extra: list[str]) -> str | None:
    """Where the data names the city's mayor's office (a contact's title), else None."""
    for text in [*(c.title or "" for c in city.contacts),
                 *(c.organization or "" for c in city.contacts), *extra]:
        if _MAYOR.search(text):
            return text
    return None


@rule("PAR006", "error", "A signatory who presides over the council or assembly is not the "
      "city's head where the data names a mayor's office (the mayor signs).", "data")
def heads_the_city(data: CaseData) -> Iterator[Hit]:
    for side in SIDES:
        city = _city(data, side)
        if not rank(city).council:
            continue
        inquiry = data.case.inquiry
        extra = [inquiry.from_.title or ""] if side == "partner" and inquiry and \
            inquiry.from_ else []
        evidence = _mayor_named(city, extra)
        if evidence is not None:
            yield data.side_hit(side, f"“{city.leader.title}” presides over the council, but "
                                      f"the data names a mayor's office (“{evidence}”): the "
                                      "mayor, the head of the city, signs",
                                "leader", "title")


_FEMALE_WORDS = {"alcaldesa", "mayoress", "chairwoman", "lady", "bürgermeisterin",
                 "oberbürgermeisterin", "sindaca", "prefeita", "mairesse", "gobernadora",
                 "presidenta", "présidente", "gouverneure", "градоначалничка", "madam",
                 "madame", "ms", "mrs", "miss", "frau", "señora", "sra", "mme", "her",
                 "dame", "baroness", "governess", "kryetarja"}
_MALE_WORDS = {"mr", "sir", "herr", "señor", "sr", "monsieur", "m", "his", "lord",
               "chairman", "signor", "senhor"}


def _gender_words(*texts: str | None) -> tuple[set[str], set[str]]:
    words = {w.strip(".").lower() for t in texts if t for w in re.findall(r"[^\W\d_]+\.?", t)}
    return words & _FEMALE_WORDS, words & _MALE_WORDS


_HON = re.compile(r"\bHon\b\.?|\bHon['’]ble\b|\bHonble\b|\bH\.\s?E\.(?!\w)", re.IGNORECASE)
_EXCELLENCY = re.compile(r"\bexcellency\b", re.IGNORECASE)


def address_problems(leader: Official, city: City) -> Iterator[tuple[str, str]]:
    """(field, problem) for the recorded form of address and salutation of one leader."""
    form, salutation = leader.form_of_address or "", leader.salutation or ""
    for key, text in (("form_of_address", form), ("salutation", salutation)):
        if _HON.search(text):
            yield key, (f"“{text}”: the honorific is written out (The Honorable), never "
                        "abbreviated")
    if salutation and _EXCELLENCY.search(salutation) and not _EXCELLENCY.search(form):
        yield "salutation", (f"the salutation “{salutation}” uses “Excellency”, but the "
                             f"recorded form of address is “{form or 'none'}”: record the "
                             "form the partner's office confirmed in both")
    if salutation:
        said = read_rank(re.sub(r"^\s*(dear|my\s+dear)\s+", "", salutation, flags=re.I),
                         [leader.name, *(leader.family_name or "").split()])
        own = read_rank(leader.title, own_names(city))
        other = said.head is not None and own.head is not None and said.head != own.head and (
            (said.level, own.level) != ("municipal", "municipal")) and \
            said.head not in own.head and own.head not in said.head
        if said.lower is not None and own.lower is None:
            yield "salutation", (f"the salutation “{salutation}” addresses {said.lower}, but "
                                 f"{leader.name} is “{leader.title}”")
        elif other:
            yield "salutation", (f"the salutation “{salutation}” addresses a {said.head}, but "
                                 f"{leader.name} is “{leader.title}”: “Dear "
                                 f"{own.head.title() if own.head else 'Mayor'} "
                                 f"{leader.family_name or leader.name.split()[-1]}:”")
    female, male = _gender_words(leader.title, salutation)
    possessive = re.match(r"\s*(his|her)\b", form, re.IGNORECASE)
    if possessive:
        word = possessive.group(1).lower()
        if word == "his" and female - {"her"}:
            yield "form_of_address", (f"“{form}” for {leader.name}, whom the data calls "
                                      f"“{sorted(female)[0]}”: “Her Excellency”")
        if word == "her" and male - {"his"}:
            yield "form_of_address", (f"“{form}” for {leader.name}, whom the data calls "
                                      f"“{sorted(male)[0]}”: “His Excellency”")


@rule("ADR010", "error", "The recorded form of address and salutation fit the leader: the "
      "rank of the title (not “Dear Governor” for a mayor), His/Her as the data says, "
      "“Excellency” in both or neither, honorifics written out (not “Hon.”).", "data")
def recorded_address_fits(data: CaseData) -> Iterator[Hit]:
    for side in SIDES:
        city = _city(data, side)
        for key, problem in address_problems(city.leader, city):
            yield data.side_hit(side, problem, "leader", key)


def _digits(phone: str | None) -> str:
    return re.sub(r"\D", "", phone or "")


def _person(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"\b(mr|mrs|ms|dr|prof|hon|sir|madam)\b\.?", " ", text)
    return " ".join(re.findall(r"\w+", text))


@rule("SYM006", "error", "A side's mayor's-office and volunteer contacts are two people "
      "(not one name, e-mail or phone number in both roles).", "data")
def two_contacts_two_people(data: CaseData) -> Iterator[Hit]:
    for side in SIDES:
        city = _city(data, side)
        office = [c for c in city.contacts if c.role == "leader_office"]
        for index, contact in enumerate(city.contacts):
            if contact.role != "volunteer":
                continue
            for other in office:
                same_name = _person(other.name) == _person(contact.name)
                same_mail = bool(contact.email and other.email and
                                 contact.email.casefold() == other.email.casefold())
                same_phone = bool(_digits(contact.phone) and
                                  _digits(contact.phone) == _digits(other.phone))
                if same_name or same_mail or same_phone:
                    what = (contact.name if same_name else f"the e-mail {contact.email}"
                            if same_mail else f"the phone number {contact.phone}")
                    yield data.side_hit(side, f"{what} is both the mayor's-office and the "
                                              f"volunteer contact of {city.city}: each side "
                                              "has a volunteer contact besides the mayor's "
                                              "office", "contacts", index)
                    break


_POSSESSIVE = re.compile(r"\b(His|Her)\s+Excellency\s+", re.IGNORECASE)
_HON_STEMS = ("hon", "h.", "excellency")  # every match of _HON or _POSSESSIVE holds one


@rule("ADR011", "error", "Honorifics in the documents are written out (The Honorable, not "
      "“Hon.”) and “His/Her Excellency” is the one the leader's recorded form of address "
      "gives.", "documents")
def honorifics_in_documents(docs: CaseDocuments) -> Iterator[Hit]:
    sink = Sink(docs)
    officials = [docs.home.leader, docs.partner.leader]
    for doc in docs.docs:
        for para in doc.text.containing_any_case(_HON_STEMS):
            for match in _HON.finditer(para.text):
                origin = sink.origin(para.text, match.start(), match.end())
                if origin is not None and "leader" in origin.key:
                    continue  # a recorded form of address: ADR010 reports it at its line
                hit = sink.add(doc, para, match.start(), match.end(),
                               f"“{match.group()}”: write the honorific out (The Honorable)")
                if hit is not None:
                    yield hit
            for match in _POSSESSIVE.finditer(para.text):
                rest = para.text[match.end():]
                leader = next((o for o in officials if rest.startswith(o.name)), None)
                recorded = re.match(r"\s*(his|her)\b", (leader.form_of_address or "")
                                    if leader else "", re.IGNORECASE)
                if leader and recorded and recorded.group(1).lower() != \
                        match.group(1).lower():
                    yield doc.hit(para, f"“{match.group().strip()} {leader.name}”: the recorded "
                                        f"form of address is “{leader.form_of_address}”")
    yield from sink.traced_hits()
