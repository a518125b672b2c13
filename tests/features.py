"""One small template per docxtpl feature, with the context that exercises it.

Each `Feature` writes its template with python-docx (`make`) and builds its context for a
given DocxTemplate object (`context`): docxtpl's InlineImage, RichText hyperlinks and
sub-documents belong to the template they are made for, so plain docxtpl and docgen each get
their own. `prepare` runs calls such as replace_pic before rendering.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docxmaker import add_footnotes, table


def png(path: Path, size: tuple[int, int], color: str) -> Path:
    from PIL import Image

    Image.new("RGB", size, color).save(path, "PNG")
    return path


def jpeg(path: Path, size: tuple[int, int], color: str) -> Path:
    from PIL import Image

    Image.new("RGB", size, color).save(path, "JPEG", quality=90)
    return path


@dataclass(frozen=True)
class Feature:
    make: Callable[[Path], Path]  # folder -> template
    context: Callable[[Any, Path], dict[str, Any]]  # (tpl, folder) -> context
    prepare: Callable[[Any, Path], None] = lambda _tpl, _folder: None
    autoescape: bool = False
    notes: list[str] = field(default_factory=list)


def _doc(*paragraphs: str) -> Any:
    from docx import Document

    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    return doc


def _save(doc: Any, path: Path) -> Path:
    doc.save(str(path))
    return path


# -- the templates ---------------------------------------------------------------------

def _images_body(folder: Path) -> Path:
    return _save(_doc("Seal: {{ seal }} and logo {{ logo }}.", "{%p for p in pictures %}",
                      "{{ p }}", "{%p endfor %}", "Linked: {{ linked }}"), folder / "t.docx")


def _images_header(folder: Path) -> Path:
    doc = _doc("Body {{ title }}")
    section = doc.sections[0]
    section.header.paragraphs[0].text = "Head {{ logo }}"
    section.footer.paragraphs[0].text = "Foot {{ mark }}"
    return _save(doc, folder / "t.docx")


def _two_headers(folder: Path) -> Path:
    doc = _doc("First page", "{{ body_pic }}")
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = "Default {{ logo }}"
    section.first_page_header.paragraphs[0].text = "First {{ logo2 }}"
    doc.add_page_break()
    doc.add_paragraph("Second page")
    return _save(doc, folder / "t.docx")


def _hyperlinks(folder: Path) -> Path:
    doc = _doc("See {{r link }} for more.", "{{p para }}", "In the header too.")
    doc.sections[0].header.paragraphs[0].text = "{{r head_link }}"
    return _save(doc, folder / "t.docx")


def _listing(folder: Path) -> Path:
    return _save(_doc("Lines: {{ lines }}", "Plain: {{ text }}"), folder / "t.docx")


def _subdoc_built(folder: Path) -> Path:
    return _save(_doc("Before", "{{p sub }}", "After"), folder / "t.docx")


def _subdoc_merged(folder: Path) -> Path:
    from docx.shared import Mm

    sub = _doc("Clause library: {{ not_rendered }}")
    sub.add_paragraph("Quoted clause", style="Intense Quote")
    sub.add_paragraph("First item", style="List Number")
    sub.add_paragraph("Second item", style="List Number")
    sub.add_picture(str(jpeg(folder / "clause.jpg", (40, 30), "teal")), width=Mm(15))
    _save(sub, folder / "clauses.docx")
    return _save(_doc("Agreement", "{{p clauses }}", "Signed"), folder / "t.docx")


def _with_picture(folder: Path, name: str) -> Any:
    from docx.shared import Mm

    doc = _doc("Letterhead below")
    doc.add_picture(str(png(folder / name, (30, 30), "gray")), width=Mm(20))
    doc.sections[0].header.paragraphs[0].text = "{{ city }}"
    return doc


def _replace_pic(folder: Path) -> Path:
    return _save(_with_picture(folder, "placeholder.png"), folder / "t.docx")


def _replace_media(folder: Path) -> Path:
    return _save(_with_picture(folder, "dummy.png"), folder / "t.docx")


def _columns(folder: Path) -> Path:
    doc = _doc("Columns")
    table(doc, [["Area", "{%tc for c in cols %}", "{{ c }}", "{%tc endfor %}"],
                ["Count", "{%tc for c in cols %}", "{{ loop.index }}", "{%tc endfor %}"]])
    return _save(doc, folder / "t.docx")


def _rows(folder: Path) -> Path:
    doc = _doc("Rows")
    table(doc, [["Name", "Role"], ["{%tr for p in people %}", ""],
                ["{{ p.name }}", "{{ p.role }}"], ["{%tr endfor %}", ""]])
    return _save(doc, folder / "t.docx")


def _merges(folder: Path) -> Path:
    doc = _doc("Merges")
    table(doc, [["{%tr for g in groups %}", "", ""],
                ["{% vm %}{{ group }}", "{{ g }}", "x"],
                ["{%tr endfor %}", "", ""]])
    doc.add_paragraph("")
    table(doc, [["{%tc for c in cols %}", "{% hm %}Merged title", "{%tc endfor %}"],
                ["{%tc for c in cols %}", "{{ c }}", "{%tc endfor %}"]])
    doc.add_paragraph("")
    table(doc, [["{% colspan span %}Wide", "b", "c"], ["1", "2", "3"]])
    return _save(doc, folder / "t.docx")


def _cell_colours(folder: Path) -> Path:
    doc = _doc("Colours")
    table(doc, [["{%tr for c in colours %}", ""],
                ["{% cellbg c %}{{ c }}", "plain"],
                ["{%tr endfor %}", ""]])
    return _save(doc, folder / "t.docx")


def _footnotes(folder: Path) -> Path:
    path = _save(_doc("Body of {{ city }}"), folder / "t.docx")
    return add_footnotes(path, "A note on {{ city }} & {{ other }}")


def _core_properties(folder: Path) -> Path:
    doc = _doc("Body {{ city }}")
    core = doc.core_properties
    core.title, core.author = "MOU {{ city }}", "{{ clerk }}"
    core.subject, core.comments = "Partnership with {{ other }}", "Draft for {{ clerk }}"
    core.language, core.identifier = "en", "{{ ref }}"
    return _save(doc, folder / "t.docx")


def _whitespace(folder: Path) -> Path:
    return _save(_doc("Items:", "{%- for i in items -%}", " {{ i }}", "{%- endfor -%}",
                      "done. {# a comment #}", "{#p a paragraph comment #}", "Last."),
                 folder / "t.docx")


def _escapes(folder: Path) -> Path:
    return _save(_doc("Literal {_{ city }_} and {_% if %_}", "Data: {{ nasty }}",
                      "Quotes: {{ “city” if true }}"), folder / "t.docx")


# -- the contexts ----------------------------------------------------------------------

def _image(tpl: Any, path: Path, mm: float, **kw: Any) -> Any:
    from docx.shared import Mm
    from docxtpl import InlineImage

    return InlineImage(tpl, str(path), width=Mm(mm), **kw)


def _images_body_context(tpl: Any, folder: Path) -> dict[str, Any]:
    return {"seal": _image(tpl, png(folder / "seal.png", (50, 50), "red"), 20),
            "logo": _image(tpl, jpeg(folder / "logo.jpg", (80, 40), "blue"), 30),
            "pictures": [_image(tpl, png(folder / f"p{n}.png", (20, 20 + n), "green"), 10)
                         for n in range(3)],
            "linked": _image(tpl, png(folder / "l.png", (10, 10), "black"), 8,
                             anchor="https://example.org/seal")}


def _images_header_context(tpl: Any, folder: Path) -> dict[str, Any]:
    return {"title": "T", "logo": _image(tpl, png(folder / "h.png", (60, 20), "navy"), 25),
            "mark": _image(tpl, jpeg(folder / "f.jpg", (20, 20), "olive"), 8)}


def _two_headers_context(tpl: Any, folder: Path) -> dict[str, Any]:
    return {"logo": _image(tpl, png(folder / "a.png", (30, 20), "navy"), 20),
            "logo2": _image(tpl, png(folder / "b.png", (30, 20), "maroon"), 20),
            "body_pic": _image(tpl, png(folder / "c.png", (30, 20), "purple"), 20)}


def _hyperlinks_context(tpl: Any, _folder: Path) -> dict[str, Any]:
    from docxtpl import RichText, RichTextParagraph

    link = RichText("the commission's page", url_id=tpl.build_url_id(
        "https://example.org/commission?a=1&b=2"), color="0000FF", underline=True)
    link.add(" (and ", italic=True)
    link.add("Sister Cities International", url_id=tpl.build_url_id("https://sister-cities.org"))
    link.add(")")
    para = RichTextParagraph()
    para.add(RichText("A rich paragraph", bold=True), parastyle="Heading 2")
    return {"link": link, "para": para,
            "head_link": RichText("home", url_id=tpl.build_url_id("https://example.org"))}


def _listing_context(_tpl: Any, _folder: Path) -> dict[str, Any]:
    from docxtpl import Listing

    return {"lines": Listing("one\ntwo\tthree & <four>\afive"), "text": "a\nb"}


def _subdoc_built_context(tpl: Any, folder: Path) -> dict[str, Any]:
    from docx.shared import Mm

    sub = tpl.new_subdoc()
    sub.add_paragraph("A built sub-document", style="Heading 1")
    sub.add_paragraph("with a styled quote", style="Intense Quote")
    sub.add_picture(str(png(folder / "sub.png", (40, 40), "orange")), width=Mm(12))
    grid = sub.add_table(rows=2, cols=2)
    grid.style = "Light Grid Accent 1"
    grid.cell(0, 0).text = "cell"
    return {"sub": sub}


def _subdoc_merged_context(tpl: Any, folder: Path) -> dict[str, Any]:
    return {"clauses": tpl.new_subdoc(str(folder / "clauses.docx"))}


def _replace_pic_prepare(tpl: Any, folder: Path) -> None:
    tpl.replace_pic("placeholder.png", str(png(folder / "city-logo.png", (30, 30), "gold")))


def _replace_media_prepare(tpl: Any, folder: Path) -> None:
    tpl.replace_media(str(folder / "dummy.png"), str(png(folder / "new.png", (30, 30), "pink")))


FEATURES: dict[str, Feature] = {
    "inline images in the body": Feature(_images_body, _images_body_context),
    "inline images in header and footer": Feature(_images_header, _images_header_context),
    "hyperlinks (RichText, RichTextParagraph)": Feature(_hyperlinks, _hyperlinks_context),
    "listing": Feature(_listing, _listing_context),
    "sub-document built in code": Feature(_subdoc_built, _subdoc_built_context),
    "merged .docx sub-document": Feature(_subdoc_merged, _subdoc_merged_context),
    "replace_pic": Feature(_replace_pic, lambda _t, _f: {"city": "Milpitas"},
                           _replace_pic_prepare),
    "replace_media": Feature(_replace_media, lambda _t, _f: {"city": "Milpitas"},
                             _replace_media_prepare),
    "table-column loops": Feature(_columns, lambda _t, _f: {"cols": ["a", "b", "c", "d"]}),
    "table-row loops": Feature(_rows, lambda _t, _f: {
        "people": [{"name": "Ana", "role": "Chair"}, {"name": "Bo", "role": "Clerk"}]}),
    "merges (vm, hm, colspan)": Feature(_merges, lambda _t, _f: {
        "groups": ["x", "y", "z"], "group": "G", "cols": [1, 2, 3], "span": 2}),
    "cell colours": Feature(_cell_colours, lambda _t, _f: {"colours": ["FF0000", "00FF00"]}),
    "footnotes": Feature(_footnotes, lambda _t, _f: {"city": "Tetovo", "other": "Milpitas"}),
    "core properties": Feature(_core_properties, lambda _t, _f: {
        "city": "Tetovo", "clerk": "Ana Ruiz", "other": "Milpitas", "ref": "MOU-7"}),
    "{%- -%} and comments": Feature(_whitespace, lambda _t, _f: {"items": ["a", "b"]}),
    "escapes": Feature(_escapes, lambda _t, _f: {"city": "X", "nasty": "A & B <c> \"d\""},
                       autoescape=True),
    "two headers with pictures": Feature(_two_headers, _two_headers_context),
}


def render(cls: type, feature: Feature, template: Path, folder: Path) -> bytes:
    """`feature` rendered by DocxTemplate class `cls` (docxtpl's or docgen's), saved."""
    tpl = cls(str(template))
    feature.prepare(tpl, folder)
    tpl.render(feature.context(tpl, folder), autoescape=feature.autoescape)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()
