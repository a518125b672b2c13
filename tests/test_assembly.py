"""docgen.render.assembly against parsing and writing the whole body, on generated XML.

`written_body` parses only what earlier bodies did not hold; whatever it answers must be
what lxml writes for the whole body (grids redrawn as the engine redraws them), for bodies
seen before and new ones, well-formed or broken; where it cannot tell it answers None.
"""

from __future__ import annotations

import random

import pytest

from docgen.render import xmlparts
from docgen.render.assembly import written_body

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ROOT = (f'<w:body xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/'
        'wordml">')
PARAGRAPHS = ['<w:p><w:r><w:t>Peshawar &amp; Milpitas</w:t></w:r></w:p>',
              '<w:p w:rsidR="00A1"><w:pPr><w:jc w:val="left"></w:jc></w:pPr>'
              '<w:r><w:t xml:space="preserve">پشاور &#39;x&#34; </w:t></w:r></w:p>',
              "<w:p></w:p>", "<w:p/>", '<w:p w:x="1"></w:p>', "<w:p> </w:p>",
              "<w:p><w:r><w:t>a</w:t></w:r><w:p><w:r><w:t>b</w:t></w:r></w:p></w:p>",
              "<w:p><!-- c --></w:p>", "<w:p><w:r><w:t>broken</w:r></w:p>",
              "<w:p><w:r><w:t>xmlns</w:t></w:r></w:p>", "<w:p><w:r><w:t>b</w:t></w:r></w:p>",
              "<w:p><w14:x xmlns:w14=\"urn:x\"/></w:p>", "</w:p>", "<w:pPr/>",
              '<w:p><w:r><w:t>docgen-p</w:t></w:r></w:p>', "\n", " text "]


def _table(rng: random.Random) -> str:
    cells = rng.randrange(1, 4)
    columns = "".join(f'<w:gridCol w:w="{rng.choice([1000, 2000, 3333])}"/>'
                      for _ in range(rng.randrange(1, 4)))
    rows = "".join("<w:tr>" + "".join(
        "<w:tc><w:tcPr>" + rng.choice(["", '<w:gridSpan w:val="2"/>']) + "</w:tcPr>"
        + "".join(rng.choices(PARAGRAPHS[:6], k=rng.randrange(0, 3))) + "</w:tc>"
        for _ in range(cells)) + "</w:tr>" for _ in range(rng.randrange(1, 4)))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{columns}</w:tblGrid>{rows}</w:tbl>"


def _whole(xml: str, fix_tables: bool) -> str | None:
    tree = xmlparts.body_tree(xml, fix_tables, False)
    return None if tree is None else xmlparts.serialized(tree)


@pytest.mark.parametrize("seed", range(20))
def test_written_body_is_the_whole_body_written(seed: int) -> None:
    rng = random.Random(seed)
    answered = 0
    for _ in range(60):
        body = "".join(rng.choice(PARAGRAPHS) if rng.random() < 0.7 else _table(rng)
                       for _ in range(rng.randrange(1, 8)))
        xml = f"{ROOT}{body}<w:sectPr/></w:body>"
        fix_tables = rng.random() < 0.7
        for _again in range(2):  # the second time from what the first kept
            got = written_body(xml, fix_tables)
            if got is not None:
                answered += 1
                assert got == _whole(xml, fix_tables), xml
    assert answered > 20


def test_what_it_cannot_tell_is_left_to_the_whole_parse() -> None:
    for body in ("<w:p><w:r><w:t>a</w:t></w:r><w:p></w:p></w:p>", "<w:p><!-- x --></w:p>",
                 "<w:p><w:r><w:t>unclosed</w:r></w:p>", "<?pi x?><w:p/>",
                 "<w:p><w:r><w:t>docgen-p</w:t></w:r></w:p>"):
        assert written_body(f"{ROOT}{body}</w:body>", True) is None, body


@pytest.mark.parametrize("seed", range(5))
def test_the_script_pass_of_a_written_body_is_the_tree_pass(seed: int) -> None:
    """The script pass reads a body `written_body` wrote by its pieces (no cutting): the
    same as the tree pass, for paragraphs seen before and new ones."""
    from lxml import etree

    from docgen.render import scripts
    from docgen.render.scripttext import script_fonts_in_text

    rng = random.Random(seed)
    urdu = ['<w:p><w:r><w:t>پشاور</w:t></w:r></w:p>',
            '<w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
            '<w:t>ملپیٹاس {}</w:t></w:r></w:p>', "<w:p><w:r><w:t>ວຽງ {}</w:t></w:r></w:p>"]
    answered = 0
    for n in range(40):
        body = "".join(rng.choice([*urdu, *PARAGRAPHS[:6]]).replace("{}", str(n % 3))
                       if rng.random() < 0.8 else _table(rng) for _ in range(rng.randrange(1, 8)))
        text = written_body(f"{ROOT}{body}<w:sectPr/></w:body>", True)
        if text is None:
            continue
        options = {"languages": tuple(rng.sample(["ur", "lo"], rng.randrange(0, 2))),
                   "rtl_tables": False}
        done = script_fonts_in_text(None, text, **options)  # type: ignore[arg-type]
        tree = etree.fromstring(text)
        changed = scripts.script_fonts_in_tree(tree, **options)  # type: ignore[arg-type]
        if done is not None:
            answered += 1
            assert done == (etree.tostring(tree, encoding="unicode"), changed), body
    assert answered > 10
