"""Forms of address: the address block and salutation the letters carry for leaders of other
cultures and offices, or the finding (ADR006) that asks for the name the data does not give."""

from __future__ import annotations

from pathlib import Path

import pytest
from checking import data_findings, line_of
from conftest import docx_text, edit

from docgen.render.address import address_of, bare_name
from docgen.workspace.model import Partner

LEADER = ("  leader:\n    name: Khamphanh Sengdara\n    title: Mayor of Vientiane Capital\n"
          "    form_of_address: His Excellency\n")
LANGUAGES = "  languages: [lo, en]\n"
COUNTRY = "  country: Lao People's Democratic Republic\n"
LETTER = "output/vientiane/letter-of-introduction.docx"


def recast(ws: Path, leader: str, languages: str | None = None,
           country: str | None = None) -> None:
    """The Vientiane case with another leader (and the languages and country of a city)."""
    case = ws / "cases/vientiane.yaml"
    edit(case, LEADER, leader)
    if languages is not None:
        edit(case, LANGUAGES, f"  languages: {languages}\n")
    if country is not None:
        edit(case, COUNTRY, f"  country: {country}\n")


def letter_lines(ws: Path, run) -> list[str]:
    result = run("build", ws, "--case", "vientiane", "--doc", "letter-of-introduction")
    assert result.exit_code == 0, result.output
    return docx_text(ws / LETTER).splitlines()


def address_and_salutation(lines: list[str]) -> tuple[list[str], str]:
    """The lines from the date to the salutation: (address block, salutation)."""
    start = next(i for i, line in enumerate(lines) if line.startswith("April 20, 2026")) + 1
    end = next(i for i in range(start, len(lines)) if lines[i].endswith(":"))
    return [x for x in lines[start:end] if x], lines[end]


def adr006(ws: Path) -> list[str]:
    return [f.location + " " + f.message for f in data_findings(ws) if f.rule == "ADR006"]


def no_errors(ws: Path, run, uncatalogued: str | None = None) -> None:
    """No error in the case; where the test gives the agreement a language without a
    translators' catalog (`uncatalogued`: "Japanese"), none but LNG004's for that catalog."""
    result = run("check", ws, "--case", "vientiane", "--as-of", "2026-11-22")
    errors = [line for line in result.output.splitlines() if " error " in line]
    if uncatalogued is None:
        assert result.exit_code == 0, result.output
        assert errors == [], result.output
    else:
        assert errors, result.output  # the version is left out: LNG004 says so
        assert all(f"error LNG004: no {uncatalogued} catalog" in e for e in errors), \
            result.output


JAPANESE = ("  leader:\n    name: Tomioka Kenji\n    title: Mayor of Takasaki\n"
            "    form_of_address: The Honorable\n")


def japanese(ws: Path, leader: str) -> None:
    recast(ws, leader, "[ja, en]", "Japan")
    edit(ws / "cases/vientiane.yaml", "languages: [en, lo]", "languages: [en, ja]")


def test_a_name_in_japanese_order_is_asked_about_not_guessed(workspace: Path, run) -> None:
    japanese(workspace, JAPANESE)
    block, salutation = address_and_salutation(letter_lines(workspace, run))
    assert block[:2] == ["The Honorable Tomioka Kenji", "Mayor of Takasaki"]
    assert salutation == "Dear Mayor:"  # neither "Dear Mayor Kenji:" nor a guess
    [finding] = adr006(workspace)
    line = line_of(workspace / "cases/vientiane.yaml", "name: Tomioka Kenji")
    assert finding.startswith(f"cases/vientiane.yaml:{line} ")
    assert "Japanese names are written family name first" in finding
    assert "partner.leader.family_name" in finding
    no_errors(workspace, run, "Japanese")


def test_the_name_order_settles_a_japanese_name(workspace: Path, run) -> None:
    japanese(workspace, JAPANESE + "    name_order: family-first\n")
    _, salutation = address_and_salutation(letter_lines(workspace, run))
    assert salutation == "Dear Mayor Tomioka:"
    assert adr006(workspace) == []
    no_errors(workspace, run, "Japanese")


