"""Rules on what the history says has happened: a reply to every inquiry, no step in the
future of "today", and the agreement's section once there is an agreement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from docgen.checks.inputs import CaseData
from docgen.checks.registry import Hit, rule
from docgen.workspace.lifecycle import STEPS, due_kinds

_LATER = ("introduction_sent", "tentative_agreement", "council_approval", "signed",
          "registered")


def _top(data: CaseData, *keys: str) -> tuple[str, ...]:
    """The first of `keys` the case file has, as a key path (else the first)."""
    return next(((k,) for k in keys if (k,) in data.case_file.lines), (keys[0],))


@rule("TIM008", "error", "An inquiry is answered in writing (history.responded) before later "
      "steps, and by the time the commission's deadline to discuss it has passed.", "data")
def inquiry_answered(data: CaseData) -> Iterator[Hit]:
    case = data.case
    if case.origin != "inquiry" or case.inquiry is None or case.history.responded:
        return
    if case.history.request_form_received:
        return  # TIM002: the request form needs the reply first
    received = case.inquiry.received
    later = [k for k in _LATER if getattr(case.history, k)]
    meetings = sorted(m for m in data.settings.meetings.commission if m > received)
    n = data.settings.policy.inquiry_meetings
    deadline = meetings[n - 1] if len(meetings) >= n else None
    if later:
        yield data.hit(f"the inquiry of {received} has no written reply, yet history.{later[0]} "
                       "is recorded: add history.responded, the date of the reply",
                       *_top(data, "history", "inquiry"))
    elif deadline is not None and deadline < data.as_of:
        yield data.hit(f"the inquiry of {received} has no written reply (history.responded) "
                       f"and the commission's deadline ({deadline}) has passed: answer it in "
                       "writing and record the date", *_top(data, "history", "inquiry"))


@rule("TIM009", "warning", "No date in history (or the inquiry's) is after today, the as-of "
      "date: the history records what has happened, and a document dated today would precede "
      "it.", "data")
def nothing_in_the_future(data: CaseData) -> Iterator[Hit]:
    case, today = data.case, data.as_of
    undated = [k.id for k in due_kinds(case)
               if not (k.dated_by and getattr(case.history, k.dated_by))]
    tail = f"; {', '.join(undated)}, dated {today}, would come before it" if undated else ""
    found: list[tuple[str, dt.date, tuple[str | int, ...]]] = []
    if case.inquiry is not None:
        found.append(("inquiry.received", case.inquiry.received, ("inquiry", "received")))
    for i, day in enumerate(case.history.researched):
        found.append((f"history.researched[{i}]", day, ("history", "researched", i)))
    for key, _ in STEPS:
        day = getattr(case.history, key)
        if isinstance(day, dt.date):
            found.append((f"history.{key}", day, ("history", key)))
    for name, day, key in found:
        if day > today:
            yield data.hit(f"{name} ({day}) is after today ({today}): record a step once it "
                           f"has happened{tail}", *key)


@rule("TIM010", "error", "From the tentative agreement on, the case has an agreement: section "
      "(type, languages, term_years, council_meeting, evaluation_by, signing_place).", "data")
def agreement_section(data: CaseData) -> Iterator[Hit]:
    if data.case.history.tentative_agreement is None or ("agreement",) in data.case_file.lines:
        return
    yield data.hit("the tentative agreement is recorded (history.tentative_agreement) but the "
                   "case has no agreement: section: add one at the top level with type, "
                   "languages, term_years, council_meeting, evaluation_by and signing_place",
                   *_top(data, "history"))
