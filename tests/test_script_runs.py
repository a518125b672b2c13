"""Each run gets the font of the first character in it that needs a script font.

`render/scripts.py` classifies a whole run with one compiled pattern over the scripts'
ranges; these runs, mixed on purpose, pin down which script wins and what stays untouched.
(Right-to-left scripts, whose direction and fonts follow further rules, are not pinned here.)
"""

from __future__ import annotations

import pytest
from lxml import etree

from docgen.render.scripts import apply_script_fonts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"


def part(*runs: str) -> bytes:
    body = "".join(f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' for text in runs)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W}"><w:body><w:p>{body}</w:p></w:body></w:document>'
            ).encode()


def fonts(xml: bytes) -> list[tuple[str, str, bool] | None]:
    """Per run: (font attribute, family, w:rtl present), or None when it has no rFonts."""
    out: list[tuple[str, str, bool] | None] = []
    for run in etree.fromstring(xml).iter(f"{_W}r"):
        found = run.find(f"{_W}rPr/{_W}rFonts")
        if found is None:
            out.append(None)
            continue
        (name, family), = found.attrib.items()
        out.append((etree.QName(name).localname, family,
                    run.find(f"{_W}rPr/{_W}rtl") is not None))
    return out


@pytest.mark.parametrize(("text", "expected"), [
    ("ນະຄອນຫຼວງວຽງຈັນ", ("cs", "Noto Serif Lao", False)),
    ("Vientiane (ວຽງຈັນ)", ("cs", "Noto Serif Lao", False)),
    ("高崎市 (Takasaki)", ("eastAsia", "Noto Serif CJK JP", False)),
    ("たかさき", ("eastAsia", "Noto Serif CJK JP", False)),
    ("서울", ("eastAsia", "Noto Serif CJK KR", False)),
    ("กรุงเทพ then ວຽງຈັນ", ("cs", "Noto Serif Thai", False)),  # the first script wins
    ("ວຽງຈັນ then กรุงเทพ", ("cs", "Noto Serif Lao", False)),
    ("नई दिल्ली", ("cs", "Noto Serif Devanagari", False)),
    ("ＡＢＣ full width", ("eastAsia", "Noto Serif CJK JP", False)),
])
def test_a_run_gets_its_first_scripts_font(text: str, expected: tuple[str, str, bool]) -> None:
    assert fonts(apply_script_fonts(part("Milpitas", text, "Тетово"))) == [None, expected, None]


def test_text_needing_no_script_font_is_left_byte_for_byte() -> None:
    xml = part("Milpitas, California", "Тетово, Северна Македонија", "Tetovë — “ë” ‘ç’ №5")
    assert apply_script_fonts(xml) is xml
