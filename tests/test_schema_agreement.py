"""The JSON Schema (`docgen schema`) and the loader accept exactly the same files: both run
over the same valid and broken workspaces, and agree on each file. The schema side reads
YAML as an editor does (YAML 1.2, dates as text) and validates with jsonschema, formats
checked."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, edit

from docgen.checks.catalog import all_rules, unknown_rule
from docgen.errors import InputError
from docgen.workspace.load import load_workspace
from docgen.workspace.schema import DESCRIPTIONS, json_schema

COUNTRIES = Path(__file__).parent / "data" / "countries"
T, V, P, H = "cases/tetovo.yaml", "cases/vientiane.yaml", "cases/peshawar.yaml", "docgen.yaml"
DECLARE = ("  focus_areas: [educational, cultural, social, economic, charitable]\n",
           "  focus_areas: [educational, cultural, social, economic, charitable]\n"
           "policy:\n  focus_areas: [environmental]\n")

# (id, whether the files are valid, edits (file, old, new)): one workspace each
VARIANTS: list[tuple[str, bool, list[tuple[str, str, str]]]] = [
    ("fixtures", True, []),
    ("phone-as-number", True, [(T, "email: cabinet@example.mk", "email: cabinet@example.mk\n"
                             "      phone: 38944555010")]),
    ("phone-as-decimal", False, [(T, "email: cabinet@example.mk", "email: cabinet@example.mk\n"
                              "      phone: 389.44")]),
    ("phone-as-yes", False, [(T, "email: cabinet@example.mk", "email: cabinet@example.mk\n"
                          "      phone: true")]),
    ("email-without-at", False, [(T, "email: cabinet@example.mk", "email: cabinet.example.mk")]),
    ("email-without-dot", False, [(T, "email: cabinet@example.mk", "email: cabinet@example")]),
    ("email-with-space", False, [(V, "email: noy.keovilay@example.la",
                           "email: noy keovilay@example.la")]),
    ("focus-area-unknown", False, [(T, "focus_areas: [educational, social]",
                             "focus_areas: [educational, environmental]")]),
    ("focus-area-declared", True, [(H, *DECLARE), (T, "focus_areas: [educational, social]",
                                            "focus_areas: [educational, environmental]")]),
    ("focus-area-capitalised", False, [(T, "focus_areas: [educational, social]",
                                 "focus_areas: [Educational, social]")]),
    ("unknown-key", False, [(T, "  languages: [mk, sq, en]", "  langauges: [mk, sq, en]")]),
    ("population-text", False, [(T, "population: 52915", "population: many")]),
    ("population-zero", False, [(T, "population: 52915", "population: 0")]),
    ("city-number", True, [(T, "city: Tetovo", "city: 1200")]),
    ("no-date", False, [(T, "received: 2026-10-02", "received: 2026-02-30")]),
    ("origin-unknown", False, [(T, "origin: inquiry", "origin: inquired")]),
    ("inquiry-missing", False, [(P, "inquiry:\n  received: 2026-01-05\n  channel: letter\n  from:\n"
                             "    name: Ayesha Gul\n    title: Director, Mayor's Secretariat\n"
                             "  summary: >-\n    Peshawar proposes a friendship-city link "
                             "built on technology start-ups and\n    university exchanges.\n",
                          "")]),
    ("title-missing", False, [(V, "    title: Mayor of Vientiane Capital\n", "")]),
    ("term-zero", False, [(V, "term_years: 5", "term_years: 0")]),
    ("type-unknown", False, [(V, "type: sister-city ", "type: twin-city ")]),
    ("channel-unknown", False, [(T, "channel: email ", "channel: fax ")]),
    ("language-not-a-code", False, [(V, "languages: [lo, en]", "languages: [laotian, en]")]),
    ("language-unknown-to-cldr", False, [(T, "  languages: [mk, sq, en]",
                                          "  languages: [mk, al, en]")]),
    ("language-with-region", True, [(V, "languages: [lo, en]", "languages: [lo, en-US]")]),
    ("city-named-no", True, [(T, "city: Tetovo", "city: no")]),  # YAML 1.2: the text "no"
    ("waiver-unknown-rule", False, [(V, "  signing_place: Milpitas City Hall, Milpitas, California",
                              "  signing_place: Milpitas City Hall, Milpitas, California\n"
                              "waivers:\n  - rule: PAR01\n    reason: x")]),
    ("waiver-unknown-document", False, [(V, "  signing_place: Milpitas City Hall, Milpitas, "
                                     "California",
                                  "  signing_place: Milpitas City Hall, Milpitas, California\n"
                                  "waivers:\n  - rule: PAR001\n    reason: x\n"
                                  "    document: memo")]),
    ("rule-setting", True, [(H, *DECLARE[:1], DECLARE[0] + "rules:\n  PAR003: off\n")]),
    ("rule-unknown", False, [(H, *DECLARE[:1], DECLARE[0] + "rules:\n  PAR03: off\n")]),
    ("date-style-unknown", False, [(H, *DECLARE[:1], DECLARE[0] + "date_style: iso\n")]),
    ("empty-title", True, [(T, "    title: Head of the Mayor's Cabinet\n", "    title:\n")]),
]


def _editor_yaml() -> Any:
    """A YAML 1.2 reader that leaves dates as text, as the YAML language server does."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    table = yaml.resolver.versioned_resolver
    for first in list(table):
        table[first] = [(tag, rx) for tag, rx in table[first] if not tag.endswith("timestamp")]
    return yaml


