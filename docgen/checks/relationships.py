"""How a relationship type is named (REG001): the phrases of each type in the languages a
case's documents or data may be written in, and the quick tests before the careful ones."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.checks.inputs import CaseDocuments


# How each type is named, in the languages a case's documents or data may be written in.
TYPE_PHRASES: dict[str, tuple[str, ...]] = {
    "sister-city": (r"sister[\s-]+cit(?:y|ies)", r"twin(?:ned)?[\s-]+(?:towns?|cit(?:y|ies))",
                    r"(?:town[\s-]+)?twinning", r"sister[\s-]+(?:towns?|municipalit(?:y|ies))",
                    "姉妹都市", "姐妹城市", "姊妹市", "자매도시", "자매결연",
                    r"ciudad(?:es)?[\s-]+herman(?:a|as)", r"hermanamiento",
                    r"villes?[\s-]+jumel(?:le|les|ées?)", r"jumelage",
                    r"cidades?[\s-]+irmãs?", r"città\s+gemellat[ae]", r"gemellaggio",
                    r"städtepartnerschaft", r"збратимени\s+градови",
                    r"qytet(?:e|et)?\s+binjak[ëe]?", r"ເມືອງພີ່ນ້ອງ", r"جڑواں\s+شہر"),
    "friendship-city": (r"friendship[\s-]+(?:cit(?:y|ies)|towns?)", r"friendly[\s-]+cit(?:y|ies)",
                        "友好都市", "友好交流都市", "友好城市",
                        "우호도시", "우호협력도시", r"ciudad(?:es)?[\s-]+amig(?:a|as)",
                        r"villes?[\s-]+amies?", r"cidades?[\s-]+amigas?",
                        r"freundschaftsst(?:a|ä)dte?", r"ເມືອງມິດຕະພາບ"),
    "county": (r"sister[\s-]+count(?:y|ies)", r"condados?\s+herman[oa]s?"),
    "state": (r"sister[\s-]+(?:states?|provinces?|prefectures?)", "姉妹州", "姉妹県",
              r"estados?\s+herman[oa]s?"),
}
# a phrase followed by one of these speaks of the movement or the commission, not of this
# relationship ("sister city proposals", "Sister Cities International")
_GENERIC = (r"\s+(?:proposals?|programs?|programmes?|movement|commissions?|committees?|"
            r"associations?|networks?|international|relationships|organi[sz]ations?|"
            r"affairs|polic(?:y|ies)|coordinators?)\b")


@functools.lru_cache(maxsize=16)
def _type_pattern(kind: str) -> re.Pattern[str]:
    # words of scripts written with spaces stand alone; 姉妹都市 sits inside its sentence
    phrases = "|".join(rf"(?<!\w)(?:{p})(?!\w)" if re.match(r"[a-z\u0400-\u04ff\u0600-\u06ff]",
                                                          p) else p
                       for p in TYPE_PHRASES[kind])
    return re.compile(rf"(?:{phrases})(?!{_GENERIC})", re.IGNORECASE)


# a piece of every phrase above: a paragraph without any holds none of them
STEMS = ("sister", "twin", "friend", "herman", "jumel", "irmã", "gemell", "städtepartner",
          "збратим", "binjak", "姉妹", "姐妹", "姊妹", "자매", "友好", "우호", "amig", "amie",
          "ເມືອງ", "جڑواں", "freundschaft")


@functools.lru_cache(maxsize=16)
def others_pattern(own_type: str) -> re.Pattern[str]:
    """Any phrase of another type, a quick test before the careful one (whether one is
    there: the phrases are grouped by their first character, which is faster to search)."""
    groups: dict[str, list[str]] = {}
    for kind, phrases in TYPE_PHRASES.items():
        if kind != own_type:
            for p in phrases:
                groups.setdefault(re.sub(r"^\(\?:[^()]*\)\?", "", p)[:1], []).append(p)
    return re.compile("|".join("(?:" + "|".join(f"(?:{p})" for p in group) + ")"
                               for group in groups.values()), re.IGNORECASE)


@functools.lru_cache(maxsize=16)
def _phrases_of(kind: str) -> re.Pattern[str]:
    """Any phrase of `kind`, bare: a quick test before `_type_pattern(kind)`."""
    return re.compile("|".join(f"(?:{p})" for p in TYPE_PHRASES[kind]), re.IGNORECASE)


def type_matches(kind: str, text: str) -> Iterator[re.Match[str]]:
    """`_type_pattern(kind).finditer(text)`, tried only where one of the kind's phrases
    begins (each of its matches does): the bare phrases are the faster to search."""
    pattern, bare = _type_pattern(kind), _phrases_of(kind)
    at = 0
    while (phrase := bare.search(text, at)) is not None:
        match = pattern.match(text, phrase.start())
        if match is None:
            at = phrase.start() + 1
            continue
        yield match
        at = max(match.end(), phrase.start() + 1)  # (no phrase matches nothing)


def document_titles(docs: CaseDocuments) -> list[str]:
    """The documents' own titles (every kind's `title`, the `title` of its context) and the
    names of organizations such as SCI."""
    return _static_titles()


@functools.lru_cache(maxsize=1)
def _static_titles() -> list[str]:
    from docgen.workspace.lifecycle import KINDS

    return sorted({*(k.title for k in KINDS), "Sister Cities International"}, key=len,
                  reverse=True)


def mask_names(text: str, names: list[str]) -> str:
    return _names(tuple(names)).sub(lambda m: "\x00" * len(m.group()), text)


@functools.lru_cache(maxsize=256)
def _names(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)
