"""Every language version, for real: agreements in each language of agreement.languages,
translators' catalogs, the checks on them, the alternat with languages, CLDR everywhere."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from catalog_data import ES, JA, LO, UR
from catalogs import fill_catalog
from conftest import ROOT, edit, soffice

from docgen.render.clauses import MOU, TENTATIVE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AS_OF = ("--as-of", "2026-11-22")

CASE = """\
partner:
  city: {city}
  local_name: {local}
  country: {country}
  languages: [{lang}]
  leader:
    name: {leader}
    title: {title}
  contacts:
    - role: leader_office
      name: {office}
      title: {office_title}
      email: office@example.{tld}
    - role: volunteer
      name: {volunteer}
      title: {volunteer_title}
      email: friends@example.{tld}
  address: [City Hall, {city}]
origin: initiated
interest: {interest}
focus_areas: [{focus}]
exchanges:
  - {exchange}
history:
  researched: [2026-03-11]
  introduction_sent: 2026-04-20
  request_form_received: 2026-05-28
  tentative_agreement: 2026-06-10
  council_approval: 2026-07-21
  signed: 2026-09-12
agreement:
  type: sister-city
  languages: [en, {lang}]
  term_years: 5
  council_meeting: 2026-07-21
  evaluation_by: 2027-09-12
  signing_place: {place}
