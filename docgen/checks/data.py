"""Rules on the case data and the workspace settings: rank, address, contacts, languages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from docgen.checks.inputs import CaseData
from docgen.checks.rank import Rank, in_known_script, read_rank
from docgen.checks.registry import Hit, rule
from docgen.workspace.lifecycle import due_kinds, step_dates
from docgen.workspace.model import City

SIDES = ("home", "partner")
def _city(data: CaseData, side: str) -> City:
    return data.home if side == "home" else data.partner


def own_names(city: City) -> list[str]:
    """The names a title may hold that are no part of its rank."""
    return [n for n in (city.city, city.local_name, city.state, city.country) if n]


def rank(city: City) -> Rank:
    return read_rank(city.leader.title, own_names(city))


@rule("PAR001", "error", "Each leader's title is the highest office (Mayor, Governor, Chair, "
      "President, 市長...), not a deputy, vice, acting, in-charge, pro tem or former one, "
      "wherever the title says so.", "data")
def highest_office(data: CaseData) -> Iterator[Hit]:
    for side in SIDES:
        title = _city(data, side).leader.title
        found = rank(_city(data, side))
        if found.lower is not None:
            yield data.side_hit(side, f"“{title}” is {found.lower}, not the highest "
                                      "official: the two highest officials sign",
                                "leader", "title")
        elif found.head is None and not found.council and in_known_script(title):
            yield data.side_hit(side, f"“{title}” does not name a city's highest office "
                                      "(Mayor, Governor, Chair, President...)",
                                "leader", "title")


@rule("PAR003", "warning", "The two signatories hold offices of equal rank (a mayor with a "
      "mayor, not a mayor with a governor).", "data")
def equal_rank(data: CaseData) -> Iterator[Hit]:
    levels = {side: rank(_city(data, side)).level for side in SIDES}
    if None not in levels.values() and levels["home"] != levels["partner"]:
        home, partner = data.home.leader.title, data.partner.leader.title
        yield data.hit(f"“{partner}” ({levels['partner']}) and “{home}” ({levels['home']}) "
                       "are offices of different rank; confirm each is the city's highest "
                       "official, or waive with the reason", "partner", "leader", "title")


@rule("PAR005", "error", "A signatory holds office on the date of each document "
      "(leader.in_office_since / in_office_until, when recorded).", "data")
def holds_office(data: CaseData) -> Iterator[Hit]:
    steps = step_dates(data.case)
    dated = [(k.id, steps.get(k.dated_by or "") or data.as_of) for k in due_kinds(data.case)
             if k.signed]
    for side in SIDES:
        leader = _city(data, side).leader
        since, until = leader.in_office_since, leader.in_office_until
        before = [f"{kind} ({day})" for kind, day in dated if since and day < since]
        after = [f"{kind} ({day})" for kind, day in dated if until and day > until]
        if before:
            yield data.side_hit(side, f"{leader.name} takes office on {since}, after the date "
                                      f"of: {', '.join(before)}", "leader", "in_office_since")
        if after:
            yield data.side_hit(side, f"{leader.name} leaves office on {until}, before the date"
                                      f" of: {', '.join(after)}", "leader", "in_office_until")


@rule("ADR004", "warning", "The partner leader's form of address is recorded as the partner's "
      "office confirmed it (docgen never guesses one).", "data")
def form_of_address_recorded(data: CaseData) -> Iterator[Hit]:
    leader = data.partner.leader
    if not leader.form_of_address:
        yield data.hit(f"no form of address for {leader.name}: ask the partner's office for "
                       "its preferred form (e.g. The Honorable) and record it in "
                       "partner.leader.form_of_address", "partner", "leader")


@rule("DAT002", "error", "Once signed, the case records the place of signing "
      "(agreement.signing_place).", "data")
def signing_place_recorded(data: CaseData) -> Iterator[Hit]:
    if data.case.history.signed and not data.case.agreement.signing_place \
            and ("agreement",) in data.case_file.lines:  # else TIM010 asks for the section
        yield data.hit("the agreement is signed but agreement.signing_place is missing: the "
                       "agreement states the date and place of signing", "history", "signed")


ROLES = {"leader_office": "mayor's-office (leader_office)", "volunteer": "volunteer"}


@rule("SYM003", "error", "From the tentative agreement on, each side has a mayor's-office and "
      "a volunteer contact.", "data")
def contacts_on_both_sides(data: CaseData) -> Iterator[Hit]:
    if data.case.history.tentative_agreement is None:
        return
    for side in SIDES:
        city = _city(data, side)
        roles = {c.role for c in city.contacts}
        missing = [label for role, label in ROLES.items() if role not in roles]
        if missing:
            yield data.side_hit(side, f"{city.city} has no {' and no '.join(missing)} contact;"
                                      " from the tentative agreement on, each side needs both",
                                "contacts")


@rule("REG002", "error", "A registered case records the signed agreement sent to SCI "
      "(agreement.signed_copy), and the file exists.", "data")
def signed_copy_recorded(data: CaseData) -> Iterator[Hit]:
    copy = data.case.agreement.signed_copy
    if copy:
        root = Path(data.workspace.root)
        if not _is_file_inside(root / copy, root):
            yield data.hit(f"agreement.signed_copy: {copy!r} is not a file in the workspace",
                           "agreement", "signed_copy")
    elif data.case.history.registered is not None:
        yield data.hit("registered with SCI, but agreement.signed_copy is missing: the packet "
                       "holds the signed agreement", "history", "registered")


def _is_file_inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().relative_to(root.resolve()) is not None and path.is_file()
    except (ValueError, OSError):
        return False


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months, clamped to the month's last day (Aug 31 + 6 -> Feb 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover
