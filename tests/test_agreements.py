"""The agreements as a city sends them: bilateral criteria only, leaders adopting for their
cities, the MOU's originals, non-binding drafting, approvals, attestation, equal titles."""

from __future__ import annotations

from pathlib import Path

from conftest import docx_text, edit

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
APPROVAL = ("  term_years: 5", "  term_years: 5\n  partner_approval:\n    by: the People's "
            "Council of Vientiane Capital\n    date: 2026-08-20\n  attest:\n    home: {name: "
            "Carmen Reyes, title: City Clerk}\n    partner: {name: Bounmy Vongsa, title: Chief "
            "of the Capital Office}")


def _blocks(path: Path) -> list[str]:
    from docx import Document

    table = Document(str(path)).tables[-1]
    return ["\n".join(p.text for p in cell.paragraphs) for cell in table.rows[0].cells]


def test_the_tentative_agreement_holds_only_what_both_cities_commit_to(workspace: Path,
                                                                      run) -> None:
    assert run("build", workspace, "--case", "vientiane").exit_code == 0
    text = docx_text(workspace / "output/vientiane/tentative-agreement.docx")
    for internal in ("Separation of personal beliefs", "realistic assessment",
                     "Adequate financial support"):
        assert internal not in text
    assert "the criteria both cities agree on" in text
    home, partner = _blocks(workspace / "output/vientiane/tentative-agreement.docx")
    assert "Dana Whitfield\nMayor of the City of Milpitas" in home
    assert "For the City of Milpitas" in home and "For the City of Vientiane" in partner
    # the place and the date on one line, each leader in the own city
    assert "Signed at Milpitas on (date to be completed)" in home.splitlines()
    assert "Signed at Vientiane on (date to be completed)" in partner.splitlines()


def test_the_mou_states_its_originals_its_nature_and_the_approvals(workspace: Path,
                                                                   run) -> None:
    edit(workspace / "cases/vientiane.yaml", *APPROVAL)
    assert run("translations", workspace, "--lang", "lo").exit_code == 0
    import polib

    po = polib.pofile(str(workspace / "translations/lo.po"))
    for entry in po.untranslated_entries():  # the new case strings, as a translator would
        entry.msgstr = {"vientiane:agreement.partner_approval.by": "ສະພາປະຊາຊົນນະຄອນຫຼວງ",
                        "vientiane:agreement.attest.home.title": "ເລຂາສະພານະຄອນ",
                        "vientiane:agreement.attest.partner.title": "ຫົວໜ້າຫ້ອງການນະຄອນ"
                        }[entry.msgctxt]
    po.save()
    result = run("build", workspace, "--case", "vientiane")
    assert result.exit_code == 0, result.output
    mou = workspace / "output/vientiane/mou.docx"
    text = docx_text(mou)
    assert "This Memorandum is done in one original, in English and Lao, the texts being " \
           "equally valid." in text
    assert "This Memorandum expresses the intentions of the two cities. It creates no legal " \
           "obligations" in text
    assert " shall " not in text and "Article" not in text and "equally authentic" not in text
    assert "Noting that the City Council of Milpitas approved this Memorandum on July 21, " \
           "2026;" in text
    assert "Noting that the People's Council of Vientiane Capital approved this Memorandum " \
           "on August 20, 2026;" in text
    home, partner = _blocks(mou)
    assert "Attest: Carmen Reyes, City Clerk" in home
    assert "Attest: Bounmy Vongsa, Chief of the Capital Office" in partner
    assert len(home.splitlines()) == len(partner.splitlines())
    edit(workspace / "cases/vientiane.yaml", "  term_years:", "  originals: each\n  term_years:")
    assert run("build", workspace, "--case", "vientiane").exit_code == 0
    assert "done in two originals, each in English and Lao, the texts being equally valid; " \
           "each city keeps one original." in docx_text(mou)


def test_both_cities_carry_equal_weight_in_the_title(workspace: Path, run) -> None:
    from docx import Document

    assert run("build", workspace, "--case", "peshawar").exit_code == 0
    table = Document(str(workspace / "output/peshawar/mou.docx")).tables[0]
    parties = [row.cells[0].paragraphs for row in table.rows
               if row.cells[0].text == "Milpitas, United States of America"
               or row.cells[0].text.startswith("Peshawar (")]
    looks = set()
    for paragraphs in parties:
        for p in paragraphs:
            if p.text:
                looks |= {(r.bold, r.font.size) for r in p.runs if r.text.strip()}
    assert len(parties) == 2 and len(looks) == 1
