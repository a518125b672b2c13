"""The fillable Request for a Sister City form: fields, pre-filling, intake, hostile PDFs."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest

from docgen.pdf.form import case_values
from docgen.workspace.load import load_workspace

FILLED = {
    "partner.city": "Vientiane",
    "partner.local_name": "ນະຄອນຫຼວງວຽງຈັນ",
    "partner.country": "Lao People's Democratic Republic",
    "partner.population": "783,000",
    "partner.languages": "lo, en",
    "partner.geography": "river\r\nmountains",  # viewers write \r between lines
    "partner.institutions.cultural": "Lao National Museum\nThat Luang Stupa",
    "partner.address": "Вул. Илинденска бб\r1200 Тетово",
    "partner.leader.name": "Khamphanh Sengdara",
    "partner.leader.title": "Mayor of Vientiane Capital",
    "partner.leader.form_of_address": "His Excellency",
    "partner.contacts.0.name": "佐藤 花子",
    "partner.contacts.0.title": "国際課",
    "partner.contacts.0.email": "sato@example.jp",
    "partner.contacts.1.name": "عائشہ گل",
    "partner.contacts.1.title": "ڈائریکٹر، میئر سیکرٹریٹ",
    "agreement.type": "friendship-city",
    "focus_areas": "educational\neconomic",
    "interest": "Два университета — two universities; 二つの大学.",
    "origin": "inquiry",
    "inquiry.received": "2026-10-02",
    "inquiry.channel": "email",
    "inquiry.from.name": "Elira Selimi",
}


def fill(blank: Path, values: dict[str, str], dest: Path) -> Path:
    """Fill a form the way another PDF program would: pypdf's own form filling."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(blank)))
    writer.update_page_form_field_values(None, values, auto_regenerate=False)
    writer.write(str(dest))
    return dest


def fields_of(pdf: Path) -> dict[str, str]:
    from pypdf import PdfReader

    found = PdfReader(str(pdf)).get_fields() or {}
    return {name: str(f["/V"]) for name, f in found.items() if f.get("/V")}


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from docgen.cli.main import main

    path = tmp_path_factory.mktemp("form") / "blank.pdf"
    result = CliRunner().invoke(main, ["form", "--blank", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_blank_form_has_fields_named_by_key_path(blank: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(blank))
    names = set(reader.get_fields() or {})
    for name in ("partner.city", "partner.local_name", "partner.contacts.0.name",
                 "partner.contacts.1.email", "partner.leader.title", "agreement.type",
                 "inquiry.from.name", "partner.institutions.academic"):
        assert name in names
    assert fields_of(blank) == {}
    assert 2 <= len(reader.pages) <= 4
    assert "Request for a Sister City or Friendship City" in reader.pages[0].extract_text()
    # docgen draws the fields itself (embedded fonts): viewers need not redraw them
    assert not reader.trailer["/Root"]["/AcroForm"].get("/NeedAppearances", False)


@pytest.mark.parametrize("case", ["vientiane", "peshawar", "tetovo"])
def test_prefilled_form_round_trips_the_case(workspace: Path, run, tmp_path: Path,
                                             case: str) -> None:
    form = tmp_path / "form.pdf"
    assert run("form", case, "-w", workspace, "-o", form).exit_code == 0
    original = load_workspace(workspace).case(case)
    assert original is not None
    assert fields_of(form) == case_values(original.case)
    new = workspace / "cases/again.yaml"
    result = run("intake", form, "-o", new)
    assert result.exit_code == 0, result.output
    again = load_workspace(workspace).case("again")
    assert again is not None
    assert case_values(again.case) == case_values(original.case)
    assert again.case.partner == original.case.partner


def test_filled_form_round_trips_every_script(workspace: Path, run, blank: Path,
                                              tmp_path: Path) -> None:
    filled = fill(blank, FILLED, tmp_path / "filled.pdf")
    printed = run("intake", filled)
    assert printed.exit_code == 0, printed.output
    (workspace / "cases/new.yaml").write_text(printed.stdout, encoding="utf-8")
    case = load_workspace(workspace).case("new")
    assert case is not None
    c = case.case
    assert c.partner.local_name == "ນະຄອນຫຼວງວຽງຈັນ"
    assert c.partner.population == 783000
    assert c.partner.languages == ["lo", "en"]
    assert c.partner.geography == ["river", "mountains"]
    assert c.partner.address == ["Вул. Илинденска бб", "1200 Тетово"]
    assert c.partner.institutions == {"cultural": ["Lao National Museum", "That Luang Stupa"]}
    assert [(x.role, x.name, x.title) for x in c.partner.contacts] == [
        ("leader_office", "佐藤 花子", "国際課"),
        ("volunteer", "عائشہ گل", "ڈائریکٹر، میئر سیکرٹریٹ")]
    assert c.interest == FILLED["interest"]
    assert c.agreement.type == "friendship-city"
    assert c.inquiry is not None and c.inquiry.from_ is not None
    assert (c.origin, str(c.inquiry.received), c.inquiry.from_.name) == (
        "inquiry", "2026-10-02", "Elira Selimi")


def test_intake_reports_bad_values_by_field(run, blank: Path, tmp_path: Path) -> None:
    filled = fill(blank, {"partner.city": "X", "partner.population": "many",
                          "inquiry.received": "02/10/2026"}, tmp_path / "bad.pdf")
    result = run("intake", filled)
    assert result.exit_code == 1
    assert f"{filled}: partner.population: 'many' is not a whole number" in result.stderr
    assert "inquiry.received: '02/10/2026' is not a date" in result.stderr
    assert "Traceback" not in result.output


def test_intake_never_overwrites(run, blank: Path, tmp_path: Path) -> None:
    existing = tmp_path / "case.yaml"
    existing.write_text("keep")
    result = run("intake", fill(blank, FILLED, tmp_path / "f.pdf"), "-o", existing)
    assert result.exit_code == 1
    assert existing.read_text() == "keep"


def pdf_with_stream(data: bytes, filters: str = "/FlateDecode") -> bytes:
    """A one-page PDF whose content stream is `data`, declared with `filters`."""
    body = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter %s >>\nstream\n" % (len(data), filters.encode())
            + data + b"\nendstream"]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, obj in enumerate(body, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(body) + 1, xref))
    return out.getvalue()


def encrypted(blank: Path) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(blank)))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


HOSTILE = {
    "truncated": (lambda blank: blank.read_bytes()[:1500], "not a readable PDF"),
    "not a pdf": (lambda blank: b"partner:\n  city: X\n", "not a PDF file"),
    "empty": (lambda blank: b"", "not a PDF file"),
    "encrypted": (encrypted, "encrypted (password-protected)"),
    "bomb": (lambda blank: pdf_with_stream(zlib.compress(b"\0" * 200_000_000, 9)),
             "decompression bomb"),
    "no form": (lambda blank: pdf_with_stream(zlib.compress(b"BT ET")),
                "not a Request for a Sister City form"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_pdfs_get_one_line(run, blank: Path, tmp_path: Path, kind: str) -> None:
    make, message = HOSTILE[kind]
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(make(blank))
    result = run("intake", bad)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{bad}: ") and message in lines[0]
    assert result.stdout == ""


def test_form_needs_a_case_or_blank(run, tmp_path: Path) -> None:
    result = run("form", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert "give either a CASE or --blank" in result.stderr