LAO = ("  leader:\n    name: Khamphanh Sengdara\n    title: Mayor of Vientiane Capital\n"
       "    form_of_address: The Honorable\n")


def test_a_lao_leader_is_addressed_by_the_given_name_once_recorded(workspace: Path,
                                                                   run) -> None:
    recast(workspace, LAO)
    block, salutation = address_and_salutation(letter_lines(workspace, run))
    assert block[:2] == ["The Honorable Khamphanh Sengdara", "Mayor of Vientiane Capital"]
    assert salutation == "Dear Mayor:"  # never "Dear Mayor Sengdara:"
    [finding] = adr006(workspace)
    assert "Lao names are used in formal address by the given name" in finding
    assert "partner.leader.given_name" in finding
    no_errors(workspace, run)


@pytest.mark.parametrize("recorded", ["    given_name: Khamphanh\n",
                                      "    family_name: Sengdara\n"])
def test_a_given_or_family_name_settles_a_lao_salutation(workspace: Path, run,
                                                         recorded: str) -> None:
    recast(workspace, LAO + recorded)
    _, salutation = address_and_salutation(letter_lines(workspace, run))
    assert salutation == "Dear Mayor Khamphanh:"
    assert adr006(workspace) == []
    no_errors(workspace, run)


def test_excellency_takes_excellency_as_salutation(workspace: Path, run) -> None:
    block, salutation = address_and_salutation(letter_lines(workspace, run))
    assert block[:2] == ["His Excellency Khamphanh Sengdara", "Mayor of Vientiane Capital"]
    assert salutation == "Excellency:"
    assert adr006(workspace) == []  # the form of address settles it: no name is needed


SPANISH = ("  leader:\n    name: Juan Fernando López Fuentes\n"
           "    title: Municipal President of Ixmiquilpan\n"
           "    form_of_address: The Honorable\n")


def spanish(ws: Path, leader: str) -> None:
    recast(ws, leader, "[es]", "Mexico")
    edit(ws / "cases/vientiane.yaml", "languages: [en, lo]", "languages: [en, es]")


def test_a_spanish_double_surname_is_asked_about(workspace: Path, run) -> None:
    spanish(workspace, SPANISH)
    block, salutation = address_and_salutation(letter_lines(workspace, run))
    assert block[:2] == ["The Honorable Juan Fernando López Fuentes",
                         "Municipal President of Ixmiquilpan"]
    assert salutation == "Dear Municipal President:"  # not "... Fuentes:", the mother's name
    [finding] = adr006(workspace)
    assert "two family names" in finding and "partner.leader.family_name" in finding


def test_a_recorded_family_name_settles_a_spanish_salutation(workspace: Path, run) -> None:
    spanish(workspace, SPANISH + "    family_name: López\n")
    _, salutation = address_and_salutation(letter_lines(workspace, run))
    assert salutation == "Dear Municipal President López:"
    assert adr006(workspace) == []
    no_errors(workspace, run, "Spanish")


def test_a_lord_mayor_is_addressed_as_debretts_says(workspace: Path, run) -> None:
    recast(workspace, "  leader:\n    name: Helen Marsh\n    title: Lord Mayor of Bristol\n"
                      "    form_of_address: The Honorable\n", "[en]", "United Kingdom")
    lines = letter_lines(workspace, run)
    block, salutation = address_and_salutation(lines)
    assert block[:2] == ["The Right Worshipful the Lord Mayor of Bristol", "Helen Marsh"]
    assert salutation == "Dear Lord Mayor:"
    assert not any("Honorable" in line for line in lines)
    assert adr006(workspace) == []
    no_errors(workspace, run)


