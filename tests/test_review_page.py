"""The review page: statuses, word diffs, redlines, relative links, escaping, a real browser."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import chromium, edit, soffice
from lxml import etree

from docgen.review.compare import PageFinding
from docgen.review.page import ReviewRequest, review

EPOCH = "1789000000"  # 2026-09-10T00:26:40Z
OLD_PLACE, NEW_PLACE = "Milpitas City Hall", "Vientiane Capital Hall"
W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
CHANGE = "<del>Milpitas City</del><ins>Vientiane Capital</ins> Hall, Milpitas, California"


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def changed(workspace: Path, run) -> Path:
    """Built; Peshawar and Vientiane approved (not Tetovo); then Vientiane's signing place
    changed and rebuilt, and a PDF written beside Vientiane's MOU."""
    assert run("build", workspace).exit_code == 0
    assert run("approve", "-w", workspace, "--case", "peshawar", "--case", "vientiane"
               ).exit_code == 0
    edit(workspace / "cases/vientiane.yaml", OLD_PLACE, NEW_PLACE)
    assert run("build", workspace).exit_code == 0
    (workspace / "output/vientiane/mou.pdf").write_bytes(b"%PDF-1.7 stand-in")
    return workspace


def make_page(ws: Path, run) -> str:
    result = run("review", "-w", ws)
    assert result.exit_code == 0, result.output
    return (ws / "output/review/index.html").read_text(encoding="utf-8")


def articles(html: str) -> dict[str, str]:
    """Each document's <article> on the page by its id ("case-vientiane-mou")."""
    found = re.findall(r'<article class="doc [a-z]+" id="([^"]+)">(.*?)</article>', html, re.S)
    return dict(found)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.hrefs += [v for k, v in attrs if k in ("href", "src") and v is not None]


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def file_links(html: str) -> list[str]:
    return [h for h in parse(html).hrefs if not h.startswith("#")]


def test_each_document_shows_its_state(changed: Path, run) -> None:
    page = articles(make_page(changed, run))
    states = {doc: re.search(r'<span class="badge [a-z]+">([^<]+)</span>', body).group(1)
              for doc, body in page.items()}
    assert states == {
        "case-peshawar-research-brief": "approved, unchanged",
        "case-peshawar-resolution": "approved, unchanged",
        "case-tetovo-research-brief": "not yet approved",
        "case-vientiane-research-brief": "approved, unchanged",
        "case-vientiane-resolution": "approved, unchanged",
        "case-peshawar-inquiry-response": "approved, unchanged",
        "case-peshawar-request-form": "approved, unchanged",
        "case-peshawar-tentative-agreement": "approved, unchanged",
        "case-peshawar-mou": "approved, unchanged",
        "case-peshawar-sci-registration": "approved, unchanged",
        "case-tetovo-inquiry-response": "not yet approved",
        "case-tetovo-request-form": "not yet approved",
        "case-vientiane-letter-of-introduction": "approved, unchanged",
        "case-vientiane-request-form": "approved, unchanged",
        "case-vientiane-tentative-agreement": "approved, unchanged",
        "case-vientiane-mou": "changed since approval",
        "case-vientiane-sci-registration": "changed since approval",
    }


def test_changed_signing_place_is_deletion_and_insertion(changed: Path, run) -> None:
    html = make_page(changed, run)
    mou = articles(html)["case-vientiane-mou"]
    assert f"Signed at {CHANGE} on September 12, 2026" in mou
    assert "approved 2026-09-10 00:26 UTC" in mou
    assert "<del>" not in articles(html)["case-peshawar-mou"]
    assert "Changed since approval:" in html
    assert 'href="#case-vientiane-mou"' in html


def test_review_writes_a_redline_with_tracked_changes(changed: Path, run) -> None:
    result = run("review", "-w", changed)
    assert "2 changed since approval, 3 not yet approved, 12 approved and unchanged" in \
        result.stdout
    folder = changed / "output/review/redlines"
    assert sorted(p.name for p in folder.iterdir()) == ["vientiane-mou.docx",
                                                        "vientiane-sci-registration.docx"]
    with zipfile.ZipFile(folder / "vientiane-mou.docx") as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    dels = ["".join(d.itertext()) for d in root.iterfind(".//w:del", W)]
    inss = ["".join(i.itertext()) for i in root.iterfind(".//w:ins", W)]
    assert (dels, inss) == (["Milpitas City"], ["Vientiane Capital"])
    mark = root.find(".//w:del", W)
    assert mark.get(f"{{{W['w']}}}date") == "2026-09-10T00:26:40Z"
    assert mark.get(f"{{{W['w']}}}author") == "docgen"


