"""Images from the data: the cities' seals beside their signatures, the letterhead image, a
template's placeholder picture replaced by the city's own; a bad image is one line."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import edit, soffice
from features import jpeg, png

from docgen.render.context import document_context
from docgen.render.document import render_docx, render_docx_docxtpl
from docgen.render.templates import bundled_templates
from docgen.workspace.lifecycle import kind
from docgen.workspace.load import load_workspace

STAMP = dt.datetime(2026, 6, 2, tzinfo=dt.timezone.utc)
SEAL_BOX_EMU = 900000  # 25 mm


def with_seals(ws: Path) -> Path:
    (ws / "images").mkdir()
    png(ws / "images" / "milpitas-seal.png", (200, 200), "firebrick")
    jpeg(ws / "images" / "peshawar-seal.jpg", (300, 200), "darkblue")
    edit(ws / "docgen.yaml", "  city: Milpitas\n",
         "  city: Milpitas\n  seal: images/milpitas-seal.png\n")
    edit(ws / "cases" / "peshawar.yaml", "  city: Peshawar\n",
         "  city: Peshawar\n  seal: images/peshawar-seal.jpg\n")
    return ws


def context(ws: Path, kind_id: str, case_id: str = "peshawar") -> dict[str, Any]:
    loaded = load_workspace(ws)
    case_file = loaded.case(case_id)
    assert case_file is not None
    return document_context(loaded, case_file, kind(kind_id), dt.date(2026, 5, 1))


def drawings(blob: bytes, part: str = "word/document.xml") -> list[tuple[int, int]]:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        xml = zf.read(part).decode()
    return [(int(cx), int(cy)) for cx, cy in re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"',
                                                          xml)]


@pytest.mark.parametrize("kind_id", ["mou", "mou-partner", "tentative-agreement",
                                     "inquiry-response", "request-form"])
def test_seals_render_as_plain_docxtpl_renders_them(workspace: Path, kind_id: str) -> None:
    from test_engine import canonical

    ws = with_seals(workspace)
    template = bundled_templates() / f"{kind(kind_id).template_name}.docx"
    ctx = context(ws, kind_id)
    mine = render_docx(template, template.name, ctx, "T", STAMP)
    assert canonical(mine) == canonical(render_docx_docxtpl(template, template.name, ctx, "T",
                                                            STAMP))
    assert render_docx(template, template.name, ctx, "T", STAMP) == mine  # deterministic


def test_both_seals_beside_the_signatures_at_the_same_size(workspace: Path) -> None:
    ws = with_seals(workspace)
    template = bundled_templates() / "mou.docx"
    blob = render_docx(template, "mou.docx", context(ws, "mou"), "T", STAMP)
    seals = drawings(blob)
    assert len(seals) == 2
    assert [max(size) for size in seals] == [SEAL_BOX_EMU, SEAL_BOX_EMU]  # equal prominence
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        assert len([n for n in zf.namelist() if n.startswith("word/media/")]) == 2


def test_without_seals_there_is_no_picture_and_no_empty_box(workspace: Path) -> None:
    from docx import Document

    for kind_id in ("mou", "inquiry-response"):
        template = bundled_templates() / f"{kind(kind_id).template_name}.docx"
        blob = render_docx(template, template.name, context(workspace, kind_id), "T", STAMP)
        assert b"<w:drawing>" not in zipfile.ZipFile(io.BytesIO(blob)).read(
            "word/document.xml")
        doc = Document(io.BytesIO(blob))
        empty = [t for t in doc.tables if not "".join(c.text for r in t.rows for c in r.cells)
                 .strip()]
        assert not empty, kind_id


def test_a_partner_seal_alone_shows_alone(workspace: Path) -> None:
    ws = with_seals(workspace)
    edit(ws / "docgen.yaml", "  seal: images/milpitas-seal.png\n", "")
    template = bundled_templates() / "mou.docx"
    assert len(drawings(render_docx(template, "mou.docx", context(ws, "mou"), "T", STAMP))) == 1


def test_letterhead_image_heads_outgoing_letters(workspace: Path) -> None:
    ws = with_seals(workspace)
    png(ws / "images" / "letterhead.png", (600, 150), "seagreen")
    edit(ws / "docgen.yaml", "  seal: images/milpitas-seal.png\n",
         "  seal: images/milpitas-seal.png\n  letterhead: images/letterhead.png\n")
    template = bundled_templates() / "inquiry-response.docx"
    blob = render_docx(template, template.name, context(ws, "inquiry-response"), "T", STAMP)
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        header = next(n for n in zf.namelist() if re.match(r"word/header\d*\.xml$", n))
        media = [zf.read(n) for n in zf.namelist() if n.startswith("word/media/")]
    assert media == [(ws / "images" / "letterhead.png").read_bytes()]  # not the seal as well
    assert len(drawings(blob, header)) == 1


@pytest.mark.parametrize(("line", "message"), [
    ("seal: images/none.png", "docgen.yaml:5: home.seal: images/none.png: no such image file"),
    ("seal: images/seal.gif", "docgen.yaml:5: home.seal: images/seal.gif: not a PNG or JPEG "
                              "image"),
    ("letterhead: ../outside.png", "docgen.yaml:5: home.letterhead: ../outside.png: refused: "
                                   "the image must be a file inside the workspace"),
])
def test_a_bad_image_is_one_line_naming_the_file(workspace: Path, run, line: str,
                                                 message: str) -> None:
    (workspace / "images").mkdir()
    (workspace / "images" / "seal.gif").write_bytes(b"GIF89a\x01\x00\x01\x00")
    png(workspace.parent / "outside.png", (4, 4), "red")
    edit(workspace / "docgen.yaml", "  city: Milpitas\n", f"  city: Milpitas\n  {line}\n")
    result = run("build", workspace)
    assert result.exit_code == 1
    assert result.stderr.strip() == message
    assert not (workspace / "output").exists()


def test_a_placeholder_picture_is_replaced_by_the_citys_own(workspace: Path, run) -> None:
    """A clerk's template with a picture whose alt text is `home.letterhead`: docxtpl's
    replace_pic puts the workspace's letterhead in its place, at its size."""
    from docx import Document
    from docx.shared import Mm

    ws = with_seals(workspace)
    png(ws / "images" / "letterhead.png", (300, 100), "seagreen")
    edit(ws / "docgen.yaml", "  seal: images/milpitas-seal.png\n",
         "  seal: images/milpitas-seal.png\n  letterhead: images/letterhead.png\n")
    doc = Document(str(bundled_templates() / "inquiry-response.docx"))
    placeholder = png(ws / "placeholder.png", (30, 10), "gray")
    shape = doc.sections[0].header.paragraphs[-1].add_run().add_picture(str(placeholder),
                                                                        width=Mm(40))
    shape._inline.graphic.graphicData.pic.nvPicPr.cNvPr.set("descr", "home.letterhead")
    (ws / "templates").mkdir()
    doc.save(str(ws / "templates" / "inquiry-response.docx"))
    result = run("build", ws, "--case", "peshawar", "--doc", "inquiry-response")
    assert result.exit_code == 0, result.stderr
    out = zipfile.ZipFile(ws / "output" / "peshawar" / "inquiry-response.docx")
    media = [out.read(n) for n in out.namelist() if n.startswith("word/media/")]
    assert placeholder.read_bytes() not in media
    assert media and set(media) == {(ws / "images" / "letterhead.png").read_bytes()}


