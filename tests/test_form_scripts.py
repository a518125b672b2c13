"""The fillable form draws every script: appearance streams with embedded fonts covering each
pre-filled value, seen in a pdftoppm rendering; no length caps; drop-downs of words that
intake maps back to the contract's values."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import edit
from test_form import fill

SCRIPTS = {  # field: a value in one script
    "partner.local_name": "ນະຄອນຫຼວງວຽງຈັນ",  # Lao
    "partner.contacts.0.name": "佐藤 花子",  # Japanese
    "partner.contacts.0.title": "国際交流課 課長",
    "partner.contacts.1.title": "ڈائریکٹر، میئر سیکرٹریٹ",  # Urdu
    "partner.address": "Вул. Илинденска бб\n1200 Тетово",  # Cyrillic
}


@pytest.fixture
def forms(workspace: Path, run, tmp_path: Path) -> tuple[Path, Path]:
    """A form pre-filled in four scripts, and the blank form."""
    case = workspace / "cases/vientiane.yaml"
    edit(case, "name: Souksavanh Phommachanh", "name: 佐藤 花子")
    edit(case, "title: Director, External Relations Office, Vientiane Capital",
         "title: 国際交流課 課長")
    edit(case, "title: Coordinator, Lao-American Friendship Association",
         "title: ڈائریکٹر، میئر سیکرٹریٹ")
    edit(case, "    - Vientiane Capital Administration Office\n    - Chanthabouly District\n"
               "    - Vientiane, Lao PDR\n", "    - Вул. Илинденска бб\n    - 1200 Тетово\n")
    filled, blank = tmp_path / "filled.pdf", tmp_path / "blank.pdf"
    assert run("form", "vientiane", "-w", workspace, "-o", filled).exit_code == 0
    assert run("form", "--blank", "-o", blank).exit_code == 0
    return filled, blank


def widgets(pdf: Path) -> dict[str, tuple[int, Any]]:
    """Every field widget by its full name, with its page number (1-based)."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    out = {}
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots", []):
            widget = annot.get_object()
            parts, node = [], widget
            while node is not None:
                parts.insert(0, str(node["/T"]))
                node = node.get("/Parent")
                node = node.get_object() if node is not None else None
            out[".".join(parts)] = (number, widget)
    return out


def test_no_field_caps_its_length_and_prose_takes_lines(forms: tuple[Path, Path]) -> None:
    for pdf in forms:
        found = widgets(pdf)
        assert not [name for name, (_, w) in found.items() if "/MaxLen" in w]
        for name in ("interest", "partner.address", "proposal.first_year_plan",
                     "inquiry.summary", "exchanges"):
            assert int(found[name][1].get("/Ff", 0)) & 4096, name  # multiline


def _font_cmap(font: Any) -> set[int]:
    from fontTools.ttLib import TTFont

    descendant = font["/DescendantFonts"][0].get_object()
    data = descendant["/FontDescriptor"]["/FontFile2"].get_data()
    return set(TTFont(io.BytesIO(data)).getBestCmap())


def test_every_value_has_a_stream_drawn_with_embedded_fonts(forms: tuple[Path, Path]) -> None:
    from pypdf import PdfReader

    filled, _ = forms
    reader = PdfReader(str(filled))
    resources = reader.trailer["/Root"]["/AcroForm"]["/DR"]["/Font"]
    in_dr = {ref.get_object().get("/BaseFont") for ref in resources.values()}
    checked = 0
    for name, (_, widget) in widgets(filled).items():
        value = str(widget.get("/V") or "")
        if not value:
            continue
        stream = widget["/AP"]["/N"].get_object()
        fonts = [f.get_object() for f in stream["/Resources"]["/Font"].values()]
        assert fonts and all(f["/Subtype"] == "/Type0" for f in fonts), name
        assert {f["/BaseFont"] for f in fonts} <= in_dr  # the form's /DR has them too
        covered = set().union(*(_font_cmap(f) for f in fonts))
        missing = {c for c in value if not c.isspace() and ord(c) not in covered}
        assert not missing, (name, missing)
        assert b"Tj" in stream.get_data()
        checked += 1
    assert checked >= 20
    assert set(SCRIPTS) <= {n for n, (_, w) in widgets(filled).items() if w.get("/V")}


