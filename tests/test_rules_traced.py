"""Findings a clerk can act on: text typed in the data is reported at its YAML line, once,
with the documents it reaches; those documents alone are marked DRAFT, and only while they
are still to sign. And realistic cases of five more countries check clean."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from catalog_data import ES
from catalogs import fill_catalog
from checking import AS_OF, line_of
from conftest import FIXTURES, edit
from test_checks import header_text

from docgen.checks.run import check_workspace

COUNTRIES = Path(__file__).parent / "data" / "countries"
P = "cases/peshawar.yaml"
EXCHANGE = "  - Virtual mentoring between Milpitas software firms and Peshawar start-ups"


def _findings(ws: Path, as_of=AS_OF) -> list:
    return check_workspace(ws, (), as_of)


def _missing_catalog(finding) -> bool:
    """LNG004 for a language of the agreements with no translators' catalog at all."""
    return finding.rule == "LNG004" and re.match(r"no [^:]+ catalog: ", finding.message) \
        is not None


# The five countries' workspace has no translators' catalogs: each language of their
# agreements but English is an LNG004 error, and nothing else is.
@pytest.mark.parametrize(("root", "uncatalogued"), [
    (FIXTURES, set()), (COUNTRIES, {"translations/de.po", "translations/es.po",
                                    "translations/ja.po", "translations/pt.po"})],
    ids=["fixtures", "five-countries"])
def test_realistic_cases_check_without_errors_but_missing_catalogs(
        root: Path, uncatalogued: set[str]) -> None:
    errors = [f for f in _findings(root) if f.severity == "error"]
    assert [str(f) for f in errors if not _missing_catalog(f)] == []
    assert {f.location for f in errors if _missing_catalog(f)} == uncatalogued


def test_the_contract_checks_without_errors_but_its_missing_lao_catalog(
        contract: Path) -> None:
    # no catalogs beside the contract's cases: the Lao versions are left out, and say so
    assert [str(f) for f in _findings(contract) if f.severity == "error"] == [
        f"translations/lo.po: error LNG004: no Lao catalog: run `docgen translations --lang "
        f"lo` and have it translated; the {doc} names only English"
        for doc in ("tentative agreement", "MOU")]


def test_a_placeholder_in_exchanges_is_reported_once_at_its_line(workspace: Path) -> None:
    edit(workspace / P, EXCHANGE, "  - TBD")
    found = [f for f in _findings(workspace) if f.rule == "DOC004" and f.case == "peshawar"]
    assert len(found) == 1, found
    [finding] = found
    assert finding.location == f"{P}:{line_of(workspace / P, '  - TBD')}"
    assert finding.document is None
    assert "exchanges[0]: placeholder text “TBD”" in finding.message
    assert set(finding.marks) == {"research-brief", "inquiry-response", "request-form",
                                  "tentative-agreement", "mou"}
    assert ("(in research-brief, inquiry-response, request-form, tentative-agreement, mou)"
            in finding.message)


def test_a_one_sided_exchange_is_reported_at_its_line(workspace: Path) -> None:
    edit(workspace / P, EXCHANGE, "  - Milpitas will host start-up founders from Peshawar")
    found = [f for f in _findings(workspace) if f.rule == "SYM004"]
    assert [f.location for f in found] == [f"{P}:{line_of(workspace / P, 'Milpitas will')}"]
    assert "binds one city only" in found[0].message


def test_a_relationship_type_in_the_interest_is_reported_at_its_line(workspace: Path) -> None:
    edit(workspace / P, "can learn from each other.", "can learn from each other as two "
                                                      "fine sister cities.")
    found = [f for f in _findings(workspace) if f.rule == "REG001"]
    assert found and all(f.location == f"{P}:{line_of(workspace / P, '^interest:')}"
                         for f in found), found


