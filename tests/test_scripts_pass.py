"""The script pass's shortcuts: what it skips could not have changed.

It visits only runs holding a character of a script and paragraphs holding one from a
right-to-left block; these check that those blocks hold every right-to-left character this
Python's Unicode knows, and that the pass on a tree parsed ahead gives the same bytes.
"""

from __future__ import annotations

import sys
import unicodedata

from lxml import etree

from docgen.render import scripts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_right_to_left_blocks_hold_every_right_to_left_character() -> None:
    missing = [hex(code) for code in range(sys.maxunicode + 1)
               if unicodedata.bidirectional(chr(code)) in ("R", "AL")
               and scripts._MAYBE_RTL.search(chr(code)) is None]
    assert missing == []


def test_mostly_rtl_counts_strong_characters() -> None:
    assert scripts._mostly_rtl("شہر ab")
    assert not scripts._mostly_rtl("شہر abcd")
    assert not scripts._mostly_rtl("123 ...")
    assert not scripts._mostly_rtl("abc")
    assert scripts._mostly_rtl("\u200f.")  # RLM is strong right to left


def _part(*paragraphs: str) -> bytes:
    body = "".join(paragraphs)
    return (f'<w:document xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/'
            f'word/2010/wordml"><w:body>{body}<w:tbl><w:tblPr/></w:tbl></w:body>'
            "</w:document>").encode()


def test_tree_given_gives_the_same_bytes() -> None:
    xml = _part('<w:p><w:r><w:t>Peshawar</w:t></w:r></w:p>',
                '<w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val="30"/>'
                '</w:rPr><w:t>پشاور</w:t></w:r></w:p>',
                '<w:p><w:r><w:rPr><w:lang w:val="en"/><w14:shadow/><!-- c --></w:rPr>'
                '<w:t>ວຽງຈັນ</w:t></w:r><w:r><w:rPr><w:rFonts w:cstheme="minorBidi"/></w:rPr>'
                '<w:t>東京 and שלום</w:t></w:r></w:p>')
    for options in ({"languages": ("ur",)}, {"languages": ("ja", "fa"), "rtl_tables": True}):
        expected = scripts.apply_script_fonts(xml, **options)  # type: ignore[arg-type]
        assert expected != xml
        root = etree.fromstring(xml)
        assert scripts.apply_script_fonts(xml, root=root, **options) == expected  # type: ignore[arg-type]
    plain = _part('<w:p><w:r><w:t>Tetovo – Тетово</w:t></w:r></w:p>')
    assert scripts.apply_script_fonts(plain) is plain