def test_the_redline_opens_in_libreoffice(changed: Path, run, tmp_path: Path) -> None:
    binary = soffice()
    if binary is None:
        pytest.skip("LibreOffice is not installed")
    make_page(changed, run)
    redline = changed / "output/review/redlines/vientiane-mou.docx"
    subprocess.run([binary, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(redline)],
                   check=True, capture_output=True, timeout=240)
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "vientiane-mou.pdf").pages)
    assert "Milpitas City" in text and "Vientiane Capital" in text  # both, as tracked


def test_links_are_relative_and_reach_their_files(changed: Path, run) -> None:
    html = make_page(changed, run)
    page_dir = changed / "output/review"
    links = file_links(html)
    assert "../vientiane/mou.docx" in links
    assert "../vientiane/mou.pdf" in links  # the one PDF there is
    assert [h for h in links if h.endswith(".pdf")] == ["../vientiane/mou.pdf"]
    assert "redlines/vientiane-mou.docx" in links
    assert "../.approved/vientiane/mou.docx" in links
    for href in links:
        parts = urlsplit(href)
        assert not parts.scheme and not parts.netloc and not href.startswith("/"), href
        assert (page_dir / unquote(parts.path)).resolve().is_file(), href


def test_identical_documents_are_unchanged(workspace: Path, run) -> None:
    assert run("build", workspace).exit_code == 0
    assert run("approve", "-w", workspace).exit_code == 0
    assert run("build", workspace, "--force").exit_code == 0
    result = run("review", "-w", workspace)
    assert "0 changed since approval, 0 not yet approved, 17 approved and unchanged" in \
        result.stdout
    html = (workspace / "output/review/index.html").read_text()
    assert "<del>" not in html and "<ins>" not in html
    assert not (workspace / "output/review/redlines").exists()


def test_redlines_of_documents_approved_again_are_removed(changed: Path, run) -> None:
    make_page(changed, run)
    assert run("approve", "-w", changed, "--case", "vientiane").exit_code == 0
    html = make_page(changed, run)
    assert list((changed / "output/review/redlines").iterdir()) == []
    assert "redlines/" not in html


HOSTILE_CITY = "<script>alert(1)</script>"
HOSTILE_LOCAL = "\"><img src=x onerror=alert(2)>"


@pytest.fixture
def hostile(workspace: Path, run) -> Path:
    case = workspace / "cases/vientiane.yaml"
    edit(case, "city: Vientiane", "city: '<script>alert(1)</script>'")
    edit(case, "local_name: ນະຄອນຫຼວງວຽງຈັນ", "local_name: '\"><img src=x onerror=alert(2)>'")
    assert run("build", workspace).exit_code == 0
    return workspace


def test_data_from_abroad_is_escaped(hostile: Path, run) -> None:
    html = make_page(hostile, run)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<script" not in html and "<img" not in html
    assert parse(html).tags.isdisjoint({"script", "img"})


def test_page_is_self_contained_and_fits_a_phone(changed: Path, run) -> None:
    html = make_page(changed, run)
    parsed = parse(html)
    assert parsed.tags.isdisjoint({"script", "link", "img", "iframe", "object", "embed"})
    assert "<style>" in html and "@media (max-width" in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert not re.search(r"(?:https?:)?//|url\(|@import|@font-face", html)
    local = re.search(r'<span class="local" dir="auto" lang="lo">([^<]+)</span>', html)
    assert local and local.group(1) == "ນະຄອນຫຼວງວຽງຈັນ"


def test_outputs_not_built_or_out_of_date_say_build_first(changed: Path, run) -> None:
    output = changed / "output"
    (output / "tetovo/request-form.docx").unlink()
    edit(changed / "cases/peshawar.yaml", "Peshawar City Hall", "Peshawar Town Hall")
    result = run("review", "-w", changed)
    assert result.exit_code == 0
    assert f"{output}/tetovo/request-form.docx: not built (run docgen build first)" in \
        result.stderr
    assert (f"{output}/peshawar/mou.docx: out of date: agreement.signing_place changed "
            "(run docgen build first)") in result.stderr
    page = articles((output / "review/index.html").read_text())
    assert "not built: run docgen build first" in page["case-tetovo-request-form"]
    assert "../tetovo/request-form.docx" not in page["case-tetovo-request-form"]
    assert "Out of date (agreement.signing_place changed): run docgen build first." in \
        page["case-peshawar-mou"]
    assert not (output / "tetovo/request-form.docx").exists()  # review builds nothing


def test_review_is_deterministic(changed: Path, run) -> None:
    output = changed / "output/review"
    make_page(changed, run)
    first = {p: p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}
    make_page(changed, run)
    assert {p: p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()} == first