def test_a_friendship_city_leader_with_a_recorded_family_name(workspace: Path, run) -> None:
    result = run("build", workspace, "--case", "peshawar", "--doc", "inquiry-response")
    assert result.exit_code == 0, result.output
    text = docx_text(workspace / "output/peshawar/inquiry-response.docx")
    assert "The Honorable Zubair Ahmad Khan\nMayor of Peshawar\nOffice of the Mayor" in text
    assert "\nDear Mayor Khan:\n" in text
    edit(workspace / "cases/peshawar.yaml", "    family_name: Khan", "")
    [finding] = [f for f in data_findings(workspace) if f.rule == "ADR006"]
    assert finding.case == "peshawar" and "Pakistani names often have no family name" in (
        finding.message)


def test_western_names_keep_the_family_name_last(workspace: Path, run) -> None:
    result = run("build", workspace, "--case", "tetovo", "--doc", "inquiry-response")
    assert result.exit_code == 0, result.output
    text = docx_text(workspace / "output/tetovo/inquiry-response.docx")
    assert "The Honorable Arben Ziberi\nMayor of the Municipality of Tetovo\n" in text
    assert "\nDear Mayor Ziberi:\n" in text


def partner(languages: list[str], country: str = "Japan", **leader: str) -> Partner:
    return Partner(city="X", country=country, languages=languages, leader=leader)


@pytest.mark.parametrize(("leader", "lines", "salutation"), [
    ({"name": "Dr. Ana Weiss", "title": "Governor of Styria", "form_of_address": "Dr."},
     ("Dr. Ana Weiss", "Governor of Styria"), "Dear Governor Weiss:"),
    ({"name": "Dr. Ana Weiss", "title": "Governor of Styria",
      "form_of_address": "The Honorable"},
     ("The Honorable Ana Weiss", "Governor of Styria"), "Dear Governor Weiss:"),
    ({"name": "Hon. Ana Weiss", "title": "Mayor of Graz", "form_of_address": "Hon."},
     ("Hon. Ana Weiss", "Mayor of Graz"), "Dear Mayor Weiss:"),
    ({"name": "Nguyen Van Thanh", "title": "Chairman of the People's Committee of Hue",
      "form_of_address": "The Honorable", "given_name": "Thanh"},
     ("The Honorable Nguyen Van Thanh", "Chairman of the People's Committee of Hue"),
     "Dear Chairman Thanh:"),
    ({"name": "Ana Ruiz", "title": "Alcaldesa de Cádiz"}, ("Ana Ruiz", "Alcaldesa de Cádiz"),
     "Dear Mayor Ruiz:"),
    ({"name": "Juan Fernando López Fuentes", "title": "Presidente Municipal de Ixmiquilpan",
      "family_name": "López"},
     ("Juan Fernando López Fuentes", "Presidente Municipal de Ixmiquilpan"),
     "Dear Municipal President López:"),
])
def test_titles_in_names_and_offices_of_other_forms(leader: dict[str, str],
                                                   lines: tuple[str, ...],
                                                   salutation: str) -> None:
    languages = {"Nguyen Van Thanh": ["vi"], "Ana Ruiz": ["es"],
                 "Juan Fernando López Fuentes": ["es"]}.get(leader["name"], ["de"])
    address = address_of(partner(languages, **leader).leader)
    assert (address.lines, address.salutation, address.question) == (lines, salutation, None)


def test_a_vietnamese_chair_without_given_name_is_asked_about() -> None:
    address = address_of(partner(["vi"], name="Nguyen Van Thanh", title="Chairman of the "
                                 "People's Committee of Hue").leader)
    assert address.salutation == "Dear Chairman:"
    assert address.question is not None and "given name" in address.question


def test_a_city_without_languages_follows_its_country() -> None:
    address = address_of(partner([], "Lao People's Democratic Republic",
                                 name="Khamphanh Sengdara", title="Mayor of X").leader)
    assert address.question is not None and address.question.startswith("Lao names")


def test_courtesy_titles_are_not_names() -> None:
    assert bare_name("Dr. Prof. Kenji Tomioka") == "Kenji Tomioka"
    assert bare_name("Mr. Mayor") == "Mayor"
    assert bare_name("H.E. Khamphanh Sengdara") == "Khamphanh Sengdara"
    assert bare_name("Don Smith") == "Don Smith"  # a given name, not the Spanish title
