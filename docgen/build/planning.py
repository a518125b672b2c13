"""Planning one case at a time: which of its documents to build, keep or remove, and why.

A `Planner` holds what the plan of some cases found: actions, render jobs, the state records
of those cases. The build plans its cases chunk by chunk
(`docgen.build.chunks`), each chunk's jobs rendered and checked before the next is planned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.build.parallel import RenderJob
from docgen.build.records import CaseRecord, TargetRecord
from docgen.build.stale import (
    CASE_PARTS,
    Inputs,
    context_parts,
    doc_digest,
    parts_digest,
    reasons_for,
    target_signature,
)
from docgen.build.state import State
from docgen.build.targets import Action, BuildRequest, Target
from docgen.clock import source_date
from docgen.workspace.lifecycle import KIND_IDS, kind

if TYPE_CHECKING:
    from docgen.workspace.model import Case, CaseFile, Workspace


@dataclass(frozen=True)
class _Shared:
    context: dict[str, Any]  # home, partner, case, agreement
    parts: dict[str, str]  # "partner.contacts" -> hash, home included
    digest: str


def not_due(request: BuildRequest, case_file: CaseFile) -> list[str]:
    """The lines naming documents `request.docs` asks for that `case_file` is not due."""
    if not request.docs:
        return []
    return [f"{case_file.path}: {kind_id}: {reason}" for kind_id in KIND_IDS
            if kind_id in request.docs and (reason := kind(kind_id).not_due(case_file.case))]


def due_count(request: BuildRequest, case: Case) -> int:
    """How many of the documents `request` asks for `case` is due (built or kept)."""
    return sum(1 for kind_id in KIND_IDS
               if (not request.docs or kind_id in request.docs)
               and kind(kind_id).not_due(case) is None)


class Planner:
    """Plans the targets of loaded cases, one case at a time, into `new`."""

    def __init__(self, request: BuildRequest, output: Path, old: State, new: State,
                 inputs: Inputs, today: dt.date) -> None:
        self.request, self.output, self.old, self.new = request, output, old, new
        self.inputs, self.today = inputs, today
        self.actions: list[Action] = []
        self.jobs: list[RenderJob] = []
        self.due = 0  # targets due among those asked for, built or up to date
        self.home: dict[str, Any] | None = None  # the home city's context, once per planner
        self.home_parts: dict[str, str] = {}

    def plan_case(self, workspace: Workspace, case_file: CaseFile) -> None:
        previous = self.old.cases.get(case_file.id)
        record = CaseRecord(case_file.path, previous.parts if previous else {})
        self.new.cases[case_file.id] = record
        old_parts = {**self.old.home, **record.parts}
        shared: _Shared | None = None
        for kind_id in KIND_IDS:
            old_target = previous.targets.get(kind_id) if previous else None
            target = Target(case_file.id, kind_id)
            reason = kind(kind_id).not_due(case_file.case)
            if self.request.docs and kind_id not in self.request.docs:
                if old_target is not None:
                    record.targets[kind_id] = old_target  # not this build's business
            elif reason is not None:  # `not_due` names it when it was asked for
                if old_target is not None:
                    self.actions.append(Action(target, "remove", [f"no longer due: {reason}"]))
            else:
                self.due += 1
                shared = shared or self.shared(workspace, case_file, record)
                self.plan_target(workspace, case_file, target, old_target, shared, old_parts)

    def shared(self, workspace: Workspace, case_file: CaseFile,
               record: CaseRecord) -> _Shared:
        """The context every document of the case shares, its part hashes and digest."""
        from docgen.render.context import case_context, city_context

        if self.home is None:
            self.home = city_context(workspace.settings.home, workspace.settings.date_style)
            self.home_parts = context_parts({"home": self.home}, ("home",))
            self.new.home = self.home_parts
        context = case_context(workspace, case_file, self.home)
        record.parts = context_parts(context, CASE_PARTS)
        parts = {**self.home_parts, **record.parts}
        return _Shared(context, parts, parts_digest(parts))

    def plan_target(self, workspace: Workspace, case_file: CaseFile, target: Target,
                    old_target: TargetRecord | None, shared: _Shared,
                    old_parts: dict[str, str]) -> None:
        from docgen.render.context import assemble, doc_context

        doc_kind = kind(target.kind_id)
        path, shown = self.inputs.templates[target.kind_id]
        doc = doc_context(workspace, case_file, doc_kind, self.today)
        context = assemble(doc, shared.context)
        doc_hash = doc_digest(context)
        sig = target_signature(shared.digest, doc_hash, self.inputs.files.get(shown))
        step = doc_kind.dated_by
        dated_today = not (step and getattr(case_file.case.history, step))
        entry = TargetRecord(sig, shown, dated_today, [], doc_hash)
        why = reasons_for(old_target, sig=sig, shown_template=shown, inputs=self.inputs,
                          old=self.old, old_parts=old_parts, new_parts=shared.parts,
                          doc=entry.doc, output_path=self.output / target.relpath(),
                          force=self.request.force)
        record = self.new.cases[case_file.id]
        if not why and old_target is not None:
            record.targets[target.kind_id] = replace(old_target, template=shown)
            return
        record.targets[target.kind_id] = entry
        self.actions.append(Action(target, "build", why))
        stamp = source_date(dt.date.fromisoformat(context["doc"]["date_iso"]))
        self.jobs.append(RenderJob(target.relpath(), path, shown, context, doc_kind.title,
                                   stamp))
