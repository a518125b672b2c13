"""Stage 2: the data a template sees, as plain JSON-able values (strings, lists, dicts).

Everything a template prints is decided here, so templates stay free of logic and
`docgen context CASE KIND --json` shows a template author exactly what there is to use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from docgen.workspace.languages import format_long_date, language
from docgen.workspace.lifecycle import STEPS, DocKind, current_step, step_dates
from docgen.workspace.model import (
    RELATIONSHIP_LABELS,
    Case,
    CaseFile,
    City,
    Home,
    Official,
    Workspace,
)


def format_date(day: dt.date | None, style: str = "month-day-year") -> str:
    """`September 12, 2026` or `12 September 2026` (CLDR's English, US or British order)."""
    if day is None:
        return ""
    return format_long_date(day, "en_GB" if style == "day-month-year" else "en")


def join_words(items: list[str], conjunction: str = "and") -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def rank_of(title: str) -> str:
    """'Mayor of the City of Milpitas' -> 'Mayor'; 'Lord Mayor of X' -> 'Lord Mayor'."""
    return title.split(" of ")[0].split(",")[0].strip()


def official_context(leader: Official) -> dict[str, Any]:
    surname = leader.family_name or leader.name.split()[-1]
    rank = rank_of(leader.title)
    addressed = f"{leader.form_of_address} {leader.name}" if leader.form_of_address else leader.name
    return {
        "name": leader.name,
        "title": leader.title,
        "rank": rank,
        "surname": surname,
        "form_of_address": leader.form_of_address or "",
        "addressed_as": addressed,  # first line of an address block
        "salutation": leader.salutation or f"Dear {rank} {surname}:",
    }


_CONTACT_FIELDS = ("name", "title", "organization", "email", "phone")
ROLE_LABELS = {"leader_office": "Mayor's office", "volunteer": "Volunteer"}
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve")


def number_words(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def _blank_none(contact: dict[str, Any]) -> dict[str, Any]:
    """Contacts with "" for what is unknown, so a template never prints None."""
    out = {k: ("" if v is None else v) for k, v in contact.items()}
    for key in _CONTACT_FIELDS:
        out.setdefault(key, "")
    out.setdefault("present", True)
    out["role_label"] = ROLE_LABELS.get(out.get("role", ""), "")
    return out


def city_context(city: City, style: str) -> dict[str, Any]:
    contacts = [_blank_none(c.model_dump()) for c in city.contacts]
    by_role = {c["role"]: c for c in reversed(contacts)}  # first of each role wins
    for role in ("leader_office", "volunteer"):
        by_role.setdefault(role, _blank_none({"role": role, "present": False}))
    langs = [language(code) for code in city.languages]
    region = [city.city] + ([city.state] if city.state else []) + [city.country]
    data = {
        "city": city.city,
        "local_name": city.local_name or city.city,
        "has_local_name": bool(city.local_name and city.local_name != city.city),
        "state": city.state or "",
        "country": city.country,
        "full_name": ", ".join(region),
        "population": city.population,
        "population_text": f"{city.population:,}" if city.population else "",
        "languages": [{"code": lang.code, "name": lang.name, "native": lang.native,
                       "rtl": lang.rtl} for lang in langs],
        "languages_text": join_words([lang.name for lang in langs]),
        "geography": list(city.geography),
        "geography_text": join_words(list(city.geography)),
        "industries": list(city.industries),
        "industries_text": join_words(list(city.industries)),
        "institutions": [{"category": k.capitalize(), "names": v, "names_text": "; ".join(v)}
                         for k, v in city.institutions.items()],
        "leader": official_context(city.leader),
        "contacts": contacts,
        "leader_office_contact": by_role["leader_office"],
        "volunteer_contact": by_role["volunteer"],
        "address": list(city.address),
    }
    if isinstance(city, Home):
        # no commission recorded: the usual name, so letterheads and signatures still read
        commission = city.commission
        data["commission"] = {
            "name": commission.name if commission else f"{city.city} Sister Cities Commission",
            "chair": (commission.chair or "") if commission else "",
        }
        data["focus_areas"] = list(city.focus_areas)
        data["focus_areas_text"] = join_words(list(city.focus_areas))
    return data


def document_context(ws: Workspace, case_file: CaseFile, kind: DocKind, today: dt.date,
                     shared: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the template of `kind` may use for this case.

    `shared` is `case_context(ws, case_file)`, when the caller has it already: every document
    of a case shares it.
    """
    shared = shared if shared is not None else case_context(ws, case_file)
    return assemble(doc_context(ws, case_file, kind, today), shared)


def assemble(doc: dict[str, Any], shared: dict[str, Any]) -> dict[str, Any]:
    """A document's context: its own part, the case's, and the two cities in the order of
    this original: `first`/`second` as named in title and text, `left`/`right` as they sign."""
    sides = {name: shared[doc[name]] for name in ("first", "second", "left", "right")}
    return {"doc": doc, **shared, **sides}


def doc_context(ws: Workspace, case_file: CaseFile, kind: DocKind,
                today: dt.date) -> dict[str, Any]:
    """What differs between the documents of one case: kind, title and date."""
    step = getattr(case_file.case.history, kind.dated_by) if kind.dated_by else None
    day = (max(step) if isinstance(step, list) else step) or today
    upcoming = [d for d in sorted(ws.settings.meetings.commission) if d > day]
    style = ws.settings.date_style
    first, second = ("partner", "home") if kind.original == "partner" else ("home", "partner")
    # the place of honour is the first cell: the left, or the right when the original leads
    # with a right-to-left text (its tables are laid out right to left, see render.scripts)
    left, right = first, second
    texts = agreement_texts(ws, case_file, kind.id, kind.original or "home", day) \
        if kind.id in AGREEMENT_KINDS else {}
    return {
        "kind": kind.id,
        "title": kind.title,
        "date": format_date(day, style),
        "date_iso": day.isoformat(),
        "next_commission_meeting": format_date(upcoming[0] if upcoming else None, style),
        "original": kind.original,
        "first": first, "second": second, "left": left, "right": right,
        **texts,
    }


AGREEMENT_KINDS = ("tentative-agreement", "mou", "mou-partner")


def agreement_texts(ws: Workspace, case_file: CaseFile, kind_id: str, original: str,
                    day: dt.date) -> dict[str, Any]:
    """The language versions of an agreement (`render.versions`), laid out for the
    template: `versions` (one text after the other) or `rows` (clause against clause)."""
    from docgen.render.versions import build_versions

    found = build_versions(ws, case_file, kind_id, original, day)
    present = found.present
    layout = case_file.case.agreement.layout or ("columns" if len(present) == 2
                                                 else "sequential")
    if len(present) < 2:
        layout = "sequential"
    rows = [{"kind": blocks[0]["kind"], "label": blocks[0]["label"],
             "cells": [dict(b) for b in blocks]}
            for blocks in zip(*(v.blocks for v in present), strict=True)]
    order = ("partner", "home") if original == "partner" else ("home", "partner")

    def lines(side: str, key: str) -> str:
        return "\n".join(dict.fromkeys(v.sign[side][key] for v in present))

    sign = [{"side": side, **{k: lines(side, k) for k in ("title", "for", "city", "date",
                                                            "attest")}}
            for side in order]
    return {
        "layout": layout,
        "rtl": present[0].rtl,
        "languages": [v.code for v in present],
        "languages_missing": [c for c in found.requested if c not in found.codes],
        "versions": [{"code": v.code, "rtl": v.rtl, "blocks": v.blocks} for v in present],
        "rows": rows if layout == "columns" else [],
        "sign": sign,
    }


def case_context(ws: Workspace, case_file: CaseFile,
                 home: dict[str, Any] | None = None) -> dict[str, Any]:
    """What every document of a case shares: home, partner, case and agreement.

    `home` is `city_context(ws.settings.home, ...)`, when the caller has it already.
    """
    settings = ws.settings
    style = settings.date_style
    case = case_file.case
    steps = step_dates(case)

    def date(day: dt.date | None) -> str:
        return format_date(day, style)

    history = sorted(
        [(d, "researched") for d in case.history.researched]
        + [(steps[key], name) for key, name in STEPS if key != "researched" and steps[key]],
        key=lambda item: item[0] or dt.date.min)
    discuss_by = None
    if case.inquiry is not None:
        later = sorted(d for d in settings.meetings.commission if d > case.inquiry.received)
        if len(later) >= settings.policy.inquiry_meetings:
            discuss_by = later[settings.policy.inquiry_meetings - 1]
    inquiry = None
    if case.inquiry is not None:
        inquiry = {
            "received": date(case.inquiry.received),
            "channel": case.inquiry.channel,
            "from_name": case.inquiry.from_.name if case.inquiry.from_ else "",
            "from_title": (case.inquiry.from_.title or "") if case.inquiry.from_ else "",
            "summary": case.inquiry.summary or "",
        }
    return {
        "home": home if home is not None else city_context(settings.home, style),
        "partner": city_context(case.partner, style),
        "case": {
            "id": case_file.id,
            "origin": case.origin,
            "step": current_step(case),
            "interest": case.interest or "",
            "focus_areas": list(case.focus_areas),
            "focus_areas_text": join_words(list(case.focus_areas)),
            "exchanges": list(case.exchanges),
            "inquiry": inquiry,
            "history": [{"step": name, "date": date(day)} for day, name in history],
            "inquiry_meetings": settings.policy.inquiry_meetings,
            "inquiry_meetings_text": number_words(settings.policy.inquiry_meetings),
            "discuss_by": date(discuss_by),
            "researched": [date(d) for d in case.history.researched],
        },
        "agreement": {**agreement_context(case, date), **existing_versions(ws, case_file)},
    }


def existing_versions(ws: Workspace, case_file: CaseFile) -> dict[str, Any]:
    """The agreement's languages as its text exists (`render.versions.language_versions`):
    what the SCI registration, the staff report and the packets list. The languages the case
    asks for stay in `languages_requested`."""
    from docgen.render.versions import language_versions

    codes = language_versions(ws, case_file)
    langs = [language(code) for code in codes]
    return {
        "languages": [{"code": lang.code, "name": lang.name, "native": lang.native,
                       "rtl": lang.rtl} for lang in langs],
        "languages_text": join_words([lang.name for lang in langs]),
        "equally_authentic": len(langs) > 1,
        "languages_requested": list(case_file.case.agreement.languages),
    }


def agreement_context(case: Case, date: Callable[[dt.date | None], str]) -> dict[str, Any]:
    agreement = case.agreement
    label = RELATIONSHIP_LABELS[agreement.type]
    langs = [language(code) for code in agreement.languages]
    signed = case.history.signed
    return {
        "type": agreement.type,
        "type_label": label,  # "Sister City"
        "relationship": f"{label.lower()} relationship",  # "sister city relationship"
        "languages": [{"code": lang.code, "name": lang.name, "native": lang.native,
                       "rtl": lang.rtl} for lang in langs],
        "languages_text": join_words([lang.name for lang in langs]),
        "equally_authentic": len(langs) > 1,
        "term_years": agreement.term_years,
        "term_text": (f"{agreement.term_years} years" if agreement.term_years
                      else "an indefinite period"),
        "notice_months": agreement.notice_months,
        "notice_text": f"{number_words(agreement.notice_months)} months'",
        "council_meeting": date(agreement.council_meeting),
        "council_approval": date(case.history.council_approval),
        "evaluation_by": date(agreement.evaluation_by),
        "signing_place": agreement.signing_place or "",
        "signing_date": date(signed),
        "signed": signed is not None,
        "registered": date(case.history.registered),
    }
