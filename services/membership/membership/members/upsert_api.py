"""The route of one member by the HR system's key (``members/upsert.py``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Request, Response
from fastapi.responses import JSONResponse

from membership.common import IfMatch, Importer
from membership.members import queries, upsert
from membership.members.commands import ConflictGuard
from membership.members.models import MemberOut
from shared.deps import DB, Ctx
from shared.etag import set_etag
from shared.openapi import sends
from shared.problems import problem_response
from shared.text import request_language

router = APIRouter(prefix="/api/v1/members", tags=["members"])
SourceSystem = Annotated[str, Path(min_length=1, max_length=60, pattern=r"^[^\x00-\x1f]+$")]
ExternalId = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f]+$")]


@router.put(
    "/by-external-id/{source_system}/{external_id}",
    operation_id="putMemberByExternalId",
    response_model=MemberOut,
    responses=sends("ETag", status=(200, 201)),
)
async def put_member(
    source_system: SourceSystem,
    external_id: ExternalId,
    row: Annotated[upsert.MemberRow, Body()],
    principal: Importer,
    db: DB,
    ctx: Ctx,
    request: Request,
    response: Response,
    expected: IfMatch,
) -> MemberOut | JSONResponse:
    """Create (201) or update (200) the member ``source_system`` knows as ``external_id``, by the import's rules:
    the import's columns and formats; status and branch change only through their commands."""
    language = request_language(request)
    guard = ConflictGuard.of(request.app.state.settings)
    try:
        member, created = await upsert.put_member(
            db, ctx, principal, (source_system, external_id), row, expected, guard, language
        )
    except upsert.RowRefused as refused:
        return _refusal(request, refused)
    out = queries.member_out(member, principal)
    set_etag(response, out.version)
    if created:
        response.status_code = 201
        response.headers["Location"] = f"/api/v1/members/{member.id}"
    return out


def _refusal(request: Request, refused: upsert.RowRefused) -> JSONResponse:
    errors = [{"loc": ["body", p.column or ""], "type": p.rule, "msg": p.message} for p in refused.problems]
    first = refused.problems[0]
    return problem_response(
        request, kind="rule-violation", status=422, detail=first.message, errors=errors, rule=first.rule
    )
