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
    return not xml.isascii() and _ANY.search(xml.decode("utf-8", errors="ignore")) is not None


def script_text(text: str) -> bool:
    """`needs_script_fonts` of a part's text."""
    return not text.isascii() and _ANY.search(text) is not None


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


def options_first(context: dict[str, Any]) -> list[Any]:
    """[script_options(context)] for a pass made early, or [] if that raises (then it
    raises where it did, after rendering)."""
    try:
        return [script_options(context)]
    except Exception:
        return []


def _fonts(languages: tuple[str, ...], attr: str, font: str, lang: str) -> tuple[str, str]:
    table = _ARABIC if lang == "ar" else _HAN if attr == "eastAsia" else {}
    for code in languages:
        if code in table:
            return table[code]
    return (font, lang) if lang != "ar" else _ARABIC["ar"]


def apply_script_fonts(xml: bytes, languages: tuple[str, ...] = (),
                       rtl_tables: bool = False, root: Any = None) -> bytes:
    """Give every run of Lao, Thai, Arabic-script, Hebrew, Devanagari or CJK text its font
    (Urdu's in Nastaliq), its size and its direction; paragraphs of right-to-left text get
    `w:bidi`, and with `rtl_tables` every table is laid out right to left (`w:bidiVisual`).

    `root`, when given, is `xml` already parsed (lxml), which the pass then changes in place
    rather than parsing `xml` again."""
    if not rtl_tables and not needs_script_fonts(xml):
        return xml
    from lxml import etree

    if root is None:
        root = etree.fromstring(xml)
    if not script_fonts_in_tree(root, languages, rtl_tables):
        return xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# Every character whose bidirectional class is R or AL lies in these blocks (a test checks
# it against unicodedata): a text without one is not right to left, nor mostly so.
_RTL_BLOCKS = "\u0590-\u08ff\u200f\ufb1d-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff"
_MAYBE_RTL = re.compile(f"[{_RTL_BLOCKS}]")


def script_fonts_in_tree(root: Any, languages: tuple[str, ...] = (),
                         rtl_tables: bool = False) -> bool:
    """`apply_script_fonts` on a parsed part, in place; True when it changed anything.

    Only the runs and paragraphs holding a character of a script (or of a right-to-left
    block) are visited: the others come out of the pass as they went in."""
    runs, paragraphs = candidates(root)
    changed = False
    for run in runs:
        decision = run_decision(text_of(run), languages)
        if decision is None:
            continue  # not reached: the run holds a script's character
        run_fonts(run, *decision)
        changed = True
    for para in paragraphs:
        if _mostly_rtl(text_of(para)):
            paragraph_bidi(para)
            changed = True
    if rtl_tables:
        for tbl_pr in root.iter(f"{_W}tblPr"):
            if table_bidi(tbl_pr):
                changed = True
    return changed


_T, _R, _P, _RPR, _PPR = (f"{_W}{name}" for name in ("t", "r", "p", "rPr", "pPr"))


def candidates(root: Any) -> tuple[dict[Any, None], dict[Any, None]]:
    """The runs holding a character of a script and the paragraphs holding one of a
    right-to-left block, in the order their first such w:t comes."""
    runs: dict[Any, None] = {}
    paragraphs: dict[Any, None] = {}
    for t in root.iter(_T):
        text = t.text
        if not text or text.isascii():
            continue
        if _ANY.search(text) is not None:
            runs.update(dict.fromkeys(t.iterancestors(_R)))
        if _MAYBE_RTL.search(text) is not None:
            paragraphs.update(dict.fromkeys(t.iterancestors(_P)))
    return runs, paragraphs


def text_of(element: Any) -> str:
    """The text of the w:t in `element`, joined."""
    texts = [t.text for t in element.iter(_T)]
    if len(texts) == 1:
        return texts[0] or ""
    return "".join([text or "" for text in texts])


def run_decision(text: str, languages: tuple[str, ...]) -> tuple[str, str, str, bool] | None:
    """What a run of `text` gets: (font attribute, font, language, right to left), or None
    when it holds no character of a script."""
    found = _script_of(text)
    if found is None:
        return None
    attr, font, rtl, lang = found
    font, lang = _fonts(languages, attr, font, lang)
    # a run of right-to-left text, not a mixed one ("Peshawar (پشاور)")
    return attr, font, lang, attr == "cs" and rtl and is_rtl_text(text)


def run_fonts(run: Any, attr: str, font: str, lang: str, rtl: bool) -> None:
    """The run's w:rPr given its script's font, size, language and direction."""
    rpr = run.find(_RPR)
    if rpr is None:
        rpr = _element(_RPR)
        run.insert(0, rpr)
    children = _Children(rpr, _ORDER)
    fonts = children.get("rFonts", f"{_W}{attr}", font)
    fonts.attrib.pop(f"{_W}{'eastAsiaTheme' if attr == 'eastAsia' else 'cstheme'}", None)
    if attr == "cs":
        if rtl:
            children.get("rtl")
        factor = _SCALE.get(font)
        if factor is not None:  # the run's Latin size (or 11 pt) times the script's scale
            size = children.find("sz")
            half_points = int(size.get(_VAL)) if size is not None else 22
            children.get("szCs", _VAL, str(round(half_points * factor)))
        children.get("lang", f"{_W}bidi", lang)
    else:
        children.get("lang", f"{_W}eastAsia", lang)


