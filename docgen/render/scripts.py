"""The right font, and direction, for every script in a rendered document.

Word and LibreOffice pick a run's font by the class of its characters: Latin and Cyrillic
use `w:ascii`/`w:hAnsi`, Chinese and Japanese `w:eastAsia`, and Lao, Thai, Arabic-script
and Hebrew the complex-script font `w:cs`. A template has one `w:cs` font, but Lao and Urdu
need different ones, so after rendering each run holding such text gets its script's font
(the Noto families, Debian's fonts-noto-core and fonts-noto-cjk) and language, and runs of
right-to-left text get `w:rtl`, whatever the template says. Mixed runs ("Peshawar (پشاور)")
stay left to right; the bidi algorithm orders the Urdu inside them.
"""

from __future__ import annotations

import re
from typing import Any

from docgen.workspace.languages import is_rtl_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"

# (first, last code point, font attribute, font family, right to left, language tag)
_SCRIPTS: tuple[tuple[int, int, str, str, bool, str], ...] = (
    (0x0E80, 0x0EFF, "cs", "Noto Serif Lao", False, "lo-LA"),
    (0x0E00, 0x0E7F, "cs", "Noto Serif Thai", False, "th-TH"),
    (0x0600, 0x06FF, "cs", "Noto Naskh Arabic", True, "ur-PK"),
    (0x0750, 0x077F, "cs", "Noto Naskh Arabic", True, "ur-PK"),
    (0xFB50, 0xFDFF, "cs", "Noto Naskh Arabic", True, "ur-PK"),
    (0xFE70, 0xFEFF, "cs", "Noto Naskh Arabic", True, "ur-PK"),
    (0x0590, 0x05FF, "cs", "Noto Serif Hebrew", True, "he-IL"),
    (0x0900, 0x097F, "cs", "Noto Serif Devanagari", False, "hi-IN"),
    (0x3040, 0x30FF, "eastAsia", "Noto Serif CJK JP", False, "ja-JP"),
    (0x3400, 0x9FFF, "eastAsia", "Noto Serif CJK JP", False, "ja-JP"),
    (0xAC00, 0xD7AF, "eastAsia", "Noto Serif CJK KR", False, "ko-KR"),
    (0xFF00, 0xFFEF, "eastAsia", "Noto Serif CJK JP", False, "ja-JP"),
)
_ANY = re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b, *_ in _SCRIPTS) + "]")


def _script_of(text: str) -> tuple[str, str, bool, str] | None:
    """The script of the run's first character that needs a script font, if any: the
    whole run is searched by one compiled pattern (the union of the ranges), and only the
    character it finds is looked up."""
    found = _ANY.search(text)
    if found is None:
        return None
    code = ord(found.group())
    for first, last, attr, font, rtl, lang in _SCRIPTS:
        if first <= code <= last:
            return attr, font, rtl, lang
    return None  # not reached: _ANY matches only characters of _SCRIPTS


_STORY = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")


def is_story(part_name: str) -> bool:
    """Parts whose runs hold the document's text: body, headers, footers, footnotes."""
    return _STORY.match(part_name) is not None


def needs_script_fonts(xml: bytes) -> bool:
    """Cheap pre-check: does this part hold any text needing a script font?"""
    return _ANY.search(xml.decode("utf-8", errors="ignore")) is not None


def apply_script_fonts(xml: bytes) -> bytes:
    """Give every run of Lao, Thai, Arabic-script, Hebrew, Devanagari or CJK text its font."""
    if not needs_script_fonts(xml):
        return xml
    from lxml import etree

    root = etree.fromstring(xml)
    changed = False
    for run in root.iter(f"{_W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{_W}t"))
        found = _script_of(text) if text else None
        if found is None:
            continue
        attr, font, rtl, lang = found
        rpr = run.find(f"{_W}rPr")
        if rpr is None:
            rpr = etree.Element(f"{_W}rPr")
            run.insert(0, rpr)
        _set_font(rpr, attr, font)
        if attr == "cs":
            if rtl and is_rtl_text(text):  # a run of right-to-left text, not a mixed one
                _child(rpr, "rtl")
            _child(rpr, "lang").set(f"{_W}bidi", lang)
        else:
            _child(rpr, "lang").set(f"{_W}eastAsia", lang)
        changed = True
    if not changed:
        return xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# w:rPr children must keep the schema's order: rStyle, rFonts, b, ..., rtl, cs, ..., lang
_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
          "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
          "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
          "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
          "eastAsianLayout", "specVanish", "oMath")


def _child(rpr: Any, name: str) -> Any:
    """The child `name` of a w:rPr, created in schema order when missing."""
    from lxml import etree

    found = rpr.find(f"{_W}{name}")
    if found is not None:
        return found
    element = etree.Element(f"{_W}{name}")
    rank = _ORDER.index(name)
    for index, existing in enumerate(rpr):
        local = etree.QName(existing).localname
        if local in _ORDER and _ORDER.index(local) > rank:
            rpr.insert(index, element)
            return element
    rpr.append(element)
    return element


def _set_font(rpr: Any, attr: str, font: str) -> None:
    fonts = _child(rpr, "rFonts")
    fonts.set(f"{_W}{attr}", font)
    theme = "eastAsiaTheme" if attr == "eastAsia" else "cstheme"
    fonts.attrib.pop(f"{_W}{theme}", None)
