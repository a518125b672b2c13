"""What a registration with Sister Cities International encloses, from what the case records.

The cover letter's list of enclosures and the SCI packet are made from the same list, so the
letter names exactly what the packet holds: the signed agreement (one scan, or one per
language version), the council's resolution or minutes when the case names the file, and the
registration summary sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from docgen.workspace.languages import language
from docgen.workspace.model import Case, CaseFile, Membership, Workspace

SUMMARY_TITLE = "Registration summary"


def language_versions_present(ws: Workspace, case_file: CaseFile) -> list[str]:
    """The language versions of the agreement that exist, as codes: those whose catalogs
    hold its every sentence (`render.versions.language_versions`). The submission, the
    staff report and the packets list these, never a version that is not there."""
    from docgen.render.versions import language_versions

    return language_versions(ws, case_file)


@dataclass(frozen=True)
class Enclosure:
    title: str  # as the letter lists it and the packet bookmarks it
    file: str | None  # the workspace file enclosed; None for the summary sheet (rendered)
    key: tuple[str, ...] = ()  # where the case names the file, for messages


def sci_enclosures(case: Case, date: Callable[[dt.date | None], str],
                   versions: list[str]) -> list[Enclosure]:
    """The enclosures of the SCI submission, in the order they are enclosed; `versions`: the
    language versions that exist (`language_versions_present`)."""
    agreement = case.agreement
    names = {code: language(code).name for code in versions}
    out: list[Enclosure] = []
    signed = date(case.history.signed)
    on = f", signed {signed}" if signed else ""
    if agreement.signed_copies:
        for code in versions:
            out.append(Enclosure(f"Signed Memorandum of Understanding, {names[code]} version"
                                 f"{on} (scan)", agreement.signed_copies.get(code),
                                 ("agreement", "signed_copies", code)))
    elif agreement.signed_copy:
        listed = [names[c] for c in versions]
        which = (f"{listed[0]} version" if len(listed) == 1
                 else f"{', '.join(listed[:-1])} and {listed[-1]} versions")
        out.append(Enclosure(f"Signed Memorandum of Understanding, {which}{on} (scan)",
                             agreement.signed_copy, ("agreement", "signed_copy")))
    if agreement.council_record:
        approved = date(case.history.council_approval)
        of = f" of {approved}" if approved else ""
        out.append(Enclosure(f"Record of the City Council approval{of}", agreement.council_record,
                             ("agreement", "council_record")))
    out.append(Enclosure(SUMMARY_TITLE + ": relationship type, points of contact and SCI "
                         "membership", None))
    return out


def membership_context(membership: Membership | None,
                       date: Callable[[dt.date | None], str]) -> dict[str, object]:
    """The home member's SCI membership as the summary sheet shows it ("" where unknown)."""
    if membership is None:
        return {"recorded": False, "member": "", "number": "", "dues_through": ""}
    return {"recorded": True, "member": membership.member, "number": membership.number or "",
            "dues_through": date(membership.dues_through)}