# Test data: the Spanish of the countries' Querétaro case (the clauses are in catalog_data)
QUERETARO_ES = {
    "queretaro:partner.city": "Santiago de Querétaro",
    "queretaro:partner.state": "Querétaro",
    "queretaro:partner.country": "Estados Unidos Mexicanos",
    "queretaro:partner.leader.title": "Presidente Municipal de Querétaro",
    "queretaro:partner.contacts.0.title": "Directora de Asuntos Internacionales, Oficina del "
                                          "Presidente Municipal",
    "queretaro:partner.contacts.1.title": "Presidente, Asociación Querétaro–Milpitas",
    "queretaro:focus_areas.0": "educativo",
    "queretaro:focus_areas.1": "económico",
    "queretaro:interest": "Las industrias aeroespacial y de software de Querétaro y las "
                          "empresas de semiconductores de Milpitas comparten proveedores e "
                          "ingenieros.",
    "queretaro:exchanges.0": "Intercambio de estudiantes de ingeniería entre la Universidad "
                             "Autónoma de Querétaro y Milpitas Adult Education (XXX)",
}


def test_a_traced_error_marks_only_the_documents_it_reaches(workspace: Path, run) -> None:
    # Querétaro-like: a case whose MOU is still to sign, with a typo in one exchange
    shutil.copy(COUNTRIES / "cases/queretaro.yaml", workspace / "cases/queretaro.yaml")
    q = workspace / "cases/queretaro.yaml"
    edit(q, "Milpitas Adult Education", "Milpitas Adult Education (XXX)")
    fill_catalog(workspace, "es", {**{k: v for k, v in ES.items()
                                      if not k.startswith("queretaro:")}, **QUERETARO_ES})
    result = run("build", workspace, "--date", "2026-11-22")
    assert result.exit_code == 0, result.stderr  # DOC004 is a warning
    add = workspace / "docgen.yaml"
    add.write_text(add.read_text() + "rules:\n  DOC004: error\n")
    result = run("build", workspace, "--date", "2026-11-22")
    assert result.exit_code == 1
    assert f"cases/queretaro.yaml:{line_of(q, 'XXX')}: error DOC004" in result.stderr
    out = workspace / "output/queretaro"
    assert header_text(out / "mou.docx")[0].startswith("DRAFT")
    # the letter was sent, the form and the tentative agreement are done: kept as they are
    for kind in ("letter-of-introduction", "request-form", "tentative-agreement"):
        assert not any("DRAFT" in t for t in header_text(out / f"{kind}.docx")), kind


@pytest.mark.parametrize(("file", "old", "new", "rule"), [
    ("takasaki", "title: 高崎市長", "title: 高崎市副市長", "PAR001"),
    ("takasaki", "salutation: \"Dear Mayor Tanabe:\"",
     "salutation: \"Dear Governor Tanabe:\"", "ADR010"),
    ("ulm", "title: Oberbürgermeister der Stadt Ulm",
     "title: Stellvertretender Oberbürgermeister der Stadt Ulm", "PAR001"),
    ("ulm", "country: Federal Republic of Germany", "country: German Democratic Republic",
     "NAM003"),
    ("campinas", "form_of_address: Her Excellency", "form_of_address: His Excellency",
     "ADR010"),
    ("queretaro", "name: Ricardo Núñez", "name: Gabriela Torres", "SYM006"),
    ("muntinlupa", "title: City Mayor of Muntinlupa", "title: OIC, Office of the City Mayor "
                                                        "of Muntinlupa", "PAR001"),
    ("muntinlupa", "  responded: 2026-09-22\n", "", "TIM008"),
])
def test_one_edit_to_a_country_case_is_caught(tmp_path: Path, file: str, old: str, new: str,
                                              rule: str) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(COUNTRIES, ws)
    edit(ws / f"cases/{file}.yaml", old, new)
    import datetime as dt

    found = {f.rule for f in _findings(ws, dt.date(2026, 12, 20)) if f.case == file}
    assert rule in found
