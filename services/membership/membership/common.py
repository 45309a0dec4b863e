"""Who may do what on membership's routes, and the version checks: one definition of each for every feature, as
in ``meetings.common`` and ``inspection.common``, so that a copy cannot drift and quietly widen or narrow a route."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shared.auth import Principal, Role, require
from shared.etag import if_match_version, required_if_match

Reader = Annotated[Principal, require()]
Organiser = Annotated[Principal, require(Role.ADMIN, Role.ORGANISER)]
"""The organising committee: the tree, targets, badges and the member record."""
Secretary = Annotated[Principal, require(Role.ADMIN, Role.ORGANISER, Role.SECRETARY)]
"""The organising committee and the branch secretaries: the admission steps, dues."""
Importer = Annotated[Principal, require(Role.ADMIN, Role.ORGANISER, Role.INTEGRATION)]
"""The organising committee or an HR system: imports and upserts by external key."""
Integrator = Annotated[Principal, require(Role.ADMIN, Role.INTEGRATION)]
"""An HR system's account: SCIM, import mappings, webhooks."""
IfMatch = Annotated[int | None, Depends(if_match_version)]
IfMatchRequired = Annotated[int, Depends(required_if_match)]
