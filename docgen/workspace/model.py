"""The typed model of a workspace: the home city's profile, its calendar, and the cases.

Field names follow the contract (`shared/contract/`); everything added here is optional, so
a file valid under the contract stays valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from docgen.errors import unknown_cases
from docgen.workspace.images import check_image
from docgen.workspace.kinds import KIND_IDS
from docgen.workspace.values import Email, FocusAreas, Phone, language_codes

RelationshipType = Literal["sister-city", "friendship-city", "county", "state"]
ContactRole = Literal["leader_office", "volunteer"]

RELATIONSHIP_LABELS: dict[str, str] = {
    "sister-city": "Sister City",
    "friendship-city": "Friendship City",
    "county": "Sister County",
    "state": "Sister State",
}

class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True, frozen=True
    )


Text = Annotated[str, Field(min_length=1)]
Language = Annotated[str, Field(min_length=2)]
# a PNG or JPEG file inside the workspace, workspace-relative (e.g. images/seal.png)
ImageFile = Annotated[str | None, AfterValidator(check_image)]


class Official(_Model):
    """A city's highest official, as the case records them."""

    name: Text
    title: Text
    form_of_address: str | None = None  # "The Honorable", "His Excellency", ...
    # Optional refinements, for names where the last word is not the surname:
    family_name: str | None = None
    given_name: str | None = None  # the name used in formal address where custom asks it
    name_order: Literal["given-first", "family-first"] | None = None  # as `name` is written
    salutation: str | None = None  # the whole salutation, e.g. "Excellency:"
    # Optional term of office: lets the checks tell that a signatory holds office on a date.
    in_office_since: dt.date | None = None
    in_office_until: dt.date | None = None
    # the languages and country of the official's city (set by City): whose naming custom
    _culture: tuple[tuple[str, ...], str] = PrivateAttr(default=((), ""))

    @property
    def culture(self) -> tuple[tuple[str, ...], str]:
        """(languages, country) of the official's city, for forms of address."""
        return self._culture


class Person(_Model):
    name: Text
    title: str | None = None


class Contact(_Model):
    role: ContactRole
    name: Text
    title: str | None = None
    organization: str | None = None
    email: Email = None
    phone: Phone = None


class Commission(_Model):
    name: Text
    chair: str | None = None


class City(_Model):
    """What both sides of a partnership have in common."""

    city: Text
    local_name: str | None = None  # the name in the city's own language and script
    state: str | None = None
    country: Text
    population: Annotated[int, Field(ge=1, le=100_000_000)] | None = None
    languages: list[Language] = []
    geography: list[Text] = []
    industries: list[Text] = []
    institutions: dict[str, list[Text]] = {}
    leader: Official
    contacts: list[Contact] = []
    address: list[Text] = []
    seal: ImageFile = None  # the city's seal, shown beside its signature

    @field_validator("languages")
    @classmethod
    def _bcp47(cls, value: list[str]) -> list[str]:
        return language_codes(value)

    @model_validator(mode="after")
    def _leader_culture(self) -> City:
        self.leader._culture = (tuple(self.languages), self.country)
        return self


class Staff(_Model):
    """Who signs the staff report (all optional): the City Manager it comes from, who
    prepared and who reviewed it, and the environmental review line in the home's words."""

    city_manager: Person | None = None
    prepared_by: Person | None = None
    reviewed_by: Person | None = None
    environmental_review: str | None = None  # e.g. "CEQA: not a project (Guidelines 15378)"


class Membership(_Model):
    """The home member's Sister Cities International membership (SCI recognizes members in
    good standing)."""

    member: Text  # the member's name as SCI lists it
    number: str | None = None
    dues_through: dt.date | None = None  # dues paid through this date


class Home(City):
    commission: Commission | None = None
    focus_areas: FocusAreas = []
    staff: Staff | None = None  # optional: the staff report's From, Prepared by, Reviewed by
    sci_membership: Membership | None = None  # optional: named in the SCI submission
    letterhead: ImageFile = None  # the logo at the head of outgoing letters


class Partner(City):
    pass


class Meetings(_Model):
    commission: list[dt.date] = []
    council: list[dt.date] = []


class Policy(_Model):
    """The commission's own numbers (DOMAIN.md: make them configurable)."""

    inquiry_meetings: Annotated[int, Field(ge=1, le=100)] = 3
    evaluation_min_months: Annotated[int, Field(ge=0, le=1200)] = 6
    evaluation_max_months: Annotated[int, Field(ge=1, le=1200)] = 24
    focus_areas: list[Text] = []  # focus-area words besides seed 000's five


# The loader's `rule_check` (validation context "rule_check"): why a rule id names no rule,
# or None. The rules are the checks' business, a layer above; they hand the loader the check.
RuleCheck = Callable[[str], str | None]


def _known_rule(value: str, info: ValidationInfo) -> str:
    check: RuleCheck | None = (info.context or {}).get("rule_check")
    problem = check(value) if check is not None else None
    if problem is not None:
        raise ValueError(problem)
    return value


def _off(value: object) -> object:
    return "off" if value is False else value  # YAML reads a bare `off` as false


def _known_kind(value: str | None) -> str | None:
    if value is not None and value not in KIND_IDS:
        raise ValueError(f"{value!r} is not a document kind; known kinds: {', '.join(KIND_IDS)}")
    return value


RuleId = Annotated[str, AfterValidator(_known_rule)]
RuleSetting = Annotated[Literal["error", "warning", "off"], BeforeValidator(_off)]


