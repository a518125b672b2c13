"""Reading and assembling PDFs: docgen's thin layer over pypdf and reportlab.

Every PDF that comes from outside (an attachment, a scan, a filled form) is opened through
`open_pdf`, which caps its size, page count and decompressed streams, refuses encrypted
files, and turns every failure into one line naming the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError
from docgen.files import SpecialFile, read_regular

MAX_BYTES = 64 * 1024 * 1024  # a PDF file
MAX_PAGES = 1000  # pages in one PDF
MAX_STREAM = 32 * 1024 * 1024  # one decompressed stream
FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu")
UI_FONTS = (("NotoSans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
            ("DejaVuSans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))

_DECOMPRESSION = re.compile(r"(?i)decompress|stream|buffer")

logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on stderr about trivia


class PdfError(DocgenError):
    """A PDF that cannot be used: unreadable, encrypted, too large."""


@contextlib.contextmanager
def limits() -> Iterator[None]:
    """pypdf's decompression caps, lowered for files from outside."""
    import pypdf

    apply = getattr(pypdf, "apply_configuration", None)
    if apply is None:  # pypdf < 7: its built-in caps apply
        yield
        return
    caps = {name: MAX_STREAM for name in (
        "zlib_maximum_output_length", "lzw_maximum_output_length",
        "run_length_maximum_output_length", "jbig2_maximum_output_length",
        "array_based_stream_maximum_output_length", "image_maximum_buffer_size",
        "maximum_declared_stream_length")}
    with apply(**caps):
        yield


def open_pdf(path: Path, shown: str | None = None, *, max_pages: int = MAX_PAGES) -> Any:
    """A validated pypdf PdfReader for `path`, or PdfError naming `shown`."""
    shown = shown or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PdfError(f"{shown}: too large ({size // 1_000_000} MB; docgen reads PDFs "
                           f"up to {MAX_BYTES // 1_000_000} MB)")
        data = read_regular(path, MAX_BYTES)  # never a FIFO or a device
    except SpecialFile as exc:
        raise PdfError(f"{shown}: {exc}") from None
    except FileNotFoundError:
        raise PdfError(f"{shown}: not found") from None
    except IsADirectoryError:
        raise PdfError(f"{shown}: is a folder, not a PDF") from None
    except OSError as exc:
        raise PdfError(f"{shown}: cannot be read: {exc.strerror or exc}") from None
    return read_pdf(data, shown, max_pages=max_pages)


def read_pdf(data: bytes, shown: str, *, max_pages: int = MAX_PAGES) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise PdfError(f"{shown}: not a PDF file")
    try:
        with limits():
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise PdfError(f"{shown}: encrypted (password-protected); docgen needs an "
                               "unprotected copy")
            count = len(reader.pages)
            if count == 0:
                raise PdfError(f"{shown}: has no pages")
            if count > max_pages:
                raise PdfError(f"{shown}: has {count} pages; docgen reads at most {max_pages}")
            for page in reader.pages:  # decode every page now, under the caps
                contents = page.get_contents()
                if contents is not None:
                    contents.get_data()
    except PdfError:
        raise
    except LimitReachedError as exc:
        if not _DECOMPRESSION.search(str(exc)):  # a cycle, a recovery limit: not a bomb
            reason = " ".join(str(exc).split())[:120]
            raise PdfError(f"{shown}: not a readable PDF ({reason})") from None
        raise PdfError(f"{shown}: refused: a stream decompresses beyond docgen's limit of "
                       f"{MAX_STREAM // 1_000_000} MB (a decompression bomb?)") from None
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError,
            RecursionError, zlib.error, OverflowError, MemoryError) as exc:
        reason = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise PdfError(f"{shown}: not a readable PDF ({reason})") from None
    return reader


def outline_page(reader: Any, words: str) -> int | None:
    """The page index of the first outline entry whose title contains `words`."""
    stack = list(reader.outline)
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        elif words.lower() in str(item.get("/Title", "")).lower():
            with contextlib.suppress(Exception):
                return int(reader.get_destination_page_number(item))
    return None


@dataclass(frozen=True)
class Part:
    """One attachment: a bookmark title and the PDF, with optional bookmarks inside it."""

    title: str
    reader: Any
    first: int = 0  # the part's pages in `reader`: first to last, 0-based, last excluded
    last: int | None = None
    marks: tuple[tuple[str, int], ...] = ()  # (title, page index in this part)

    @property
    def pages(self) -> int:
        return (len(self.reader.pages) if self.last is None else self.last) - self.first


