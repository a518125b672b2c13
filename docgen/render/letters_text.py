"""The courtesy translation of the letters (`letters_translated: true` in a case).

The letter of introduction and the inquiry response are written in English; a case may ask
that each be followed by a courtesy translation into the partner's language. The translation
is a faithful summary of the letter in a few translatable sentences, with a stable `msgctxt`
each (`letter.intro.p1`) and python-brace placeholders, translated through the same catalogs
as the agreements (`translations/<lang>.po`). A sentence the catalog lacks leaves the whole
courtesy translation out (LNG004 reports it): a letter never claims a translation it lacks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from docgen.render.clauses import RELATIONSHIPS, Block
from docgen.render.versions import _date, _Writer, case_key, home_key, is_source, item_key
from docgen.workspace.languages import join_list, language
from docgen.workspace.model import CaseFile, Workspace
from docgen.workspace.translations import Catalog, Source, draft_catalog, load_catalog

LETTER_KINDS = ("letter-of-introduction", "inquiry-response")

_HEAD = (
    Block("heading", "letter.courtesy", "Courtesy translation — the English letter is the "
          "original", comment="the heading of the translation that follows an English letter"),
    Block("para", "letter.salutation", "Dear {leader_name}, {leader_title},",
          comment="the salutation of the partner city's leader: name and title in the "
                  "order and form your language uses"),
)
_CLOSE = (
    Block("para", "letter.closing", "Sincerely,", comment="the closing before the signature"),
    Block("para", "@signer"),
)
_CONTACTS = "Our points of contact for this initiative are named in the English letter; your " \
    "office is welcome to write to them or to me at any time."

LETTERS: dict[str, tuple[Block, ...]] = {
    "letter-of-introduction": (
        *_HEAD,
        Block("para", "letter.intro.p1", "On behalf of the people of {home_city}, I am writing "
              "to introduce our community and to propose that {home_city} and {partner_city} "
              "explore a {relationship}."),
        Block("para", "letter.intro.focus", "Our sister cities commission, which advises the "
              "City Council on these relationships, proposes that the partnership focus on "
              "{focus} exchange.", "focus"),
        Block("para", "letter.intro.contacts", _CONTACTS),
        Block("para", "letter.intro.reply", "I would be grateful to learn of your city's "
              "interest in this proposal, and I look forward to your reply and to the "
              "friendship of our two cities."),
        *_CLOSE,
    ),
    "inquiry-response": (
        *_HEAD,
        Block("para", "letter.response.thanks", "Thank you for your message of {received} "
              "proposing a {relationship} between {partner_city} and {home_city}. The City of "
              "{home_city} warmly welcomes it.", "inquiry"),
        Block("para", "letter.response.thanks_any", "Thank you for your interest in a "
              "{relationship} between {partner_city} and {home_city}. The City of {home_city} "
              "warmly welcomes it.", "!inquiry"),
        Block("para", "letter.response.focus", "Our sister cities commission, which reviews "
              "these proposals and advises the City Council, shares your interest in {focus} "
              "exchange.", "focus"),
        Block("para", "letter.response.meeting", "The commission will hear your proposal at "
              "its meeting of {meeting}.", "meeting"),
        Block("para", "letter.response.meeting_next", "The commission will hear your proposal "
              "at its next regular meeting.", "!meeting"),
        Block("para", "letter.response.form", "I enclose the commission's request form; we "
              "would be grateful if your office could complete and return it. Our two cities "
              "would then confirm the focus areas in a tentative agreement, and a Memorandum "
              "of Understanding would be signed by the highest officials of both cities."),
        Block("para", "letter.response.contacts", _CONTACTS),
        Block("para", "letter.response.close", "I look forward to the friendship and "
              "cooperation of our two cities."),
        *_CLOSE,
    ),
}


@dataclass
class Courtesy:
    """A letter's courtesy translation, or what its catalog lacks for one."""

    code: str
    rtl: bool
    catalog: Catalog
    paragraphs: list[str] = field(default_factory=list)
    missing: list[Source] = field(default_factory=list)
    used: list[Source] = field(default_factory=list)  # every sentence it translates

    def context(self) -> dict[str, object] | None:
        """What the letter's template sees: None when a sentence is missing."""
        if self.missing or not self.paragraphs:
            return None
        return {"code": self.code, "rtl": self.rtl, "heading": self.paragraphs[0],
                "paragraphs": self.paragraphs[1:]}


def letter_sources() -> list[Source]:
    """Every sentence of the letters' courtesy translations, once, for the catalogs."""
    out: dict[str, Source] = {}
    for blocks in LETTERS.values():
        for block in blocks:
            if not block.ctx.startswith("@") and block.ctx not in out:
                out[block.ctx] = Source(block.ctx, block.text, block.comment)
    return list(out.values())


def courtesy_language(ws: Workspace, case_file: CaseFile) -> str | None:
    """The language of the courtesy translation: the partner's first language among the
    agreement's languages that is not English (else the agreement's first such)."""
    others = [c for c in case_file.case.agreement.languages if not is_source(c)]
    bases = {c.split("-")[0].lower(): c for c in others}
    for own in case_file.case.partner.languages:
        if own.split("-")[0].lower() in bases:
            return bases[own.split("-")[0].lower()]
    return others[0] if others else None


def build_courtesy(ws: Workspace, case_file: CaseFile, kind_id: str, day: dt.date,
                   meeting: dt.date | None) -> Courtesy | None:
    """The courtesy translation of the letter `kind_id`, or None when the case asks for
    none (or names no language to translate into)."""
    case, cid = case_file.case, case_file.id
    code = courtesy_language(ws, case_file)
    if not case.letters_translated or kind_id not in LETTERS or code is None:
        return None
    catalog = load_catalog(ws.root, code)
    w = _Writer(code, catalog, draft_catalog(code))
    home, partner = ws.settings.home, case.partner
    style = ws.settings.date_style
    if case.focus_areas:
        focus = [w.tr(case_key(cid, item_key("focus_areas", f)), f) for f in case.focus_areas]
    else:
        focus = [w.tr(home_key(item_key("focus_areas", f)), f) for f in home.focus_areas]
    values = {
        "home_city": w.tr(home_key("city"), home.city),
        "partner_city": w.tr(case_key(cid, "partner.city"), partner.city),
        "relationship": w.tr(f"relationship.{case.agreement.type}",
                             RELATIONSHIPS[case.agreement.type]),
        "focus": join_list(focus, code),
        "leader_name": partner.leader.name,
        "leader_title": w.tr(case_key(cid, "partner.leader.title"), partner.leader.title),
        "received": _date(case.inquiry.received if case.inquiry else None, code, style),
        "meeting": _date(meeting, code, style),
    }
    when = {"focus": bool(focus), "inquiry": case.inquiry is not None,
            "meeting": meeting is not None}
    paragraphs = []
    for block in LETTERS[kind_id]:
        if block.when and when[block.when.lstrip("!")] == block.when.startswith("!"):
            continue
        if block.ctx == "@signer":
            paragraphs += [home.leader.name, w.tr(home_key("leader.title"), home.leader.title)]
        else:
            paragraphs.append(w.tr(block.ctx, block.text, values))
    if len(paragraphs) > 1:  # the date line after the heading, written by CLDR
        paragraphs.insert(1, _date(day, code, style))
    return Courtesy(code, language(code).rtl, catalog, paragraphs,
                    list(dict.fromkeys(w.missing)), list(dict.fromkeys(w.used)))
