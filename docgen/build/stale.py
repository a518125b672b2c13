"""Why is a target stale? Input scanning and the rebuild decision, with its reasons.

One routine decides *and* explains, so `--explain` and `--dry-run` share the code that
builds. Cheapest checks first: file size and mtime, then content hashes, then the hash of
the template context (so an edit that changes no document — a comment, key order — rebuilds
nothing).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen import __version__
from docgen.build.records import TargetRecord
from docgen.build.state import FileSig, State, file_sig, short_digest, text_digest
from docgen.errors import InputError, Problem
from docgen.render.templates import find_template, shown_template
from docgen.workspace.lifecycle import KIND_IDS, kind
from docgen.workspace.paths import SETTINGS_FILE, case_files, input_problem
from docgen.workspace.translations import TRANSLATIONS_DIR, catalog_files

# Bump when a change in docgen alters output bytes without a version bump.
# 3: the engine writes document.xml itself; 4: protocol checks mark documents DRAFT
RENDER_EPOCH = "4"
# The signature recorded for a document marked DRAFT: never up to date, so checked again.
DRAFT_SIG = "draft"
VERSION = f"docgen {__version__}/{RENDER_EPOCH}"
CASE_PARTS = ("partner", "case", "agreement")  # the home part is the same for every case


@dataclass
class Inputs:
    """Every input file of the workspace with its signature, and those that changed."""

    files: dict[str, FileSig] = field(default_factory=dict)
    case_paths: dict[str, str] = field(default_factory=dict)  # case id -> "cases/x.yaml"
    templates: dict[str, tuple[Path, str]] = field(default_factory=dict)  # kind -> path, shown
    changed: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)


def scan_inputs(root: Path, old: State) -> Inputs:
    """Stat every input; hash only files whose size or mtime moved."""
    found = Inputs()
    why = input_problem(root / SETTINGS_FILE, root)
    if why is not None and why != "not found":
        found.problems.append(Problem(SETTINGS_FILE, None, None, why))
    settings = file_sig(root / SETTINGS_FILE, old.inputs.get(SETTINGS_FILE))
    if settings is not None:
        found.files[SETTINGS_FILE] = settings
    for path in case_files(root, found.problems):
        shown = f"cases/{path.name}"
        found.case_paths[path.stem] = shown
        sig = file_sig(path, old.inputs.get(shown))
        if sig is not None:
            found.files[shown] = sig
    for kind_id in KIND_IDS:
        try:
            path = find_template(root, kind(kind_id).template_name)
        except InputError as exc:
            found.problems.extend(exc.problems())
            continue
        shown = shown_template(path, root)
        found.templates[kind_id] = (path, shown)
        sig = file_sig(path, old.inputs.get(shown))
        if sig is not None:
            found.files[shown] = sig
    for path in catalog_files(root):  # translators' catalogs: every case's agreements
        shown = f"{TRANSLATIONS_DIR}/{path.name}"
        sig = file_sig(path, old.inputs.get(shown))
        if sig is not None:
            found.files[shown] = sig
    found.changed = {k for k, sig in found.files.items()
                     if k not in old.inputs or old.inputs[k][2] != sig[2]}
    found.changed |= {k for k in old.inputs if k not in found.files}
    return found


def is_template(shown: str) -> bool:
    return shown.endswith(".docx")


def is_catalog(shown: str) -> bool:
    return shown.startswith(f"{TRANSLATIONS_DIR}/") and shown.endswith(".po")


def output_intact(record: TargetRecord, path: Path | str) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    return [st.st_size, st.st_mtime_ns] == record.out


def cases_to_load(inputs: Inputs, old: State, output: Path, today: str, force: bool,
                  named: tuple[str, ...]) -> tuple[set[str], bool]:
    """The case ids whose documents may need work, and whether that is every case."""
    every = set(inputs.case_paths)
    shared_changed = any(k == SETTINGS_FILE or is_template(k) or is_catalog(k)
                         for k in inputs.changed)
    if force or old.version != VERSION or shared_changed or named:
        chosen = every if not named else every & set(named)
        return chosen, not named
    load: set[str] = set()
    redate = old.today != today
    with _folder(output) as fd:
        for case_id, shown in inputs.case_paths.items():
            record = old.cases.get(case_id)
            if record is None or shown in inputs.changed or record.input != shown:
                load.add(case_id)
                continue
            for kind_id, sig, dated_today, out in record.outputs():
                if sig == DRAFT_SIG or (redate and dated_today) or not _intact(
                        out, f"{case_id}/{kind_id}.docx", fd, output):
                    load.add(case_id)
                    break
    return load, load == every


@contextmanager
def _folder(path: Path) -> Iterator[int | None]:
    """A descriptor of the folder `path` to stat files relative to it (None: not open)."""
    if os.stat not in os.supports_dir_fd:
        yield None
        return
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield None
        return
    try:
        yield fd
    finally:
        os.close(fd)


def _intact(out: list[int], relpath: str, fd: int | None, output: Path) -> bool:
    """output_intact, for `relpath` in the folder `fd` is open on (`output`)."""
    try:
        st = os.stat(relpath, dir_fd=fd) if fd is not None else os.stat(output / relpath)
    except OSError:
        return False
    return [st.st_size, st.st_mtime_ns] == out


def context_parts(context: dict[str, Any], tops: tuple[str, ...]) -> dict[str, str]:
    """A hash per second-level key of the case-wide context: "partner.contacts" -> hash."""
    parts: dict[str, str] = {}
    for top in tops:
        for key, value in context[top].items():
            parts[f"{top}.{key}"] = short_digest(_canonical(value))
    return parts


def parts_digest(parts: dict[str, str]) -> str:
    """One hash for all of a case's context parts."""
    return text_digest(";".join(f"{k}={v}" for k, v in sorted(parts.items())))