def _gray(pdf: Path, page: int, folder: Path) -> tuple[int, int, bytes]:
    """Page `page` rendered by poppler at 72 dpi in gray: width, height, pixels."""
    out = folder / f"{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-gray", "-r", "72", "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(out)], check=True, timeout=60)
    data = out.with_suffix(".pgm").read_bytes()
    magic, width, height, _, pixels = data.split(maxsplit=4)
    assert magic == b"P5"
    return int(width), int(height), pixels


def _ink(render: tuple[int, int, bytes], rect: list[float]) -> int:
    """Dark pixels inside a field's rectangle (its border left out)."""
    width, height, pixels = render
    x0, y0, x1, y1 = (float(v) for v in rect)
    count = 0
    for y in range(int(height - y1) + 2, int(height - y0) - 2):
        row = pixels[y * width:(y + 1) * width]
        count += sum(1 for x in range(int(x0) + 2, int(x1) - 2) if row[x] < 128)
    return count


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler is not installed")
def test_poppler_draws_lao_urdu_japanese_and_cyrillic(forms: tuple[Path, Path],
                                                       tmp_path: Path) -> None:
    filled, blank = forms
    filled_widgets, blank_widgets = widgets(filled), widgets(blank)
    renders: dict[tuple[Path, int], tuple[int, int, bytes]] = {}
    for name in SCRIPTS:
        for pdf, found in ((filled, filled_widgets), (blank, blank_widgets)):
            page = found[name][0]
            if (pdf, page) not in renders:
                renders[pdf, page] = _gray(pdf, page, tmp_path)
        page, widget = filled_widgets[name]
        ink = _ink(renders[filled, page], widget["/Rect"])
        blank_page, blank_widget = blank_widgets[name]
        empty = _ink(renders[blank, blank_page], blank_widget["/Rect"])
        assert empty == 0, name
        assert ink > 40, (name, ink)  # glyphs are drawn where the value is


def test_choices_are_words_and_intake_maps_them_back(workspace: Path, run,
                                                     forms: tuple[Path, Path],
                                                     tmp_path: Path) -> None:
    filled, blank = forms
    found = widgets(filled)
    kind = found["agreement.type"][1]
    assert kind["/FT"] == "/Ch"
    assert [str(o) for o in kind["/Opt"]] == ["Sister city", "Friendship city",
                                              "Sister county", "Sister state"]
    assert str(kind["/V"]) == "Sister city"
    assert str(found["partner.contacts.0.role"][1]["/V"]) == "Mayor's office"
    assert str(found["partner.languages"][1]["/V"]) == "Lao, English"
    text = subprocess.run(["pdftotext", str(blank), "-"], capture_output=True, text=True,
                          check=True).stdout
    for code in ("leader_office", "sister-city", "YYYY-MM-DD", "lo, mk", "codes"):
        assert code not in text
    answer = "Both cities " + "care for their rivers and their old quarters, " * 4
    assert len(answer) > 162
    back = fill(blank, {
        "partner.city": "Hue", "partner.country": "Viet Nam",
        "partner.languages": "Vietnamese, English",
        "partner.leader.name": "Nguyen Van Thanh",
        "partner.leader.name_order": "Family name first",
        "partner.leader.title": "Chairman of the People's Committee of Hue",
        "partner.contacts.0.role": "Volunteer organization",
        "partner.contacts.0.name": "Tran Thi Mai",
        "agreement.type": "Friendship city",
        "origin": "Your city wrote to us first",
        "inquiry.received": "2 October 2026", "inquiry.channel": "Telephone",
        "interest": answer,
    }, tmp_path / "back.pdf")
    result = run("intake", back)
    assert result.exit_code == 0, result.output
    import yaml

    data = yaml.safe_load(result.stdout)
    assert data["partner"]["languages"] == ["vi", "en"]
    assert data["partner"]["leader"]["name_order"] == "family-first"
    assert data["partner"]["contacts"] == [{"role": "volunteer", "name": "Tran Thi Mai"}]
    assert data["agreement"]["type"] == "friendship-city"
    assert data["origin"] == "inquiry"
    assert (str(data["inquiry"]["received"]), data["inquiry"]["channel"]) == (
        "2026-10-02", "phone")
    assert data["interest"] == answer.strip()  # never cut