@dataclass(frozen=True)
class Section:
    """A bookmark holding parts (an agenda item and its attachments); untitled: no bookmark."""

    title: str
    parts: tuple[Part, ...]

    @property
    def pages(self) -> int:
        return sum(p.pages for p in self.parts)


@dataclass
class Link:
    """A clickable area on a cover page, pointing at a page after the cover (1-based)."""

    cover_page: int
    rect: tuple[float, float, float, float]
    target: int


@dataclass
class Cover:
    pdf: bytes
    links: list[Link] = field(default_factory=list)


def assemble(cover: Cover | None, sections: Sequence[Section], *, stamp: bool,
             title: str = "", day: dt.date | None = None) -> bytes:
    """Cover, then every part; bookmarks per section and part; 'Page N of M' after the cover.

    The document information holds `title` and, as creation date, `day` (the meeting's or
    the submission's date), never the time of the run; the file identifier is derived from
    the content, so the same inputs give the same bytes."""
    from pypdf import PdfWriter
    from pypdf.annotations import Link as LinkAnnotation

    writer = PdfWriter()
    cover_pages = 0
    if cover is not None:
        cover_reader = read_pdf(cover.pdf, "cover")
        writer.append(cover_reader, import_outline=False)
        cover_pages = len(cover_reader.pages)
    for section in sections:  # pages first: a bookmark needs its page to exist
        for part in section.parts:
            with limits():
                writer.append(part.reader, pages=(part.first, part.first + part.pages),
                              import_outline=False)
    page = cover_pages
    for section in sections:
        parent = (writer.add_outline_item(title=section.title, page_number=page)
                  if section.title else None)
        for part in section.parts:
            item = writer.add_outline_item(title=part.title, page_number=page, parent=parent)
            for title, index in part.marks:
                writer.add_outline_item(title=title, page_number=page + index, parent=item)
            page += part.pages
    if stamp:
        stamp_pages(writer, cover_pages)
    for link in cover.links if cover else []:
        writer.add_annotation(link.cover_page, LinkAnnotation(
            rect=link.rect, target_page_index=cover_pages + link.target - 1))
    writer.page_mode = "/UseOutlines"
    info = {"/Producer": "pypdf"}
    if title:
        info["/Title"] = title
    if day is not None:
        info["/CreationDate"] = info["/ModDate"] = f"D:{day.strftime('%Y%m%d')}000000Z"
    writer.metadata = None
    writer.add_metadata(info)
    return fixed_identifier(writer)


def fixed_identifier(writer: Any) -> bytes:
    """Write with an /ID that is a digest of the file written without one."""
    import hashlib

    from pypdf.generic import ArrayObject, ByteStringObject

    first = io.BytesIO()
    writer.write(first)
    digest = ByteStringObject(hashlib.md5(first.getvalue(), usedforsecurity=False).digest())
    writer._ID = ArrayObject([digest, digest])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stamp_pages(writer: Any, first: int) -> None:
    """Stamp 'Page N of M' at the foot of every page from index `first` on."""
    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    pages = writer.pages[first:]
    font, _ = ui_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    for number, page in enumerate(pages, start=1):
        page.transfer_rotation_to_content()
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        canvas.setPageSize((width, height))
        canvas.setFont(font, 9)
        canvas.setFillGray(0.25)
        canvas.drawRightString(float(box.left) + width - 36, float(box.bottom) + 20,
                               f"Page {number} of {len(pages)}")
        canvas.showPage()
    canvas.save()
    overlay = PdfReader(io.BytesIO(buffer.getvalue()))
    for page, mark in zip(pages, overlay.pages, strict=True):
        page.merge_page(mark)


def ui_font() -> tuple[str, str]:
    """A registered TTF (regular, bold) covering Latin, Greek and Cyrillic; else Helvetica."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, regular, bold in UI_FONTS:
        if name in pdfmetrics.getRegisteredFontNames():
            return name, f"{name}-Bold"
        for folder in FONT_DIRS:
            path, bold_path = Path(folder) / regular, Path(folder) / bold
            if path.is_file() and bold_path.is_file():
                pdfmetrics.registerFont(TTFont(name, str(path)))
                pdfmetrics.registerFont(TTFont(f"{name}-Bold", str(bold_path)))
                return name, f"{name}-Bold"
    return "Helvetica", "Helvetica-Bold"
