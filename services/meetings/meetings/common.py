"""What every feature's routes and commands share: who may do what, the local time zone, version checks."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends

from shared.auth import Principal, Role, require
from shared.calendar import VIETNAM
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
