"""What every feature's routes and commands share: who may do what, the local time zone, version checks, and
how a change of a record commits."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Depends
from pydantic import BaseModel

from shared.auth import Principal, Role, require
from shared.calendar import VIETNAM
from shared.db import UnitOfWork
from shared.etag import if_match_version, required_if_match

ZONE = VIETNAM
"""Meeting dates are local calendar dates: the guidance counts days in Vietnam, not in UTC."""

BRANCH_KINDS = frozenset({"branch", "grassroots_branch"})
"""The organisations that hold members and meetings."""

Reader = Annotated[Principal, require()]
Secretary = Annotated[Principal, require(Role.ADMIN, Role.ORGANISER, Role.SECRETARY)]
Organiser = Annotated[Principal, require(Role.ADMIN, Role.ORGANISER)]
Confirmer = Annotated[Principal, require(Role.ADMIN, Role.ORGANISER, Role.SECRETARY, Role.INSPECTOR)]
IfMatch = Annotated[int | None, Depends(if_match_version)]
IfMatchRequired = Annotated[int, Depends(required_if_match)]


def local(moment: datetime) -> datetime:
    return moment.astimezone(ZONE)


class Placed(Protocol):
    """A record of one organisation: what its audit row names."""

    @property
    def id(self) -> str: ...

    @property
    def org_id(self) -> str: ...


Answer = TypeVar("Answer", bound=BaseModel)


async def commit_change(
    uow: UnitOfWork,
    row: Placed,
    action: str,
    answer: type[Answer],
    after: dict[str, Any],
    before: dict[str, Any] | None = None,
) -> Answer:
    """A change of a record ends one way: its audit row (``action`` = ``<entity>.<verb>``, on the row, in its
    organisation), the answer read before the commit (the row expires with it), one commit."""
    entity = action.split(".", 1)[0]
    await uow.audit(action, entity, row.id, org_id=row.org_id, before=before, after=after)
    out = answer.model_validate(row)
    await uow.commit()
    return out