def test_an_unknown_choice_is_reported(run, forms: tuple[Path, Path], tmp_path: Path) -> None:
    _, blank = forms
    bad = fill(blank, {"partner.city": "X", "agreement.type": "Twin town",
                       "partner.languages": "Klingonish"}, tmp_path / "bad.pdf")
    result = run("intake", bad)
    assert result.exit_code == 1
    assert "agreement.type: 'Twin town' is not one of the choices of the form" in result.stderr
    assert "partner.languages: 'Klingonish' is not a list of languages" in result.stderr


def test_the_same_case_gives_the_same_form(workspace: Path, run, tmp_path: Path) -> None:
    first, again = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for path in (first, again):
        assert run("form", "peshawar", "-w", workspace, "-o", path).exit_code == 0
    assert first.read_bytes() == again.read_bytes()


def _without_appearances(pdf: Path, values: dict[str, str], dest: Path) -> Path:
    """Fill the way pdftk does: values set, no appearance, viewers asked to draw them."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(str(pdf)))
    for name, (number, _) in widgets(pdf).items():
        if name in values:
            for annot in writer.pages[number - 1]["/Annots"]:
                widget = annot.get_object()
                if widget.get("/T") == name.rsplit(".", 1)[-1] and "/AP" in widget:
                    widget[NameObject("/V")] = TextStringObject(values[name])
                    del widget["/AP"]
    form = writer._root_object["/AcroForm"]
    form[NameObject("/NeedAppearances")] = BooleanObject(True)
    writer.write(str(dest))
    return dest


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler is not installed")
def test_what_a_viewer_draws_itself_has_a_font_for_it(forms: tuple[Path, Path],
                                                      tmp_path: Path) -> None:
    from pypdf import PdfReader

    _, blank = forms
    typed = {"partner.local_name": "ນະຄອນຫຼວງວຽງຈັນ", "partner.city": "Тетово",
             "partner.country": "پاکستان"}
    filled = _without_appearances(blank, typed, tmp_path / "typed.pdf")
    resources = PdfReader(str(filled)).trailer["/Root"]["/AcroForm"]["/DR"]["/Font"]
    typing = _font_cmap(resources["/DFT"].get_object())
    assert all(ord(c) in typing for value in typed.values() for c in value)
    found = widgets(filled)
    assert all(str(w["/DA"]).startswith("/DFT ") for _, w in found.values())
    page = _gray(filled, 1, tmp_path)
    for name in typed:
        assert _ink(page, found[name][1]["/Rect"]) > 20, name


def test_the_pdf_form_is_titled_by_the_relationship(workspace: Path, run,
                                                     tmp_path: Path) -> None:
    from pypdf import PdfReader

    for case, title in (("peshawar", "Request for a Friendship City"),
                        ("vientiane", "Request for a Sister City")):
        path = tmp_path / f"{case}.pdf"
        assert run("form", case, "-w", workspace, "-o", path).exit_code == 0
        reader = PdfReader(str(path))
        first = reader.pages[0].extract_text()
        assert first.startswith(title) and reader.metadata.title == title
        assert f"({case})" not in first and "case file" not in first  # no internal slug
    assert "Pre-filled by the Milpitas Sister Cities Commission on January 9, 2026." in " ".join(
        PdfReader(str(tmp_path / "peshawar.pdf")).pages[0].extract_text().split())


def test_language_names_on_the_form_are_read_from_english_data_alone() -> None:
    """`intake` reads 'Lao, English' with the English names of every language CLDR has; the
    names are `language(code).name`, found without loading each language's own data."""
    from babel import Locale

    from docgen.pdf.choices import languages_from_words
    from docgen.workspace.languages import english_name, language

    codes = list(Locale("en").languages)
    for code in [*codes[::7], "zh-Hant", "pt-BR", "sr-Latn", "en-US", "ur", "lo", "xx-nope"]:
        assert english_name(code) == language(code).name, code
    assert languages_from_words("Lao, English") == ["lo", "en"]
    assert languages_from_words("Macedonian; Albanian and Urdu") == ["mk", "sq", "ur"]
    assert languages_from_words("Klingonese") is None
