"""The steps of a partnership and the document each step produces: which documents are due.

Seeds 000 and 001: the commission initiates (letter of introduction) or answers an inquiry
(written response); then the Request for a Sister City form, a tentative agreement, the MOU
for council review and signing, and registration with Sister Cities International.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.workspace.model import Case

# history keys in the contract's order, with what a clerk calls each step
STEPS: tuple[tuple[str, str], ...] = (
    ("researched", "researched"),
    ("responded", "inquiry answered"),
    ("introduction_sent", "introduction sent"),
    ("request_form_received", "request form received"),
    ("tentative_agreement", "tentative agreement confirmed"),
    ("council_approval", "approved by council"),
    ("signed", "signed"),
    ("registered", "registered with SCI"),
)


@dataclass(frozen=True)
class DocKind:
    id: str
    title: str
    # None when due, else why not (one line, for the clerk)
    not_due: Callable[[Case], str | None]
    # the history step whose date is the document's date (else the build's "today")
    dated_by: str | None
    template: str = ""  # the template's name, when not the kind's id
    original: str = "home"  # whose original the document is: "home" or "partner"
    signed: bool = True  # signed by a leader (False: a working paper, e.g. a research brief)

    @property
    def template_name(self) -> str:
        return self.template or self.id

    def is_due(self, case: Case) -> bool:
        return self.not_due(case) is None


def _initiated(case: Case) -> str | None:
    if case.origin != "initiated":
        return ("the case began with an inquiry from abroad: it gets an inquiry-response, "
                "not a letter of introduction")
    return None


def _inquiry(case: Case) -> str | None:
    if case.origin != "inquiry":
        return "the commission initiated this case: there is no inquiry to respond to"
    return None


def _contact_made(case: Case) -> str | None:
    if case.origin == "initiated" and case.history.introduction_sent is None:
        return "not due yet: the letter of introduction has not been sent " \
               "(history.introduction_sent)"
    return None


def _needs(step: str, what: str) -> Callable[[Case], str | None]:
    def check(case: Case) -> str | None:
        if getattr(case.history, step) is None:
            return f"not due yet: {what} (history.{step})"
        return None

    return check


def _partner_original(case: Case) -> str | None:
    if case.agreement.originals != "each":
        return "the agreement has a single original (agreement.originals: one)"
    return _needs("tentative_agreement", "there is no tentative agreement yet")(case)


def _researched(case: Case) -> str | None:
    if not case.history.researched:
        return "not due yet: no commission meeting has researched the city (history.researched)"
    return None


KINDS: tuple[DocKind, ...] = (
    DocKind("research-brief", "Research Brief", _researched, "researched", signed=False),
    DocKind("letter-of-introduction", "Letter of Introduction", _initiated, "introduction_sent"),
    DocKind("inquiry-response", "Response to an Inquiry", _inquiry, "responded"),
    DocKind("request-form", "Request for a Sister City", _contact_made, "request_form_received"),
    DocKind("tentative-agreement", "Tentative Agreement",
            _needs("request_form_received", "the request form has not been received"),
            "tentative_agreement"),
    DocKind("mou", "Memorandum of Understanding",
            _needs("tentative_agreement", "there is no tentative agreement yet"), "signed"),
    DocKind("mou-partner", "Memorandum of Understanding (partner's original)",
            _partner_original, "signed", template="mou", original="partner"),
    DocKind("resolution", "Resolution",
            _needs("tentative_agreement", "there is no tentative agreement yet"),
            "council_approval"),
    DocKind("sci-registration", "Registration with Sister Cities International",
            _needs("signed", "the agreement has not been signed"), "registered"),
)
KIND_IDS: tuple[str, ...] = tuple(k.id for k in KINDS)
_BY_ID = {k.id: k for k in KINDS}


def kind(kind_id: str) -> DocKind:
    return _BY_ID[kind_id]


def due_kinds(case: Case) -> list[DocKind]:
    return [k for k in KINDS if k.is_due(case)]


def current_step(case: Case) -> str:
    """The latest step that has happened, as a clerk would say it."""
    label = "new"
    for key, name in STEPS:
        value = getattr(case.history, key)
        if value:
            label = name
    if label == "new" and case.origin == "inquiry":
        return "inquiry received"
    return label


def step_dates(case: Case) -> dict[str, dt.date | None]:
    """history as {step: date}, the last research meeting standing for `researched`."""
    out: dict[str, dt.date | None] = {}
    for key, _ in STEPS:
        value = getattr(case.history, key)
        out[key] = max(value) if isinstance(value, list) and value else value or None
    return out


def as_of(case: Case, day: dt.date, *, before: Collection[str] = ()) -> Case:
    """The case as it stood on `day`: every history step dated after `day` unrecorded (and
    the steps named in `before` also when dated `day`: what that day's meeting decides), and
    the agreement's evaluation date left open until the agreement is signed.

    A packet for a meeting is rendered from this, so that it says only what was known then.
    """
    def kept(key: str, value: dt.date) -> bool:
        return value < day or (value == day and key not in before)

    changes: dict[str, object] = {}
    for key in type(case.history).model_fields:
        value = getattr(case.history, key)
        if isinstance(value, list):
            changes[key] = [d for d in value if kept(key, d)]
        elif isinstance(value, dt.date) and not kept(key, value):
            changes[key] = None
    history = case.history.model_copy(update=changes)
    agreement = case.agreement
    if history.signed is None and agreement.evaluation_by is not None \
            and agreement.evaluation_by > day:
        agreement = agreement.model_copy(update={"evaluation_by": None})
    return case.model_copy(update={"history": history, "agreement": agreement})
