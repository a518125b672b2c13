"""Every language version of an agreement: the clause library filled in each language.

English is the source text; every other language comes from its catalog
(`translations/<lang>.po`). A language whose catalog lacks a sentence the document uses is
left out of the document (the checks report it and the document is marked DRAFT), so the
authenticity clause names only the versions that are there. Dates, numbers, lists and
language names are written by CLDR (Babel) in each language.
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from dataclasses import dataclass, field
from typing import Any

from docgen.render.clauses import DOCUMENTS, PIECES, RELATIONSHIPS, Block
from docgen.workspace.languages import (
    display_name,
    format_long_date,
    format_number,
    join_list,
    language,
)
from docgen.workspace.model import CaseFile, City, Workspace
from docgen.workspace.translations import Catalog, Source, draft_catalog, load_catalog

SOURCE = "en"


def is_source(code: str) -> bool:
    """English in any variant (`en`, `en-US`): the library's own text, needing no catalog."""
    return code.split("-")[0].lower() == SOURCE


@dataclass
class Version:
    code: str
    rtl: bool
    blocks: list[dict[str, str]] = field(default_factory=list)
    sign: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Versions:
    """The language versions of one agreement document, in the order of its original."""

    requested: list[str]
    present: list[Version]
    catalogs: dict[str, Catalog]
    missing: dict[str, list[Source]]  # language -> sentences without a translation
    used: dict[str, list[Source]]  # language -> every sentence the document uses
    drafted: dict[str, list[Source]] = field(default_factory=dict)  # from docgen's drafts

    @property
    def codes(self) -> list[str]:
        return [v.code for v in self.present]


def item_key(name: str, text: str) -> str:
    """The key of a list item (an exchange, a focus area): the list and a short hash of its
    English, so that adding or removing an item leaves the others' translations alone."""
    import hashlib

    return f"{name}.{hashlib.sha1(text.encode('utf-8')).hexdigest()[:6]}"


def home_key(key: str) -> str:
    return f"home:{key}"


def case_key(case_id: str, key: str) -> str:
    return f"{case_id}:{key}"


def fill(text: str, values: dict[str, str]) -> str | None:
    """`text` with its {placeholders} filled in; None when it is not plain python-brace
    text (a translator's `{x.attr}`, `{x!r}` or `{x:>9999}` is refused, not run)."""
    pieces = _pieces(text)
    if pieces is None:
        return None
    if len(pieces) == 1 and pieces[0][1] is None:  # no placeholder
        return pieces[0][0]
    return "".join(literal if name is None else literal + values.get(name, "{" + name + "}")
                   for literal, name in pieces)


@functools.lru_cache(maxsize=4096)
def _pieces(text: str) -> tuple[tuple[str, str | None], ...] | None:
    """`text` cut at its placeholders, once per text: (literal, name or None) pairs; None
    when a placeholder is not a plain name."""
    out: list[tuple[str, str | None]] = []
    try:
        for literal, name, spec, conversion in string.Formatter().parse(text):
            if name is not None and (spec or conversion or not name.isidentifier()):
                return None
            out.append((literal, name))
    except ValueError:
        return None
    return tuple(out)


class _Writer:
    """The text of one document in one language, noting what the catalog lacks."""

    def __init__(self, code: str, catalog: Catalog | None, draft: Catalog | None) -> None:
        self.code, self.catalog, self.draft = code, catalog, draft
        self.source = is_source(code)
        self.missing: list[Source] = []
        self.used: list[Source] = []
        self.drafted: list[Source] = []  # taken from docgen's draft catalog

    def tr(self, ctx: str, english: str, values: dict[str, str] | None = None) -> str:
        source = Source(ctx, english)
        self.used.append(source)
        text = english
        if not self.source:
            entry = self.catalog.get(ctx) if self.catalog else None
            if entry is None or not entry.text:  # the workspace overrides the drafts
                entry = self.draft.get(ctx) if self.draft else None
                if entry is not None and entry.text and entry.source == english:
                    self.drafted.append(source)
                    text = entry.text
                else:
                    self.missing.append(source)
            else:
                text = entry.text
        filled = fill(text, {} if values is None else values)
        if filled is None:  # a translation docgen cannot fill in is no translation
            self.missing.append(source)
            return fill(english, values or {}) or english
        return text if values is None else filled

    def piece(self, ctx: str, **values: str) -> str:
        return self.tr(ctx, PIECES[ctx][0], values)


