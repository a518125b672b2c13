"""Rendered-document hygiene: what a template or missing data leaves behind."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from docgen.checks.inputs import CaseDocuments, RenderedDoc
from docgen.checks.origin import Sink
from docgen.checks.reading import Table
from docgen.checks.registry import Hit, rule
from docgen.checks.text import is_label, is_label_value, is_prose
from docgen.render.context import official_context

_TAG = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_NONE = re.compile(r"\bNone\b")
_NONE_WORD = re.compile("None")  # a search of the joined text: faster without the \b
_PLACEHOLDER = re.compile(r"\b(TBD|TODO|FIXME|XXX+)\b|\[(?:insert|name|date|city|title|"
                          r"address)\b[^\]]*\]|lorem ipsum", re.IGNORECASE)
_PLACEHOLDER_STEMS = ("tbd", "todo", "fixme", "xxx", "[", "lorem ipsum")  # one in each match


@rule("DOC001", "error", "No template tags are left in the text ({{ }}, {% %}, {# #}).",
      "documents")
def no_leftover_tags(docs: CaseDocuments) -> Iterator[Hit]:
    for doc in docs.docs:
        for para in doc.text.candidates(_TAG):
            if _TAG.search(para.text):
                yield doc.hit(para, f"template tag left in the text: “{para.text.strip()[:60]}”")


@rule("DOC002", "error", "No “None” where a value belongs.", "documents")
def no_none(docs: CaseDocuments) -> Iterator[Hit]:
    for doc in docs.docs:
        for para in doc.text.candidates(_NONE_WORD):
            if _NONE.search(para.text):
                yield doc.hit(para, f"“None” printed where a value belongs: "
                                    f"“{para.text.strip()[:60]}”")


@rule("DOC003", "error", "No empty field: a label cell with an empty value cell, or a "
      "“Label:” with nothing after it.", "documents")
def no_empty_field(docs: CaseDocuments) -> Iterator[Hit]:
    salutations = {official_context(city.leader)["salutation"].strip()
                   for city in (docs.home, docs.partner)}
    for doc in docs.docs:
        yield from _empty_labels(doc, salutations)
        for table in doc.text.tables:
            yield from _empty_cells(doc, table)


def _empty_labels(doc: RenderedDoc, salutations: set[str]) -> Iterator[Hit]:
    """`Email:` lines with no value: followed by nothing, another field or a sentence.

    A label followed by short lines is a list's introduction ("Enclosures:"). A label that
    ends its table cell is left to the table check (its value may be the next cell).
    """
    text = doc.text
    paras = [p for p in text.paras if p.text.strip()]
    for i, para in enumerate(paras):
        if ":" not in para.text:
            continue  # no label: most paragraphs
        lines = [line for line in para.text.split("\n") if line.strip()]
        after = paras[i + 1] if i + 1 < len(paras) else None
        same = None  # whether `after` is in the same block: asked once a label is found
        for j, line in enumerate(lines):
            if not is_label(line) or line.startswith("Dear ") or line.strip() in salutations:
                continue
            if same is None:
                same = after is not None and text.block(after) == text.block(para)
            nxt = lines[j + 1] if j + 1 < len(lines) else (
                after.text.split("\n")[0] if after is not None and same else None)
            if nxt is None and text.block(para)[1] is not None:
                continue
            if nxt is None or is_label(nxt) or is_label_value(nxt) or is_prose(nxt):
                yield doc.hit(para, f"“{line.strip()}” has no value")


def _empty_cells(doc: RenderedDoc, table: Table) -> Iterator[Hit]:
    key_value = _is_key_value(table)
    for number, row in enumerate(table.rows, 1):
        for label, value in pairwise(row):
            if value.strip() or not label.strip() or "\n" in label.strip():
                continue
            if is_label(label) or (key_value and len(label.split()) <= 5):
                yield doc.hit(table.where(number), f"“{label.strip()}” has an empty value cell")


def _is_key_value(table: Table) -> bool:
    """A two-column table of short labels and their values (a form)."""
    rows = [r for r in table.rows if len(r) == 2]
    if len(rows) != len(table.rows) or len(rows) < 2:
        return False
    filled = [r for r in rows if r[0].strip() and r[1].strip() and len(r[0].split()) <= 5]
    return len(filled) * 2 >= len(rows)


@rule("DOC004", "warning", "No placeholder text (TBD, TODO, XXX, [Name], lorem ipsum); one "
      "typed in the data is reported at its line, with the documents it reaches.",
      "documents")
def no_placeholder(docs: CaseDocuments) -> Iterator[Hit]:
    sink = Sink(docs)  # a placeholder typed in the data is reported once, at its line
    for doc in docs.docs:
        for para in doc.text.containing_any_case(_PLACEHOLDER_STEMS):
            match = _PLACEHOLDER.search(para.text)
            if match:
                hit = sink.add(doc, para, match.start(), match.end(),
                               f"placeholder text “{match.group()}”")
                if hit is not None:
                    yield hit
    yield from sink.traced_hits()