"""

TAKASAKI = CASE.format(
    city="Takasaki", local="高崎市", country="Japan", lang="ja", leader="Kenji Tomioka",
    title="Mayor of Takasaki", office="Aiko Sato", office_title="Director, International "
    "Exchange Division", volunteer="Hiro Tanaka", volunteer_title="Secretary General, "
    "Takasaki International Association", tld="jp", interest="Both cities have traditions of "
    "music and manufacturing and want their young people to meet.",
    focus="educational, cultural", exchange="Visits of high-school orchestras (10 students "
    "in 2027)", place="Takasaki City Hall")
QUERETARO = CASE.format(
    city="Querétaro", local="Santiago de Querétaro", country="Mexico", lang="es",
    leader="Luis Bernardo Nava Guerrero", title="Municipal President of Querétaro",
    office="Ana López", office_title="Director of International Affairs",
    volunteer="María Ruiz", volunteer_title="Coordinator, Querétaro–Milpitas Friendship "
    "Association", tld="mx", interest="Both cities have growing aerospace and technology "
    "industries.", focus="educational, economic",
    exchange="Exchange of 12 engineering students in 2027",
    place="Querétaro Municipal Palace")

# case, language, its catalog, the partner's leader
VERSIONS = [("vientiane", "lo", LO, "Khamphanh Sengdara"),
            ("peshawar", "ur", UR, "Zubair Ahmad Khan"),
            ("takasaki", "ja", JA, "Kenji Tomioka"),
            ("queretaro", "es", ES, "Luis Bernardo Nava Guerrero")]
ENGLISH = {b.ctx: b.text for b in (*MOU, *TENTATIVE) if not b.ctx.startswith("@")}


@pytest.fixture
def ws(workspace: Path) -> Path:
    """The fixtures (Lao and Urdu catalogs) with a Japanese and a Spanish partner."""
    (workspace / "cases/takasaki.yaml").write_text(TAKASAKI, encoding="utf-8")
    (workspace / "cases/queretaro.yaml").write_text(QUERETARO, encoding="utf-8")
    fill_catalog(workspace, "ja", JA)
    fill_catalog(workspace, "es", ES)
    return workspace


def _document(path: Path):  # type: ignore[no-untyped-def]
    from docx import Document

    return Document(str(path))


def _start(text: str) -> str:
    """The translated text up to its first placeholder: what the document shows as typed."""
    return text.split("{")[0].strip()


def set_layout(ws: Path, case: str, layout: str, originals: str = "one") -> None:
    edit(ws / f"cases/{case}.yaml", "  term_years:",
         f"  layout: {layout}\n  originals: {originals}\n  term_years:")


@pytest.mark.parametrize(("case", "code", "texts", "leader"), VERSIONS,
                         ids=[v[1] for v in VERSIONS])
def test_each_language_in_its_own_column(ws: Path, run, case: str, code: str,
                                         texts: dict[str, str], leader: str) -> None:
    set_layout(ws, case, "columns")
    result = run("build", ws, "--case", case)
    assert result.exit_code == 0, result.output
    for kind, title, clause in (("mou", "mou.title", "mou.coop.plan"),
                                ("tentative-agreement", "ta.title", "ta.criteria.commitment")):
        doc = _document(ws / f"output/{case}/{kind}.docx")
        text = doc.tables[0]
        rows = [[cell.text for cell in row.cells] for row in text.rows]
        assert all(len(r) == 2 for r in rows)
        assert rows[0] == [ENGLISH[title], texts[title]]  # English first: the home original
        row = next(r for r in rows if ENGLISH[clause] in r[0])
        assert _start(texts[clause]) in row[1]  # clause against clause
        assert not any(_start(texts[clause]) in r[0] for r in rows)
        signatures = " ".join(c.text for c in doc.tables[-1].rows[0].cells)
        assert leader in signatures and texts.get(f"{case}:partner.leader.title", "") in \
            signatures


@pytest.mark.parametrize(("case", "code", "texts", "leader"), VERSIONS,
                         ids=[v[1] for v in VERSIONS])
def test_each_language_in_its_own_section(ws: Path, run, case: str, code: str,
                                          texts: dict[str, str], leader: str) -> None:
    set_layout(ws, case, "sequential")
    result = run("build", ws, "--case", case)
    assert result.exit_code == 0, result.output
    for kind, title, clause in (("mou", "mou.title", "mou.coop.plan"),
                                ("tentative-agreement", "ta.title", "ta.criteria.commitment")):
        doc = _document(ws / f"output/{case}/{kind}.docx")
        assert len(doc.tables) == 1  # only the signature blocks: the texts follow each other
        paras = [p.text for p in doc.paragraphs]
        english, other = paras.index(ENGLISH[title]), paras.index(texts[title])
        assert english < other
        assert any(ENGLISH[clause] in p for p in paras[english:other])
        assert any(_start(texts[clause]) in p for p in paras[other:])
        assert not any(_start(texts[clause]) in p for p in paras[:other])


def test_urdu_paragraphs_are_right_to_left_in_nastaliq(ws: Path, run) -> None:
    assert run("build", ws, "--case", "peshawar").exit_code == 0
    body = _document(ws / "output/peshawar/mou.docx").element.body
    urdu = [p for p in body.iter(f"{W}p")
            if _start(UR["mou.purpose"]) in "".join(t.text or "" for t in p.iter(f"{W}t"))]
    english = [p for p in body.iter(f"{W}p")
               if "This Memorandum establishes" in "".join(t.text or "" for t in p.iter(f"{W}t"))]
    assert urdu and english
    for p in urdu:
        assert p.find(f"{W}pPr/{W}bidi") is not None
        runs = [r for r in p.iter(f"{W}r") if any(t.text for t in r.iter(f"{W}t"))]
        fonts = {r.find(f"{W}rPr/{W}rFonts").get(f"{W}cs") for r in runs}
        assert fonts == {"Noto Nastaliq Urdu"}
        assert all(r.find(f"{W}rPr/{W}rtl") is not None for r in runs)
        # Nastaliq is set larger than the Latin text to look the same size (11 pt: 22)
        assert {r.find(f"{W}rPr/{W}szCs").get(f"{W}val") for r in runs} == {"25"}
    assert all(p.find(f"{W}pPr/{W}bidi") is None for p in english)


@pytest.mark.parametrize(("case", "leader", "own", "lead_rtl"), [
    ("vientiane", "Khamphanh Sengdara", "lo", False),
    ("peshawar", "Zubair Ahmad Khan", "ur", True),
])
def test_each_original_in_its_own_city_s_order(ws: Path, run, case: str, leader: str,
                                               own: str, lead_rtl: bool) -> None:
    set_layout(ws, case, "columns", originals="each")
    result = run("build", ws, "--case", case)
    assert result.exit_code == 0, result.output
    texts = LO if own == "lo" else UR
    for kind, first_lang, signs_first, mirrored in (
            ("mou", "en", "Dana Whitfield", False),
            ("mou-partner", own, leader, lead_rtl)):
        doc = _document(ws / f"output/{case}/{kind}.docx")
        columns, signatures = doc.tables[0], doc.tables[-1]
        row0 = [c.text for c in columns.rows[0].cells]
        assert row0[0] == (ENGLISH["mou.title"] if first_lang == "en" else texts["mou.title"])
        label = [c.text for c in columns.rows[1].cells]  # whose original, in each language
        home = kind == "mou"
        assert f"Original of {'Milpitas' if home else case.capitalize()}" in label
        city = texts["home:city" if home else f"{case}:partner.city"]
        assert texts["mou.original_of"].format(first_city=city) in label
        assert "partner" not in " ".join(label).lower()
        assert signatures.rows[0].cells[0].paragraphs[1].text == signs_first
        for table in (columns, signatures):  # an Urdu-led original reads from the right
            bidi = table._tbl.tblPr.find(f"{W}bidiVisual") is not None
            assert bidi is mirrored
    english_only = ws / f"output/{case}/mou.docx"
    assert "Original of Milpitas" in _document(english_only).tables[0].rows[1].cells[0].text


def test_lao_and_urdu_text_reach_the_pdf(ws: Path, run) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    from pypdf import PdfReader

    result = run("build", ws, "--case", "vientiane", "--case", "peshawar", "--doc", "mou",
                 "--pdf")
    assert result.exit_code == 0, result.output
    lao = "\n".join(p.extract_text() for p in PdfReader(
        str(ws / "output/vientiane/mou.pdf")).pages)
    for word in ("ບົດບັນທຶກຄວາມເຂົ້າໃຈ", "ການຮ່ວມມື", "ທັງສອງນະຄອນ"):
        assert word in lao
    urdu_pdf = ws / "output/peshawar/mou.pdf"
    english = "\n".join(p.extract_text() for p in PdfReader(str(urdu_pdf)).pages)
    assert "This Memorandum establishes" in english
    # pypdf cannot read Nastaliq's stacked glyphs back in order; poppler can, with spaces
    # between the glyph groups, which are dropped here
    shown = subprocess.run(["pdftotext", str(urdu_pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    letters = re.sub(r"[\s\u200e\u200f\u202a-\u202e]", "", shown)
    for word in ("تعاون", "دونوںشہر", "رابطہکار"):
        assert word in letters


def test_a_missing_catalog_is_an_error_and_the_mou_names_only_english(ws: Path, run) -> None:
    (ws / "translations/lo.po").unlink()
    result = run("build", ws, "--case", "vientiane")
    assert result.exit_code == 1
    assert "translations/lo.po: error LNG004: no Lao catalog" in result.stderr
    doc = _document(ws / "output/vientiane/mou.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "This Memorandum is done in one original, in English." in text
    assert "English and Lao" not in text and "ບົດບັນທຶກ" not in text
    registration = _document(ws / "output/vientiane/sci-registration.docx")
    rows = {r.cells[0].text: r.cells[-1].text for t in registration.tables for r in t.rows}
    assert rows["Agreement languages"] == "English"  # not "English and Lao"
    # the signed MOU keeps its content (the finding is reported); one still to sign is a DRAFT
    assert not doc.sections[0].header.paragraphs[0].text.startswith("DRAFT")
    edit(ws / "cases/vientiane.yaml", "  signed: 2026-09-12\n", "")
    assert run("build", ws, "--case", "vientiane").exit_code == 1
    doc = _document(ws / "output/vientiane/mou.docx")
    assert "This Memorandum is done in one original, in English." in "\n".join(
        p.text for p in doc.paragraphs)
    assert doc.sections[0].header.paragraphs[0].text.startswith("DRAFT")


def test_an_untranslated_sentence_is_an_error_at_its_catalog_line(ws: Path, run) -> None:
    fill_catalog(ws, "lo", LO, drop=("vientiane:interest",))
    result = run("check", ws, "--case", "vientiane", *AS_OF)
    assert result.exit_code == 1
    line = _entry_line(ws / "translations/lo.po", "vientiane:interest")
    assert (f"translations/lo.po:{line}: error LNG004: no Lao translation of “Both cities are "
            "the economic engines of their regions and...” (vientiane:interest); the MOU names "
            "only English") in result.output


def test_docgen_s_draft_translations_fill_in_and_are_to_be_confirmed(ws: Path, run) -> None:
    import polib

    # a workspace catalog with the case's own strings only: the clauses are docgen's drafts
    po = polib.pofile(str(ws / "translations/lo.po"))
    for entry in [e for e in po if ":" not in (e.msgctxt or "")]:
        po.remove(entry)
    po.save()
    result = run("check", ws, "--case", "vientiane", *AS_OF)
    assert result.exit_code == 0, result.output
    assert re.search(r"translations/lo.po: warning LNG005: \d+ sentences of the Lao text are "
                     r"docgen's draft translations, not yet confirmed by a translator",
                     result.output), result.output
    assert result.output.count("LNG005") == 1  # one warning, not one per sentence
    assert run("build", ws, "--case", "vientiane", "--doc", "mou").exit_code == 0
    rows = _document(ws / "output/vientiane/mou.docx").tables[0].rows
    assert [c.text for c in rows[0].cells] == [ENGLISH["mou.title"], LO["mou.title"]]
    # a new catalog starts from the drafts, each marked fuzzy for the translator
    result = run("translations", ws, "--lang", "lo")
    assert result.exit_code == 0, result.output
    catalog = {e.msgctxt: e for e in polib.pofile(str(ws / "translations/lo.po"))}
    assert catalog["mou.purpose"].msgstr == LO["mou.purpose"]
    assert "fuzzy" in catalog["mou.purpose"].flags


def test_a_fuzzy_translation_is_a_warning(ws: Path, run) -> None:
    fill_catalog(ws, "lo", LO, fuzzy=("mou.purpose",))
    result = run("check", ws, "--case", "vientiane", *AS_OF)
    assert result.exit_code == 0, result.output
    line = _entry_line(ws / "translations/lo.po", "mou.purpose")
    assert (f"translations/lo.po:{line}: warning LNG005: Lao translation not yet confirmed "
            "(fuzzy): mou.purpose") in result.output


@pytest.mark.parametrize(("code", "key", "old", "new", "problem"), [
    ("lo", "mou.term.fixed", "{term_years} ປີ", "5 ປີ",
     "drops the placeholder {term_years}; has “5”, which the English does not"),
    ("ja", "takasaki:exchanges.0", "2027年", "2028年",
     "drops “2027”; has “2028”, which the English does not"),
    ("es", "queretaro:exchanges.0", "12 estudiantes", "estudiantes", "drops “12”"),
])
def test_a_translation_that_changes_a_figure_fails_parity(ws: Path, run, code: str, key: str,
                                                          old: str, new: str,
                                                          problem: str) -> None:
    texts = {**{"lo": LO, "ja": JA, "es": ES}[code]}
    texts[key] = texts[key].replace(old, new)
    fill_catalog(ws, code, texts)
    case = {"lo": "vientiane", "ja": "takasaki", "es": "queretaro"}[code]
    result = run("check", ws, "--case", case, *AS_OF)
    assert result.exit_code == 1
    key = next(k for k in _keys(ws, code) if k.startswith(key.rpartition(".")[0] + ".")) \
        if key.rpartition(".")[2].isdigit() else key
    line = _entry_line(ws / f"translations/{code}.po", key)
    assert f"translations/{code}.po:{line}: error LNG006: " in result.output
    assert problem in result.output


def _line(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line == text)


def _keys(ws: Path, code: str) -> list[str]:
    import polib

    return [e.msgctxt for e in polib.pofile(str(ws / f"translations/{code}.po"))]


def _entry_line(path: Path, context: str) -> int:
    """The first line of the catalog entry of `context` (its comments, then msgctxt)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = _line(path, f'msgctxt "{context}"')
    while at > 1 and lines[at - 2].startswith("#"):
        at -= 1
    return at


