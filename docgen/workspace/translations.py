"""Translators' catalogs: gettext PO files in `translations/<lang>.po`, read and merged.

Each entry is one translatable sentence of the agreements, keyed by its `msgctxt`: a bundled
clause (`mou.purpose`) or a case's own string (`vientiane:exchanges.0`, `home:city`).
Placeholders use python-brace-format (`{partner_city}`), which Poedit, Weblate and
`msgfmt --check-format` know. `merge` updates a catalog the way `msgmerge` does.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import string
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import InputError, Problem
from docgen.workspace.paths import inside

TRANSLATIONS_DIR = "translations"
FLAG = "python-brace-format"


@dataclass(frozen=True)
class Source:
    """One sentence to translate, as docgen writes it in English."""

    context: str  # the msgctxt, stable
    text: str  # the English, with {placeholders}
    comment: str = ""  # for the translator


@dataclass(frozen=True)
class Entry:
    context: str
    source: str  # the msgid the translation was made for
    text: str  # the msgstr; "" when not translated
    fuzzy: bool
    line: int  # of the entry in the PO file


@dataclass(frozen=True)
class Catalog:
    """One language's catalog as read: entries by msgctxt (obsolete ones left out)."""

    code: str
    path: str  # workspace-relative: "translations/lo.po"
    exists: bool
    entries: dict[str, Entry]

    def get(self, context: str) -> Entry | None:
        return self.entries.get(context)

    def where(self, context: str | None = None) -> str:
        entry = self.entries.get(context) if context else None
        return f"{self.path}:{entry.line}" if entry is not None else self.path


def catalog_path(code: str) -> str:
    return f"{TRANSLATIONS_DIR}/{code}.po"


def catalog_files(root: Path) -> list[Path]:
    """The PO files of a workspace (for the build's input scan)."""
    folder = root / TRANSLATIONS_DIR
    if not folder.is_dir() or not inside(folder, root):
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".po" and p.is_file())