def test_findings_come_from_the_source(changed: Path) -> None:
    def findings(ws: object, docs: Mapping[tuple[str, str], Path], as_of: dt.date
                 ) -> list[PageFinding]:
        assert ("vientiane", "mou") in docs and docs[("vientiane", "mou")].is_file()
        assert as_of == dt.date(2026, 9, 10)
        return [PageFinding("vientiane", "mou", "error", "SIG001", "signing place <b>abroad</b>",
                            "vientiane/mou.docx: body ¶37"),
                PageFinding("vientiane", None, "warning", "DAT002", "no evaluation date",
                            "cases/vientiane.yaml:55", waived="agreed by phone")]

    result = review(ReviewRequest(changed, changed / "output", findings))
    html = result.page.read_text()
    mou = articles(html)["case-vientiane-mou"]
    assert "<strong>error</strong> SIG001: signing place &lt;b&gt;abroad&lt;/b&gt;" in mou
    case = html.split('id="case-vientiane"')[1].split("<article")[0]
    assert "DAT002: no evaluation date" in case and "waived: agreed by phone" in case
    assert "No findings in this document." in articles(html)["case-peshawar-mou"]


def test_protocol_checks_and_drafts_are_on_the_page(workspace: Path, run) -> None:
    edit(workspace / "cases/vientiane.yaml", "title: Mayor of Vientiane Capital",
         "title: Deputy Mayor of Vientiane Capital")
    # the build is dated by SOURCE_DATE_EPOCH (2026-09-10), before some steps of the history
    (workspace / "docgen.yaml").write_text((workspace / "docgen.yaml").read_text()
                                           + "rules:\n  TIM009: off\n")
    assert run("build", workspace).exit_code == 1  # built, marked DRAFT
    result = run("review", "-w", workspace)
    assert result.exit_code == 0 and "out of date" not in result.stderr
    html = (workspace / "output/review/index.html").read_text()
    case = html.split('id="case-vientiane"')[1].split("<article")[0]
    assert re.search(r'<li class="error"><strong>error</strong> PAR001: “Deputy Mayor of '
                     r'Vientiane Capital” is a deputy.*cases/vientiane\.yaml:15', case)
    page = articles(html)
    # Vientiane is signed: only the registration, still to send, is marked
    assert all(("DRAFT: not for signature" in body) == doc.endswith("sci-registration")
               and "Out of date" not in body
               for doc, body in page.items() if doc.startswith("case-vientiane-"))
    assert not any("DRAFT" in body for doc, body in page.items()
                   if not doc.startswith("case-vientiane-"))
    assert "No findings on the case data." in html.split('id="case-tetovo"')[1]


BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def browser(binary: str, profile: Path, *args: str) -> str:
    done = subprocess.run([binary, *BROWSER_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def test_a_browser_shows_cases_changes_and_links(changed: Path, run, tmp_path: Path) -> None:
    binary = chromium()
    if binary is None:
        pytest.skip("chromium is not installed")
    make_page(changed, run)
    page = changed / "output/review/index.html"
    dom = browser(binary, tmp_path / "profile", "--dump-dom", page.as_uri())
    for shown in ("Peshawar, Islamic Republic of Pakistan", "Tetovo, Republic of North Macedonia",
                  "Vientiane, Lao People's Democratic Republic", "changed since approval",
                  "not yet approved", "approved, unchanged", CHANGE):
        assert shown in dom, shown
    assert re.search(r'<span class="local" dir="auto" lang="lo">ນະຄອນຫຼວງວຽງຈັນ</span>', dom)
    links = file_links(dom)
    assert {"../vientiane/mou.docx", "../vientiane/mou.pdf",
            "redlines/vientiane-mou.docx"} <= set(links)
    for href in links:
        assert not urlsplit(href).scheme and not href.startswith("/"), href
        assert (page.parent / unquote(href)).resolve().is_file(), href

    shot = tmp_path / "phone.png"
    browser(binary, tmp_path / "profile", "--hide-scrollbars", "--window-size=390,844",
            f"--screenshot={shot}", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(shot.read_bytes()[16:20]), int.from_bytes(
        shot.read_bytes()[20:24])
    assert (width, height) == (390, 844)


def test_a_browser_runs_no_script_from_the_data(hostile: Path, run, tmp_path: Path) -> None:
    binary = chromium()
    if binary is None:
        pytest.skip("chromium is not installed")
    make_page(hostile, run)
    dom = browser(binary, tmp_path / "profile", "--dump-dom",
                  (hostile / "output/review/index.html").as_uri())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;, Lao People's Democratic Republic" in dom
    assert parse(dom).tags.isdisjoint({"script", "img"})
