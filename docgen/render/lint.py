"""`docgen template check`: the mistakes a clerk makes editing a template in Word, all at once,
each at its part, paragraph or table cell.

- a tag that does not parse, or a block (`{% if %}`, `{% for %}`) left open or closed wrongly;
- a tag Word's formatting split so that docxtpl cannot rejoin it (across paragraphs, or with
  markup that is not a run border inside it);
- `{%tr %}`, `{%tc %}` and `{%p %}` misuse: outside a row or cell, or sharing its row, cell or
  paragraph with text that docxtpl's preparation drops;
- a variable the kind's context does not have (checked against real contexts, as
  `docgen context` builds them), with a close match when there is one;
- tags left in tracked deletions or in comments, which docxtpl does not render as meant.

The whole part is then compiled as the engine compiles it, for what the tag-by-tag reading
cannot see.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.docx.ooxml import DEL_TEXT, TC, TR, Element, paragraph_text, w
from docgen.docx.package import DocxReadError, read_package
from docgen.docx.text import story_paragraphs
from docgen.errors import Problem
from docgen.render.variables import Scope

if TYPE_CHECKING:
    import datetime as dt

    from jinja2 import Environment

    from docgen.workspace.model import Workspace

_TAG = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}|\{#.*?#\}", re.DOTALL)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_LEVEL = re.compile(r"^(tr|tc|p|r)\s")
_OPENERS = {"if", "for", "with", "macro", "call", "filter", "block", "raw", "autoescape"}
_MIDDLES = {"elif": {"if"}, "else": {"if", "for"}}
# docxtpl's two steps that rejoin a tag split over runs (patch_xml, first lines)
_BRACES = re.compile(r"(?<={)(<[^>]*>)+(?=[\{%\#])|(?<=[%\}\#])(<[^>]*>)+(?=\})", re.DOTALL)
_SPLIT = re.compile(r"{%(?:(?!%}).)*|{#(?:(?!#}).)*|{{(?:(?!}}).)*", re.DOTALL)
_RUN_BORDER = re.compile(r"</w:t>.*?(<w:t>|<w:t [^>]*>)", re.DOTALL)


@dataclass(frozen=True)
class Tag:
    where: str
    level: str  # "", "tr", "tc", "p", "r": docxtpl's prefix
    statement: bool  # {% %} (else {{ }})
    body: str  # inside the delimiters, prefix and '-' trimmed


def check_template(path: Path, shown: str, contexts: list[dict[str, Any]] | None,
                   env: Environment | None = None) -> list[Problem]:
    """Every problem of the template at `path`; `contexts`: what the kind's documents see
    (None: variables are not checked)."""
    from docgen.render.document import checked_template
    from docgen.render.sandbox import jinja_environment
    from docgen.render.variables import shape

    env = env or jinja_environment()
    try:
        checked_template(path)  # a zip bomb or no Word document: refused before reading it
    except ValueError as exc:
        return [Problem(shown, None, None, str(exc))]
    except zipfile.BadZipFile:
        pass  # read_package says what the file is instead
    try:
        package = read_package(path)
    except DocxReadError as exc:
        return [Problem(shown, None, None, exc.message)]
    problems: list[Problem] = []

    def report(where: str, message: str) -> None:
        problems.append(Problem(shown, None, where, message))

    context = shape(contexts) if contexts else None
    stories = [(story.label, story.root) for story in package.stories()]
    for name in sorted(package.entries):
        if name.startswith("word/footnotes") and name.endswith(".xml"):
            stories.extend((f"footnote {note.get(w('id'))}", note)
                           for note in package.xml(name).iter(w("footnote")))
    for label, root in stories:
        _check_story(env, label, root, context, report)
    if "word/comments.xml" in package.entries:
        _check_comments(package.xml("word/comments.xml"), report)
    if not problems:
        _compile(path, env, report)
    return problems


def kind_contexts(ws: Workspace, template: Path, kind_id: str | None,
                  today: dt.date) -> list[dict[str, Any]]:
    """The contexts the template's documents see: every case of `ws` with `kind_id`, or with
    every kind whose template has the file's name; none when no kind has (a template of
    another use, such as the staff report: its variables are not checked)."""
    from docgen.render.context import document_context
    from docgen.workspace.lifecycle import KIND_IDS, kind

    kinds = [kind_id] if kind_id else [k for k in KIND_IDS
                                       if kind(k).template_name == template.stem]
    return [document_context(ws, case_file, kind(k), today)
            for case_file in ws.cases for k in kinds]


def _check_story(env: Environment, label: str, root: Element, context: dict[str, Any] | None,
                 report: Any) -> None:
    scope = Scope(context or {}, assigned=_assigned(root), guarded=_guarded(root))
    stack: list[tuple[str, str]] = []  # (keyword, where opened)
    for item in story_paragraphs(label, root):
        where, p = item.para.where, item.element
        if p is None:
            continue
        text = item.para.text.translate(_QUOTES)
        deleted = "".join(t.text or "" for t in p.iter(DEL_TEXT))
        if _TAG.search(deleted) or "{{" in deleted or "{%" in deleted:
            report(where, "a tag in a tracked deletion: accept or reject the change in Word "
                          "(Review > Accept), docxtpl reads deleted text too")
        if not _balanced(text):
            report(where, "a tag is not closed in this paragraph: '{{ ... }}' and "
                          "'{% ... %}' must begin and end in the same paragraph")
            continue
        tags = [_tag(where, m) for m in _TAG.finditer(text) if not m.group(0).startswith("{#")]
        if tags and not _rejoined(p, text):
            report(where, "a tag is split by Word's formatting in a way docxtpl cannot rejoin "
                          "(a field, link or other markup inside it): retype the tag in one go")
        for tag in tags:
            _check_level(tag, p, text, report)
            if tag.statement:
                _check_statement(env, tag, stack, scope, report)
            else:
                _check_expression(env, "{{ " + tag.body + " }}", tag, scope, context, report)
    for keyword, opened in stack:
        report(opened, f"'{{% {keyword} %}}' is never closed: add '{{% end{keyword} %}}'")


def _tag(where: str, match: re.Match[str]) -> Tag:
    statement = match.group(2) is not None
    body = (match.group(2) if statement else match.group(1)).strip()
    body = body.removeprefix("-").removesuffix("-").strip()
    level = ""
    found = _LEVEL.match(body)
    if found:
        level, body = found.group(1), body[found.end():].strip()
    return Tag(where, level, statement, body)


def _balanced(text: str) -> bool:
    depth = None
    for token in re.findall(r"\{\{|\}\}|\{%|%\}", text):
        if token in ("{{", "{%"):
            if depth is not None:
                return False
            depth = token
        elif depth is None or (depth == "{{") != (token == "}}"):
            return False
        else:
            depth = None
    return depth is None


def _rejoined(p: Element, text: str) -> bool:
    """Does docxtpl's rejoining give this paragraph's tags back, whole, in its text runs?"""
    from lxml import etree

    xml = etree.tostring(p, encoding="unicode")
    xml = _BRACES.sub("", xml)
    xml = _SPLIT.sub(lambda m: _RUN_BORDER.sub("", m.group(0)), xml)
    wanted = [m.group(0) for m in _TAG.finditer(text)]
    try:
        again = etree.fromstring(xml)
    except etree.XMLSyntaxError:
        return False
    got = [m.group(0) for m in _TAG.finditer(paragraph_text(again).translate(_QUOTES))]
    return got == wanted


def _check_level(tag: Tag, p: Element, text: str, report: Any) -> None:
    """{%tr %}, {%tc %}, {%p %}: docxtpl replaces the whole row, cell or paragraph."""
    if tag.level not in ("tr", "tc", "p"):
        return
    name = {"tr": "table row", "tc": "table cell", "p": "paragraph"}[tag.level]
    holder = p if tag.level == "p" else _ancestor(p, TR if tag.level == "tr" else TC)
    if holder is None:
        report(tag.where, f"'{_shown(tag)}' is not in a {name}: docxtpl's "
                          f"'{tag.level}' tags stand for the {name} they are in")
        return
    rest = _TAG.sub("", _text_of(holder) if holder is not p else text).strip()
    others = len(_TAG.findall(_text_of(holder) if holder is not p else text))
    if rest or others > 1:
        report(tag.where, f"'{_shown(tag)}' shares its {name} with other text, which "
                          f"docxtpl drops: give the tag a {name} of its own")


def _check_statement(env: Environment, tag: Tag, stack: list[tuple[str, str]], scope: Scope,
                     report: Any) -> None:
    keyword, _, rest = tag.body.partition(" ")
    rest = rest.strip()
    if keyword in _OPENERS:
        stack.append((keyword, tag.where))
        if keyword == "if":
            _check_expression(env, "{% if " + rest + " %}{% endif %}", tag, scope, None, report)
        elif keyword == "for":
            target, _, iterable = rest.partition(" in ")
            iterable = re.split(r"\s+(?:if|recursive)\s+", iterable)[0]
            _check_expression(env, "{% for " + rest + " %}{% endfor %}", tag, scope, None,
                              report)
            scope.push_loop(env, target, iterable)
    elif keyword in _MIDDLES:
        if not stack or stack[-1][0] not in _MIDDLES[keyword]:
            report(tag.where, f"'{{% {keyword} %}}' outside an "
                              f"{' or '.join(sorted(_MIDDLES[keyword]))} block")
        elif keyword == "elif":
            _check_expression(env, "{% if " + rest + " %}{% endif %}", tag, scope, None, report)
    elif keyword.startswith("end"):
        opened = keyword[3:]
        if not stack:
            report(tag.where, f"'{{% {keyword} %}}' closes no open block")
        elif stack[-1][0] != opened:
            kind, where = stack[-1]
            report(tag.where, f"'{{% {keyword} %}}' closes '{{% {kind} %}}' opened at {where}")
        else:
            stack.pop()
            if opened == "for":
                scope.pop_loop()
    elif keyword in ("colspan", "cellbg"):
        _check_expression(env, "{{ " + rest + " }}", tag, scope, None, report)
    elif keyword == "set" and "=" in rest:
        _check_expression(env, "{{ " + rest.partition("=")[2] + " }}", tag, scope, None, report)


def _check_expression(env: Environment, source: str, tag: Tag, scope: Scope,
                      _context: Any, report: Any) -> None:
    from jinja2 import TemplateSyntaxError

    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        report(tag.where, f"tag syntax error in '{_shown(tag)}': {exc.message}")
        return
    if scope.context:
        for unknown in scope.unknown(tree):
            report(tag.where, unknown.message())


def _shown(tag: Tag) -> str:
    open_, close = ("{%", "%}") if tag.statement else ("{{", "}}")
    level = f"{tag.level} " if tag.level else " "
    return f"{open_}{level}{tag.body} {close}"


def _assigned(root: Element) -> set[str]:
    """Names the part's own tags assign: {% set x %}, macros, {% with %}."""
    text = "".join(t.text or "" for t in root.iter(w("t")))
    return set(re.findall(r"\{%-?\s*(?:p\s+|tr\s+|tc\s+)?(?:set|macro|with)\s+(\w+)", text))


