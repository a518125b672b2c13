"""Rules on the steps of a case and the commission's deadlines (docgen.yaml `policy:`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from docgen.checks.data import add_months
from docgen.checks.inputs import CaseData
from docgen.checks.registry import Hit, rule
from docgen.workspace.lifecycle import STEPS

_NAMES = dict(STEPS)
# The steps after `researched`, in order; `researched` is a list of meetings and is placed
# by origin: before the introduction when the commission initiates, after the inquiry when
# a city abroad writes first.
_ORDERED = tuple(key for key, _ in STEPS if key != "researched")


def _in_order(dated: list[tuple[str, dt.date, tuple[str, ...]]]) -> set[int]:
    """The indexes of the most dates that are in order; of equals, the earlier steps are
    kept (the one wrong date is what stands out, not the ones after it)."""
    import itertools

    n = len(dated)
    for drop in range(n):
        for gone in itertools.combinations(range(n - 1, -1, -1), drop):
            kept = [i for i in range(n) if i not in gone]
            if all(dated[a][1] <= dated[b][1] for a, b in itertools.pairwise(kept)):
                return set(kept)
    return set()


def _required(step: str, origin: str) -> tuple[str, ...]:
    """The steps that must have happened before `step` (seeds 000 and 001)."""
    if step == "request_form_received":
        return ("introduction_sent",) if origin == "initiated" else ("responded",)
    if step == "introduction_sent":
        return ("researched",) if origin == "initiated" else ()
    return {
        "tentative_agreement": ("request_form_received", "researched"),
        "council_approval": ("tentative_agreement",),
        "signed": ("council_approval",),
        "registered": ("signed",),
    }.get(step, ())


@rule("TIM001", "error", "History dates follow the order of the steps (council approval before "
      "signing, signing before registration); the date out of order is reported, not the "
      "ones after it.", "data")
def steps_in_order(data: CaseData) -> Iterator[Hit]:
    case = data.case
    dated: list[tuple[str, dt.date, tuple[str, ...]]] = []
    if case.inquiry is not None:
        dated.append(("inquiry.received", case.inquiry.received, ("inquiry", "received")))
    for key in _ORDERED:
        day = getattr(case.history, key)
        if day is not None:
            dated.append((f"history.{key}", day, ("history", key)))
    kept = _in_order(dated)
    for i, (name, day, key) in enumerate(dated):
        if i in kept:
            continue
        before = [dated[j] for j in kept if j < i and dated[j][1] > day]
        after = [dated[j] for j in kept if j > i and dated[j][1] < day]
        step = _NAMES.get(key[-1], name)
        if before:
            other = before[-1]
            yield data.hit(f"{name} ({day}) is before {other[0]} ({other[1]}): {step} comes "
                           "after that step", *key)
        elif after:
            other = after[0]
            yield data.hit(f"{name} ({day}) is after {other[0]} ({other[1]}), a later step: "
                           f"check the date of {step}", *key)
    researched = case.history.researched
    if not researched:
        return
    if case.inquiry is not None and min(researched) < case.inquiry.received:
        yield data.hit(f"history.researched ({min(researched)}) is before the inquiry was "
                       f"received ({case.inquiry.received})", "history", "researched")
    sent = case.history.introduction_sent
    if case.origin == "initiated" and sent is not None and min(researched) > sent:
        yield data.hit(f"history.introduction_sent ({sent}) is before the first research "
                       f"meeting ({min(researched)})", "history", "introduction_sent")


@rule("TIM002", "error", "No step is recorded while an earlier required step is missing.",
      "data")
def no_skipped_step(data: CaseData) -> Iterator[Hit]:
    history = data.case.history
    for key, name in STEPS:
        if not getattr(history, key):
            continue
        for needed in _required(key, data.case.origin):
            if not getattr(history, needed):
                yield data.hit(f"history.{key} is recorded but history.{needed} is missing: "
                               f"{name} needs “{_NAMES[needed]}” first", "history", key)


def _discussion(data: CaseData) -> tuple[dt.date, list[dt.date], dt.date | None] | None:
    """For an inquiry: when it came, the commission meetings after it, its first discussion."""
    if data.case.origin != "inquiry" or data.case.inquiry is None:
        return None
    received = data.case.inquiry.received
    meetings = sorted(m for m in data.settings.meetings.commission if m > received)
    discussed = [d for d in data.case.history.researched if d >= received]
    return received, meetings, min(discussed) if discussed else None


def _discussion_key(data: CaseData) -> tuple[str, ...]:
    return ("history", "researched") if data.case.history.researched else ("inquiry", "received")


@rule("TIM003", "error", "An inquiry is discussed within policy.inquiry_meetings (3) commission "
      "meetings of its receipt.", "data")
def inquiry_discussed_in_time(data: CaseData) -> Iterator[Hit]:
    found = _discussion(data)
    if found is None:
        return
    received, meetings, discussed = found
    n = data.settings.policy.inquiry_meetings
    if len(meetings) < n:
        return  # the calendar does not reach the deadline yet: TIM004 says so when it matters
    last = meetings[n - 1]
    if discussed is not None and discussed > last:
        yield data.hit(f"the inquiry of {received} was first discussed on {discussed}, after "
                       f"the {_ordinal(n)} commission meeting since ({last})",
                       *_discussion_key(data))
    elif discussed is None and last <= data.as_of:
        yield data.hit(f"the inquiry of {received} has not been discussed (history.researched) "
                       f"and the {_ordinal(n)} commission meeting since ({last}) has passed",
                       *_discussion_key(data))


@rule("TIM004", "warning", "The next commission meeting is the last one to discuss an inquiry "
      "in time (or the calendar lacks it).", "data")
def inquiry_deadline_near(data: CaseData) -> Iterator[Hit]:
    found = _discussion(data)
    if found is None or found[2] is not None:
        return
    received, meetings, _ = found
    n = data.settings.policy.inquiry_meetings
    held = [m for m in meetings if m <= data.as_of]
    upcoming = [m for m in meetings if m > data.as_of]
    if len(held) >= n:
        return  # missed: TIM003
    if not upcoming:
        yield data.hit(f"the inquiry of {received} is still to be discussed, but "
                       "meetings.commission lists no coming meeting: add the calendar",
                       "inquiry", "received")
    elif len(held) == n - 1:
        yield data.hit(f"the inquiry of {received} must be discussed at the next commission "
                       f"meeting ({upcoming[0]}), the {_ordinal(n)} since it came",
                       "inquiry", "received")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@rule("TIM005", "error", "The evaluation date is 6 to 24 months after signing "
      "(policy.evaluation_min_months / evaluation_max_months), and within the term.", "data")
def evaluation_window(data: CaseData) -> Iterator[Hit]:
    signed = data.case.history.signed
    if signed is None:
        return
    policy = data.settings.policy
    earliest = add_months(signed, policy.evaluation_min_months)
    latest = add_months(signed, policy.evaluation_max_months)
    when = data.case.agreement.evaluation_by
    years = data.case.agreement.term_years
    if ("agreement",) not in data.case_file.lines:
        return  # TIM010 asks for the section
    if when is not None and years is not None and when > add_months(signed, 12 * years):
        yield data.hit(f"agreement.evaluation_by ({when}) is after the term of {years} years "
                       f"ends ({add_months(signed, 12 * years)}): evaluate while the "
                       "agreement is in force", "agreement", "evaluation_by")
    if when is None:
        yield data.hit(f"signed on {signed} but agreement.evaluation_by is missing: set a date "
                       f"between {earliest} and {latest}", "history", "signed")
    elif not earliest <= when <= latest:
        yield data.hit(f"agreement.evaluation_by ({when}) is not between {earliest} and "
                       f"{latest} ({policy.evaluation_min_months} to "
                       f"{policy.evaluation_max_months} months after signing on {signed})",
                       "agreement", "evaluation_by")


@rule("TIM007", "error", "agreement.council_meeting is a council meeting (meetings.council), "
      "the one that approved the agreement, not after signing.", "data")
def council_meeting(data: CaseData) -> Iterator[Hit]:
    meeting = data.case.agreement.council_meeting
    approval = data.case.history.council_approval
    signed = data.case.history.signed
    if meeting is None and ("agreement",) not in data.case_file.lines:
        return  # TIM010 asks for the section
    if meeting is None:
        if approval is not None:
            yield data.hit(f"approved by council on {approval}, but agreement.council_meeting "
                           "is missing", "history", "council_approval")
        return
    if meeting not in data.settings.meetings.council:
        yield data.hit(f"agreement.council_meeting ({meeting}) is not a council meeting in "
                       "meetings.council", "agreement", "council_meeting")
    if signed is not None and meeting > signed:
        yield data.hit(f"agreement.council_meeting ({meeting}) is after the signing "
                       f"({signed}): the council approves before the mayor signs",
                       "agreement", "council_meeting")
    if approval is not None and approval != meeting:
        yield data.hit(f"history.council_approval ({approval}) is not the date of "
                       f"agreement.council_meeting ({meeting})", "agreement", "council_meeting")
