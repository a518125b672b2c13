"""Rules on forms of address that the data must settle: which name a salutation uses, and
the postal address a letter's address block needs."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.checks.inputs import LETTERS, CaseData
from docgen.checks.registry import Hit, rule
from docgen.render.address import address_of
from docgen.workspace.lifecycle import due_kinds


@rule("ADR006", "warning", "The case data settles which name the partner leader's salutation "
      "uses for the partner's naming custom (else the letter names the office alone).", "data")
def salutation_settled(data: CaseData) -> Iterator[Hit]:
    leader = data.partner.leader
    address = address_of(leader)
    if address.question is not None:
        yield data.hit(f"the letters to {leader.name} open “{address.salutation}”, naming no "
                       f"one: {address.question}", "partner", "leader", "name")


@rule("ADR007", "warning", "A letter's address block has the partner's postal address "
      "(partner.address).", "data")
def postal_address(data: CaseData) -> Iterator[Hit]:
    letters = [k.id for k in due_kinds(data.case) if k.id in LETTERS]
    if letters and not data.partner.address:
        yield data.hit(f"no postal address for {data.partner.leader.name}: the address block "
                       f"of the {letters[0]} ends with the title; record partner.address",
                       "partner")
