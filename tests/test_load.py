"""Loading: the contract workspace as it is, and every class of bad input with path:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONTRACT_FILES, FIXTURES, SHARED_CONTRACT, edit

from docgen.errors import InputError
from docgen.workspace.load import load_workspace


def problems_of(ws: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_workspace(ws)
    return caught.value.lines()


def test_contract_workspace_loads_exactly_as_it_is(contract: Path) -> None:
    loaded = load_workspace(contract)
    assert [c.id for c in loaded.cases] == ["tetovo", "vientiane"]
    assert loaded.settings.home.city == "Milpitas"
    vientiane = loaded.case("vientiane")
    assert vientiane is not None
    assert vientiane.case.partner.local_name == "ນະຄອນຫຼວງວຽງຈັນ"
    assert vientiane.case.agreement.term_years == 5
    tetovo = loaded.case("tetovo")
    assert tetovo is not None and tetovo.case.inquiry is not None
    assert tetovo.case.inquiry.from_ is not None
    assert tetovo.case.inquiry.from_.name == "Elira Selimi"


@pytest.mark.skipif(not SHARED_CONTRACT.is_dir(),
                    reason="the frozen contract (shared/contract/workspace) is not beside this "
                           "checkout; fixtures/ holds its files")
def test_fixtures_contain_the_contract_files() -> None:
    files = sorted(str(p.relative_to(SHARED_CONTRACT)) for p in SHARED_CONTRACT.rglob("*.yaml"))
    assert files == sorted(CONTRACT_FILES)
    for name in files:
        assert (FIXTURES / name).read_bytes() == (SHARED_CONTRACT / name).read_bytes(), name


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("population: 52915", "population: many",
         "cases/tetovo.yaml:6: partner.population: expected a whole number"),
        ("population: 52915", "population: 52915.5",
         "cases/tetovo.yaml:6: partner.population: expected a whole number"),
        ("  languages: [mk, sq, en]", "  langauges: [mk, sq, en]",
         "cases/tetovo.yaml:7: partner.langauges: unknown key; did you mean 'languages'?"),
        ("received: 2026-10-02", "received: 2026-02-30",
         "cases/tetovo.yaml:30: inquiry.received: '2026-02-30' is not a real date"),
        ("received: 2026-10-02", "received: soon",
         "cases/tetovo.yaml:30: inquiry.received: expected a date such as 2027-02-01"),
        ("origin: inquiry", "origin: curiosity",
         "cases/tetovo.yaml:28: origin: 'curiosity' is not one of 'initiated' or 'inquiry'"),
        ("    name: Arben Ziberi\n", "",
         "cases/tetovo.yaml:14: partner.leader.name: required, but missing (add name:)"),
        ("  city: Tetovo\n", "  city: Tetovo\n  city: Tetova\n",
         "cases/tetovo.yaml:4: partner.city: duplicate key"),
        ("  geography: [mountains]", "  geography: [mountains",
         "cases/tetovo.yaml:9: YAML syntax error"),
        ("    - role: leader_office\n      name: Elira Selimi",
         "    - role: office\n      name: Elira Selimi",
         "cases/tetovo.yaml:19: partner.contacts[0].role: 'office' is not one of"),
    ],
)
def test_bad_case_reported_at_its_line(workspace: Path, old: str, new: str,
                                       expected: str) -> None:
    edit(workspace / "cases/tetovo.yaml", old, new)
    lines = problems_of(workspace)
    assert any(line.startswith(expected) for line in lines), lines


def test_non_utf8_file(workspace: Path) -> None:
    (workspace / "cases/bogota.yaml").write_bytes(
        "partner:\n  city: Bogot\xe1\n".encode("latin-1"))
    assert "cases/bogota.yaml:2: not UTF-8 text (byte 0xE1); save the file with UTF-8 " \
           "encoding" in problems_of(workspace)


def test_control_characters_are_refused_with_their_line(workspace: Path) -> None:
    edit(workspace / "cases/tetovo.yaml", "  city: Tetovo", '  city: "Tet\\x07ovo"')
    assert any(line.startswith("cases/tetovo.yaml:3: partner.city: contains the control "
                               "character U+0007") for line in problems_of(workspace))


def test_alias_bomb_is_refused_quickly(workspace: Path) -> None:
    import time

    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    (workspace / "cases/bomb.yaml").write_text("\n".join(rows) + "\n")
    start = time.perf_counter()
    lines = problems_of(workspace)
    assert time.perf_counter() - start < 2
    assert any(line.startswith("cases/bomb.yaml: refused: more than") for line in lines)


def test_every_problem_of_every_file_at_once(workspace: Path) -> None:
    edit(workspace / "cases/tetovo.yaml", "population: 52915", "population: lots")
    edit(workspace / "cases/tetovo.yaml", "received: 2026-10-02", "received: 2026-13-01")
    edit(workspace / "cases/vientiane.yaml", "type: sister-city", "type: twin-city")
    edit(workspace / "docgen.yaml", "population: 80273", "population: -5")
    lines = problems_of(workspace)
    assert [line.split(":")[0] for line in lines] == [
        "cases/tetovo.yaml", "cases/tetovo.yaml", "cases/vientiane.yaml", "docgen.yaml"]
    assert "docgen.yaml:7: home.population: must be greater than or equal to 1" in lines


def test_missing_settings_file(tmp_path: Path) -> None:
    assert problems_of(tmp_path) == [
        "docgen.yaml: not found (run `docgen init` to make a workspace)"]


def test_inquiry_origin_needs_an_inquiry(workspace: Path) -> None:
    text = (workspace / "cases/tetovo.yaml").read_text()
    start, end = text.index("inquiry:\n"), text.index("interest:")
    (workspace / "cases/tetovo.yaml").write_text(text[:start] + text[end:])
    assert any("origin is 'inquiry', so an inquiry: section" in line
               for line in problems_of(workspace))


def test_case_file_linking_outside_the_workspace_is_refused(workspace: Path,
                                                             tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((workspace / "cases/tetovo.yaml").read_text())
    (workspace / "cases/elsewhere.yaml").symlink_to(outside)
    assert "cases/elsewhere.yaml: refused: links to a file outside the workspace" \
        in problems_of(workspace)
