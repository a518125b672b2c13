"""What an official's title means: the office it heads, and what makes it lower than the head.

A title is read by meaning, in the words and scripts a clerk will meet: "Mayor of Takasaki",
"高崎市長", "Bürgermeisterin der Stadt Ulm", "Presidente Municipal de Guadalajara". The city's
own names are taken out first, so a place called "Vice" or "Deputy" is not a deputy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The head of a city, county or state, by level; and who heads a council rather than a city.
MUNICIPAL_HEADS = {"mayor", "mayoress", "lord mayor", "lady mayor", "lord provost",
                   "burgomaster", "bürgermeister", "bürgermeisterin", "oberbürgermeister",
                   "oberbürgermeisterin", "alcalde", "alcaldesa", "maire", "mairesse",
                   "sindaco", "sindaca", "prefeito", "prefeita", "intendente", "nazim",
                   "reeve", "provost", "burgemeester", "presidente municipal",
                   "municipal president", "city mayor", "gradonačelnik", "gradonachalnik",
                   "kryetar", "kryetari", "kryetarja", "градоначалник", "градоначалничка",
                   "мэр", "глава", "primar", "primarul", "prezydent", "burmistrz",
                   "starosta", "polgármester", "pormestari", "borgmester", "borgmästare",
                   "ordfører", "belediye başkanı", "city executive", "head of the city",
                   "bourgmestre", "burgomaestre", "primátor", "primator", "walikota",
                   "wali kota", "alkalde", "punong lungsod", "punong bayan", "thị trưởng",
                   "shichō", "shicho", "presidente da câmara", "president of the municipality",
                   "jefe de gobierno", "chief executive officer of the city"}
REGIONAL_HEADS = {"governor", "premier", "county executive", "county judge", "warden",
                  "gouverneur", "gobernador", "gobernadora", "governatore", "governador",
                  "prefect", "préfet", "landrat", "landrätin", "ministerpräsident",
                  "county mayor", "county commissioner", "county board chair",
                  "chair of the board of supervisors", "ministro presidente", "bupati",
                  "gubernur", "župan", "zupan", "chijī", "chiji"}
OTHER_HEADS = {"chair", "chairman", "chairwoman", "chairperson", "president", "presidente",
               "présidente", "chief executive", "executive", "head", "chief minister",
               "chủ tịch", "chu tich"}
# Heads in the scripts that write a title as one word: the head's characters, by level.
CJK_HEADS = {"市長": "municipal", "市长": "municipal", "町長": "municipal", "村長": "municipal",
             "区長": "municipal", "區長": "municipal", "区长": "municipal", "시장": "municipal",
             "군수": "municipal", "구청장": "municipal", "知事": "regional", "省長": "regional",
             "省长": "regional", "도지사": "regional", "주석": None, "主席": None,
             "ເຈົ້າຄອງນະຄອນ": "municipal", "ເຈົ້າຄອງ": "regional", "ເຈົ້າເມືອງ": "municipal",
             "میئر": "municipal", "ناظم": "municipal"}
CJK_BEFORE = {"副": "a deputy", "부": "a deputy", "代理": "an acting official",
              "臨時": "an acting official"}  # right before the head: 副市長, 부시장
CJK_FIRST = {"前": "a former official", "元": "a former official", "전": "a former official"}
CJK_AFTER = {"代理": "an acting official", "職務代理者": "an acting official",
             "권한대행": "an acting official", "대행": "an acting official"}  # 市長代理
NOT_HIGHEST = {"deputy": "a deputy", "vice": "a vice official", "acting": "an acting official",
               "assistant": "an assistant", "former": "a former official",
               "interim": "an interim official", "elect": "not yet in office",
               "designate": "not yet in office", "ex": "a former official",
               "tem": "a temporary official", "tempore": "a temporary official",
               "alternate": "an alternate", "caretaker": "a caretaker official",
               "substitute": "a substitute", "adjoint": "a deputy", "adjointe": "a deputy",
               "teniente": "a deputy", "vize": "a vice official", "stellvertreter": "a deputy",
               "stellvertretender": "a deputy", "stellvertretende": "a deputy",
               "suplente": "a substitute", "encargado": "an official in charge",
               "encargada": "an official in charge", "oic": "an official in charge",
               "emeritus": "a former official", "retired": "a former official",
               "sub": "a deputy", "vicealcalde": "a deputy",
               "vicealcaldesa": "a deputy", "zamestnik": "a deputy", "заменик": "a deputy",
               "заместитель": "a deputy", "zëvendës": "a deputy", "zëvendëskryetar": "a deputy",
               "vizebürgermeister": "a vice official", "vizebürgermeisterin":
               "a vice official", "bürgermeister-stellvertreter": "a deputy",
               "stellv": "a deputy", "phó": "a vice official",
               "pangalawang": "a vice official", "wakil": "a deputy", "fuku": "a deputy",
               "vicepresidente": "a vice official"}
IN_CHARGE = re.compile(r"\bin[\s-]+charge\b|\bofficer[\s-]+in[\s-]+charge\b|\bOIC\b|"
                       r"\bp\.\s?p\.|\bper\s+pro(?:curationem)?\b|\bon\s+behalf\s+of\b|"
                       r"\bfor\s+the\s+mayor\b|\bpro[\s-]+tem(?:pore)?\b|\bp\.\s?t\.",
                       re.IGNORECASE)
# A council, assembly or legislature: its head presides over it, and is not the city's head
# where the city has a mayor.
COUNCIL = re.compile(r"\b(council|assembly|legislature|parliament|diet|senate|conseil|"
                     r"consiglio|concejo|cabildo|gemeinderat|stadtrat|rat|kuvend|këshill\w*|"
                     r"совет|совет\w*|собрание|sobranie|sovet|câmara|camara|"
                     r"board\s+of\s+aldermen|hội\s+đồng)\b|議会|议会|의회|議長|议长|의장",
                     re.IGNORECASE)
PRESIDING = re.compile(r"\b(president|chair\w*|speaker|presidente|präsident\w*|vorsitzend\w*|"
                       r"kryetar\w*|претседател\w*|председател\w*|head|leader|"
                       r"presiding|chủ\s+tịch)\b|議長|议长|의장", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def in_known_script(title: str) -> bool:
    """Whether the title is written in Latin or Cyrillic letters, whose words docgen knows;
    a title in another script is judged by its head word only when it has one."""
    letters = [c for c in title if c.isalpha()]
    known = [c for c in letters if "LATIN" in _name(c) or "CYRILLIC" in _name(c)]
    return bool(letters) and len(known) * 2 > len(letters)


def _name(char: str) -> str:
    import unicodedata

    return unicodedata.name(char, "")


@dataclass(frozen=True)
class Rank:
    """What a title says about its holder."""

    head: str | None  # the head-of-government words ("lord mayor", "市長"), else None
    level: str | None  # "municipal", "regional" or None (a chair, a president...)
    lower: str | None  # why it is not the head ("a deputy"), else None
    council: bool  # heads a council or assembly, not the city


def _words(text: str) -> list[str]:
    out: list[str] = []
    for word in _WORD.findall(text.lower()):
        out.append(word)
        if "-" in word:  # "vice-mayor", "mayor-in-charge": the word and its parts
            out.extend(word.split("-"))
    return out


def without_names(title: str, names: list[str]) -> str:
    """`title` with the city's own names (and its country's) blanked out."""
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        title = re.sub(re.escape(name), " ", title, flags=re.IGNORECASE)
    return title


def read_rank(title: str, names: list[str] | None = None) -> Rank:
    """The rank of `title`; `names` (the city, its local name, state, country) are no part."""
    text = without_names(title, names or [])
    words = _words(text)
    lower = next((NOT_HIGHEST[w] for w in words if NOT_HIGHEST.get(w)), None)
    if lower is None and IN_CHARGE.search(text):
        lower = "an official in charge for the office holder (officer in charge, pro tem)"
    head, level = _latin_head(words)
    if head is None:
        head, level, mark = _cjk_head(title)
        lower = lower or mark
    council = bool(COUNCIL.search(text)) and bool(PRESIDING.search(text)) and level is None
    return Rank(head, level, lower, council)


def _cjk_head(title: str) -> tuple[str | None, str | None, str | None]:
    """A head written in one word with its city (高崎市長, 부산광역시장) and its mark, if any."""
    for chars, level in CJK_HEADS.items():
        at = title.rfind(chars)
        if at < 0:
            continue
        before, after = title[:at].rstrip(), title[at + len(chars):]
        mark = next((v for m, v in CJK_BEFORE.items() if before.endswith(m)), None) or \
            next((v for m, v in CJK_FIRST.items() if before.lstrip().startswith(m)), None) or \
            next((v for m, v in CJK_AFTER.items() if m in after), None)
        return chars, level, mark
    return None, None, None


def _latin_head(words: list[str]) -> tuple[str | None, str | None]:
    heads = {**{h: "regional" for h in REGIONAL_HEADS}, **{h: None for h in OTHER_HEADS},
             **{h: "municipal" for h in MUNICIPAL_HEADS}}
    for size in (6, 5, 4, 3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i:i + size])
            if phrase in heads:
                return phrase, heads[phrase]
    return None, None


def rank_word(head: str | None) -> str | None:
    """The word a salutation uses for a head ("Mayor" for "lord mayor" stays "Lord Mayor")."""
    return head.title() if head else None
