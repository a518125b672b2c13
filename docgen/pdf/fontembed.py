"""Embedding the glyphs a form uses: one small TrueType font per installed font, as a PDF
CID font (Type0, Identity-H), with a ToUnicode map so the text can be copied and searched.

The font is built anew from the glyphs used (fontTools' FontBuilder), so the glyph ids are
small and the same input gives the same bytes; composite glyphs are decomposed and CFF
(PostScript) outlines, as in Noto CJK, are converted to TrueType quadratics.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

from docgen.pdf.appearance import FILL, Fonts, Line, SourceFont, _face, layout

GlyphKey = tuple[tuple[str, int], int]  # (source font, gid in it)


def build_font(sources: list[SourceFont]) -> tuple[bytes, dict[GlyphKey, int], dict[str, Any]]:
    """(TrueType bytes, (source, gid) -> new gid, metrics in 1/1000 em) for the glyphs used
    from `sources`, scaled to the first one's em."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    first = _face(sources[0].path, sources[0].index)[1]
    upem = first["head"].unitsPerEm
    new: dict[GlyphKey, int] = {}
    names, glyphs, advances = [".notdef"], {}, {}
    cmap: dict[int, str] = {}
    for number, source in enumerate(sources):
        _, font, em, _ = _face(source.path, source.index)
        order, glyph_set = font.getGlyphOrder(), font.getGlyphSet()
        cubic = "CFF " in font or "CFF2" in font
        scale = upem / em
        wanted = ([0] if number == 0 else []) + [g for g in source.used
                                                 if g != 0 and g < len(order)]
        for gid in wanted:
            name = ".notdef" if (number, gid) == (0, 0) else f"g{len(names)}"
            if name != ".notdef":
                names.append(name)
            new[source.key, gid] = names.index(name) if name == ".notdef" else len(names) - 1
            recording = DecomposingRecordingPen(glyph_set)
            glyph_set[order[gid]].draw(recording)
            pen = TTGlyphPen(None)
            target = Cu2QuPen(pen, max_err=1.0, reverse_direction=True) if cubic else pen
            recording.replay(TransformPen(target, (scale, 0, 0, scale, 0, 0))
                             if scale != 1 else target)
            glyphs[name] = pen.glyph()
            advances[name] = round(font["hmtx"][order[gid]][0] * scale)
        for cp, gid in source.chars.items():
            if (source.key, gid) in new:
                cmap.setdefault(cp, names[new[source.key, gid]])
    builder = FontBuilder(upem, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap(cmap)
    builder.setupGlyf(glyphs)
    glyf = builder.font["glyf"]
    builder.setupHorizontalMetrics({n: (advances[n], getattr(glyf[n], "xMin", 0))
                                    for n in names})
    hhea = first["hhea"]
    builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent)
    digest = hashlib.sha1(repr([(s.key, list(s.used)) for s in sources]).encode()).hexdigest()
    family = "Docgen" + digest[:8]
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=hhea.ascent, sTypoDescender=hhea.descent,
                     usWinAscent=max(hhea.ascent, 0), usWinDescent=max(-hhea.descent, 0))
    builder.setupPost()
    # the source's own dates, not now: the same form gives the same bytes
    builder.font.recalcTimestamp = False
    builder.font["head"].created = first["head"].created
    builder.font["head"].modified = first["head"].modified
    out = io.BytesIO()
    builder.save(out)
    head = first["head"]
    scale = 1000 / upem
    index = {name: n for n, name in enumerate(names)}
    metrics = {
        "name": "".join(chr(65 + int(c, 16) % 26) for c in digest[8:14]) + "+" + family,
        "widths": [round(advances[n] * scale) for n in names],
        "ascent": round(hhea.ascent * scale),
        "descent": round(hhea.descent * scale),
        "bbox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        "unicode": {index[name]: cp for cp, name in sorted(cmap.items())},
    }
    return out.getvalue(), new, metrics


