"""A redline: the new DOCX with Word tracked changes showing what changed since the old one.

Stages: read both packages; for the main document and each header and footer (matched by
part name) align the paragraphs and tables; mark changes in the new XML (`revisions`); write
the package deterministically and atomically. Tables are matched in sequence; rows are paired
by position when both tables have as many rows, else by content; cells by position. Rows whose
cell counts differ are compared paragraph by paragraph across their cells, in order.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime, timezone
from pathlib import Path

from docgen.docx.ooxml import (
    TBL,
    TC,
    Element,
    Revision,
    cells,
    live_blocks,
    make,
    paragraph_text,
    row_text,
    rows,
    w,
)
from docgen.docx.package import Package, read_package, serialize, write_package
from docgen.review.diff import Step, align
from docgen.review.revisions import RedlineStats, Tracker

__all__ = ["RedlineStats", "revision_date", "write_redline"]

_TABLE_KEY = "\x00table"  # tables align with tables; their content is compared row by row
_W_ID = re.compile(rb'\bw:id="(-?\d+)"')


def write_redline(old: Path, new: Path, out: Path, *, date: datetime,
                  author: str = "docgen") -> RedlineStats:
    """Write `out`: the `new` document with tracked changes against `old`, by `author` at `date`.

    The same inputs give the same bytes. Raises DocxReadError for an unreadable input and
    OutputError when `out` cannot be written.
    """
    before, after = read_package(old), read_package(new)
    ids = itertools.count(_max_revision_id(after) + 1)
    tracker = Tracker(Revision(author, revision_date(date), ids))
    old_stories = {story.label: story for story in before.stories()}
    entries = dict(after.entries)
    for story in after.stories():
        marked = tracker.stats.total
        old_story = old_stories.get(story.label)
        old_blocks = live_blocks(_content(old_story.root)) if old_story else []
        _redline_blocks(old_blocks, _content(story.root), tracker)
        if tracker.stats.total != marked:
            _end_cells_with_paragraphs(story.root)
            entries[story.name] = serialize(story.root)
    write_package(entries, out)
    return tracker.stats


def revision_date(date: datetime) -> str:
    """w:date text: ISO 8601 in UTC to the second; a naive datetime is taken as UTC."""
    if date.tzinfo is not None:
        date = date.astimezone(timezone.utc)
    return date.strftime("%Y-%m-%dT%H:%M:%SZ")


def _content(root: Element) -> Element:
    body = root.find(w("body"))
    return body if body is not None else root


def _redline_blocks(old_blocks: list[Element], container: Element, tracker: Tracker,
                    new_blocks: list[Element] | None = None) -> None:
    """Mark the differences between old blocks and the new blocks of `container`."""
    news = live_blocks(container) if new_blocks is None else new_blocks
    steps = align([_key(b) for b in old_blocks], [_key(b) for b in news])
    anchor: Element | None = None  # the last block placed so far, new or deleted
    for step in steps:
        old_b = old_blocks[step.old] if step.old is not None else None
        new_b = news[step.new] if step.new is not None else None
        if old_b is not None and new_b is not None and old_b.tag == new_b.tag:
            _redline_pair(step, old_b, new_b, tracker)
            anchor = new_b
            continue
        if old_b is not None:
            deleted = tracker.delete_block(old_b)
            _place(deleted, anchor, news, container)
            anchor = deleted
        if new_b is not None:
            tracker.insert_block(new_b)
            anchor = new_b


def _redline_pair(step: Step, old_b: Element, new_b: Element, tracker: Tracker) -> None:
    if new_b.tag == TBL:
        _redline_table(old_b, new_b, tracker)
    elif step.kind == "replace":
        tracker.change_paragraph(old_b, new_b)


def _key(block: Element) -> str:
    return _TABLE_KEY if block.tag == TBL else paragraph_text(block)


def _redline_table(old_tbl: Element, new_tbl: Element, tracker: Tracker) -> None:
    old_rows, new_rows = rows(old_tbl), rows(new_tbl)
    if len(old_rows) == len(new_rows):
        steps = [Step("replace", k, k) for k in range(len(new_rows))]
    else:
        steps = align([row_text(r) for r in old_rows], [row_text(r) for r in new_rows])
    anchor: Element | None = None
    for step in steps:
        if step.old is not None and step.new is not None:
            _redline_row(old_rows[step.old], new_rows[step.new], tracker)
            anchor = new_rows[step.new]
        elif step.old is not None:
            deleted = tracker.delete_row(old_rows[step.old])
            _place(deleted, anchor, new_rows, new_tbl)
            anchor = deleted
        elif step.new is not None:
            tracker.insert_row(new_rows[step.new])
            anchor = new_rows[step.new]


def _redline_row(old_row: Element, new_row: Element, tracker: Tracker) -> None:
    if row_text(old_row) == row_text(new_row):
        return
    old_cells, new_cells = cells(old_row), cells(new_row)
    if len(old_cells) == len(new_cells):
        for old_cell, new_cell in zip(old_cells, new_cells, strict=True):
            _redline_blocks(live_blocks(old_cell), new_cell, tracker)
        return
    # The row's shape changed: compare its paragraphs in reading order across the cells.
    old_flat = [b for c in old_cells for b in live_blocks(c)]
    new_flat = [b for c in new_cells for b in live_blocks(c)]
    _redline_blocks(old_flat, new_cells[0] if new_cells else new_row, tracker, new_flat)


def _place(deleted: Element, anchor: Element | None, news: list[Element],
           container: Element) -> None:
    """Put a deleted block after the last placed one, or before the first new one."""
    if anchor is not None:
        anchor.addnext(deleted)
    elif news:
        news[0].addprevious(deleted)
    else:
        section = container.find(w("sectPr"))
        if section is not None:
            section.addprevious(deleted)
        else:
            container.append(deleted)


def _end_cells_with_paragraphs(root: Element) -> None:
    """Word requires every cell to end with a paragraph (a deleted table may end one)."""
    for cell in root.iter(TC):
        if len(cell) and cell[-1].tag == TBL:
            cell.append(make(w("p")))


def _max_revision_id(package: Package) -> int:
    """The largest w:id in the package's Word parts, so that new ids are unique."""
    found = [0]
    for name, data in package.entries.items():
        if name.startswith("word/") and name.endswith(".xml"):
            found += [int(m) for m in _W_ID.findall(data)]
    return max(found)