def _date(day: dt.date | None, code: str, style: str) -> str:
    if day is None:
        return ""
    if is_source(code):
        return format_long_date(day, "en_GB" if style == "day-month-year" else "en")
    return format_long_date(day, code)


def build_versions(ws: Workspace, case_file: CaseFile, kind_id: str, original: str,
                   day: dt.date) -> Versions:
    """The versions of `kind_id` (an agreement kind) for the original of `original`.

    Kept for the last few calls: a build's plan and its checks ask for the same versions of
    a case (read them; never change them)."""
    key = (id(ws), id(case_file), kind_id, original, day)
    found = _RECENT.get(key)
    if found is not None and found[0] is ws and found[1] is case_file:
        return found[2]
    versions = _build_versions(ws, case_file, kind_id, original, day)
    if len(_RECENT) >= _KEEP:
        del _RECENT[next(iter(_RECENT))]  # the oldest
    _RECENT[key] = (ws, case_file, versions)
    return versions


# (workspace, case file, versions) by identity and arguments; the objects are kept with
# their versions, so an id is never reused for another while it is here
_RECENT: dict[tuple[int, int, str, str, dt.date], tuple[Workspace, CaseFile, Versions]] = {}
_KEEP = 64  # a chunk's cases (16) by their agreements (3)


def _build_versions(ws: Workspace, case_file: CaseFile, kind_id: str, original: str,
                    day: dt.date) -> Versions:
    case = case_file.case
    requested = list(dict.fromkeys(case.agreement.languages)) or [SOURCE]
    catalogs = {c: load_catalog(ws.root, c) for c in requested if not is_source(c)}
    first = partner_first = original == "partner"
    own = case.partner.languages if first else ws.settings.home.languages
    bases = [c.split("-")[0].lower() for c in own]  # en-US is the city's en

    def rank(code: str) -> int:
        base = code.split("-")[0].lower()
        return bases.index(base) if base in bases else len(bases)

    ordered = sorted(requested, key=rank)  # its own languages first, in its order
    # written as if every version were there; again with those that are, when one is not
    trial = {c: _version(ws, case_file, kind_id, partner_first, day, c, catalogs.get(c),
                         ordered) for c in ordered}
    complete = [c for c in ordered if not trial[c][1].missing] or [SOURCE]
    final = [trial[c] for c in ordered] if complete == ordered else [
        _version(ws, case_file, kind_id, partner_first, day, c, catalogs.get(c), complete)
        for c in complete]
    return Versions(requested, [v for v, _ in final], catalogs,
                    {c: w.missing for c, (_, w) in trial.items() if w.missing},
                    {c: w.used for c, (_, w) in trial.items()},
                    {c: w.drafted for c, (_, w) in trial.items() if w.drafted})


def conditions(ws: Workspace, case_file: CaseFile, present: list[str]) -> dict[str, bool]:
    case = case_file.case
    agreement = case.agreement
    focus = bool(case.focus_areas or ws.settings.home.focus_areas)
    single = len(present) <= 1
    one = agreement.originals == "one"
    return {
        "focus": focus, "interest": bool(case.interest), "exchanges": bool(case.exchanges),
        "term": agreement.term_years is not None, "evaluation": agreement.evaluation_by is not None,
        "council": case.history.council_approval is not None,
        "one_original_single": one and single, "one_original_multi": one and not single,
        "each_original_single": not one and single, "each_original_multi": not one and not single,
        "each_original": not one,
        "partner_approval_dated": bool(agreement.partner_approval
                                       and agreement.partner_approval.date),
        "partner_approval_undated": bool(agreement.partner_approval
                                         and not agreement.partner_approval.date),
    }