def pdf_font(writer: Any, sources: list[SourceFont]) -> tuple[Any, dict[GlyphKey, int]]:
    """Add the font's objects to `writer`: (reference of the Type0 font, glyph map)."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    data, new, m = build_font(sources)

    def stream(content: bytes, **entries: Any) -> Any:
        plain = DecodedStreamObject()
        plain.set_data(content)
        packed = plain.flate_encode()
        for key, value in entries.items():
            packed[NameObject("/" + key)] = value
        return writer._add_object(packed)

    font_file = stream(data, Length1=NumberObject(len(data)))
    name = NameObject("/" + m["name"])
    descriptor = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"),
        NameObject("/FontName"): name,
        NameObject("/Flags"): NumberObject(4),
        NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in m["bbox"]),
        NameObject("/ItalicAngle"): NumberObject(0),
        NameObject("/Ascent"): NumberObject(m["ascent"]),
        NameObject("/Descent"): NumberObject(m["descent"]),
        NameObject("/CapHeight"): NumberObject(m["ascent"]),
        NameObject("/StemV"): NumberObject(80),
        NameObject("/FontFile2"): font_file,
    }))
    cid_font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/CIDFontType2"),
        NameObject("/BaseFont"): name,
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"),
            NameObject("/Ordering"): TextStringObject("Identity"),
            NameObject("/Supplement"): NumberObject(0)}),
        NameObject("/FontDescriptor"): descriptor,
        NameObject("/W"): ArrayObject([NumberObject(0), ArrayObject(
            FloatObject(w) for w in m["widths"])]),
        NameObject("/CIDToGIDMap"): NameObject("/Identity"),
    }))
    to_unicode = stream(_cmap(m["unicode"]))
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): name,
        NameObject("/Encoding"): NameObject("/Identity-H"),
        NameObject("/DescendantFonts"): ArrayObject([cid_font]),
        NameObject("/ToUnicode"): to_unicode,
    }))
    return font, new


def _cmap(mapping: dict[int, int]) -> bytes:
    """A ToUnicode CMap: glyph id -> character."""
    def utf16(cp: int) -> str:
        return chr(cp).encode("utf-16-be").hex().upper()

    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):
        chunk = items[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}> <{utf16(cp)}>" for gid, cp in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


# --------------------------------------------------------------------------- appearances


def write_appearances(writer: Any, items: list[tuple[Any, str, bool]]) -> None:
    """Give each (widget, value, multiline) a shaped appearance stream drawn with embedded
    fonts, which also go into the form's /DR; each field's /DA names its value's font."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, TextStringObject

    fonts = Fonts()
    laid = []
    for widget, value, multiline in items:
        x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
        width, height = x1 - x0, y1 - y0
        size, lines = _fit(fonts, value, width - 4, height - 2, multiline)
        laid.append((widget, width, height, size, lines, multiline))
    refs: dict[tuple[str, int], tuple[str, Any, dict[GlyphKey, int]]] = {}
    for n, (key, source) in enumerate(sorted(fonts.sources.items()), 1):
        ref, gids = pdf_font(writer, [source])
        refs[key] = (f"/DF{n}", ref, gids)
    # what a viewer redraws, or a partner types, is drawn with one font covering the scripts
    # of the values and the usual blocks (pdf/appearance.py TYPING)
    typing, _ = pdf_font(writer, fonts.typing([value for _, value, _ in items]))
    form = writer._root_object["/AcroForm"]
    resources = form.setdefault(NameObject("/DR"), DictionaryObject())
    font_dict = resources.setdefault(NameObject("/Font"), DictionaryObject())
    for name, ref, _ in refs.values():
        font_dict[NameObject(name)] = ref
    font_dict[NameObject("/DFT")] = typing
    form[NameObject("/DA")] = TextStringObject("/DFT 0 Tf 0 g")
    for widget, width, height, size, lines, multiline in laid:
        content, used = _stream(lines, refs, width, height, size, multiline)
        stream = DecodedStreamObject()
        stream.set_data(content)
        stream.update({
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): _array([0, 0, width, height]),
            NameObject("/Resources"): DictionaryObject({NameObject("/Font"): DictionaryObject(
                {NameObject(refs[k][0]): refs[k][1] for k in used})}),
        })
        widget[NameObject("/AP")] = DictionaryObject(
            {NameObject("/N"): writer._add_object(stream.flate_encode())})
    for field in _all_fields(form):
        size = 9 if int(field.get("/Ff", 0)) & 4096 else 10
        field[NameObject("/DA")] = TextStringObject(f"/DFT {size} Tf 0 g")


def _all_fields(form: Any) -> Any:
    """Every terminal field (widget) of the form."""
    stack = [ref.get_object() for ref in form.get("/Fields", [])]
    while stack:
        node = stack.pop()
        if "/Kids" in node:
            stack.extend(kid.get_object() for kid in node["/Kids"])
        else:
            yield node


def _array(values: list[float]) -> Any:
    from pypdf.generic import ArrayObject, FloatObject

    return ArrayObject(FloatObject(round(v, 3)) for v in values)


def _fit(fonts: Fonts, value: str, width: float, height: float,
         multiline: bool) -> tuple[float, list[Line]]:
    """The largest size (10 or 9 for several lines, down to 6) at which the value fits."""
    size = 9.0 if multiline else 10.0
    while True:
        lines = layout(fonts, value, size, width, multiline)
        tall = len(lines) * size * 1.25 > height if multiline else False
        wide = any(line.width * size / 1000 > width for line in lines)
        if size <= 6 or not (tall or wide):
            return size, lines
        size -= 0.5


def _stream(lines: list[Line], refs: dict[tuple[str, int], tuple[str, Any, dict[GlyphKey, int]]],
            width: float, height: float, size: float,
            multiline: bool) -> tuple[bytes, list[tuple[str, int]]]:
    r, g, b = FILL
    out = [f"q {r:g} {g:g} {b:g} rg 0 0 {width:.3f} {height:.3f} re f",
           f"0.6 G 0.5 w 0.25 0.25 {width - 0.5:.3f} {height - 0.5:.3f} re S Q",
           "/Tx BMC q", f"1 1 {width - 2:.3f} {height - 2:.3f} re W n", "BT 0 g"]
    used: list[tuple[str, int]] = []
    leading = size * 1.25
    y = height - 2 - size if multiline else (height - size * 0.72) / 2
    for line in lines:
        x = width - 2 - line.width * size / 1000 if line.rtl else 2.0
        for key, glyphs, advance in line.pieces:
            name, _, gids = refs[key]
            if key not in used:
                used.append(key)
            out.append(f"{name} {size:g} Tf")
            for glyph in glyphs:
                gx, gy = x + glyph.x * size / 1000, y + glyph.y * size / 1000
                code = gids.get((key, glyph.gid), 0)
                out.append(f"1 0 0 1 {gx:.3f} {gy:.3f} Tm <{code:04X}> Tj")
            x += advance * size / 1000
        y -= leading
    out += ["ET Q EMC"]
    return "\n".join(out).encode("ascii"), used