def paragraph_bidi(para: Any) -> None:
    ppr = para.find(_PPR)
    if ppr is None:
        ppr = _element(_PPR)
        para.insert(0, ppr)
    _Children(ppr, _PPR_ORDER).get("bidi")


def table_bidi(tbl_pr: Any) -> bool:
    """w:bidiVisual in a w:tblPr; True when it was missing."""
    if tbl_pr.find(f"{_W}bidiVisual") is not None:
        return False
    _tbl_child(tbl_pr, "bidiVisual")
    return True


class _Strong(dict[int, str | None]):
    """A character's strong direction for str.translate: "R" (bidi R, AL), "L", else none."""

    def __missing__(self, code: int) -> str | None:
        import unicodedata

        bidi = unicodedata.bidirectional(chr(code))
        strong = self[code] = "R" if bidi in ("R", "AL") else "L" if bidi == "L" else None
        return strong


_STRONG = _Strong()


def _mostly_rtl(text: str) -> bool:
    """More right-to-left characters (bidi R, AL) than left-to-right ones (L)."""
    if _MAYBE_RTL.search(text) is None:
        return False
    if _MAYBE_LTR.search(text) is None:  # no L at all: is there one R or AL?
        return any(_STRONG[ord(found.group())] == "R" for found in _MAYBE_RTL.finditer(text))
    strong = text.translate(_STRONG)
    return strong.count("R") > strong.count("L")


# A character that may be left to right (bidi L): none of ASCII's but its letters is, nor any
# in the right-to-left blocks (a test checks both against unicodedata).
_MAYBE_LTR = re.compile(f"[^\x00-\x40\x5b-\x60\x7b-\x7f{_RTL_BLOCKS}]")


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


def _tbl_child(tbl_pr: Any, name: str) -> Any:
    return _ordered_child(tbl_pr, name, _TBL_ORDER)


def _ordered_child(parent: Any, name: str, order: tuple[str, ...]) -> Any:
    found = parent.find(f"{_W}{name}")
    if found is not None:
        return found
    element = _element(f"{_W}{name}")
    ranks = _RANKS.get(order)
    if ranks is None:
        ranks = _RANKS[order] = {local: rank for rank, local in enumerate(order)}
    rank = ranks[name]
    for index, existing in enumerate(parent):
        tag = existing.tag
        if isinstance(tag, str):
            local = tag.rpartition("}")[2]
        else:  # a comment or processing instruction: as lxml names it
            from lxml import etree

            local = etree.QName(existing).localname
        later = ranks.get(local)
        if later is not None and later > rank:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


_RANKS: dict[tuple[str, ...], dict[str, int]] = {}
_TAG_RANKS: dict[tuple[str, ...], dict[str, int | None]] = {}


class _Children:
    """A parent's children in schema `order`, read once: `get` finds or makes several of
    them as `_ordered_child` makes each, `find` is the parent's find of a child."""

    def __init__(self, parent: Any, order: tuple[str, ...]) -> None:
        self.parent, self.order = parent, order
        names = _RANKS.get(order)
        if names is None:
            names = _RANKS[order] = {local: rank for rank, local in enumerate(order)}
        self.names = names
        tags = _TAG_RANKS.setdefault(order, {})
        self.ranks: list[int | None] = []
        self.first: dict[str, Any] = {}
        self.slow = False  # a comment or processing instruction among them
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str):
                self.slow = True
                return
            if tag not in tags:
                tags[tag] = names.get(tag.rpartition("}")[2])
            self.ranks.append(tags[tag])
            self.first.setdefault(tag, child)

    def find(self, name: str) -> Any:
        tag = f"{_W}{name}"
        return self.parent.find(tag) if self.slow else self.first.get(tag)

    def get(self, name: str, key: str | None = None, value: str = "") -> Any:
        """The child `name`, made where missing; with `key`, that attribute set to `value`."""
        if self.slow:
            found = _ordered_child(self.parent, name, self.order)
        else:
            tag = f"{_W}{name}"
            found = self.first.get(tag)
        if found is not None:
            if key is not None:
                found.set(key, value)
            return found
        rank = self.names[name]
        index = 0
        for later in self.ranks:
            if later is not None and later > rank:
                break
            index += 1
        attrib = {key: value} if key is not None else None
        if index == len(self.ranks):
            element = _sub_element(self.parent, tag, attrib)
        else:
            element = _element(tag, attrib)
            self.parent.insert(index, element)
        self.first[tag] = element
        self.ranks.insert(index, rank)
        return element


def _element(tag: str, attrib: dict[str, str] | None = None) -> Any:
    return _lxml().Element(tag, attrib)


def _sub_element(parent: Any, tag: str, attrib: dict[str, str] | None = None) -> Any:
    return _lxml().SubElement(parent, tag, attrib)


def _lxml() -> Any:
    global _ETREE
    if _ETREE is None:
        from lxml import etree

        _ETREE = etree
    return _ETREE


_ETREE: Any = None
_VAL = f"{_W}val"


# w:rPr children must keep the schema's order: rStyle, rFonts, b, ..., rtl, cs, ..., lang
_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
          "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
          "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
          "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
          "eastAsianLayout", "specVanish", "oMath")
