"""NAM001: each leader's title spelled identically in every document; variants found by
meaning (a word more, a word less, a qualifier: "Mayor of Takasaki City", "Mayor of Takasaki
(Acting)") and by near misses, each named with the title it stands for."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator

from docgen.checks.document import _people, leaders
from docgen.checks.inputs import CaseDocuments
from docgen.checks.reading import CASE_EXTRAS
from docgen.checks.registry import Hit, rule
from docgen.checks.text import names_pattern, near, similar
from docgen.render.context import rank_of


class _TitleSpelling:
    """Finds spellings of one leader's title that are close to it but not it."""

    def __init__(self, city_names: tuple[str, ...], title: str) -> None:
        self.title, self.lower, self.size = title, title.lower(), len(title.split())
        self.near = near(title, 0.88)  # its verdicts kept from case to case
        # a variant keeps at least one of the title's words as it is
        self.anchors = {w for w in self.lower.split() if len(w) >= 4}
        # a quick test: text with none of those words as a word holds no variant of them
        self.any_anchor = _as_words(sorted(self.anchors))
        # what it finds holds one of the words: a search of them first (no look-around: fast)
        self.any_word = re.compile("|".join(re.escape(a) for a in sorted(self.anchors)) or "(?!)")
        names = "|".join(re.escape(n) for n in city_names if n)
        # "Mayor of Milpitas" for "Mayor of the City of Milpitas": the rank, "of", the city
        self.short = re.compile(rf"\b{re.escape(rank_of(title))}\s+of\s+"
                                rf"(?:[^\W\d_][\w'’-]*\s+){{0,4}}?(?:{names})\b",
                                re.IGNORECASE)
        rank = self.rank_text = rank_of(title)
        # both `rank` and `short` find the rank in any case: a text whose lower-cased form
        # lacks it, and that lacks the characters IGNORECASE also takes for its letters,
        # holds neither (a rank not in ASCII is searched for as it is)
        self.rank_low = rank.lower() if rank.isascii() else None
        self.rank_extras = tuple({c for letter in self.rank_low or ""
                                  for c in CASE_EXTRAS.get(letter, "")})

    @functools.cached_property
    def rank(self) -> re.Pattern[str]:
        """The rank in any case (compiled when first asked for: most paragraphs that may
        hold a title hold one of its words)."""
        return re.compile(re.escape(self.rank_text), re.IGNORECASE)

    def may_rank(self, text: str, low: str) -> bool:
        """Whether `rank` may find something in `text` (`low` lower-cased)."""
        return self.rank_low is None or self.rank_low in low or \
            any(c in text for c in self.rank_extras)

    def may_hold(self, text: str, low: str) -> bool:
        """Whether `text` (`low` lower-cased) may hold a variant, the title with more to it
        or the short form: it has the rank, or a word of the title as a word (a test that
        never says no where `variants` or the title patterns would find something)."""
        # (the paragraphs asked about hold a word of a title: its words are searched for
        # as words at once)
        return self.title in text or bool(self.any_anchor.search(low)) or \
            (self.may_rank(text, low) and bool(self.rank.search(text)))

    def variants(self, masked: str) -> Iterator[str]:
        """In text whose exact titles are masked (NUL), the variants of this title."""
        low = masked.lower()
        if self.may_rank(masked, low):
            yield from (m.group() for m in self.short.finditer(masked))
        if not self.any_word.search(low):
            return  # (a word that is an anchor once stripped is an anchor as a word)
        tokens, lows, ends = _tokens(masked)
        marks = [i for i, t in enumerate(lows) if t.strip(_PUNCT) in self.anchors]
        if not marks:
            return
        # a window is tested only if it can pass: a capital first, no NUL, a length within
        # the matcher's first bound (`real_quick_ratio`), all found without joining it
        count, sizes = len(tokens), {max(self.size - 1, 2), self.size, self.size + 1}
        reach = max(sizes)
        near_marks = {i for a in marks
                      for i in range(max(a - reach + 1, 0), min(a + reach, count))}
        # (a first token of punctuation only leaves a space first)
        capital = {i for i in near_marks if tokens[i].lstrip(_PUNCT)[:1].isupper()}
        # the punctuation a window's strip takes off its first and its last word (one
        # character each in either case: lower-casing maps each character on its own)
        cut = {i: len(tokens[i]) - len(tokens[i].lstrip(_PUNCT)) for i in capital}
        cut_end = {i: len(tokens[i]) - len(tokens[i].rstrip(_PUNCT)) for i in near_marks}
        nul = list(itertools.accumulate(("\x00" in t for t in tokens), initial=0)) \
            if "\x00" in masked else None
        shortest, longest = self.lengths
        for n in sizes:
            # the windows of n tokens holding an anchored one, left to right
            starts = sorted(capital.intersection(
                i for a in marks for i in range(max(a - n + 1, 0), min(a, count - n) + 1)))
            for i in starts:
                if nul is not None and nul[i + n] != nul[i]:
                    continue
                length = ends[i + n] - ends[i] + n - 1 - cut[i] - cut_end[i + n - 1]
                if not shortest <= length <= longest:
                    continue
                window = " ".join(tokens[i:i + n]).strip(_PUNCT)
                low = window.lower()
                if low in self.lower or self.lower in low:
                    continue
                if self.near(window):
                    yield window

    @functools.cached_property
    def lengths(self) -> tuple[int, int]:
        """The shortest and the longest lower-cased text whose first bound of the matcher
        (`real_quick_ratio`: 2·min/sum of the lengths) reaches the threshold: it rises to
        the title's length and falls after it, so those between pass and no other."""
        size, threshold = len(self.lower), self.near.threshold
        passing = [n for n in range(0, 4 * size + 2)
                   if 2.0 * min(n, size) / (n + size) >= threshold]
        return (passing[0], passing[-1]) if passing else (1, 0)