def test_translations_merges_like_msgmerge(ws: Path, run) -> None:
    po = ws / "translations/lo.po"
    result = run("translations", ws, "--lang", "lo")
    assert result.exit_code == 0, result.output
    assert "updated translations/lo.po: 0 added, 0 marked fuzzy, 0 made obsolete" in \
        result.output
    edit(ws / "cases/vientiane.yaml", "preserving historic neighbourhoods",
         "preserving their historic centres")
    edit(ws / "cases/vientiane.yaml", "  - Exhibition of Lao textile art at the Phantom Art "
         "Gallery\n", "")
    edit(ws / "cases/vientiane.yaml", "exchanges:\n", "exchanges:\n  - Joint river festival\n")
    result = run("translations", ws, "--lang", "lo")
    assert result.exit_code == 0, result.output
    assert "1 added, 1 marked fuzzy, 1 made obsolete" in result.output
    assert "  fuzzy: vientiane:interest" in result.output
    import polib

    catalog = {e.msgctxt: e for e in polib.pofile(str(po))}
    interest = catalog["vientiane:interest"]
    assert "fuzzy" in interest.flags and interest.msgstr == LO["vientiane:interest"]
    assert interest.previous_msgid and "neighbourhoods" in interest.previous_msgid
    assert catalog["mou.purpose"].msgstr == LO["mou.purpose"]  # kept
    assert "python-brace-format" in catalog["mou.purpose"].flags
    assert "#~ msgctxt" in po.read_text()  # the exhibition no longer planned
    # an exchange reworded: its translation is kept, marked fuzzy (msgmerge's fuzzy match)
    edit(ws / "cases/vientiane.yaml", "  - Best-practice exchange between city planning "
         "departments on riverfront development", "  - Best-practice exchange between city "
         "planning departments on riverfront parks")
    result = run("translations", ws, "--lang", "lo")
    assert "0 added, 1 marked fuzzy, 0 made obsolete" in result.output, result.output
    check = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(po)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    result = run("check", ws, "--case", "vientiane", *AS_OF)
    assert "warning LNG005: Lao translation not yet confirmed (fuzzy): vientiane:interest" in \
        result.output


