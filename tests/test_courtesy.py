# ruff: noqa: E501
"""Courtesy translations of letters (`letters_translated: true`): the letter of introduction
and the inquiry response followed by their translation from the translators' catalogs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
from catalog_data import LO, UR
from catalogs import fill_catalog
from conftest import ROOT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATE = ("--date", "2026-11-22")
AS_OF = ("--as-of", "2026-11-22")
FLAG = "letters_translated: true\n"
MAYOR = "Dana Whitfield"  # fixtures/docgen.yaml home.leader.name

# Test data: the letters' sentences in Lao and Urdu, written for these tests.
LO_LETTER = {
    "letter.courtesy": "ຄຳແປເພື່ອຄວາມສະດວກ — ຈົດໝາຍສະບັບພາສາອັງກິດແມ່ນສະບັບຕົ້ນ",
    "letter.salutation": "ຮຽນ ທ່ານ {leader_name}, {leader_title},",
    "letter.intro.p1": "ໃນນາມຂອງປະຊາຊົນ {home_city}, ຂ້າພະເຈົ້າຂໍຂຽນມາເພື່ອແນະນຳຊຸມຊົນຂອງພວກເຮົາ ແລະ ສະເໜີໃຫ້ {home_city} ແລະ {partner_city} ພິຈາລະນາສ້າງ{relationship}.",
    "letter.intro.focus": "ຄະນະກຳມະການນະຄອນພີ່ນ້ອງຂອງພວກເຮົາ ເຊິ່ງໃຫ້ຄຳປຶກສາແກ່ສະພານະຄອນກ່ຽວກັບສາຍພົວພັນເຫຼົ່ານີ້ ສະເໜີໃຫ້ການຮ່ວມມືເນັ້ນໃສ່ການແລກປ່ຽນດ້ານ{focus}.",
    "letter.intro.contacts": "ຜູ້ປະສານງານຂອງພວກເຮົາສຳລັບຂໍ້ລິເລີ່ມນີ້ມີລາຍຊື່ຢູ່ໃນຈົດໝາຍສະບັບພາສາອັງກິດ; ຫ້ອງການຂອງທ່ານສາມາດຕິດຕໍ່ພວກເຂົາ ຫຼື ຂ້າພະເຈົ້າໄດ້ທຸກເວລາ.",
    "letter.intro.reply": "ຂ້າພະເຈົ້າຈະຮູ້ສຶກຂອບໃຈຫຼາຍ ຖ້າໄດ້ຮັບຮູ້ຄວາມສົນໃຈຂອງນະຄອນຂອງທ່ານຕໍ່ຂໍ້ສະເໜີນີ້, ແລະ ຫວັງວ່າຈະໄດ້ຮັບຄຳຕອບຈາກທ່ານ ແລະ ມິດຕະພາບລະຫວ່າງສອງນະຄອນຂອງພວກເຮົາ.",
    "letter.closing": "ດ້ວຍຄວາມນັບຖື,",
}
UR_LETTER = {
    "letter.courtesy": "بطور خیر سگالی ترجمہ — انگریزی خط اصل ہے",
    "letter.salutation": "محترم {leader_name}، {leader_title}،",
    "letter.response.thanks": "{received} کے آپ کے پیغام کا شکریہ، جس میں {partner_city} اور {home_city} کے درمیان {relationship} کی تجویز دی گئی ہے۔ شہر {home_city} اس کا پُرتپاک خیرمقدم کرتا ہے۔",
    "letter.response.thanks_any": "{partner_city} اور {home_city} کے درمیان {relationship} میں آپ کی دلچسپی کا شکریہ۔ شہر {home_city} اس کا پُرتپاک خیرمقدم کرتا ہے۔",
    "letter.response.focus": "ہمارا سسٹر سٹیز کمیشن، جو ایسی تجاویز کا جائزہ لیتا ہے اور سٹی کونسل کو مشورہ دیتا ہے، {focus} تبادلوں میں آپ کی دلچسپی میں شریک ہے۔",
    "letter.response.meeting": "کمیشن آپ کی تجویز پر اپنے {meeting} کے اجلاس میں غور کرے گا۔",
    "letter.response.meeting_next": "کمیشن آپ کی تجویز پر اپنے اگلے باقاعدہ اجلاس میں غور کرے گا۔",
    "letter.response.form": "میں کمیشن کا درخواست فارم منسلک کر رہا ہوں؛ ہم شکر گزار ہوں گے اگر آپ کا دفتر اسے مکمل کر کے واپس بھیج دے۔ اس کے بعد ہمارے دونوں شہر ایک عبوری معاہدے میں تعاون کے شعبوں کی تصدیق کریں گے، اور دونوں شہروں کے اعلیٰ ترین عہدیدار مفاہمت کی یادداشت پر دستخط کریں گے۔",
    "letter.response.contacts": "اس اقدام کے لیے ہمارے رابطہ کاروں کے نام انگریزی خط میں درج ہیں؛ آپ کا دفتر کسی بھی وقت ان سے یا مجھ سے رابطہ کر سکتا ہے۔",
    "letter.response.close": "میں اپنے دونوں شہروں کی دوستی اور تعاون کا منتظر ہوں۔",
    "letter.closing": "مخلص،",
}


def _flag(ws: Path, case_id: str) -> None:
    path = ws / f"cases/{case_id}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + FLAG, encoding="utf-8")


def _paragraphs(path: Path) -> list:  # type: ignore[type-arg]
    from docx import Document

    return list(Document(str(path)).paragraphs)


def _index(paragraphs: list, text: str) -> int:  # type: ignore[type-arg]
    found = [i for i, p in enumerate(paragraphs) if text in p.text]
    assert found, f"{text!r} not in the letter"
    return found[0]


def test_letter_of_introduction_is_followed_by_its_lao_courtesy_translation(workspace: Path, run) -> None:
    _flag(workspace, "vientiane")
    fill_catalog(workspace, "lo", {**LO, **LO_LETTER})
    run("build", workspace, "--case", "vientiane", "--doc", "letter-of-introduction", *DATE)
    paras = _paragraphs(workspace / "output/vientiane/letter-of-introduction.docx")
    english = _index(paras, "On behalf of the people of Milpitas")
    heading = _index(paras, LO_LETTER["letter.courtesy"])
    assert english < _index(paras, "Sincerely,") < heading  # after the whole English letter
    assert paras[heading].paragraph_format.page_break_before  # from a new page
    assert paras[heading].runs[0].bold
    after = [p.text for p in paras[heading + 1:]]
    text = "\n".join(after)
    # the body in Lao, with the names as the catalog writes them
    assert "ໃນນາມຂອງປະຊາຊົນ ມິນພີຕັດ" in text and "ນະຄອນຫຼວງວຽງຈັນ" in text
    assert "ການແລກປ່ຽນດ້ານການສຶກສາ" in text  # the focus areas, translated, in a Lao list
    assert "ຮຽນ ທ່ານ Khamphanh Sengdara, ເຈົ້າຄອງນະຄອນຫຼວງວຽງຈັນ," in after
    assert after[-3:] == ["ດ້ວຍຄວາມນັບຖື,", MAYOR, "ເຈົ້າຄອງນະຄອນມິນພີຕັດ"]
    assert "ເມສາ" in after[0]  # the letter's date (April 20, 2026) in Lao, by CLDR
    assert "On behalf of" not in text  # nothing of the English after the heading
    check = run("check", workspace, "--case", "vientiane", *AS_OF)
    assert "courtesy translation" not in check.output


def test_inquiry_response_is_followed_by_its_urdu_courtesy_translation(workspace: Path, run) -> None:
    _flag(workspace, "peshawar")
    fill_catalog(workspace, "ur", {**UR, **UR_LETTER})
    run("build", workspace, "--case", "peshawar", "--doc", "inquiry-response", *DATE)
    paras = _paragraphs(workspace / "output/peshawar/inquiry-response.docx")
    heading = _index(paras, UR_LETTER["letter.courtesy"])
    assert _index(paras, "Thank you for the letter of January 5, 2026") < heading
    assert paras[heading].paragraph_format.page_break_before
    urdu = [p for p in paras[heading:] if p.text]
    assert len(urdu) >= 8 and urdu[-2].text == MAYOR
    for p in urdu:  # right to left: w:bidi on the paragraph (the mayor's name's too)
        assert p._p.pPr is not None and p._p.pPr.find(f"{W}bidi") is not None, p.text
    for p in urdu:  # Nastaliq on the Urdu runs
        if p.text == MAYOR or "Zubair" in p.text:
            continue
        fonts = [r._r.rPr.find(f"{W}rFonts") for r in p.runs if r.text.strip()]
        assert all(f is not None and f.get(f"{W}cs") == "Noto Nastaliq Urdu" for f in fonts)
    text = "\n".join(p.text for p in paras[heading:])
    assert "کے آپ کے پیغام کا شکریہ" in text and "پشاور" in text and "ملپیٹاس" in text
    assert "جنوری" in text  # the inquiry's date (January 5, 2026) in Urdu, by CLDR
    # the meeting the English names (the next commission meeting after the reply)
    assert _index(paras, "its meeting of January 14, 2026") < heading
    assert "اپنے 14 جنوری، 2026 کے اجلاس" in text
    english = [p for p in paras[:heading] if p.text.strip()]
    assert english and all(p._p.pPr is None or p._p.pPr.find(f"{W}bidi") is None
                           for p in english)


def _template_without_courtesy(out: Path) -> None:
    """The letter templates as they were before the courtesy block (the generator with the
    block left out)."""
    code = ("import sys; from pathlib import Path; sys.path.insert(0, 'tools')\n"
            "import doctemplates.letter_of_introduction as a, doctemplates.inquiry_response as b\n"
            "a.courtesy_translation = b.courtesy_translation = lambda doc: None\n"
            "from doctemplates import write\n"
            f"write('letter-of-introduction', Path({str(out)!r}))\n"
            f"write('inquiry-response', Path({str(out)!r}))\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_without_the_flag_the_letters_are_byte_identical_to_before(workspace: Path, run, tmp_path: Path) -> None:
    fill_catalog(workspace, "lo", {**LO, **LO_LETTER})  # translations there, but not asked for
    docs = ("--doc", "letter-of-introduction", "--doc", "inquiry-response")
    run("build", workspace, *docs, *DATE)
    old = tmp_path / "old"
    shutil.copytree(workspace, old, ignore=shutil.ignore_patterns("output"))
    (old / "templates").mkdir(exist_ok=True)
    _template_without_courtesy(old / "templates")
    run("build", old, *docs, *DATE)
    built = sorted(p.relative_to(workspace / "output")
                   for p in (workspace / "output").rglob("*.docx"))
    assert len(built) == 3  # vientiane's introduction, peshawar's and tetovo's responses
    for name in built:
        assert (workspace / "output" / name).read_bytes() == (old / "output" / name).read_bytes()
        assert "Courtesy" not in "\n".join(p.text for p in _paragraphs(workspace / "output" / name))


def test_with_the_flag_and_no_translation_the_block_is_left_out_with_a_finding(workspace: Path, run) -> None:
    _flag(workspace, "vientiane")
    run("translations", workspace, "--lang", "lo")  # the entries are there, untranslated
    result = run("check", workspace, "--case", "vientiane", *AS_OF)
    assert result.exit_code == 1
    po = polib.pofile(str(workspace / "translations/lo.po"))
    line = next(e.linenum for e in po if e.msgctxt == "letter.intro.p1")
    assert (f"translations/lo.po:{line}: error LNG004: no Lao translation of “On behalf of the "
            "people of {home_city}, I am writing to i...” (letter.intro.p1); the "
            "letter's courtesy translation is left out") in result.output
    assert "(letter.courtesy); the letter's courtesy translation is left out" in result.output
    run("build", workspace, "--case", "vientiane", "--doc", "letter-of-introduction", *DATE)
    paras = _paragraphs(workspace / "output/vientiane/letter-of-introduction.docx")
    assert paras[-1].text.startswith("cc: ")  # the English letter ends the document
    assert not any("Courtesy" in p.text or "ຮຽນ" in p.text for p in paras)
    # a catalog that is not there at all
    (workspace / "translations/lo.po").unlink()
    result = run("check", workspace, "--case", "vientiane", *AS_OF)
    assert ("translations/lo.po: error LNG004: no Lao catalog: run `docgen translations --lang "
            "lo` and have it translated; the letter's courtesy translation is left out"
            ) in result.output


def test_the_flag_with_an_english_only_agreement_is_a_finding(workspace: Path, run) -> None:
    _flag(workspace, "vientiane")
    path = workspace / "cases/vientiane.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("languages: [en, lo]",
                                                             "languages: [en]"), encoding="utf-8")
    result = run("check", workspace, "--case", "vientiane", *AS_OF)
    assert ("letters_translated is set, but the agreement names no language other than English"
            in result.output)


def test_translations_adds_the_letters_entries_for_a_flagged_case(workspace: Path, run) -> None:
    result = run("translations", workspace, "--lang", "lo")
    assert "letter." not in result.output
    assert not any((e.msgctxt or "").startswith("letter.") for e in
                   polib.pofile(str(workspace / "translations/lo.po")))
    _flag(workspace, "vientiane")
    result = run("translations", workspace, "--lang", "lo")
    assert result.exit_code == 0, result.output
    assert "  added: letter.courtesy" in result.output
    assert "  added: letter.intro.p1" in result.output
    po = polib.pofile(str(workspace / "translations/lo.po"))
    entries = {e.msgctxt: e for e in po if not e.obsolete}
    assert entries["letter.courtesy"].msgid == ("Courtesy translation — the English letter is "
                                                "the original")
    assert "python-brace-format" in entries["letter.intro.p1"].flags
    assert "letter.response.thanks" in entries  # every letter kind's sentences, once
    checked = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null",
                              str(workspace / "translations/lo.po")], capture_output=True)
    assert checked.returncode == 0, checked.stderr


def test_a_letter_translation_is_checked_like_the_agreements(workspace: Path, run) -> None:
    _flag(workspace, "peshawar")
    dropped = {**UR_LETTER, "letter.response.meeting": "کمیشن آپ کی تجویز پر اپنے اجلاس میں غور کرے گا۔"}
    fill_catalog(workspace, "ur", {**UR, **dropped}, fuzzy=("letter.closing",))
    result = run("check", workspace, "--case", "peshawar", *AS_OF)
    po = polib.pofile(str(workspace / "translations/ur.po"))
    lines = {e.msgctxt: e.linenum for e in po}
    assert (f"translations/ur.po:{lines['letter.response.meeting']}: error LNG006: the Urdu text "
            "of letter.response.meeting drops the placeholder {meeting}") in result.output
    assert (f"translations/ur.po:{lines['letter.closing']}: warning LNG005: Urdu translation not "
            "yet confirmed (fuzzy): letter.closing") in result.output
