"""Stage 2: the data a template sees, as plain JSON-able values (strings, lists, dicts).

Everything a template prints is decided here, so templates stay free of logic and
`docgen context CASE KIND --json` shows a template author exactly what there is to use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from docgen.render.address import address_of, rank_of
from docgen.render.prose import CHANNELS, join_words, list_sentence, name_words
from docgen.render.submission import membership_context, sci_enclosures
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


def official_context(leader: Official) -> dict[str, Any]:
    """An official's names and form of address (render/address.py: never a silent guess)."""
    address = address_of(leader)
    return {
        "name": leader.name,
        "title": leader.title,
        "rank": rank_of(leader.title),
        "surname": address.called,  # the name the salutation uses ("" when none is settled)
        "form_of_address": leader.form_of_address or "",
        "addressed_as": address.addressed_as,  # first line of an address block
        "address_lines": list(address.lines),  # the address block's lines before the post's
        "salutation": address.salutation,
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
    # "Name, Title (email, phone)": a contact as a sentence names it
    reach = ", ".join(x for x in (out["email"], out["phone"]) if x)
    out["text"] = ", ".join(x for x in (out["name"], out["title"], out["organization"]) if x) \
        + (f" ({reach})" if reach and out["name"] else "")
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
        "contacts_text": ", and ".join(c["text"] for c in (by_role["leader_office"],
                                                           by_role["volunteer"]) if c["present"]),
        "institutions_text": join_words([n for names in city.institutions.values()
                                         for n in names]),
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
        data["sci_membership"] = membership_context(city.sci_membership,
                                                    lambda d: format_date(d, style))
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
    day, upcoming = document_day(ws, case_file, kind, today)
    style = ws.settings.date_style
    first, second = ("partner", "home") if kind.original == "partner" else ("home", "partner")
    # the place of honour is the first cell: the left, or the right when the original leads
    # with a right-to-left text (its tables are laid out right to left, see render.scripts)
    left, right = first, second
    texts = agreement_texts(ws, case_file, kind.id, kind.original or "home", day) \
        if kind.id in AGREEMENT_KINDS else {}
    from docgen.render.letters_text import LETTER_KINDS, build_courtesy

    if kind.id in LETTER_KINDS:  # the letter's courtesy translation (letters_translated)
        found = build_courtesy(ws, case_file, kind.id, day, upcoming[0] if upcoming else None)
        texts = {"courtesy": found.context() if found else None}
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


def document_day(ws: Workspace, case_file: CaseFile, kind: DocKind,
                 today: dt.date) -> tuple[dt.date, list[dt.date]]:
    """The date of a document, and the commission meetings after it."""
    step = getattr(case_file.case.history, kind.dated_by) if kind.dated_by else None
    day = ((max(step) if step else None) if isinstance(step, list) else step) or max(
        today, _latest_before(case_file.case, kind.dated_by))
    return day, [d for d in sorted(ws.settings.meetings.commission) if d > day]


def _latest_before(case: Case, step: str | None) -> dt.date:
    """The latest recorded step before `step`: a document whose own step has no date yet is
    never dated before the step it reports (a registration letter before the signing)."""
    keys = [key for key, _ in STEPS]
    earlier = keys[:keys.index(step)] if step in keys else keys
    dates = step_dates(case)
    return max((d for k in earlier if (d := dates[k]) is not None), default=dt.date.min)


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
        # a line the same in every version is printed once where it is on both sides, so
        # the two blocks keep the same lines (SYM002): a title already in the partner's
        # language is repeated in its version when the home title is not
        texts = [v.sign[side][key] for v in present]
        if not any(texts) or all(len({v.sign[s][key] for v in present}) == 1 for s in order):
            return texts[0]
        return "\n".join(texts)

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
            "channel_text": CHANNELS.get(case.inquiry.channel, case.inquiry.channel),
            "from_name": case.inquiry.from_.name if case.inquiry.from_ else "",
            "from_title": (case.inquiry.from_.title or "") if case.inquiry.from_ else "",
            "summary": case.inquiry.summary or "",
        }
    return {
        "home": with_pictures(home if home is not None else city_context(settings.home, style),
                              settings.home, ws.root),
        "partner": with_pictures(city_context(case.partner, style), case.partner, ws.root),
        "case": {
            "id": case_file.id,
            "origin": case.origin,
            "step": current_step(case),
            "interest": case.interest or "",
            "focus_areas": list(case.focus_areas),
            "focus_areas_text": join_words(list(case.focus_areas)),
            "exchanges": list(case.exchanges),
            "exchanges_text": list_sentence(case.exchanges, _names(settings.home, case)),
            # the day the request form goes out: the reply to an inquiry, or the introduction
            "form_sent": date(steps["responded"] or steps["introduction_sent"]),
            "inquiry": inquiry,
            "history": [{"step": name, "date": date(day)} for day, name in history],
            "inquiry_meetings": settings.policy.inquiry_meetings,
            "inquiry_meetings_text": number_words(settings.policy.inquiry_meetings),
            "discuss_by": date(discuss_by),
            "researched": [date(d) for d in case.history.researched],
            "proposal": {
                "community_support_text": "; ".join(case.proposal.community_support),
                "first_year_plan": case.proposal.first_year_plan or "",
                "first_year_budget": case.proposal.first_year_budget or "",
                "existing_links_text": "; ".join(case.proposal.existing_links),
            },
            "form_returned": date(case.history.request_form_received),
            "researched_text": join_words([date(d) for d in case.history.researched]),
            "dates": {key: date(day) for key, day in steps.items()},  # {"signed": "June 2, 2026"}
        },
        "agreement": {**agreement_context(case, date), **existing_versions(ws, case_file, date)},
    }


def existing_versions(ws: Workspace, case_file: CaseFile,
                      date: Callable[[dt.date | None], str]) -> dict[str, Any]:
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
        # what the SCI submission encloses (docgen.render.submission), as its letter lists it
        "enclosures": [e.title for e in sci_enclosures(case_file.case, date, codes)],
    }


def _names(home: Home, case: Case) -> frozenset[str]:
    """The proper names of a case, which prose leaves capitalized."""
    names = [home.city, case.partner.city, home.country, case.partner.country]
    for city in (home, case.partner):
        names += [n for group in city.institutions.values() for n in group]
        names += [c.name for c in city.contacts] + [city.leader.name]
    return name_words(names)


def with_pictures(data: dict[str, Any], city: City, root: str) -> dict[str, Any]:
    """A city's context with its images: `seal` (and the home city's `letterhead`), each a
    `Picture` — the workspace path as text, the picture where a template prints it — or ""."""
    from pathlib import Path

    from docgen.render.images import LETTERHEAD_BOX, SEAL_BOX, Picture, file_digest

    out = dict(data)

    def add(name: str, shown: str | None, box: tuple[float, float]) -> None:
        path = str(Path(root) / shown) if shown else ""
        out[name] = Picture(shown, path, box) if shown else ""
        # the file's digest: a build sees a new image under the same name as a change
        out[f"{name}_sha256"] = file_digest(path) if shown else ""

    add("seal", city.seal, SEAL_BOX)
    if isinstance(city, Home):
        add("letterhead", city.letterhead, LETTERHEAD_BOX)
    return out


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
