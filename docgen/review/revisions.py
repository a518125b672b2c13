"""Mark WordprocessingML content as tracked changes (w:ins, w:del), editing the new XML in place.

Inserted text keeps the new document's runs, wrapped in w:ins. Text only the old document had
is copied in as w:del runs carrying the formatting (w:rPr) of the old run it came from. Each
change gets its own w:id and the tracker's author and date.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from lxml import etree

from docgen.docx.ooxml import (
    DEL,
    DEL_TEXT,
    INS,
    MC_NS,
    MOVE_FROM,
    MOVE_TO,
    PPR,
    RPR,
    TBL,
    TR,
    XML_SPACE,
    Element,
    Revision,
    T,
    cells,
    live_blocks,
    make,
    paragraph_text,
    rows,
    run_char,
    run_text,
    text_runs,
    w,
)
from docgen.review.diff import Words, diff_words

_TRACKED = {INS, DEL, MOVE_TO, MOVE_FROM}
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
# Left out of copies of old content: they point into the old package, must be unique in a
# document, or would change the new document's layout (a section break, tracked formatting).
_UNCOPYABLE = {DEL, MOVE_FROM, w("bookmarkStart"), w("bookmarkEnd"), w("commentRangeStart"),
               w("commentRangeEnd"), w("commentReference"), w("footnoteReference"),
               w("endnoteReference"), w("permStart"), w("permEnd"), w("proofErr"), w("drawing"),
               w("pict"), w("object"), w("sectPr"), w("pPrChange"), w("rPrChange"),
               w("tblPrChange"), w("trPrChange"), w("tcPrChange"), w("sdtPr"), w("sdtEndPr"),
               w("moveFromRangeStart"), w("moveFromRangeEnd"), w("moveToRangeStart"),
               w("moveToRangeEnd"),
               f"{{{MC_NS}}}AlternateContent"}
# Kept only for their content in copies: hyperlinks (their r:id is the old package's),
# earlier insertions (accepted in the old text), content controls (ids must be unique).
_UNWRAPPED = {w("hyperlink"), INS, MOVE_TO, w("sdt"), w("sdtContent")}


@dataclass(frozen=True)
class RedlineStats:
    """How many paragraphs a redline marks as inserted, deleted and changed within."""

    inserted: int = 0
    deleted: int = 0
    changed: int = 0

    @property
    def total(self) -> int:
        return self.inserted + self.deleted + self.changed


class Tracker:
    """Marks paragraphs, rows and tables as tracked changes, counting what it marked."""

    def __init__(self, revision: Revision) -> None:
        self.revision = revision
        self.stats = RedlineStats()

    def _count(self, kind: str) -> None:
        self.stats = replace(self.stats, **{kind: getattr(self.stats, kind) + 1})

    # ---- whole blocks --------------------------------------------------------------
    def insert_block(self, block: Element) -> None:
        """Mark a new paragraph or table, which the old document lacks, as inserted."""
        if block.tag == TBL:
            for row in rows(block):
                self.insert_row(row)
        else:
            self._wrap(list(text_runs(block)), INS)
            self._mark_paragraph(block, INS)
            self._count("inserted")

    def delete_block(self, old_block: Element) -> Element:
        """A copy of an old paragraph or table, marked as deleted, to place in the new XML."""
        block = copy_old(old_block)
        self._delete_in_place(block)
        return block

    def insert_row(self, row: Element) -> None:
        self._mark_row(row, INS)
        for cell in cells(row):
            for block in live_blocks(cell):
                self.insert_block(block)

    def delete_row(self, old_row: Element) -> Element:
        row = copy_old(old_row)
        self._delete_in_place(row)
        return row

    def _delete_in_place(self, el: Element) -> None:
        if el.tag == TBL:
            for row in rows(el):
                self._delete_in_place(row)
        elif el.tag == TR:
            self._mark_row(el, DEL)
            for cell in cells(el):
                for block in live_blocks(cell):
                    self._delete_in_place(block)
        else:
            runs = list(text_runs(el))
            for run in runs:
                _as_deleted_text(run)
            self._wrap(runs, DEL)
            self._mark_paragraph(el, DEL)
            self._count("deleted")

    # ---- changes inside a paragraph ----------------------------------------------------
    def change_paragraph(self, old_p: Element, new_p: Element) -> bool:
        """Mark word-level changes from old_p to new_p inside new_p; False if none."""
        words = diff_words(paragraph_text(old_p), paragraph_text(new_p))
        if all(op == "equal" for op, _ in words):
            return False
        inserts, deletes = _segments(words)
        for offset in sorted({o for span in inserts for o in span} | {d[0] for d in deletes}):
            _split_at(new_p, offset)
        spans = run_spans(new_p)
        for start, end in inserts:
            self._wrap([r for r, s, e in spans if start <= s and e <= end and s < e], INS)
        old_spans = run_spans(old_p)
        for at, old_start, old_end in deletes:
            wrapper = self.revision.element(DEL)
            wrapper.extend(_deleted_runs(old_spans, old_start, old_end))
            _place_in_paragraph(new_p, spans, at, wrapper)
        self._count("changed")
        return True

    # ---- marks -------------------------------------------------------------------------
    def _wrap(self, runs: list[Element], tag: str) -> None:
        """Wrap runs in w:ins or w:del, one wrapper per stretch of neighbouring runs."""
        wrapper: Element | None = None
        for run in runs:
            parent = run.getparent()
            if parent is None or parent.tag in _TRACKED:
                wrapper = None
                continue
            if wrapper is None or run.getprevious() is not wrapper:
                wrapper = self.revision.element(tag)
                run.addprevious(wrapper)
            wrapper.append(run)

    def _mark_paragraph(self, p: Element, tag: str) -> None:
        """Mark the paragraph mark itself (w:pPr/w:rPr/w:ins or w:del)."""
        ppr = p.find(PPR)
        if ppr is None:
            ppr = make(PPR)
            p.insert(0, ppr)
        rpr = ppr.find(RPR)
        if rpr is None:
            rpr = make(RPR)
            later = [c for c in ppr if c.tag in (w("sectPr"), w("pPrChange"))]
            if later:
                later[0].addprevious(rpr)
            else:
                ppr.append(rpr)
        if rpr.find(INS) is None and rpr.find(DEL) is None:
            rpr.insert(0, self.revision.element(tag))

    def _mark_row(self, row: Element, tag: str) -> None:
        trpr = row.find(w("trPr"))
        if trpr is None:
            trpr = make(w("trPr"))
            row.insert(1 if len(row) and row[0].tag == w("tblPrEx") else 0, trpr)
        if trpr.find(INS) is None and trpr.find(DEL) is None:
            trpr.append(self.revision.element(tag))


def copy_old(el: Element) -> Element:
    """A deep copy of old content, cleaned of what cannot move into another package."""
    out = copy.deepcopy(el)
    for child in list(out.iter()):
        if child is out or child.getparent() is None:
            continue
        if child.tag in _UNCOPYABLE:
            child.getparent().remove(child)
    for child in [c for c in out.iter() if c.tag in _UNWRAPPED and c is not out]:
        _unwrap(child)
    for p in out.iter(w("p")):
        for name in ("paraId", "textId"):
            p.attrib.pop(f"{{{_W14}}}{name}", None)
    return out


def _unwrap(el: Element) -> None:
    """Replace an element by its children."""
    parent = el.getparent()
    if parent is None:
        return
    for child in list(el):
        el.addprevious(child)
    parent.remove(el)


def _as_deleted_text(run: Element) -> None:
    for child in run:
        if child.tag == T:
            child.tag = DEL_TEXT
        elif child.tag == w("instrText"):
            child.tag = w("delInstrText")


def run_spans(p: Element) -> list[tuple[Element, int, int]]:
    """Each text run of a paragraph with the [start, end) of its characters in the text."""
    out, pos = [], 0
    for run in text_runs(p):
        size = len(run_text(run))
        out.append((run, pos, pos + size))
        pos += size
    return out


def _segments(words: Words) -> tuple[list[tuple[int, int]], list[tuple[int, int, int]]]:
    """Inserted [start, end) in the new text; deletions as (new offset, old start, old end)."""
    inserts, deletes = [], []
    old_pos = new_pos = 0
    for op, text in words:
        if op == "insert":
            inserts.append((new_pos, new_pos + len(text)))
        elif op == "delete":
            deletes.append((new_pos, old_pos, old_pos + len(text)))
        old_pos += 0 if op == "insert" else len(text)
        new_pos += 0 if op == "delete" else len(text)
    return inserts, deletes


def _split_at(p: Element, offset: int) -> None:
    """Split the run holding character `offset` so that a run boundary falls there."""
    for run, start, end in run_spans(p):
        if start < offset < end:
            _split_run(run, offset - start)
            return


def _split_run(run: Element, keep: int) -> None:
    """Move all but the first `keep` characters of a run into a new run right after it."""
    right = make(run.tag)
    right.attrib.update(run.attrib)
    rpr = run.find(RPR)
    if rpr is not None:
        right.append(copy.deepcopy(rpr))
    done = 0
    for child in [c for c in run if c.tag != RPR]:
        size = len(run_char(child) or "")
        if done >= keep:
            right.append(child)
        elif done + size > keep:  # only a w:t can straddle the cut
            cut = keep - done
            tail = etree.SubElement(right, T)
            tail.text, child.text = (child.text or "")[cut:], (child.text or "")[:cut]
            tail.set(XML_SPACE, "preserve")
            child.set(XML_SPACE, "preserve")
        done += size
    run.addnext(right)


def _deleted_runs(old_spans: list[tuple[Element, int, int]], start: int,
                  end: int) -> list[Element]:
    """New runs holding old characters [start, end) as w:delText, with the old formatting."""
    out = []
    for run, run_start, run_end in old_spans:
        lo, hi = max(run_start, start), min(run_end, end)
        if lo >= hi:
            continue
        new = make(w("r"))
        rpr = run.find(RPR)
        if rpr is not None:
            new.append(copy_old(rpr))
        pos = run_start
        for child in run:
            shown = run_char(child)
            if shown is None:
                continue
            a, b = max(pos, lo), min(pos + len(shown), hi)
            if a < b and child.tag == T:
                piece = etree.SubElement(new, DEL_TEXT)
                piece.text = shown[a - pos:b - pos]
                piece.set(XML_SPACE, "preserve")
            elif a < b:
                new.append(copy.deepcopy(child))
            pos += len(shown)
        out.append(new)
    return out


def _place_in_paragraph(p: Element, spans: list[tuple[Element, int, int]], at: int,
                        wrapper: Element) -> None:
    """Put a w:del where character offset `at` of the new text is: after the text before it."""
    before = [r for r, s, e in spans if s < e and e <= at]
    after = [r for r, s, e in spans if s < e and s >= at]
    if before:
        _outermost(before[-1]).addnext(wrapper)
    elif after:
        _outermost(after[0]).addprevious(wrapper)
    else:
        p.append(wrapper)


def _outermost(run: Element) -> Element:
    """The run, or the w:ins/w:del around it: a w:del must not go inside another change."""
    parent = run.getparent()
    return parent if parent is not None and parent.tag in _TRACKED else run