def target_signature(case_digest: str, doc: str, template_sig: FileSig | None) -> str:
    """Equal signatures, equal documents: context, template and docgen's version."""
    template_hash = template_sig[2] if template_sig else "missing"
    return text_digest(f"{VERSION}\n{template_hash}\n{case_digest}\n{doc}")


# the document's own part that holds its text in every language (render.context)
_TEXTS = ("versions", "rows", "sign", "languages", "languages_missing", "layout", "rtl")


def doc_digest(context: dict[str, Any]) -> str:
    """The hash of the document's own part: its date and kind, then its language versions."""
    doc = context["doc"]
    own = {k: v for k, v in doc.items() if k not in _TEXTS}
    texts = {k: v for k, v in doc.items() if k in _TEXTS}
    return f"{text_digest(_canonical(own))}:{text_digest(_canonical(texts))}"


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def reasons_for(record: TargetRecord | None, *, sig: str, shown_template: str,
                inputs: Inputs, old: State, old_parts: dict[str, str],
                new_parts: dict[str, str], doc: str, output_path: Path,
                force: bool) -> list[str]:
    """Why this target must be rebuilt; empty when it is up to date."""
    if force:
        return ["forced (--force)"]
    if record is None:
        return ["new document"]
    if old.version != VERSION:
        return [f"docgen changed ({old.version or 'unknown'} → {VERSION})"]
    if record.sig == DRAFT_SIG:
        return ["it was marked DRAFT (protocol errors): checked again"]
    if record.sig != sig:
        why: list[str] = []
        if record.template != shown_template:
            why.append(f"template is now {shown_template} (was {record.template})")
        elif shown_template in inputs.changed:
            why.append(f"template {shown_template} changed")
        keys = sorted(k for k in new_parts if old_parts.get(k) != new_parts[k])
        if keys:
            why.append(f"{_shorten(keys)} changed")
        if record.doc and record.doc.split(":")[0] != doc.split(":")[0]:
            why.append("document date changed")
        elif record.doc and record.doc != doc and not why:
            why.append("language versions changed (translations/)")
        return why or ["inputs changed"]
    if not output_intact(record, output_path):
        return ["output missing" if not output_path.exists()
                else "output was modified or replaced since it was built"]
    return []


def _shorten(keys: list[str], most: int = 4) -> str:
    return ", ".join(keys[:most]) + (f" and {len(keys) - most} more" if len(keys) > most else "")