def _schema_verdicts(ws: Path) -> dict[str, bool]:
    import jsonschema

    yaml = _editor_yaml()
    settings = yaml.load((ws / H).read_text(encoding="utf-8"))
    declared = ((settings or {}).get("policy") or {}).get("focus_areas") or ()
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    out = {}
    for path in [ws / H, *sorted((ws / "cases").glob("*.yaml"))]:
        schema = json_schema(path.name == H, declared, all_rules())
        data = yaml.load(path.read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema, format_checker=checker)
        out[path.relative_to(ws).as_posix()] = validator.is_valid(data)
    return out


def _loader_verdicts(ws: Path) -> dict[str, bool]:
    files = [H, *(f"cases/{p.name}" for p in sorted((ws / "cases").glob("*.yaml")))]
    try:
        load_workspace(ws, rule_check=unknown_rule)
    except InputError as exc:
        bad = {problem.path for problem in exc.problems()}
        return {f: f not in bad for f in files}
    return dict.fromkeys(files, True)


@pytest.mark.parametrize(("valid", "edits"), [v[1:] for v in VARIANTS],
                         ids=[v[0] for v in VARIANTS])
def test_schema_and_loader_agree(tmp_path: Path, valid: bool,
                                 edits: list[tuple[str, str, str]]) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES, ws, ignore=shutil.ignore_patterns("output"))
    for file, old, new in edits:
        edit(ws / file, old, new)
    loader, schema = _loader_verdicts(ws), _schema_verdicts(ws)
    assert loader == schema
    assert all(loader.values()) == valid, loader


@pytest.mark.parametrize("root", [FIXTURES, COUNTRIES], ids=["fixtures", "five-countries"])
def test_schema_and_loader_agree_on_realistic_cases(tmp_path: Path, root: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(root, ws, ignore=shutil.ignore_patterns("output"))
    loader, schema = _loader_verdicts(ws), _schema_verdicts(ws)
    assert loader == schema and all(loader.values())


def _properties(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    nodes = [("root", schema), *schema.get("$defs", {}).items()]
    return [(name, key, prop) for name, node in nodes
            for key, prop in node.get("properties", {}).items()]


@pytest.mark.parametrize("settings", [False, True], ids=["case", "settings"])
def test_every_field_is_described_without_internal_notes(settings: bool) -> None:
    schema = json_schema(settings, (), all_rules())
    for name, key, prop in _properties(schema):
        text = prop.get("description", "")
        assert len(text) > 8, f"{name}.{key} has no description"
        assert not any(word in text.lower() for word in
                       ("seed", "loader", "rule_check", "domain.md", "todo", "context",
                        "pydantic", "internal")), f"{name}.{key}: {text}"
    assert all(node.get("description") for node in schema["$defs"].values())
    assert set(DESCRIPTIONS) >= set(schema["$defs"])
