"""The bundled templates in templates/ are exactly what tools/make_templates.py generates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
GENERATOR = ROOT / "tools" / "make_templates.py"
FIX = "run `python tools/make_templates.py` and commit templates/ with the generator change"


def test_generated_templates_equal_the_committed_ones(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"{GENERATOR.name} failed:\n{result.stderr}"
    generated = sorted(path.name for path in tmp_path.iterdir())
    assert generated, f"{GENERATOR.name} wrote nothing"
    assert sorted(result.stdout.splitlines()) == [str(tmp_path / name) for name in generated]

    missing = [name for name in generated if not (TEMPLATES / name).is_file()]
    assert not missing, f"not in templates/: {', '.join(missing)}; {FIX}"
    differ = [
        name
        for name in generated
        if (tmp_path / name).read_bytes() != (TEMPLATES / name).read_bytes()
    ]
    assert not differ, f"templates/ differ from the generator: {', '.join(differ)}; {FIX}"
    orphans = sorted({path.name for path in TEMPLATES.glob("*.docx")} - set(generated))
    assert not orphans, (
        f"templates/ not produced by {GENERATOR.name}: {', '.join(orphans)}; remove the file, or "
        "add its module to tools/doctemplates/ and run `python tools/make_templates.py`"
    )