class Settings(_Model):
    """docgen.yaml"""

    home: Home
    meetings: Meetings = Meetings()
    policy: Policy = Policy()
    date_style: Literal["month-day-year", "day-month-year"] = "month-day-year"
    rules: dict[RuleId, RuleSetting] = {}  # severity overrides: `docgen check --help` lists ids

    @model_validator(mode="before")
    @classmethod
    def _declared_focus_areas(cls, data: object, info: ValidationInfo) -> object:
        """Hand policy.focus_areas to the focus-area checks of home and of the cases (the
        loader validates the cases with the same context)."""
        policy = data.get("policy") if isinstance(data, dict) else None
        words = policy.get("focus_areas") if isinstance(policy, dict) else None
        if isinstance(info.context, dict) and isinstance(words, list):
            info.context["focus_areas"] = tuple(w for w in words if isinstance(w, str))
        return data


class Inquiry(_Model):
    model_config = ConfigDict(populate_by_name=True)

    received: dt.date
    channel: Literal["email", "letter", "visit", "phone"] = "letter"
    from_: Person | None = Field(default=None, alias="from")
    summary: str | None = None


class History(_Model):
    """The steps that have happened, in the contract's order."""

    researched: list[dt.date] = []
    responded: dt.date | None = None
    introduction_sent: dt.date | None = None
    request_form_received: dt.date | None = None
    tentative_agreement: dt.date | None = None
    council_approval: dt.date | None = None
    signed: dt.date | None = None
    registered: dt.date | None = None


class Approval(_Model):
    """The partner's approval of the agreement, as its office records it."""

    by: Text  # "the Municipal Assembly of Tetovo", "the Provincial Cabinet"
    date: dt.date | None = None


class Attestation(_Model):
    """Who attests the signatures, one per side (US practice: the City Clerk)."""

    home: Person | None = None
    partner: Person | None = None


class Agreement(_Model):
    type: RelationshipType = "sister-city"
    languages: list[Language] = []

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, value: list[str]) -> list[str]:
        return language_codes(value)
    term_years: Annotated[int, Field(ge=1, le=100)] | None = None
    council_meeting: dt.date | None = None
    evaluation_by: dt.date | None = None
    signing_place: str | None = None
    signed_copy: str | None = None  # a scan of the signed agreement, workspace-relative
    # optional: one scan per language version ({en: scans/x-en.pdf, lo: scans/x-lo.pdf}),
    # when the versions were signed as separate documents
    signed_copies: dict[Language, str] = {}
    council_record: str | None = None  # the council's resolution or minutes, a file (PDF)
    notice_months: Annotated[int, Field(ge=1, le=60)] = 6  # written notice to terminate
    # "each": an original per city (the alternat): the partner's names the partner first and
    # puts its signature in the place of honour; "one": a single original
    originals: Literal["one", "each"] = "one"
    # the language versions side by side (a column each) or one after the other; unset:
    # columns for two languages, sequential for three or more
    layout: Literal["columns", "sequential"] | None = None
    partner_approval: Approval | None = None  # recited in the MOU beside the council's
    attest: Attestation | None = None  # witnesses of the signatures, symmetric


class Proposal(_Model):
    """What a Request form asks beyond the two cities (all optional): who supports the link
    at home, the first year's program and budget, and the links that exist already."""

    community_support: list[Text] = []  # organizations and volunteer groups
    first_year_plan: str | None = None
    first_year_budget: str | None = None
    existing_links: list[Text] = []  # visits, exchanges, businesses, diaspora ties


class Waiver(_Model):
    """A finding the commission accepts, with its reason; shown in every report."""

    rule: RuleId
    reason: Text
    document: Annotated[str | None, AfterValidator(_known_kind)] = None  # a kind, e.g. mou


class Case(_Model):
    partner: Partner
    origin: Literal["initiated", "inquiry"]
    inquiry: Inquiry | None = None
    interest: str | None = None
    focus_areas: FocusAreas = []
    exchanges: list[Text] = []
    history: History = History()
    agreement: Agreement = Agreement()
    proposal: Proposal = Proposal()
    waivers: list[Waiver] = []
    letters_translated: bool = False  # letters followed by a courtesy translation

    @model_validator(mode="after")
    def _inquiry_given(self) -> Case:
        if self.origin == "inquiry" and self.inquiry is None:
            raise ValueError("origin is 'inquiry', so an inquiry: section (received, channel) "
                             "is required")
        return self


@dataclass(frozen=True)
class CaseFile:
    """A validated case with where it came from."""

    id: str
    path: str  # workspace-relative, as shown in messages
    case: Case
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict, compare=False)

    def line_of(self, *key: str | int) -> int | None:
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 1


@dataclass(frozen=True)
class Workspace:
    root: str  # absolute path of the workspace folder
    settings: Settings
    cases: tuple[CaseFile, ...]
    settings_lines: dict[tuple[str | int, ...], int] = field(default_factory=dict, compare=False)

    def case(self, case_id: str) -> CaseFile | None:
        return next((c for c in self.cases if c.id == case_id), None)

    def require(self, *case_ids: str) -> list[CaseFile]:
        """The named cases; an InputError naming every id that has no case file."""
        found = {c.id: c for c in self.cases}
        missing = [c for c in case_ids if c not in found]
        if missing:
            raise unknown_cases(missing, found)
        return [found[c] for c in case_ids]
