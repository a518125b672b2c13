"""DocText's searches of the joined text give the paragraphs a search of each paragraph gives:
on the fixture documents as rendered, and on texts whose lower-casing changes their length."""

from __future__ import annotations

import re

import pytest
from checking import rendered

from docgen.checks.reading import CASE_EXTRAS, DocText
from docgen.checks.titles import _prefilter, _TitleSpelling
from docgen.docx.text import Located, Para

# patterns that match within a line: the helper finds exactly the paragraphs they match
WITHIN = [r"mayor", r"(?<!\w)city(?!\w)", r"\bcapital\b", r"milpitas|tetovo|peshawar",
          r"i̇stanbul", r"\d{4}", r"“[^”\n]*”", r"ß", r"(?<!\w)(?:of|the)(?!\w)"]
# and in the text as it is
CASED = [r"Mayor", r"(?<!\w)City(?!\w)", r"İstanbul", r"ΣΑΣ", r"Tetovo|Vientiane", r"ß"]
# patterns that may run over a line break: it finds at least those paragraphs
ACROSS = [r"mayor\s+of", r"[a-z]+\s+\w+", r"\s"]


def _documents() -> list[DocText]:
    texts = [doc.text for doc in rendered()[1]]
    hostile = ["İstanbul İİ city of MAYOR", "ǅ Mayor", "city", "", "ΣΑΣ city Σ",
               "ﬁ Capital\nsecond line of Tetovo", "x" * 40 + "İ mayor", "Milpitas", "İ" * 9]
    items = tuple(Located(Para("document", i, t, f"body ¶{i + 1}"), None)
                  for i, t in enumerate(hostile * 3))
    return [*texts, DocText(items, ())]


def _plain(text: DocText, lower: list[re.Pattern[str]],
           cased: list[re.Pattern[str]]) -> list[Para]:
    return [p for p in text.paras if any(x.search(p.text.lower()) for x in lower)
            or any(x.search(p.text) for x in cased)]


@pytest.mark.parametrize(("pattern", "cased"), zip(WITHIN, CASED * 2, strict=False))
def test_candidates_lower_finds_what_each_paragraph_holds(pattern: str, cased: str) -> None:
    lower, exact = re.compile(pattern), re.compile(cased)
    for text in _documents():
        assert text.candidates_lower(lower) == _plain(text, [lower], [])
        assert text.candidates_lower(cased=(exact,)) == _plain(text, [], [exact])
        assert text.candidates_lower(lower, cased=(exact,)) == _plain(text, [lower], [exact])


@pytest.mark.parametrize("pattern", ACROSS)
def test_candidates_lower_finds_at_least_what_each_paragraph_holds(pattern: str) -> None:
    compiled = re.compile(pattern)
    for text in _documents():
        found = text.candidates_lower(compiled)
        plain = _plain(text, [compiled], [])
        assert set(plain) <= set(found)
        assert found == [p for p in text.paras if p in found]  # in order, once each


@pytest.mark.parametrize("title", ["Mayor of Tetovo", "Градоначалник на Тетово", "Bürgermeister",
                                   "Mayor", "Lord Provost of Glasgow", "Sindaco di İstanbul",
                                   "Sr of Tetovo", "Dux of Tetovo", "Мэр of Tetovo"])
def test_candidates_lower_finds_the_paragraphs_a_title_may_be_in(title: str) -> None:
    # NAM001's searches: the titles' words and ranks in the lower-cased text, the titles
    workspace, _docs = rendered()
    home = workspace.settings.home
    spellings = (_TitleSpelling((home.city, ""), home.leader.title),
                 _TitleSpelling(("Tetovo", "Тетово"), title))
    lower, cased = _prefilter(spellings)
    hostile = [f"The {title.upper()} spoke", f"the {title.lower()}", "ſindaco", "MAYOR",
               "Mayoral", "ıstanbul", "Lord\nProvost", "ſr", "the SR", "DUX", "МЭР",
               title]
    items = tuple(Located(Para("document", i, t, f"body ¶{i + 1}"), None)
                  for i, t in enumerate(hostile))
    for text in [*_documents(), DocText(items, ())]:
        found = text.candidates_lower(lower, cased=cased)
        held = [p for p in text.paras
                if any(s.may_hold(p.text, p.text.lower()) for s in spellings)]
        assert set(held) <= set(found)
        assert [p for p in found if p in held] == held


def test_case_extras_are_what_ignorecase_matches_beyond_lower_casing() -> None:
    # every character re.IGNORECASE takes for an ASCII one, but its two cases and those
    # that lower-case to it (the Kelvin sign to k), is in CASE_EXTRAS, and nothing else is
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for code in range(0x80):
        char = chr(code)
        matched = {m.group() for m in re.finditer(re.escape(char), every, re.IGNORECASE)}
        extra = {c for c in matched if c.lower() != char.lower()}
        assert extra == set(CASE_EXTRAS.get(char.lower(), "")), (char, extra)


STEMS = [("rable",), ("excellency",), ("hon", "h.", "excellency"), ("tbd", "[", "lorem ipsum"),
         ("pakistan", "islamic republic of pakistan"), ("is",), ("sk", "ki"), ("mayor",)]


@pytest.mark.parametrize("stems", STEMS)
def test_containing_any_case_finds_what_each_paragraph_holds_in_any_case(
        stems: tuple[str, ...]) -> None:
    hostile = ["ıs a Mayor", "İS", "ſk", "KI and Kİ", "honourable", "İSLAMIC REPUBLIC OF PAKİSTAN",
               "H. E.", "[TBD]", "Lorem  ipsum", "ISLAMIC REPUBLIC OF PAKISTAN", "ǅ excellency"]
    items = tuple(Located(Para("document", i, t, f"body ¶{i + 1}"), None)
                  for i, t in enumerate(hostile * 2))
    patterns = [re.compile(re.escape(s), re.IGNORECASE) for s in stems]
    mayor = re.compile(r"(?<!\w)Mayor(?!\w)")
    for text in [*_documents(), DocText(items, ())]:
        found = text.containing_any_case(stems)
        assert found == [p for p in text.paras if p in found]  # in order, once each
        held = _plain(text, [], patterns)
        assert set(held) <= set(found)
        # beyond those, only paragraphs with a character IGNORECASE takes for another
        extras = "".join(CASE_EXTRAS.values())
        assert all(any(c in p.text for c in extras) for p in found if p not in held)
        both = text.containing_any_case(stems, cased=(mayor,))
        assert set(both) == set(found) | set(_plain(text, [], [mayor]))
        assert both == [p for p in text.paras if p in both]


def test_containing_any_case_takes_only_ascii_lower_case() -> None:
    text = _documents()[0]
    for stems in (("Mayor",), ("ſ",), ("a\nb",)):
        with pytest.raises(ValueError, match="stems"):
            text.containing_any_case(stems)


def test_containing_finds_the_paragraphs_holding_a_stem() -> None:
    from docgen.checks.relationships import STEMS

    hostile = ["姉妹都市の", "a 자매 b", "Збратимени градови", "SISTER", "x", "", "友好\n우호",
               "ເມືອງ", "جڑواں شہر", "irmãs", "STÄDTEPARTNER"]
    items = tuple(Located(Para("document", i, t, f"body ¶{i + 1}"), None)
                  for i, t in enumerate(hostile * 2))
    for stems in (STEMS, ("姉妹", "sister"), ("우호",), ("mayor", "city")):
        for text in [*_documents(), DocText(items, ())]:
            assert text.containing(stems) == [p for p in text.paras
                                              if any(s in p.text.lower() for s in stems)]
