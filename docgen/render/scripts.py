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
    (0x0600, 0x06FF, "cs", "Noto Naskh Arabic", True, "ar"),
    (0x0750, 0x077F, "cs", "Noto Naskh Arabic", True, "ar"),
    (0xFB50, 0xFDFF, "cs", "Noto Naskh Arabic", True, "ar"),
    (0xFE70, 0xFEFF, "cs", "Noto Naskh Arabic", True, "ar"),
    (0x0590, 0x05FF, "cs", "Noto Serif Hebrew", True, "he-IL"),
    (0x0900, 0x097F, "cs", "Noto Serif Devanagari", False, "hi-IN"),
    (0x3040, 0x30FF, "eastAsia", "Noto Serif CJK JP", False, "ja-JP"),
    (0x3400, 0x9FFF, "eastAsia", "Noto Serif CJK JP", False, "ja-JP"),
    (0xAC00, 0xD7AF, "eastAsia", "Noto Serif CJK KR", False, "ko-KR"),
    (0xFF00, 0xFFEF, "eastAsia", "Noto Serif CJK JP", False, "ja-JP"),
)
# The Arabic script as each language writes it: Urdu in Nastaliq, the others in Naskh.
_ARABIC = {"ur": ("Noto Nastaliq Urdu", "ur-PK"), "fa": ("Noto Naskh Arabic", "fa-IR"),
           "ps": ("Noto Naskh Arabic", "ps-AF"), "ar": ("Noto Naskh Arabic", "ar-SA")}
_HAN = {"ja": ("Noto Serif CJK JP", "ja-JP"), "zh": ("Noto Serif CJK SC", "zh-CN"),
        "ko": ("Noto Serif CJK KR", "ko-KR")}
# The complex-script size against the Latin size, so that the texts look alike in size:
# measured with fontTools as the height of a typical letter (ກ, ก, ه, क) against the
# x-height of Noto Serif (Lao 1.06, Thai 1.05, Nastaliq 0.88, Naskh 0.76, Devanagari 1.17),
# then held to 0.9-1.25 so that no text is set much smaller or larger than its neighbour.
_SCALE = {"Noto Serif Lao": 0.95, "Noto Serif Thai": 0.95, "Noto Nastaliq Urdu": 1.15,
          "Noto Naskh Arabic": 1.25, "Noto Serif Devanagari": 0.9}
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


def script_options(context: dict[str, Any]) -> dict[str, Any]:
    """What the pass needs from a document's context: its languages (which font the Arabic
    script and Han characters take) and whether it leads with a right-to-left text."""
    doc = context.get("doc") if isinstance(context, dict) else None
    doc = doc if isinstance(doc, dict) else {}
    agreement = context.get("agreement", {}) if isinstance(context, dict) else {}
    codes = doc.get("languages") or [lang.get("code", "") for lang in
                                     agreement.get("languages", []) if isinstance(lang, dict)]
    partner = context.get("partner", {}) if isinstance(context, dict) else {}
    codes = [*codes, *[lang.get("code", "") for lang in partner.get("languages", [])
                       if isinstance(lang, dict)]]
    return {"languages": tuple(str(c).split("-")[0] for c in codes),
            "rtl_tables": bool(doc.get("rtl"))}


def _fonts(languages: tuple[str, ...], attr: str, font: str, lang: str) -> tuple[str, str]:
    table = _ARABIC if lang == "ar" else _HAN if attr == "eastAsia" else {}
    for code in languages:
        if code in table:
            return table[code]
    return (font, lang) if lang != "ar" else _ARABIC["ar"]


def apply_script_fonts(xml: bytes, languages: tuple[str, ...] = (),
                       rtl_tables: bool = False) -> bytes:
    """Give every run of Lao, Thai, Arabic-script, Hebrew, Devanagari or CJK text its font
    (Urdu's in Nastaliq), its size and its direction; paragraphs of right-to-left text get
    `w:bidi`, and with `rtl_tables` every table is laid out right to left (`w:bidiVisual`)."""
    if not needs_script_fonts(xml) and not rtl_tables:
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
        font, lang = _fonts(languages, attr, font, lang)
        rpr = run.find(f"{_W}rPr")
        if rpr is None:
            rpr = etree.Element(f"{_W}rPr")
            run.insert(0, rpr)
        _set_font(rpr, attr, font)
        if attr == "cs":
            if rtl and is_rtl_text(text):  # a run of right-to-left text, not a mixed one
                _child(rpr, "rtl")
            _scale(rpr, font)
            _child(rpr, "lang").set(f"{_W}bidi", lang)
        else:
            _child(rpr, "lang").set(f"{_W}eastAsia", lang)
        changed = True
    for para in root.iter(f"{_W}p"):
        if _mostly_rtl("".join(t.text or "" for t in para.iter(f"{_W}t"))):
            ppr = para.find(f"{_W}pPr")
            if ppr is None:
                ppr = etree.Element(f"{_W}pPr")
                para.insert(0, ppr)
            _ppr_child(ppr, "bidi")
            changed = True
    if rtl_tables:
        for tbl_pr in root.iter(f"{_W}tblPr"):
            if tbl_pr.find(f"{_W}bidiVisual") is None:
                _tbl_child(tbl_pr, "bidiVisual")
                changed = True
    if not changed:
        return xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _mostly_rtl(text: str) -> bool:
    import unicodedata

    rtl = ltr = 0
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            rtl += 1
        elif bidi == "L":
            ltr += 1
    return rtl > ltr


def _scale(rpr: Any, font: str) -> None:
    """The complex-script size: the run's Latin size (or 11 pt) times the script's scale."""
    factor = _SCALE.get(font)
    if factor is None:
        return
    size = rpr.find(f"{_W}sz")
    half_points = int(size.get(f"{_W}val")) if size is not None else 22
    _child(rpr, "szCs").set(f"{_W}val", str(round(half_points * factor)))


# w:pPr children in schema order, up to those this pass adds
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
              "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
              "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
              "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
              "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
              "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange")
_TBL_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
              "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
              "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")


def _ppr_child(ppr: Any, name: str) -> Any:
    return _ordered_child(ppr, name, _PPR_ORDER)


def _tbl_child(tbl_pr: Any, name: str) -> Any:
    return _ordered_child(tbl_pr, name, _TBL_ORDER)


def _ordered_child(parent: Any, name: str, order: tuple[str, ...]) -> Any:
    from lxml import etree

    found = parent.find(f"{_W}{name}")
    if found is not None:
        return found
    element = etree.Element(f"{_W}{name}")
    rank = order.index(name)
    for index, existing in enumerate(parent):
        local = etree.QName(existing).localname
        if local in order and order.index(local) > rank:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


# w:rPr children must keep the schema's order: rStyle, rFonts, b, ..., rtl, cs, ..., lang
_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
          "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
          "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
          "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
          "eastAsianLayout", "specVanish", "oMath")


def _child(rpr: Any, name: str) -> Any:
    """The child `name` of a w:rPr, created in schema order when missing."""
    return _ordered_child(rpr, name, _ORDER)


def _set_font(rpr: Any, attr: str, font: str) -> None:
    fonts = _child(rpr, "rFonts")
    fonts.set(f"{_W}{attr}", font)
    theme = "eastAsiaTheme" if attr == "eastAsia" else "cstheme"
    fonts.attrib.pop(f"{_W}{theme}", None)