def load_catalog(root: Path | str, code: str) -> Catalog:
    """The catalog of `code`; an empty one when the workspace has none (not an error here:
    the checks report it)."""
    path = Path(root) / catalog_path(code)
    try:
        st = os.stat(path)
    except OSError:
        return Catalog(code, catalog_path(code), False, {})
    if not inside(path, Path(root)):
        raise InputError([Problem(catalog_path(code), None, None,
                                  "refused: links to a file outside the workspace")])
    return _read(str(path), code, st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


@functools.lru_cache(maxsize=64)
def _read(path: str, code: str, size: int, mtime: int, ino: int = 0, ctime: int = 0
          ) -> Catalog:
    import polib

    key = _DISK.key(path, size, mtime, ino, ctime, polib.__version__)
    found = _DISK.load(key)
    if found is None:
        try:
            po = polib.pofile(path, wrapwidth=0)
        except (OSError, ValueError) as exc:
            raise InputError([Problem(catalog_path(code), None, None,
                                      f"not a readable PO file: {exc}")]) from None
        found = [(e.msgctxt, e.msgid, e.msgstr, "fuzzy" in e.flags, int(e.linenum or 1))
                 for e in po if not e.obsolete and e.msgctxt is not None]
        _DISK.store(key, found)
    entries = {row[0]: Entry(*row) for row in found}
    return Catalog(code, catalog_path(code), True, entries)


class _DiskCache:
    """Catalogs as read, kept between runs in a folder of docgen's own (a build's
    OUTPUT/.docgen/cache) while the PO file is unchanged; off until `use_disk_cache`."""

    FORMAT = "1"  # bump when what `_read` keeps of an entry changes

    def __init__(self) -> None:
        self.folder: Path | None = None

    def key(self, *parts: object) -> str:
        import hashlib
        import sys

        text = "\0".join(map(str, (self.FORMAT, sys.version, *parts)))
        return f"po-{hashlib.sha256(text.encode('utf-8', 'surrogateescape')).hexdigest()[:40]}"

    def load(self, key: str) -> list[tuple[str, str, str, bool, int]] | None:
        if self.folder is None:
            return None
        import marshal

        try:
            stored, rows = marshal.loads((self.folder / key).read_bytes())
        except Exception:  # missing, or damaged: read the PO file again
            return None
        return rows if stored == key else None

    def store(self, key: str, rows: list[tuple[str, str, str, bool, int]]) -> None:
        if self.folder is None:
            return
        import marshal

        from docgen.files import atomic_write

        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            atomic_write(self.folder / key, marshal.dumps((key, rows)))


_DISK = _DiskCache()


def use_disk_cache(folder: Path | None) -> None:
    """Keep catalogs as read in `folder` between runs (None: only in this process)."""
    _DISK.folder = folder


DRAFTS = Path(__file__).resolve().parent.parent / "catalogs"


def draft_catalog(code: str) -> Catalog:
    """docgen's own draft translations of its clauses (`docgen/catalogs/<code>.po`, every
    entry fuzzy: to be confirmed by the partner's translator); empty for other languages."""
    path = DRAFTS / f"{code}.po"
    try:
        st = os.stat(path)
    except OSError:
        return Catalog(code, f"docgen:catalogs/{code}.po", False, {})
    found = _read(str(path), code, st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
    return Catalog(code, f"docgen:catalogs/{code}.po", True, found.entries)


def translated(catalog: Catalog, source: Source) -> str | None:
    """The translation of `source` in `catalog`: its msgstr when one is there (fuzzy or
    not), None when there is none."""
    entry = catalog.get(source.context)
    if entry is None or not entry.text:
        return None
    return entry.text


# ---------------------------------------------------------------- placeholders and parity

_FIELD = string.Formatter()
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NUMBER = re.compile(r"\d+")


def placeholders(text: str) -> Counter[str]:
    """The {names} of a python-brace-format string; a malformed one, or one with attribute,
    index, conversion or format parts, counts as `{malformed}` (docgen fills in names only)."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in _FIELD.parse(text)
                  if name is not None]
    except ValueError:
        return Counter({"{malformed}": 1})
    if any(spec or conv or not name.isidentifier() for name, spec, conv in fields):
        return Counter({"{malformed}": 1})
    return Counter(name for name, _, _ in fields)


def _digits(text: str) -> str:
    """Digits of any script as ASCII (Lao ໑໒, Arabic-Indic ۱۲, full-width １２)."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text)


def figures(text: str) -> Counter[str]:
    """The literal numbers and e-mail addresses of a text, outside its placeholders."""
    bare = re.sub(r"\{[^{}]*\}", " ", text)
    emails = _EMAIL.findall(bare)
    rest = _EMAIL.sub(" ", bare)
    return Counter([*(e.lower() for e in emails), *_NUMBER.findall(_digits(rest))])


def parity_problems(source: str, translation: str) -> list[str]:
    """What a translation drops, adds or changes against its English: placeholders, numbers,
    dates and e-mail addresses (Vienna Convention art. 33: the same figures in each text)."""
    return list(_parity(source, translation))


@functools.lru_cache(maxsize=8192)  # the clauses' entries recur in every case
def _parity(source: str, translation: str) -> tuple[str, ...]:
    out: list[str] = []
    want, got = placeholders(source), placeholders(translation)
    if "{malformed}" in got:
        return ("has braces that are no placeholder docgen fills in (only {name})",)
    for name in sorted((want - got).keys()):
        out.append(f"drops the placeholder {{{name}}}")
    for name in sorted((got - want).keys()):
        out.append(f"has a placeholder {{{name}}} the English does not")
    fig_want, fig_got = figures(source), figures(translation)
    for value in sorted((fig_want - fig_got).keys()):
        out.append(f"drops “{value}”")
    for value in sorted((fig_got - fig_want).keys()):
        out.append(f"has “{value}”, which the English does not")
    return tuple(out)


# ---------------------------------------------------------------- merging (msgmerge)

@dataclass(frozen=True)
class MergeReport:
    path: str
    added: tuple[str, ...]
    fuzzy: tuple[str, ...]
    obsolete: tuple[str, ...]
    created: bool


def merge(root: Path, code: str, sources: list[Source],
          prefill: dict[str, str] | None = None) -> MergeReport:
    """Create or update `translations/<code>.po` for `sources`, like msgmerge: kept
    translations, changed English marked fuzzy (the old translation kept, the old English in
    `#|`), unused entries made obsolete (`#~`). `prefill` gives translations the data already
    holds (the partner's own name in its own language) for new entries."""
    import polib

    from docgen.files import atomic_write
    from docgen.workspace.languages import language

    path = root / catalog_path(code)
    escapes = (path.parent.exists() and not inside(path.parent, root)) or (
        path.exists() and not inside(path, root))
    if escapes:
        raise InputError([Problem(catalog_path(code), None, None,
                                  "refused: links to a file outside the workspace")])
    created = not path.exists()
    po = polib.POFile(wrapwidth=78) if created else polib.pofile(str(path), wrapwidth=78)
    lang = language(code)
    po.metadata = {
        "Project-Id-Version": po.metadata.get("Project-Id-Version", "docgen agreements"),
        "Language": code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": po.metadata.get("Plural-Forms", "nplurals=1; plural=0;"),
        **{k: v for k, v in po.metadata.items() if k.startswith("Language-Team")
           or k.startswith("Last-Translator")},
    }
    po.header = (f"Translations of docgen's agreements into {lang.name} ({lang.native}).\n"
                 "Keep every {placeholder} as it is; docgen fills in names, dates and numbers.")
    current = {e.msgctxt: e for e in po if not e.obsolete and e.msgctxt is not None}
    old_obsolete = {e.msgctxt: e for e in po if e.obsolete and e.msgctxt is not None}
    added, fuzzy, obsolete = [], [], []
    drafts = draft_catalog(code).entries
    wanted = {src.context for src in sources}
    reused: set[str] = set()
    out: list[polib.POEntry] = []
    seen: set[str] = set()
    for src in sources:
        if src.context in seen:
            continue
        seen.add(src.context)
        old = current.get(src.context) or old_obsolete.get(src.context)
        similar = None
        if old is None:  # msgmerge's fuzzy matching: an unused entry of the same list
            similar = _similar(src, [e for ctx, e in {**old_obsolete, **current}.items()
                                     if ctx not in wanted and ctx not in reused])
            if similar is not None:
                reused.add(similar.msgctxt)
        flags = [FLAG] if placeholders(src.text) else []
        entry = polib.POEntry(msgctxt=src.context, msgid=src.text, comment=src.comment or None)
        draft = drafts.get(src.context)
        if old is None and similar is not None:
            entry.msgstr, entry.previous_msgid = similar.msgstr, similar.msgid
            flags.append("fuzzy")
            fuzzy.append(src.context)
        elif old is None:
            entry.msgstr = (prefill or {}).get(src.context, "")
            if not entry.msgstr and draft is not None and draft.text:
                entry.msgstr = draft.text  # docgen's draft: fuzzy until a translator confirms
                flags.append("fuzzy")
            added.append(src.context)
        else:
            entry.msgstr = old.msgstr
            entry.tcomment = old.tcomment
            was_fuzzy = "fuzzy" in old.flags
            if old.msgid != src.text and old.msgstr:
                flags.append("fuzzy")
                entry.previous_msgid = old.msgid
                fuzzy.append(src.context)
            elif was_fuzzy and old.msgstr:
                flags.append("fuzzy")
                entry.previous_msgid = old.previous_msgid
        entry.flags = flags
        out.append(entry)
    for ctx, old in current.items():
        if ctx not in seen and ctx not in reused:
            old.obsolete = True
            obsolete.append(ctx)
            out.append(old)
    for ctx, old in old_obsolete.items():
        if ctx not in seen and ctx not in reused:
            out.append(old)
    po[:] = out
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, str(po).encode("utf-8") if str(po).endswith("\n")
                 else (str(po) + "\n").encode("utf-8"))
    return MergeReport(catalog_path(code), tuple(added), tuple(fuzzy), tuple(obsolete), created)


def _similar(src: Source, unused: list) -> object | None:  # type: ignore[type-arg]
    """The unused translated entry of the same list (`case:exchanges.…`) whose English is
    closest to `src`'s, when close enough to be worth a translator's review."""
    import difflib

    head = src.context.rpartition(".")[0]
    if not head or ":" not in src.context:
        return None
    best, score = None, 0.6
    for entry in unused:
        if entry.msgctxt.rpartition(".")[0] != head or not entry.msgstr:
            continue
        ratio = difflib.SequenceMatcher(None, entry.msgid, src.text).ratio()
        if ratio > score:
            best, score = entry, ratio
    return best
