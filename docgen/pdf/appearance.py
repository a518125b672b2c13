"""Form field appearances that draw every script in every viewer.

A viewer draws a field from its appearance stream; one that regenerates it draws with the
font of /DA from /DR. Standard PDF fonts (Helvetica) have no Lao, Urdu, Cyrillic or Japanese
glyphs, so docgen writes the streams itself: each value is split into runs by the installed
font that covers each character (Noto: Latin/Greek/Cyrillic, Lao, Arabic script, CJK...; else
what fontconfig finds for the character), each run is shaped by HarfBuzz (uharfbuzz: Lao
stacking, Urdu joining, right to left), and the glyphs are drawn from a font that docgen
builds from the glyphs the form uses (fontTools; CFF outlines are converted to TrueType) and
embeds as a CID font, also listed in the form's /DR.

Bidi is approximated per line: a line whose first strong character is right to left puts its
runs right to left and is aligned right.
"""

from __future__ import annotations

import io
import subprocess
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from docgen.workspace.languages import is_rtl_text

NOTO = (
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", 0),
    ("/usr/share/fonts/truetype/noto/NotoSansLao-Regular.ttf", 0),
    ("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf", 0),
    ("/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf", 0),
    ("/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf", 0),
    ("/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),  # JP first in the file
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
)
FILL, BORDER = (0.95, 0.96, 1.0), 0.6
# What the typing font covers besides the characters of the values: Latin, Greek, Cyrillic,
# punctuation, and the small alphabets of Hebrew, Arabic, Devanagari, Thai and Lao. (CJK has
# tens of thousands of characters: only those of the values.)
TYPING = ((0x20, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x5FF), (0x600, 0x6FF),
          (0x900, 0x97F), (0xE00, 0xE7F), (0xE80, 0xEFF), (0x2000, 0x206F), (0x20A0, 0x20BF))


@dataclass(frozen=True)
class Glyph:
    gid: int  # in the source font
    x: float  # in text-space units (1/1000 em)
    y: float


@dataclass
class SourceFont:
    """One installed font and the glyphs and characters the form uses from it."""

    path: str
    index: int
    used: dict[int, None] = field(default_factory=dict)  # gids, in first-use order
    chars: dict[int, int] = field(default_factory=dict)  # codepoint -> gid

    @property
    def key(self) -> tuple[str, int]:
        return self.path, self.index


@lru_cache(maxsize=32)
def _face(path: str, index: int) -> tuple[Any, Any, int, dict[int, int]]:
    """HarfBuzz font, fontTools font, units per em and cmap (codepoint -> gid)."""
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    data = Path(path).read_bytes()
    font = TTFont(io.BytesIO(data), fontNumber=index, lazy=True)
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    cmap = {cp: order[name] for cp, name in font.getBestCmap().items()}
    return hb.Font(hb.Face(data, index)), font, font["head"].unitsPerEm, cmap


def _fallback(char: str) -> tuple[str, int] | None:
    """fontconfig's font for a character no listed font covers."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}\n%{index}", f":charset={ord(char):x}"],
                             capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    lines = out.splitlines()
    if len(lines) == 2 and Path(lines[0]).is_file() and lines[1].isdigit():
        return lines[0], int(lines[1])
    return None


class Fonts:
    """The fonts of one form: which covers each character, and what each run looks like."""

    def __init__(self) -> None:
        self.sources: dict[tuple[str, int], SourceFont] = {}
        self._candidates = [(p, i) for p, i in NOTO if Path(p).is_file()]

    def _covering(self, char: str, fallback: bool = True) -> tuple[str, int] | None:
        for path, index in self._candidates:
            if ord(char) in _face(path, index)[3]:
                return path, index
        found = _fallback(char) if fallback else None
        if found is not None and ord(char) in _face(*found)[3]:
            self._candidates.append(found)
            return found
        return None

    def typing(self, values: list[str]) -> list[SourceFont]:
        """The glyphs of a font for what viewers redraw and partners type: the `TYPING`
        blocks and every character of `values`, each from the first font that has it."""
        used = {ord(c) for value in values for c in value if not c.isspace()}
        wanted = used | {cp for lo, hi in TYPING for cp in range(lo, hi + 1)}
        parts: dict[tuple[str, int], SourceFont] = {}
        for cp in sorted(wanted):
            if unicodedata.category(chr(cp)) in ("Cn", "Cc", "Co", "Cs"):
                continue
            key = self._covering(chr(cp), fallback=cp in used)
            if key is None:
                continue
            part = parts.setdefault(key, SourceFont(*key))
            part.chars[cp] = _face(*key)[3][cp]
            part.used.setdefault(part.chars[cp])
        latin = self._candidates[0] if self._candidates else None
        return sorted(parts.values(), key=lambda p: (p.key != latin, p.key))

    def runs(self, line: str) -> list[tuple[tuple[str, int], str]]:
        """`line` split into runs of one font; neutral characters stay with their run."""
        out: list[tuple[tuple[str, int], str]] = []
        for char in line:
            neutral = unicodedata.category(char)[0] in "ZPS" or char.isdigit()
            if out and ((neutral and ord(char) in _face(*out[-1][0])[3])
                        or self._covering(char) == out[-1][0]):
                out[-1] = (out[-1][0], out[-1][1] + char)
                continue
            key = self._covering(char)
            if key is None:
                continue  # no installed font has it: left out rather than drawn as a box
            out.append((key, char))
        return out

    def shape(self, key: tuple[str, int], text: str) -> tuple[list[Glyph], float]:
        """Glyphs of a run (positions in 1/1000 em from the run's start) and its advance."""
        import uharfbuzz as hb

        hb_font, _, upem, cmap = _face(*key)
        source = self.sources.setdefault(key, SourceFont(*key))
        for char in text:
            if ord(char) in cmap:
                source.chars[ord(char)] = cmap[ord(char)]
                source.used.setdefault(cmap[ord(char)])
        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        hb.shape(hb_font, buf, {})
        scale = 1000 / upem
        glyphs, x = [], 0.0
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
            source.used.setdefault(info.codepoint)
            glyphs.append(Glyph(info.codepoint, x + pos.x_offset * scale, pos.y_offset * scale))
            x += pos.x_advance * scale
        return glyphs, x


@dataclass
class Line:
    pieces: list[tuple[tuple[str, int], list[Glyph], float]]
    width: float  # in 1/1000 em
    rtl: bool


def layout(fonts: Fonts, text: str, size: float, width: float, multiline: bool) -> list[Line]:
    """The value's lines, shaped; long lines wrapped at spaces to `width` (points)."""
    lines: list[Line] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        words = raw.split(" ") if multiline else [raw]
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if current and _measure(fonts, candidate).width * size / 1000 > width:
                lines.append(_measure(fonts, current))
                current = word
            else:
                current = candidate
        lines.append(_measure(fonts, current))
    return lines


def _measure(fonts: Fonts, text: str) -> Line:
    rtl = is_rtl_text(text)
    pieces = []
    for key, run in fonts.runs(text):
        glyphs, advance = fonts.shape(key, run)
        pieces.append((key, glyphs, advance))
    if rtl:
        pieces.reverse()
    return Line(pieces, sum(p[2] for p in pieces), rtl)
