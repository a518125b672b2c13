"""What docgen knows of a language: its English and own name, script, direction, font.

Unknown codes still work: they are shown as the code itself, left to right.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in English
    native: str  # in the language itself
    rtl: bool = False
    font: str = "Noto Serif"  # a font family that covers the script (Debian fonts-noto-*)


_TABLE = [
    Language("en", "English", "English"),
    Language("lo", "Lao", "ພາສາລາວ", font="Noto Serif Lao"),
    Language("mk", "Macedonian", "македонски"),
    Language("sq", "Albanian", "shqip"),
    Language("ur", "Urdu", "اردو", rtl=True, font="Noto Naskh Arabic"),
    Language("ar", "Arabic", "العربية", rtl=True, font="Noto Naskh Arabic"),
    Language("fa", "Persian", "فارسی", rtl=True, font="Noto Naskh Arabic"),
    Language("he", "Hebrew", "עברית", rtl=True, font="Noto Serif Hebrew"),
    Language("ja", "Japanese", "日本語", font="Noto Serif CJK JP"),
    Language("zh", "Chinese", "中文", font="Noto Serif CJK SC"),
    Language("ko", "Korean", "한국어", font="Noto Serif CJK KR"),
    Language("th", "Thai", "ไทย", font="Noto Serif Thai"),
    Language("vi", "Vietnamese", "Tiếng Việt"),
    Language("tl", "Filipino", "Filipino"),
    Language("fil", "Filipino", "Filipino"),
    Language("es", "Spanish", "español"),
    Language("fr", "French", "français"),
    Language("de", "German", "Deutsch"),
    Language("it", "Italian", "italiano"),
    Language("pt", "Portuguese", "português"),
    Language("ru", "Russian", "русский"),
    Language("uk", "Ukrainian", "українська"),
    Language("tr", "Turkish", "Türkçe"),
    Language("el", "Greek", "Ελληνικά"),
    Language("hi", "Hindi", "हिन्दी", font="Noto Serif Devanagari"),
    Language("ps", "Pashto", "پښتو", rtl=True, font="Noto Naskh Arabic"),
]
_BY_CODE = {lang.code: lang for lang in _TABLE}


def language(code: str) -> Language:
    base = code.split("-")[0].lower()
    return _BY_CODE.get(code) or _BY_CODE.get(base) or Language(code, code, code)


def is_rtl_text(text: str) -> bool:
    """True when the first strong character of `text` is right to left."""
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return True
        if bidi == "L":
            return False
    return False