def _version(ws: Workspace, case_file: CaseFile, kind_id: str, partner_first: bool,
             day: dt.date, code: str, catalog: Catalog | None,
             present: list[str]) -> tuple[Version, _Writer]:
    w = _Writer(code, catalog, None if is_source(code) else draft_catalog(code))
    case, cid = case_file.case, case_file.id
    home, partner = ws.settings.home, case.partner
    style = ws.settings.date_style
    keys = {"home": home_key, "partner": lambda k: case_key(cid, f"partner.{k}")}
    cities: dict[str, City] = {"home": home, "partner": partner}

    def city_tr(side: str, key: str) -> str:
        city = cities[side]
        value = city.state if key == "state" else getattr(city, key) if key != "leader.title" \
            else city.leader.title
        return w.tr(keys[side](key), value) if value else ""

    def full(side: str, with_local: bool = False) -> str:
        name = city_tr(side, "city")
        local = cities[side].local_name
        if with_local and local and local != name:
            name = w.piece("party.local", city=name, local_name=local)
        return w.piece("party.full", city=name, country=city_tr(side, "country"))

    full.cities = cities  # type: ignore[attr-defined]
    first, second = ("partner", "home") if partner_first else ("home", "partner")
    agreement = case.agreement
    if case.focus_areas:
        focus_items = [w.tr(case_key(cid, item_key("focus_areas", f)), f)
                       for f in case.focus_areas]
    else:
        focus_items = [w.tr(home_key(item_key("focus_areas", f)), f)
                       for f in home.focus_areas]
    place = (w.tr(case_key(cid, "agreement.signing_place"), agreement.signing_place)
             if agreement.signing_place else w.piece("blank.place"))
    signed = case.history.signed
    values = {
        "relationship": w.tr(f"relationship.{agreement.type}", RELATIONSHIPS[agreement.type]),
        "first": full(first), "second": full(second),
        "first_city": city_tr(first, "city"), "second_city": city_tr(second, "city"),
        "home_city": city_tr("home", "city"), "partner_city": city_tr("partner", "city"),
        "focus": join_list(focus_items, code),
        "term_years": format_number(agreement.term_years or 0, code),
        "notice_months": format_number(agreement.notice_months, code),
        "evaluation_by": _date(agreement.evaluation_by, code, style),
        "council_approval": _date(case.history.council_approval, code, style),
        "signing_date": _date(signed, code, style) if signed else w.piece("blank.date"),
        "place": place,
        "date": _date(day, code, style),
        "languages": join_list([display_name(c, code) for c in present], code),
        "partner_approval_by": (w.tr(case_key(cid, "agreement.partner_approval.by"),
                                     agreement.partner_approval.by)
                                if agreement.partner_approval else ""),
        "partner_approval_date": _date(agreement.partner_approval.date
                                       if agreement.partner_approval else None, code, style),
    }
    when = conditions(ws, case_file, present)
    version = Version(code, language(code).rtl)
    heading = item = 0
    for block in DOCUMENTS[kind_id]:
        if block.when and not (when[block.when[1:]] is False if block.when.startswith("!")
                               else when[block.when]):
            continue
        if block.kind == "heading":
            heading, item = heading + 1, 0
        for text in _texts(block, w, values, case_file, first, second, full, city_tr):
            label = ""
            if block.kind == "heading":
                text = f"{format_number(heading, code)}. {text}"
            elif block.kind == "item":
                item += 1
                label = f"({chr(ord('a') + item - 1)})"
            version.blocks.append({"kind": block.kind, "text": text, "label": label})
    attest = agreement.attest
    for side in ("home", "partner"):
        witness = getattr(attest, side) if attest else None
        version.sign[side] = {
            "title": city_tr(side, "leader.title"),
            "for": w.piece("sign.for", city=city_tr(side, "city")),
            "city": full(side),
            # the tentative agreement: each leader signs in the own city, on the own date
            "date": w.piece("sign.date", date=values["signing_date"]) if kind_id != \
                "tentative-agreement" else w.piece("sign.place_date",
                                                   place=city_tr(side, "city"),
                                                   date=w.piece("blank.date")),
            "attest": w.piece("sign.attest", name=witness.name, title=w.tr(
                case_key(cid, f"agreement.attest.{side}.title"), witness.title)
                if witness.title else "") if witness else "",
        }
    return version, w


