"""Use cases of rubrics (set by a province) and of the evaluation form of a held meeting."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from meetings.common import commit_change
from meetings.evaluations import policies
from meetings.evaluations.models import (
    BandIn,
    CriterionIn,
    EvaluationConfirm,
    EvaluationFill,
    EvaluationOut,
    EvaluationRow,
    RubricCreate,
    RubricOut,
    RubricRow,
    RubricUpdate,
)
from meetings.evaluations.queries import rubric_in_force, rubric_in_scope, rubric_of
from meetings.evaluations.rules import Criterion, GradeBand, Rubric, score_form, validate_rubric
from meetings.events import MeetingEvaluated, MeetingFacts
from meetings.schedules.commands import facts_of, publish
from meetings.schedules.queries import meeting_in_scope
from meetings.schedules.rules import MeetingStatus
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database
from shared.errors import Conflict, InvalidTransition, PreconditionRequired, RuleViolation
from shared.etag import check_version
from shared.eventfacts import facts_from


def _checked(
    criteria: list[CriterionIn], bands: list[BandIn], effective_from: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Validate with the pure rules; store the bands ordered from the lowest, as the rules return them."""
    draft = Rubric(
        tuple(Criterion(c.code, c.weight) for c in criteria),
        tuple(GradeBand(b.grade, b.min_score, b.max_score) for b in bands),
    )
    rubric = validate_rubric(draft, full_score=policies.FULL_SCORE.at(effective_from))
    return (
        [{"code": c.code, "weight": c.weight} for c in rubric.criteria],
        [{"grade": b.grade.value, "min_score": b.min_score, "max_score": b.max_score} for b in rubric.bands],
    )


async def create_rubric(db: Database, ctx: Context, principal: Principal, body: RubricCreate) -> RubricOut:
    async with db.uow(ctx) as uow:
        node = await orgtree.node_in_scope(uow.session, principal, body.org_id)
        if node.kind != "province":
            raise RuleViolation("rubric.org_not_province", field="org_id", org_id=node.id, kind=node.kind)
        criteria, bands = _checked(body.criteria, body.bands, body.effective_from)
        if (
            await uow.session.execute(
                select(RubricRow.id).where(
                    RubricRow.org_id == body.org_id, RubricRow.effective_from == body.effective_from
                )
            )
        ).first():
            raise Conflict("rubric.exists", field="effective_from", effective_from=body.effective_from.isoformat())
        row = RubricRow(
            id=str(uuid.uuid4()), org_id=body.org_id, effective_from=body.effective_from, criteria=criteria, bands=bands
        )
        uow.session.add(row)
        await uow.session.flush()
        return await commit_change(uow, row, "rubric.created", RubricOut, body.model_dump(mode="json"))


async def update_rubric(
    db: Database, ctx: Context, principal: Principal, rubric_id: str, body: RubricUpdate, expected_version: int
) -> RubricOut:
    async with db.uow(ctx) as uow:
        row = await rubric_in_scope.to_change(uow.session, principal, rubric_id, expected_version)
        before = {"criteria": row.criteria, "bands": row.bands}
        row.criteria, row.bands = _checked(body.criteria, body.bands, row.effective_from)
        await uow.session.flush()
        after = {"criteria": row.criteria, "bands": row.bands}
        return await commit_change(uow, row, "rubric.updated", RubricOut, after, before)


async def fill_evaluation(
    db: Database,
    ctx: Context,
    principal: Principal,
    meeting_id: str,
    body: EvaluationFill,
    expected_version: int | None,
) -> tuple[EvaluationOut, bool]:
    """Fill in (or correct) the form of a held meeting against the rubric in force on its date; returns the
    form and whether it was created. Correcting an existing form needs its ETag."""
    async with db.uow(ctx) as uow:
        meeting = await meeting_in_scope(uow.session, principal, meeting_id, for_update=True)
        if meeting.status != MeetingStatus.HELD:
            raise InvalidTransition("evaluation.meeting_not_held", status=meeting.status)
        node = await orgtree.get_node(uow.session, meeting.org_id)
        assert node is not None
        rubric = await rubric_in_force(uow.session, node, meeting.meeting_date)
        scored = score_form(rubric_of(rubric), body.scores)
        row = (
            await uow.session.execute(
                select(EvaluationRow).where(EvaluationRow.meeting_id == meeting_id).with_for_update()
            )
        ).scalar_one_or_none()
        created = row is None
        if row is None:
            row = EvaluationRow(
                id=str(uuid.uuid4()),
                meeting_id=meeting_id,
                org_id=meeting.org_id,
                status="draft",
                filled_by=principal.actor,
            )
            uow.session.add(row)
        else:
            if expected_version is None:
                raise PreconditionRequired("etag.required")
            check_version(row.version, expected_version)
            if row.status == "confirmed":
                raise InvalidTransition("evaluation.already_confirmed")
        row.rubric_id, row.scores, row.total = rubric.id, dict(scored.scores), scored.total
        row.max_score, row.grade = sum(c.weight for c in rubric.criteria), scored.grade.value
        row.venue, row.facilities, row.materials = body.venue, body.facilities, body.materials
        row.recommendations, row.observations = body.recommendations, body.observations
        row.filled_by = principal.actor
        await uow.session.flush()
        out = await commit_change(uow, row, "evaluation.filled", EvaluationOut, body.model_dump(mode="json"))
    return out, created


def _attending(principal: Principal, attendees: list[dict[str, Any]]) -> bool:
    return any(
        a.get("committee_org_id") == principal.org_id or (a.get("user") and a.get("user") == principal.actor)
        for a in attendees
    )


async def confirm_evaluation(
    db: Database,
    ctx: Context,
    principal: Principal,
    meeting_id: str,
    body: EvaluationConfirm,
    expected_version: int | None,
    now: datetime,
) -> EvaluationOut:
    """The superior committee that attended confirms the form; only then is ``meeting.evaluated`` published."""
    async with db.uow(ctx) as uow:
        meeting = await meeting_in_scope(uow.session, principal, meeting_id)
        row = (
            await uow.session.execute(
                select(EvaluationRow).where(EvaluationRow.meeting_id == meeting_id).with_for_update()
            )
        ).scalar_one_or_none()
        if row is None:
            raise InvalidTransition("evaluation.not_found", meeting_id=meeting_id)
        check_version(row.version, expected_version)
        if row.status == "confirmed":
            raise InvalidTransition("evaluation.already_confirmed")
        if not _attending(principal, meeting.superior_attendees):
            raise RuleViolation("evaluation.confirmer_not_attending", org_id=principal.org_id)
        if body.observations is not None:
            row.observations = body.observations
        row.status, row.confirmed_by, row.confirmed_at = "confirmed", principal.actor, now
        await uow.session.flush()
        form = facts_from(row, MeetingEvaluated, leave=MeetingFacts.model_fields, evaluation_id="id", score="total")
        publish(uow, MeetingEvaluated(**facts_of(meeting), **form), meeting)
        return await commit_change(uow, row, "evaluation.confirmed", EvaluationOut, {"observations": row.observations})