def test_a_new_catalog_starts_from_the_data(ws: Path, run) -> None:
    shutil.rmtree(ws / "translations")
    result = run("translations", ws, "--lang", "lo", "--case", "vientiane")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("created translations/lo.po: 98 added")
    text = (ws / "translations/lo.po").read_text(encoding="utf-8")
    assert 'msgctxt "vientiane:partner.city"\nmsgid "Vientiane"\nmsgstr "ນະຄອນຫຼວງວຽງຈັນ"' in text
    assert run("translations", ws, "--lang", "al").exit_code == 1


def test_an_unknown_language_code_is_an_input_error_with_a_suggestion(ws: Path, run) -> None:
    edit(ws / "cases/vientiane.yaml", "languages: [en, lo]", "languages: [en, al]")
    result = run("check", ws)
    assert result.exit_code == 1
    line = _line(ws / "cases/vientiane.yaml", "  languages: [en, al]")
    assert (f"cases/vientiane.yaml:{line}: agreement.languages: 'al' is not a language code "
            "CLDR knows") in result.output
    assert "did you mean 'sq' (Albanian)?" in result.output


def test_official_languages_come_from_cldr(ws: Path, run) -> None:
    from docgen.checks.languages import accepted_languages
    from docgen.workspace.model import Partner

    def city(country: str, *langs: str) -> Partner:
        return Partner(city="X", country=country, languages=list(langs),
                       leader={"name": "A B", "title": "Mayor of X"})

    assert accepted_languages(city("Republic of North Macedonia", "mk", "sq")) == {"mk", "sq"}
    assert accepted_languages(city("Republic of North Macedonia", "mk")) == {"mk"}
    assert accepted_languages(city("Lao People's Democratic Republic", "lo", "en")) == {"lo"}
    assert accepted_languages(city("Japan", "ja")) == {"ja"}
    edit(ws / "cases/takasaki.yaml", "languages: [en, ja]", "languages: [en, zh]")
    result = run("check", ws, "--case", "takasaki", *AS_OF)
    assert "error LNG001: the agreement is done in English, Chinese, but no official " \
           "language of Japan (Japanese)" in result.output


