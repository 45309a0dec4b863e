"""FastAPI dependencies shared by every service's routes: the database and the command context."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from shared.auth import Principal, current_principal
from shared.db import Context, Database


# Dependencies are ``async def``: FastAPI runs a plain ``def`` dependency in its thread pool, two thread hops on
# every request for these two (issue 13: ~3 % of a registration's CPU, and latency under load).
async def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


async def command_context(request: Request, principal: Annotated[Principal, Depends(current_principal)]) -> Context:
    return Context(
        actor=principal.actor,
        request_id=getattr(request.state, "request_id", None),
        traceparent=getattr(request.state, "traceparent", None),
    )


DB = Annotated[Database, Depends(get_db)]
Ctx = Annotated[Context, Depends(command_context)]
