"""The package's shape: stages as sub-packages, imports that only point down, small modules.

The import graph is read from the source (every `import` and `from ... import`, at module
level and inside functions, TYPE_CHECKING blocks included), so a lazy import that goes up a
layer is caught as surely as a top-level one.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "docgen"

# Each stage may import its own modules and the stages of a lower layer, never a higher one
# or a sibling of the same layer.
LAYERS: dict[str, int] = {
    "docgen": 0, "docgen.errors": 0,  # the version, and the one vocabulary of failures
    "docgen.clock": 1, "docgen.files": 1,  # SOURCE_DATE_EPOCH; atomic writes
    "docgen.workspace": 2, "docgen.docx": 2,
    "docgen.render": 3,
    "docgen.checks": 4,
    "docgen.build": 5,
    "docgen.pdf": 6, "docgen.review": 6,
    "docgen.cli": 7, "docgen.__main__": 8,
}
MOST_LINES = 400
# The one import up the layers: the package's face hands out the public DocxTemplate, lazily
# (a module __getattr__), so `import docgen` stays light.
PUBLIC_FACE = {("docgen", "docgen.render.api")}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(mods: dict[str, Path]) -> list[Edge]:
    """Every import of a docgen module by a docgen module, resolved to the module imported."""

    def resolve(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    edges: list[Edge] = []
    for mod, path in mods.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, *([node.module] if node.module else [])])
                names = [base] + [f"{base}.{a.name}" for a in node.names]
            for name in names:
                target = resolve(name) if name.split(".")[0] == "docgen" else None
                if target and target != mod:
                    edges.append(Edge(mod, target, node.lineno))
    return list(dict.fromkeys(edges))


def circles(mods: dict[str, Path], edges: list[Edge]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for e in edges:
        graph[e.source].add(e.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def stage(module: str) -> str:
    """The stage a module belongs to: its sub-package, or itself for a top-level module."""
    parts = module.split(".")
    return ".".join(parts[:2])


def test_no_import_circle() -> None:
    mods = modules()
    found = circles(mods, imports(mods))
    assert not found, "import circles: " + "; ".join(" <-> ".join(c) for c in found)


def upward(mods: dict[str, Path], edges: list[Edge]) -> list[str]:
    """Imports of a stage of the same or a higher layer, one line each."""
    wrong = []
    for e in edges:
        src, dst = stage(e.source), stage(e.target)
        if (e.source, e.target) in PUBLIC_FACE:
            continue
        if src != dst and dst != "docgen" and LAYERS[dst] >= LAYERS[src]:
            where = mods[e.source].relative_to(mods["docgen"].parent.parent)
            wrong.append(f"{where}:{e.line}: {e.source} imports {e.target} "
                         f"(layer {LAYERS[src]} -> {LAYERS[dst]})")
    return wrong


def test_imports_point_down_the_layers() -> None:
    mods = modules()
    wrong = upward(mods, imports(mods))
    assert not wrong, "\n".join(wrong)


def test_every_stage_has_a_layer() -> None:
    assert {stage(m) for m in modules()} <= set(LAYERS)


def test_package_faces_are_empty() -> None:
    """A sub-package's __init__ holds its docstring only: importing a stage costs nothing."""
    for path in PACKAGE.glob("*/__init__.py"):
        body = ast.parse(path.read_text(encoding="utf-8")).body
        assert len(body) == 1 and isinstance(body[0], ast.Expr), path


def test_the_top_level_shows_the_stages() -> None:
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    files = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert folders == ["build", "checks", "cli", "docx", "pdf", "render", "review", "workspace"]
    assert len(files) <= 5, files


def test_modules_stay_small() -> None:
    long = {str(p.relative_to(PACKAGE.parent)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MOST_LINES}
    assert not long, f"modules over {MOST_LINES} lines, worth splitting: {long}"


def test_every_loader_call_vets_rule_ids() -> None:
    """Rule ids in `rules:` and `waivers:` are the checks' vocabulary, a layer above the
    loader: every caller above the workspace hands the loader the checks' rule_check."""
    missing = []
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name == "workspace":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "load_workspace"
                    and "rule_check" not in {k.arg for k in node.keywords}):
                missing.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert not missing, "load_workspace without rule_check: " + ", ".join(missing)


# The detectors themselves: a test that cannot fail is a defect.

def _package(tmp_path: Path, files: dict[str, str]) -> dict[str, Path]:
    for name, text in files.items():
        path = tmp_path / "docgen" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return modules(tmp_path / "docgen")


@pytest.mark.parametrize("lazy", [False, True])
def test_a_circle_is_found_at_module_or_function_level(tmp_path: Path, lazy: bool) -> None:
    back = ("def f():\n    from docgen.build.run import x\n" if lazy
            else "from docgen.build.run import x\n")
    mods = _package(tmp_path, {
        "__init__.py": "", "build/__init__.py": "", "checks/__init__.py": "",
        "build/run.py": "from docgen.checks.stage import y\nx = 1\n",
        "checks/stage.py": back + "y = 2\n",
    })
    assert circles(mods, imports(mods)) == [["docgen.build.run", "docgen.checks.stage"]]


def test_relative_imports_are_resolved(tmp_path: Path) -> None:
    mods = _package(tmp_path, {
        "__init__.py": "", "review/__init__.py": "",
        "review/page.py": "from .compare import Case\n",
        "review/compare.py": "from . import page\nCase = 1\n",
    })
    assert circles(mods, imports(mods)) == [["docgen.review.compare", "docgen.review.page"]]


def test_an_import_up_a_layer_is_found(tmp_path: Path) -> None:
    mods = _package(tmp_path, {
        "__init__.py": "", "workspace/__init__.py": "", "checks/__init__.py": "",
        "workspace/model.py": "def f():\n    from docgen.checks.catalog import all_rules\n",
        "checks/catalog.py": "from docgen.workspace.model import f\n",
    })
    assert upward(mods, imports(mods)) == [
        "docgen/workspace/model.py:2: docgen.workspace.model imports docgen.checks.catalog "
        "(layer 2 -> 4)"]