def test_no_hand_written_month_names_or_language_tables() -> None:
    months = ("January", "February", "March", "April", "June", "July", "August", "September",
              "October", "November", "December")
    for path in (ROOT / "docgen").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert sum(f'"{m}"' in text for m in months) < 3, path
        assert len(re.findall(r'Language\("\w+", "\w+"', text)) == 0, path


def test_english_in_any_variant_is_the_source_text(ws: Path, run) -> None:
    edit(ws / "cases/peshawar.yaml", "languages: [en, ur]", "languages: [ur, en-US]")
    result = run("build", ws, "--case", "peshawar", "--doc", "mou")
    assert result.exit_code == 0, result.output  # no catalog asked for en-US
    first_row = _document(ws / "output/peshawar/mou.docx").tables[0].rows[0].cells
    assert [c.text for c in first_row] == [ENGLISH["mou.title"], UR["mou.title"]]  # home: en


def test_the_draft_catalogs_are_current_fuzzy_and_well_formed() -> None:
    import polib

    from docgen.render.clauses import bundled_sources

    english = {ctx: text for ctx, text, _ in bundled_sources()}
    drafts = sorted((ROOT / "docgen/catalogs").glob("*.po"))
    assert [p.stem for p in drafts] == ["es", "ja", "lo", "ur"]
    for path in drafts:
        entries = list(polib.pofile(str(path)))
        assert {e.msgctxt for e in entries} <= set(english)
        assert all(e.msgid == english[e.msgctxt] for e in entries), path  # not stale
        assert all("fuzzy" in e.flags and e.msgstr for e in entries), path
        check = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(path)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_three_languages_follow_each_other_by_default(ws: Path, run) -> None:
    edit(ws / "cases/vientiane.yaml", "languages: [en, lo]", "languages: [en, lo, es]")
    own = {k: v for k, v in LO.items() if k.startswith(("vientiane:", "home:"))}
    fill_catalog(ws, "es", {**ES, **own})  # test data: the case's strings as in Lao
    result = run("build", ws, "--case", "vientiane", "--doc", "mou")
    assert result.exit_code == 0, result.output
    doc = _document(ws / "output/vientiane/mou.docx")
    assert len(doc.tables) == 1  # the signature blocks only
    paras = [p.text for p in doc.paragraphs]
    titles = [paras.index(t) for t in (ENGLISH["mou.title"], LO["mou.title"], ES["mou.title"])]
    assert titles == sorted(titles)
    assert "This Memorandum is done in one original, in English, Lao, and Spanish, the texts " \
           "being equally valid." in paras