_PUNCT = ",.;:()“”\""


def _as_words(words: list[str]) -> re.Pattern[str]:
    r"""Any of `words` with no word character right before or after it: `(?<!\w)w(?!\w)`
    for each, which is `\bw\b` for a word that begins and ends with a word character (the
    faster to search)."""
    edged = [w for w in words if re.fullmatch(r"\w(?:.*\w)?", w, re.DOTALL)]
    others = [rf"(?<!\w){re.escape(w)}(?!\w)" for w in words if w not in edged]
    forms = ([rf"\b(?:{'|'.join(map(re.escape, edged))})\b"] if edged else []) + others
    return re.compile("|".join(forms) or "(?!)")


@functools.lru_cache(maxsize=8)  # each spelling of a case reads the same texts
def _tokens(masked: str) -> tuple[list[str], list[str], list[int]]:
    """The words of `masked` (split at spaces), lower-cased, and where each begins in the
    lower-cased words joined (without spaces)."""
    tokens = masked.split()
    lows = [t.lower() for t in tokens]
    return tokens, lows, list(itertools.accumulate(map(len, lows), initial=0))


@functools.lru_cache(maxsize=64)  # a chunk's cases at a time (docgen.build.chunks)
def _spelling(city_names: tuple[str, ...], title: str) -> _TitleSpelling:
    return _TitleSpelling(city_names, title)


@functools.lru_cache(maxsize=64)
def _prefilter(spellings: tuple[_TitleSpelling, ...]
               ) -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]:
    """What finds the paragraphs that may hold a title, its rank or a word of it (where
    `may_hold` may say yes), by one search of the joined lower-cased texts and one of the
    texts: the title's words and its rank lower-cased; the titles as they are written, the
    characters IGNORECASE takes for a letter of a rank, and a rank not in ASCII."""
    words = {w for s in spellings for w in s.anchors}
    words |= {s.rank_low for s in spellings if s.rank_low is not None}
    lower = re.compile("|".join(re.escape(w) for w in sorted(words)) or "(?!)")
    extras = sorted({c for s in spellings for c in s.rank_extras})
    cased = [re.escape(s.title) for s in spellings]
    cased += [f"(?i:{re.escape(s.rank_text)})" for s in spellings if s.rank_low is None]
    cased += [f"[{''.join(extras)}]"] if extras else []
    return lower, (re.compile("|".join(f"(?:{c})" for c in cased)),)


@functools.lru_cache(maxsize=4096)  # paragraphs repeat across a case's documents
def _variants(spelling: _TitleSpelling, masked: str) -> tuple[str, ...]:
    return tuple(spelling.variants(masked))


@rule("NAM001", "error", "Each leader's title is spelled identically in every document "
      "(variants such as “Mayor of Milpitas” for “Mayor of the City of Milpitas” are flagged).",
      "documents")