def _drawn_images(page: Any) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The images a PDF page draws, each as (its filter, (x, y, width, height) in points):
    read from the content stream, since LibreOffice shares one resource dictionary between
    pages and `page.images` lists every image of the file."""
    from pypdf.generic import ContentStream

    content = page.get_contents()
    if content is None:
        return []
    resources = page["/Resources"].get("/XObject", {})
    ctm, saved, out = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], []
    for operands, operator in ContentStream(content, page.pdf).operations:
        if operator == b"q":
            saved.append(ctm)
        elif operator == b"Q":
            ctm = saved.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(x) for x in operands)
            A, B, C, D, E, F = ctm
            ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                   e * A + f * C + E, e * B + f * D + F)
        elif operator == b"Do" and resources.get(operands[0]) is not None:
            image = resources[operands[0]].get_object()
            if image["/Subtype"] == "/Image":
                out.append((str(image.get("/Filter")), (ctm[4], ctm[5], ctm[0], ctm[3])))
    return out


def _where_written(page: Any, words: str) -> tuple[float, float]:
    """Where on `page` the text line `words` starts (x, y in points)."""
    found: list[tuple[float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip() == words:
            found.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4],
                          tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    assert found, words
    return found[0]


SEAL_BOX_PT = 25 / 25.4 * 72


@pytest.mark.parametrize(("layout", "originals"), [("columns", "each"), ("sequential", "one")])
def test_pdfs_show_the_seals(workspace: Path, run, layout: str, originals: str) -> None:
    """Each seal on the page of the signatures, above its own city's block, both the size of
    the seal box; in either layout, and in the alternat, whose Urdu text leads and whose
    blocks are laid out from the right."""
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    from pypdf import PdfReader

    ws = with_seals(workspace)
    edit(ws / "cases/peshawar.yaml", "  term_years:",
         f"  layout: {layout}\n  originals: {originals}\n  term_years:")
    result = run("build", ws, "--case", "peshawar", "--pdf", "-j", "1")
    assert result.exit_code == 0, result.stderr
    out = ws / "output" / "peshawar"
    signers = {"/FlateDecode": "Dana Whitfield", "/DCTDecode": "Zubair Ahmad Khan"}  # PNG, JPEG
    kinds = ["mou", "tentative-agreement"] + (["mou-partner"] if originals == "each" else [])
    for kind_id in kinds:
        pages = PdfReader(out / f"{kind_id}.pdf").pages
        [signature] = [p for p in pages if all(n in p.extract_text() for n in signers.values())]
        assert sum(len(_drawn_images(p)) for p in pages) == 2, kind_id  # and nowhere else
        seals = dict(_drawn_images(signature))
        assert set(seals) == set(signers), kind_id
        names = {f: _where_written(signature, n) for f, n in signers.items()}
        for image, (x, y, width, height) in seals.items():
            assert max(width, height) == pytest.approx(SEAL_BOX_PT, abs=0.5)  # the same room
            own = names[image]
            other = next(v for f, v in names.items() if f != image)
            assert abs(x - own[0]) < abs(x - other[0]), (kind_id, image)  # its own column
            assert own[1] < y < own[1] + 100, (kind_id, image)  # just above its signatory
    letter = PdfReader(out / "inquiry-response.pdf")
    assert len(_drawn_images(letter.pages[0])) == 1  # the home seal heads the letter


def test_a_new_image_under_the_same_name_rebuilds(workspace: Path, run) -> None:
    ws = with_seals(workspace)
    assert run("build", ws, "--case", "peshawar", "--doc", "mou").exit_code == 0
    jpeg(ws / "images" / "peshawar-seal.jpg", (300, 200), "darkgreen")
    result = run("build", ws, "--case", "peshawar", "--doc", "mou", "--explain")
    assert result.exit_code == 0, result.stderr
    assert "partner.seal_sha256 changed" in result.stdout + result.stderr
    out = zipfile.ZipFile(ws / "output" / "peshawar" / "mou.docx")
    media = {out.read(n) for n in out.namelist() if n.startswith("word/media/")}
    assert (ws / "images" / "peshawar-seal.jpg").read_bytes() in media


def test_context_shows_the_image_paths(workspace: Path, run) -> None:
    import json

    ws = with_seals(workspace)
    result = run("context", "peshawar", "mou", "-w", ws, "--json")
    data = json.loads(result.stdout)["context"]
    assert data["home"]["seal"] == "images/milpitas-seal.png"
    assert data["partner"]["seal"] == "images/peshawar-seal.jpg"
    assert data["home"]["letterhead"] == "" and len(data["partner"]["seal_sha256"]) == 64


def test_pictures_join_a_template_that_has_pictures_of_its_own(workspace: Path) -> None:
    """The compiled path numbers media parts and relationships as python-docx does: around
    the template's own images, reusing one whose bytes a seal repeats."""
    from docx import Document
    from docx.shared import Mm
    from test_engine import canonical

    ws = with_seals(workspace)
    doc = Document()
    doc.add_picture(str(ws / "images" / "milpitas-seal.png"), width=Mm(10))  # the same bytes
    doc.add_picture(str(png(ws / "other.png", (8, 8), "gray")), width=Mm(5))
    doc.add_paragraph("{{ home.seal }} and {{ partner.seal }} and {{ partner.seal }}")
    header = doc.sections[0].header.paragraphs[0]
    header.add_run().add_picture(str(ws / "other.png"), width=Mm(5))
    header.add_run("{{ partner.seal }}")
    doc.sections[0].footer.paragraphs[0].text = "{{ home.seal }}"
    template = ws / "mine.docx"
    doc.save(str(template))
    ctx = context(ws, "mou")
    mine = render_docx(template, "mine.docx", ctx, "T", STAMP)
    plain = render_docx_docxtpl(template, "mine.docx", ctx, "T", STAMP)
    assert canonical(mine) == canonical(plain)
    with zipfile.ZipFile(io.BytesIO(mine)) as zf:
        media = sorted(n for n in zf.namelist() if n.startswith("word/media/"))
    assert media == ["word/media/image1.png", "word/media/image2.png", "word/media/image3.jpg"]