def test_a_translation_s_placeholders_are_filled_never_run(ws: Path, run) -> None:
    texts = {**LO, "mou.term.fixed": LO["mou.term.fixed"].replace("{term_years}",
                                                                  "{term_years:>99999999}")}
    fill_catalog(ws, "lo", texts)
    result = run("check", ws, "--case", "vientiane", *AS_OF)
    assert "error LNG006: the Lao text of mou.term.fixed has braces that are no placeholder " \
           "docgen fills in (only {name})" in result.output
    assert "error LNG004: no Lao translation of “This Memorandum takes effect" in result.output
    assert run("build", ws, "--case", "vientiane", "--doc", "mou").exit_code == 1
    doc = _document(ws / "output/vientiane/mou.docx")  # the Lao version is left out
    assert "This Memorandum is done in one original, in English." in \
        [p.text for p in doc.paragraphs]


def test_a_catalog_outside_the_workspace_is_refused(ws: Path, run, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.po"
    shutil.copyfile(ws / "translations/lo.po", outside)
    (ws / "translations/lo.po").unlink()
    (ws / "translations/lo.po").symlink_to(outside)
    result = run("check", ws, "--case", "vientiane", *AS_OF)
    assert result.exit_code == 1
    assert "translations/lo.po: refused: links to a file outside the workspace" in result.output
    result = run("translations", ws, "--lang", "lo")
    assert result.exit_code == 1 and "refused" in result.output
    assert outside.read_bytes() == (ws / "translations/lo.po").read_bytes()  # left alone


@pytest.mark.parametrize("layout", ["columns", "sequential"])
def test_an_urdu_led_original_names_both_cities_in_its_title_and_preamble(
        ws: Path, run, layout: str) -> None:
    # the partner's original leads with its Urdu text: the cities are named in Urdu there,
    # and its recitals end with the Arabic comma (،), not ","
    set_layout(ws, "peshawar", layout, originals="each")
    result = run("check", ws, "--case", "peshawar", "--as-of", "2026-11-22")
    assert " SYM001: " not in result.output, result.output
    assert result.exit_code == 0, result.output
