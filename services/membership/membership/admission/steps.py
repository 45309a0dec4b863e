"""What every admission step shares: loading the candidate in scope, its event facts, and finishing the step
(event, audit row, commit) in one unit of work; overridable lateness recorded with its reason."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from membership import scope
from membership.admission.models import Candidate
from membership.admission.pipeline import AdmissionCommand, AdmissionStage, next_stage
from membership.events import CandidateFacts
from membership.members.history import org_path
from membership.members.models import ETHNIC_MAJORITY, Member
from membership.members.rules import MemberDates, MemberStatus, official_on, state_from
from membership.time_limits import overridden
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import NotFound, RuleViolation
from shared.eventfacts import facts_from
from shared.events import EventPayload
from shared.filters import one_or_404


def candidate_facts(candidate: Candidate, effective_date: date) -> dict[str, Any]:
    return {
        "candidate_id": candidate.id,
        "org_id": candidate.org_id,
        "stage": candidate.stage,
        "gender": candidate.gender,
        "birth_date": candidate.birth_date,
        "ethnicity": candidate.ethnicity,
        "ethnic_minority": candidate.ethnicity.strip().lower() != ETHNIC_MAJORITY.lower(),
        "effective_date": effective_date,
    }


async def branch_kind(uow: UnitOfWork, candidate: Candidate) -> str:
    """The kind of the branch considering the candidate (whether a grassroots committee reviews it)."""
    node = await orgtree.get_node(uow.session, candidate.org_id)
    assert node is not None
    return node.kind


async def load_candidate(uow: UnitOfWork, principal: Principal, candidate_id: str) -> Candidate:
    query = select(Candidate).where(Candidate.id == candidate_id, scope.in_scope(Candidate.org_id, principal))
    not_found = NotFound("resource.not_found", resource="candidate", id=candidate_id)
    return await one_or_404(uow.session, query, not_found, for_update=True)


async def finish_step(
    uow: UnitOfWork, candidate: Candidate, payload: EventPayload | None, step: str, before: dict[str, Any] | None
) -> None:
    if payload is not None:
        uow.publish(
            payload,
            subject=f"candidate/{candidate.id}",
            aggregate_id=f"candidate:{candidate.id}",
            orgpath=await org_path(uow, candidate.org_id),
        )
    await uow.audit(
        f"candidate.{step}",
        "candidate",
        candidate.id,
        org_id=candidate.org_id,
        before=before,
        after={"stage": candidate.stage},
    )
    await uow.commit()


@dataclass
class Step:
    """One command on one candidate inside its unit of work: the stage it leads to and the audit's ``before``."""

    uow: UnitOfWork
    candidate: Candidate
    stage: AdmissionStage
    before: dict[str, Any] | None

    async def finish(
        self, name: str, event: type[EventPayload] | None = None, on: date | None = None, **fields: Any
    ) -> None:
        """Move the candidate to the step's stage, then publish ``event``, write the audit row and commit.

        The event carries the candidate's facts on ``on``, ``fields``, and the rest of its own fields read from
        the candidate's row (what the step just recorded there: the votes, the decision): the stage is set first,
        as the event carries it."""
        self.candidate.stage = self.stage.value
        payload = None
        if event is not None:
            assert on is not None
            recorded = facts_from(self.candidate, event, leave={*CandidateFacts.model_fields, *fields})
            payload = event(**candidate_facts(self.candidate, on), **recorded, **fields)
        await finish_step(self.uow, self.candidate, payload, name, self.before)


@asynccontextmanager
async def candidate_step(
    db: Database,
    ctx: Context,
    principal: Principal,
    candidate_id: str,
    command: AdmissionCommand,
    audited: tuple[str, ...] = ("stage",),
) -> AsyncIterator[Step]:
    """Every step starts alike: the candidate locked in the caller's scope and ``command`` allowed at its stage
    (``InvalidTransition`` before anything is checked); ``audited`` names what the audit row's ``before`` keeps."""
    async with db.uow(ctx) as uow:
        candidate = await load_candidate(uow, principal, candidate_id)
        stage = next_stage(AdmissionStage(candidate.stage), command)
        before = {key: getattr(candidate, key) for key in audited} or None
        yield Step(uow, candidate, stage, before)


def with_override(check: Callable[[str | None], object], reason: str | None) -> list[str]:
    """Run an overridable check; with a reason, a breach of an overridable rule is recorded, not refused."""
    try:
        check(None)
    except RuleViolation as breach:
        if not (breach.overridable and overridden(reason)):
            raise
        check(reason)
        return [breach.code]
    return []


def record_overrides(uow: UnitOfWork, candidate: Candidate, step: str, rules: list[str], reason: str | None) -> None:
    if rules:
        candidate.overrides = [
            *candidate.overrides,
            *({"step": step, "rule": r, "reason": reason, "actor": uow.context.actor} for r in rules),
        ]


async def official_members(uow: UnitOfWork, org_id: str, day: date) -> int:
    """The branch's official members on ``day`` (``members.rules.official_on``), the default count of a vote:
    those away on a transfer since before ``day`` are not at the branch to vote."""
    rows = (
        await uow.session.execute(
            select(
                Member.status,
                Member.previous_status,
                Member.admission_date,
                Member.recognition_date,
                Member.left_on,
                Member.transfer_issued_on,
            ).where(Member.org_id == org_id)
        )
    ).all()
    away = {MemberStatus.TRANSFER_PENDING.value, MemberStatus.TEMPORARILY_AWAY.value}
    return sum(
        1
        for r in rows
        if official_on(
            state_from(r.status, r.previous_status), MemberDates(r.admission_date, r.recognition_date, r.left_on), day
        )
        and not (r.status in away and r.transfer_issued_on is not None and r.transfer_issued_on <= day)
    )