def _texts(block: Block, w: _Writer, values: dict[str, str], case_file: CaseFile, first: str,
           second: str, full: Any, city_tr: Any) -> list[str]:
    case, cid = case_file.case, case_file.id
    if not block.ctx.startswith("@"):
        return [w.tr(block.ctx, block.text, values)]
    name = block.ctx[1:]
    if name in ("first", "second"):
        return [full(first if name == "first" else second, with_local=True)]
    if name == "interest":
        return [w.tr(case_key(cid, "interest"), case.interest or "")]
    if name == "exchanges":
        return [w.tr(case_key(cid, item_key("exchanges", x)), x) for x in case.exchanges]
    if name == "contacts":
        return _contacts(w, case_file, (first, second), city_tr, full.cities)
    raise ValueError(f"unknown case block {block.ctx}")


def _contacts(w: _Writer, case_file: CaseFile, sides: tuple[str, str],
              city_tr: Any, cities: dict[str, City]) -> list[str]:
    out = []
    for side in sides:
        city: City = cities[side]
        prefix = "home:" if side == "home" else f"{case_file.id}:partner."
        for role in ("leader_office", "volunteer"):
            found = [(i, c) for i, c in enumerate(city.contacts) if c.role == role][:1]
            if found:
                i, c = found[0]
                title = w.tr(f"{prefix}contacts.{i}.title", c.title) if c.title else ""
                parts = [c.name, title, c.email or "", c.phone or ""]
                contact = ", ".join(p for p in parts if p)
            else:
                contact = w.piece("contact.missing")
            out.append(w.piece(f"contact.{role}", city=city_tr(side, "city"), contact=contact))
    return out


def sources_for(ws: Workspace, case_file: CaseFile) -> list[Source]:
    """Every sentence the agreements of a case may use: the case's own strings (the
    bundled clauses are listed by `clauses.bundled_sources`)."""
    case, cid = case_file.case, case_file.id
    out: list[Source] = []
    for side, city in (("home", ws.settings.home), ("partner", case.partner)):
        key = home_key if side == "home" else (lambda k: case_key(cid, f"partner.{k}"))
        for name, value in (("city", city.city), ("state", city.state),
                            ("country", city.country), ("leader.title", city.leader.title)):
            if value:
                out.append(Source(key(name), value, f"{side} {name}"))
        for i, c in enumerate(city.contacts):
            if c.title:
                out.append(Source(key(f"contacts.{i}.title"), c.title, f"{c.name}'s title"))
    if case.focus_areas:
        out += [Source(case_key(cid, item_key("focus_areas", f)), f, "a focus area, as an "
                       "adjective before “exchange”") for f in case.focus_areas]
    else:
        out += [Source(home_key(item_key("focus_areas", f)), f, "a focus area")
                for f in ws.settings.home.focus_areas]
    if case.interest:
        out.append(Source(case_key(cid, "interest"), case.interest, "why this community"))
    out += [Source(case_key(cid, item_key("exchanges", x)), x, "a planned exchange")
            for x in case.exchanges]
    approval, attest = case.agreement.partner_approval, case.agreement.attest
    if approval:
        out.append(Source(case_key(cid, "agreement.partner_approval.by"), approval.by,
                          "who approved the agreement for the partner city"))
    for side in ("home", "partner"):
        witness = getattr(attest, side) if attest else None
        if witness and witness.title:
            out.append(Source(case_key(cid, f"agreement.attest.{side}.title"), witness.title,
                              "the title of who attests the signature"))
    if case.agreement.signing_place:
        out.append(Source(case_key(cid, "agreement.signing_place"),
                          case.agreement.signing_place, "the place of signing"))
    return out


def language_versions(ws: Workspace, case_file: CaseFile) -> list[str]:
    """Which language versions of the case's agreement exist: the languages of
    agreement.languages whose catalogs hold every sentence of the MOU (and of the tentative
    agreement before there is an MOU), English first as the source. The SCI and council
    packets list these, never a version that is not there."""
    kind_id = "mou" if case_file.case.history.tentative_agreement else "tentative-agreement"
    found = build_versions(ws, case_file, kind_id, "home", dt.date(2000, 1, 1))
    return [c for c in found.requested if c in found.codes] or found.codes
