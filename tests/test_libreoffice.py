"""Every generated document converts to PDF with LibreOffice, and the PDF holds the names."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import soffice


def test_every_document_converts_to_pdf(workspace: Path, run, tmp_path: Path) -> None:
    binary = soffice()
    if binary is None:
        pytest.skip("LibreOffice is not installed")
    assert run("build", workspace).exit_code == 0
    docs = sorted((workspace / "output").rglob("*.docx"))
    assert len(docs) == 17
    pdf_dir = tmp_path / "pdf"
    for case_dir in sorted({d.parent for d in docs}):
        subprocess.run(
            [binary, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
             "--convert-to", "pdf", "--outdir", str(pdf_dir / case_dir.name),
             *[str(d) for d in docs if d.parent == case_dir]],
            check=True, capture_output=True, timeout=300)
    from pypdf import PdfReader

    for doc in docs:
        pdf = pdf_dir / doc.parent.name / f"{doc.stem}.pdf"
        reader = PdfReader(str(pdf))
        assert len(reader.pages) >= 1
        text = "".join(page.extract_text() for page in reader.pages)
        assert "Milpitas" in text, pdf
        assert doc.parent.name.capitalize() in text, pdf