def _guarded(root: Element) -> set[str]:
    """Paths the part tests with `is defined`: used under that guard, they are fine."""
    text = "".join(t.text or "" for t in root.iter(w("t")))
    return set(re.findall(r"([A-Za-z_][\w.]*)\s+is\s+defined", text))


def _ancestor(element: Element, tag: str) -> Element | None:
    for parent in element.iterancestors():
        if parent.tag == tag:
            return parent
    return None


def _text_of(element: Element) -> str:
    from docgen.docx.ooxml import P

    return "\n".join(paragraph_text(p) for p in element.iter(P)).translate(_QUOTES)


def _check_comments(root: Element, report: Any) -> None:
    for number, comment in enumerate(root.iter(w("comment")), start=1):
        text = "".join(t.text or "" for t in comment.iter(w("t")))
        if "{{" in text or "{%" in text:
            report(f"comment {number}", "a tag in a comment: docxtpl does not render "
                                        "comments; move the tag into the text or delete it")


def _compile(path: Path, env: Environment, report: Any) -> None:
    """The engine's own compile, for what the reading tag by tag cannot see."""
    from jinja2 import TemplateSyntaxError

    from docgen.render.compiled import CompiledTemplate

    try:
        CompiledTemplate.load(path, env)
    except TemplateSyntaxError as exc:
        near = " ".join(t.strip() for t in getattr(exc, "docx_context", []) if t.strip())
        report("template", f"syntax error: {exc.message}" + (f" near “{near[:120]}”"
                                                              if near else ""))
    except Exception as exc:  # a package docxtpl cannot read
        report("template", f"not a usable Word (.docx) template: {exc}")


def check_overrides(jobs: list[tuple[Path, str, dict[str, Any]]]) -> list[Problem]:
    """`docgen build`'s check of a workspace's own templates before rendering: each
    (template, shown, context) of the documents to render, each template checked once
    against the contexts of its documents. Bundled templates ("docgen:...") are not."""
    grouped: dict[Path, tuple[str, list[dict[str, Any]]]] = {}
    for template, shown, context in jobs:
        if not shown.startswith("docgen:"):
            grouped.setdefault(template, (shown, []))[1].append(context)
    problems: list[Problem] = []
    for template, (shown, contexts) in grouped.items():
        problems.extend(check_template(template, shown, contexts))
    return problems
