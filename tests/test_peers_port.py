"""bench/peers/port.py: the bundled templates in docxtemplater's and Carbone's syntax.

The peers benchmark verifies the peers' text against docgen's with Node; these check, without
it, that the port writes every bundled template, leaves no Jinja behind, and computes one
branch of an if/elif/else chain, per loop item, as Jinja would.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from docxmaker import make_template

sys.path.insert(0, str(ROOT / "bench" / "peers"))

from port import ENGINES, peer_context, port

from docgen.render.sandbox import jinja_environment
from docgen.render.templates import bundled_templates

TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def _texts(path: Path, part: str = "word/document.xml") -> list[str]:
    with zipfile.ZipFile(path) as package:
        return [t for t in TEXT.findall(package.read(part).decode()) if t]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["mou", "request-form"])
def test_bundled_templates_port_without_jinja(tmp_path: Path, name: str, engine: str) -> None:
    out = tmp_path / f"{name}.docx"
    port(bundled_templates() / f"{name}.docx", engine, out)
    with zipfile.ZipFile(out) as package:
        stories = [n for n in package.namelist() if re.match(r"word/(document|header|footer)", n)]
        for part in stories:
            for text in _texts(out, part):
                assert "{%" not in text and "{{" not in text, (part, text)


def test_elif_chain_inside_a_loop(tmp_path: Path) -> None:
    template = make_template(
        tmp_path / "chain.docx", "{%p for item in items %}", "{%p if item.n == 1 %}",
        "one {{ item.word }}", "{%p elif item.n == 2 %}", "two", "{%p else %}",
        "{{ item.word|upper }}", "{%p endif %}", "{%p endfor %}")
    out = tmp_path / "ported.docx"
    plan = port(template, "docxtemplater", out)
    assert _texts(out) == ["{#k0}", "{#k1}", "one {word}", "{/k1}", "{#k2}", "two",
                           "{/k2}", "{#k3}", "{k4}", "{/k3}", "{/k0}"]
    items = [{"n": 1, "word": "a"}, {"n": 2, "word": "b"}, {"n": 3, "word": "c"}]
    data = peer_context({"items": items}, plan, jinja_environment())
    assert [(i["k1"], i["k2"], i["k3"], i["k4"]) for i in data["k0"]] == [
        (True, False, False, ""), (False, True, False, ""), (False, False, True, "C")]
    carbone = port(template, "carbone", tmp_path / "carbone.docx")
    texts = _texts(tmp_path / "carbone.docx")
    assert texts[0] == "{d.k0[i].k1:ifEQ(true):showBegin}"
    assert "{d.k0[i+1].k1:ifEQ(true):showBegin}" in texts  # the repetition's second item
    assert peer_context({"items": items}, carbone, jinja_environment())["k0"] == data["k0"]
