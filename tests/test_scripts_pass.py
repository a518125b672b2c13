"""The script pass's shortcuts: what it skips could not have changed.

It visits only runs holding a character of a script and paragraphs holding one from a
right-to-left block; these check that those blocks hold every right-to-left character this
Python's Unicode knows, and that the pass on a tree parsed ahead gives the same bytes.
"""

from __future__ import annotations

import random
import sys
import unicodedata

import pytest
from lxml import etree

from docgen.render import scripts, scripttext
from docgen.render.scripttext import script_fonts_in_text

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


TEXTS = ["Peshawar", "پشاور", "ວຽງຈັນ", "東京", "שלום", "abc پشاور", "پشاور abc def", "ไทย",
         "नमस्ते", "한국", "1 2 3", "–", "\u200f", "a &amp; پ &lt;b&gt;", "", "x\"y'z"]
RPRS = ["", "<w:rPr/>", '<w:rPr><w:b/><w:sz w:val="30"/></w:rPr>',
        '<w:rPr><w:lang w:val="en"/><w:rFonts w:cstheme="minorBidi" w:eastAsiaTheme="x"/></w:rPr>',
        "<w:rPr><w:i/><w14:shadow/></w:rPr>", '<w:rPr><w:rtl/><w:szCs w:val="9"/><w:shd/></w:rPr>',
        "<w:rPr> <w:b/> </w:rPr>"]
PPRS = ["", "<w:pPr/>", '<w:pPr><w:jc w:val="right"/></w:pPr>', "<w:pPr><w:bidi/></w:pPr>",
        '<w:pPr><w:pStyle w:val="x"/><w:spacing/><w:rPr><w:b/></w:rPr></w:pPr>']
RUN_ATTRIBUTES = ["", ' w:rsidR="پ1"']
EXTRAS = ["", "<w:tab/>", "<w:br/>", "<w:t/>", '<w:t xml:space="preserve"> پ </w:t>',
          "<w:instrText>پ</w:instrText>"]


def _random_part(rng: random.Random) -> bytes:
    paragraphs = []
    for _ in range(rng.randrange(1, 5)):
        runs = "".join(f'<w:r{rng.choice(RUN_ATTRIBUTES)}>{rng.choice(["", "", "", "t"])}'
                       f"{rng.choice(RPRS)}<w:t>{rng.choice(TEXTS)}</w:t>{rng.choice(EXTRAS)}</w:r>"
                       for _ in range(rng.randrange(0, 4)))
        paragraphs.append(f'<w:p{rng.choice(RUN_ATTRIBUTES)}>{rng.choice(PPRS)}{runs}'
                          f'{rng.choice(["", "<w:r/>"])}</w:p>{rng.choice(["", "<w:p/>"])}')
    tables = rng.choice(["", "<w:tbl><w:tblPr><w:tblW/></w:tblPr></w:tbl>",
                         "<w:tbl><w:tblPr><w:bidiVisual/></w:tblPr></w:tbl>"])
    return _part(*paragraphs, tables)


@pytest.mark.parametrize("seed", range(10))
def test_text_pass_writes_what_the_tree_pass_writes(seed: int) -> None:
    rng = random.Random(seed)
    read = 0
    for _ in range(100):
        xml = _random_part(rng)
        options = {"languages": tuple(rng.sample(["ur", "fa", "ja", "zh", "ko", "lo", "en"],
                                                 rng.randrange(0, 3))),
                   "rtl_tables": rng.random() < 0.3}
        tree = etree.fromstring(xml)
        text = etree.tostring(tree, encoding="unicode")
        done = script_fonts_in_text(tree, text, **options)  # type: ignore[arg-type]
        assert etree.tostring(tree, encoding="unicode") == text  # the tree is left alone
        changed = scripts.script_fonts_in_tree(tree, **options)  # type: ignore[arg-type]
        if done is not None:  # else what it cannot read (text before a run's first child)
            read += 1
            assert done == (etree.tostring(tree, encoding="unicode"), changed), xml
    assert read > 30


def test_text_pass_leaves_what_it_cannot_read_to_the_tree() -> None:
    for odd in ("<w:r><w:rPr><w:rPrChange><w:rPr/></w:rPrChange></w:rPr><w:t>پ</w:t></w:r>",
                "<w:r>text<w:t>پ</w:t></w:r>", "<w:r><!-- <w:r> --><w:t>پ</w:t></w:r>",
                "<w:r><w:t>پ</w:t><w:rPr/></w:r>"):
        tree = etree.fromstring(_part(f"<w:p>{odd}</w:p>"))
        assert script_fonts_in_text(tree, etree.tostring(tree, encoding="unicode")) is None


def test_right_to_left_blocks_hold_no_left_to_right_character() -> None:
    found = [hex(code) for code in range(sys.maxunicode + 1)
             if unicodedata.bidirectional(chr(code)) == "L"
             and scripts._MAYBE_LTR.search(chr(code)) is None]
    assert found == []


SHAPES = ["<w:p><w:r><w:t>پشاور</w:t></w:r></w:p>",
          '<w:p w:rsidR="x"><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:t>ວຽງ</w:t></w:r></w:p>',
          "<w:p/>", "<w:p><w:r><w:t>abc</w:t></w:r></w:p>",
          "<w:tbl><w:tblPr><w:tblCaption w:val=\"پ\"/></w:tblPr></w:tbl>",
          "<w:p><w:r><w:t>x</w:t></w:r><w:p><w:r><w:t>پ</w:t></w:r></w:p></w:p>",
          "<w:r><w:t>پ outside a paragraph</w:t></w:r>",
          "<w:sdt><w:sdtContent><w:p><w:r><w:t>東京</w:t></w:r></w:p></w:sdtContent></w:sdt>",
          "<w:p><w:r><w:t>a</w:t></w:r><w:r><w:t>شلום پ</w:t></w:r></w:p>"]


@pytest.mark.parametrize("seed", range(5))
def test_text_pass_by_paragraph_writes_what_the_tree_pass_writes(seed: int) -> None:
    """Paragraphs seen before (kept), odd shapes (a paragraph in a paragraph, text outside
    every paragraph): the text pass answers as the tree pass or leaves the part to it."""
    rng = random.Random(seed)
    for _ in range(60):
        xml = _part(*rng.choices(SHAPES, k=rng.randrange(1, 5)))
        options = {"languages": tuple(rng.sample(["ur", "ja", "he"], rng.randrange(0, 2))),
                   "rtl_tables": rng.random() < 0.2}
        for _again in range(2):  # the second time from what the first kept
            tree = etree.fromstring(xml)
            text = etree.tostring(tree, encoding="unicode")
            done = script_fonts_in_text(tree, text, **options)  # type: ignore[arg-type]
            scripttext._PARAGRAPHS.clear()  # what was kept, made again from the text alone
            alone = script_fonts_in_text(None, text, **options)  # paragraphs parsed apart
            changed = scripts.script_fonts_in_tree(tree, **options)  # type: ignore[arg-type]
            for answer in (done, alone):
                if answer is not None:
                    assert answer == (etree.tostring(tree, encoding="unicode"), changed), xml
