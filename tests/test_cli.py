"""The other commands: list, context, init, schema, and exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from docgen.cli.options import KINDS
from docgen.workspace.lifecycle import KIND_IDS


def test_cli_kinds_match_the_lifecycle() -> None:
    assert KINDS == KIND_IDS


def test_list_shows_step_and_due_documents(workspace: Path, run) -> None:
    result = run("list", workspace)
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert rows[1] == ["tetovo", "Tetovo, Republic of North Macedonia", "inquiry answered",
                       "research-brief, inquiry-response, request-form"]
    assert rows[2][2] == "signed"


def test_context_prints_template_and_context(workspace: Path, run) -> None:
    result = run("context", "vientiane", "mou", "-w", workspace, "--json")
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["template"].endswith("mou.docx")
    assert payload["context"]["partner"]["local_name"] == "ນະຄອນຫຼວງວຽງຈັນ"
    assert payload["context"]["partner"]["leader"]["salutation"] == "Excellency:"
    assert payload["context"]["agreement"]["type_label"] == "Sister City"


def test_context_of_unknown_case(workspace: Path, run) -> None:
    result = run("context", "nowhere", "mou", "-w", workspace)
    assert result.exit_code == 1
    assert "cases/nowhere.yaml: no such case" in result.stderr


def test_init_makes_a_workspace_that_builds(tmp_path: Path, run) -> None:
    ws = tmp_path / "new"
    assert run("init", ws).exit_code == 0
    assert "# " in (ws / "docgen.yaml").read_text()  # commented
    result = run("build", ws)
    assert result.exit_code == 0, result.output
    assert (ws / "output/example/letter-of-introduction.docx").is_file()
    again = run("init", ws)
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_schema_is_json_schema_of_a_case(run) -> None:
    result = run("schema")
    schema = json.loads(result.output)
    assert schema["title"] == "docgen case file"
    assert {"partner", "origin", "history", "agreement"} <= set(schema["properties"])
    assert "inquiry" in schema["properties"]
    settings = json.loads(run("schema", "--settings").output)
    assert "home" in settings["properties"]


def test_usage_errors_exit_2(run) -> None:
    assert run("build", ".", "--doc", "novel").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_help_imports_no_heavy_library() -> None:
    code = ("import sys; from docgen.cli.main import main\n"
            "try: main(['--help'])\nexcept SystemExit: pass\n"
            "heavy = [m for m in ('docx', 'docxtpl', 'pypdf', 'lxml', 'pydantic', 'jinja2')"
            " if m in sys.modules]\nprint('HEAVY:' + ','.join(heavy), file=sys.stderr)")
    err = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stderr
    assert "HEAVY:\n" in err


def test_ci_runs_the_readme_test_command() -> None:
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci/run").read_text()
    command = "python -m pip install -e '.[test]' && python -m pytest"
    assert f"```sh\n{command}\n```" in readme
    assert ci.rstrip().endswith(command)


def test_file_system_refusals_are_one_line(workspace: Path, run) -> None:
    out = workspace / "out"
    out.mkdir()
    (out / ".docgen").write_text("in the way")
    result = run("build", workspace, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{out / '.docgen'}: File exists"