def titles_identical(docs: CaseDocuments) -> Iterator[Hit]:
    titles = [leader.title for _, leader in leaders(docs)]
    spellings = [_spelling((city.city, city.local_name or ""), leader.title)
                 for city, leader in leaders(docs)]
    people = _people(docs)
    extended, qualified = _extended(tuple(titles)), _qualified(tuple(titles))
    ranks = [rank_of(t) for t in titles]
    lower, cased = _prefilter(tuple(spellings))
    mask = names_pattern(titles)  # replace_names(text, titles, NUL), once for the case
    said: dict[str, list[str]] = {}  # a paragraph's messages: texts recur in a case's documents
    for doc in docs.docs:
        for para in doc.text.candidates_lower(lower, cased=cased):
            text = para.text
            messages = said.get(text)
            if messages is None:
                messages = said[text] = []
                low = text.lower()
                if not any(s.may_hold(text, low) for s in spellings):
                    continue  # most paragraphs name no title, nor a word of one
                # both patterns begin with a title, or its rank, as it is written
                named = any(t in text for t in titles)
                longer = [v for m in extended.finditer(text)
                          if (v := _longer(m, text, people))
                          and not any(v in t for t in titles)] if named else []
                if named or any(r in text for r in ranks):
                    longer += [m.group() for m in qualified.finditer(text)]
                masked = mask.sub("\x00", text) if mask else text  # replace_names
                found = {v: _title_meant(v, docs)
                         for s in spellings for v in _variants(s, masked)}
                found.update({v: _title_meant(v, docs) for v in longer})
                messages += [f"“{variant}”: the title is spelled “{title}” in the case data"
                             for variant, title in found.items()
                             if not any(variant != other and variant in other for other in found)]
            for message in messages:
                yield doc.hit(para, message)


def _longer(match: re.Match[str], text: str, people: list[str]) -> str | None:
    """The title with its word more, or None; a name after the title is no part of it."""
    post = match.group("post")
    if post and any(p and text[match.start("post"):].lstrip().startswith(p) for p in people):
        post = None
    if not (match.group("pre") or post):
        return None
    end = match.end() if post else (match.start("post") if match.group("post") else
                                    match.end())
    return text[match.start():end].strip()


_ADMIN_WORDS = ("city|municipality|prefecture|capital|town|county|district|metropolis|"
                "metropolitan|province|region|state|village|borough")


@functools.lru_cache(maxsize=64)
def _extended(titles: tuple[str, ...]) -> re.Pattern[str]:
    """An exact title with a word more that changes it: "Mayor of Takasaki City", "Deputy
    Mayor of Takasaki". A line break ends a title (the next line is the title in another
    language, in a signature block)."""
    names = "|".join(re.escape(t) for t in sorted(set(titles), key=len, reverse=True))
    return re.compile(rf"(?P<pre>\b(?i:deputy|vice|acting|former|interim|assistant)[\s-]+)?"
                      rf"(?<!\w)(?:{names})(?P<post>[^\S\n]+(?:(?i:{_ADMIN_WORDS})\b|"
                      rf"[A-Z][\w'’-]+))?")


_QUALIFIER = (r"(?i:deputy|acting|vice|interim|oic|officer[\s-]+in[\s-]+charge|in[\s-]+charge|"
              r"pro[\s-]+tem(?:pore)?|elect|designate|former|ad\s+interim|a\.i\.)")


@functools.lru_cache(maxsize=64)
def _qualified(titles: tuple[str, ...]) -> re.Pattern[str]:
    """A title with a qualifier inside or after it: "Mayor-in-charge of Takasaki", "Mayor
    (OIC) of Takasaki", "Mayor of Takasaki (Acting)", "Mayor of Takasaki, Deputy"."""
    forms = []
    for title in sorted(set(titles), key=len, reverse=True):
        rank = rank_of(title)
        rest = title[len(rank):]
        forms.append(rf"{re.escape(rank)}(?:[\s-]+{_QUALIFIER}|\s*\(\s*{_QUALIFIER}\s*\))"
                     rf"{re.escape(rest)}")
        forms.append(rf"{re.escape(title)}(?:\s*\(\s*{_QUALIFIER}\s*\)|,\s*{_QUALIFIER}\b)")
    return re.compile("|".join(forms))


def _title_meant(variant: str, docs: CaseDocuments) -> str:
    """The title a variant stands for: the leader whose city it names, else the closest."""
    named = [leader.title for city, leader in leaders(docs)
             if any(n and n.lower() in variant.lower() for n in (city.city, city.local_name))]
    if len(named) == 1:
        return named[0]
    return max((leader.title for _, leader in leaders(docs)), key=lambda t: similar(variant, t))
