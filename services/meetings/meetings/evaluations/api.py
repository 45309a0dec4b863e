"""Routes of the provincial rubrics and of each held meeting's evaluation form."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi import APIRouter, Response, status

from meetings.common import Confirmer, IfMatch, IfMatchRequired, Organiser, Reader, Secretary
from meetings.evaluations import commands, queries
from meetings.evaluations.models import (
    EvaluationConfirm,
    EvaluationFill,
    EvaluationOut,
    RubricCreate,
    RubricOut,
    RubricUpdate,
)
from shared import orgtree
from shared.deps import DB, Ctx
from shared.etag import set_etag
from shared.openapi import sends
from shared.pagination import Page
from shared.routes import Listed

rubrics = APIRouter(prefix="/api/v1/rubrics", tags=["rubrics"])
forms = APIRouter(prefix="/api/v1/meetings", tags=["evaluations"])


@rubrics.post(
    "",
    operation_id="createRubric",
    status_code=status.HTTP_201_CREATED,
    response_model=RubricOut,
    responses=sends("ETag", "Location", status=201),
)
async def create_rubric(body: RubricCreate, principal: Organiser, db: DB, ctx: Ctx, response: Response) -> RubricOut:
    rubric = await commands.create_rubric(db, ctx, principal, body)
    response.headers["Location"] = f"/api/v1/rubrics/{rubric.id}"
    set_etag(response, rubric.version)
    return rubric


@rubrics.get("", operation_id="listRubrics", response_model=Page[RubricOut])
async def list_rubrics(listing: Listed, org_id: str | None = None) -> Page[RubricOut]:
    return await listing.of(queries.list_rubrics, org_id=org_id)


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


@rubrics.get("/{rubric_id}", operation_id="getRubric", response_model=RubricOut, responses=sends("ETag"))
async def get_rubric(rubric_id: str, principal: Reader, db: DB, response: Response) -> RubricOut:
    async with db.read_session() as session:
        rubric = RubricOut.model_validate(await queries.rubric_in_scope(session, principal, rubric_id))
    set_etag(response, rubric.version)
    return rubric


@rubrics.put("/{rubric_id}", operation_id="updateRubric", response_model=RubricOut, responses=sends("ETag"))
async def update_rubric(
    rubric_id: str,
    body: RubricUpdate,
    principal: Organiser,
    db: DB,
    ctx: Ctx,
    version: IfMatchRequired,
    response: Response,
) -> RubricOut:
    rubric = await commands.update_rubric(db, ctx, principal, rubric_id, body, version)
    set_etag(response, rubric.version)
    return rubric


@forms.get(
    "/{meeting_id}/evaluation",
    operation_id="getMeetingEvaluation",
    response_model=EvaluationOut,
    responses=sends("ETag"),
)
async def get_evaluation(meeting_id: str, principal: Reader, db: DB, response: Response) -> EvaluationOut:
    async with db.read_session() as session:
        form = await queries.evaluation_of(session, principal, meeting_id)
    set_etag(response, form.version)
    return form


@forms.put(
    "/{meeting_id}/evaluation",
    operation_id="fillMeetingEvaluation",
    response_model=EvaluationOut,
    summary="Fill in (201) or correct (200, If-Match required) the evaluation form of a held meeting.",
    responses=sends("ETag", status=(200, 201), responses={201: {"description": "Created", "model": EvaluationOut}}),
)
async def fill_evaluation(
    meeting_id: str, body: EvaluationFill, principal: Secretary, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> EvaluationOut:
    form, created = await commands.fill_evaluation(db, ctx, principal, meeting_id, body, version)
    if created:
        response.status_code = status.HTTP_201_CREATED
    set_etag(response, form.version)
    return form


@forms.post(
    "/{meeting_id}/evaluation/confirm",
    operation_id="confirmMeetingEvaluation",
    response_model=EvaluationOut,
    summary="Confirmed by the attending superior committee; publishes meeting.evaluated.",
    responses=sends("ETag"),
)
async def confirm_evaluation(
    meeting_id: str,
    body: EvaluationConfirm,
    principal: Confirmer,
    db: DB,
    ctx: Ctx,
    version: IfMatch,
    response: Response,
) -> EvaluationOut:
    form = await commands.confirm_evaluation(db, ctx, principal, meeting_id, body, version, datetime.now(UTC))
    set_etag(response, form.version)
    return form
