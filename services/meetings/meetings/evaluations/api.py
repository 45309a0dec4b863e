"""Routes of the provincial rubrics and of each held meeting's evaluation form."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Response

from meetings.common import Confirmer, IfMatch, IfMatchRequired, Organiser, Reader, Secretary
from meetings.evaluations import commands, queries
from meetings.evaluations.models import (
    EvaluationConfirm,
    EvaluationFill,
    EvaluationOut,
    RubricCreate,
    RubricFilters,
    RubricOut,
    RubricUpdate,
)
from shared import orgtree, routes
from shared.deps import DB, Ctx
from shared.listings import list_route
from shared.upserts import answer_put, puts

rubrics = APIRouter(prefix="/api/v1/rubrics", tags=["rubrics"])
forms = APIRouter(prefix="/api/v1/meetings", tags=["evaluations"])


rubric = routes.Resource(rubrics, RubricOut, reader=Reader, writer=Organiser, if_match=IfMatchRequired)
rubric.create("", commands.create_rubric, RubricCreate, "create_rubric", "createRubric", "/api/v1/rubrics/{id}")


list_route(rubrics, "", queries.list_rubrics, RubricFilters, RubricOut, "list_rubrics", "listRubrics")


@rubrics.get(
    "/in-force",
    operation_id="getRubricInForce",
    response_model=RubricOut,
    summary="The rubric an organisation's meetings are scored with on a date (its province's, or the default).",
)
async def rubric_in_force(org_id: str, on: date, principal: Reader, db: DB) -> RubricOut:
    async with db.read_session() as session:
        node = await orgtree.node_in_scope(session, principal, org_id)
        return await queries.rubric_in_force(session, node, on)


rubric.read("/{rubric_id}", queries.rubric_in_scope, "get_rubric", "getRubric")
rubric.step("/{rubric_id}", commands.update_rubric, RubricUpdate, "update_rubric", "updateRubric", method="PUT")
evaluation = routes.Resource(forms, EvaluationOut, reader=Reader, writer=Confirmer, if_match=IfMatch)
evaluation.read("/{meeting_id}/evaluation", queries.evaluation_of, "get_evaluation", "getMeetingEvaluation")


@forms.put(
    "/{meeting_id}/evaluation",
    **puts(
        "fillMeetingEvaluation",
        EvaluationOut,
        "Fill in (201) or correct (200, If-Match required) the evaluation form of a held meeting.",
    ),
)
async def fill_evaluation(
    meeting_id: str, body: EvaluationFill, principal: Secretary, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> EvaluationOut:
    form, created = await commands.fill_evaluation(db, ctx, principal, meeting_id, body, version)
    return answer_put(response, form, created, form.version)


evaluation.step(
    "/{meeting_id}/evaluation/confirm",
    commands.confirm_evaluation,
    EvaluationConfirm,
    "confirm_evaluation",
    "confirmMeetingEvaluation",
    "Confirmed by the attending superior committee; publishes meeting.evaluated.",
    stamped=True,
)
