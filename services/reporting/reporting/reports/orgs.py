"""Finding an organisation to report on without knowing its UUID: search by name (typed with or without
diacritics) and browse the tree, inside the caller's subtree only. The dashboard's organisation picker uses it.

Names are folded with ``shared.text.search_key`` (the fold membership's member search stores) when compared, so
"dang uy xa xuan loi" finds "Đảng ủy xã Xuân Lôi". The copy of the tree holds no folded column: the process keeps
every name folded until the tree changes (``names.py``) to pick the candidates, whose names are folded again here.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import String, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY

import shared.orgtree as orgtree
from reporting.reports.names import name_index
from shared.auth import Principal, require
from shared.deps import DB
from shared.orgtree import OrgKind, OrgStatus
from shared.pagination import Page, PageRequest, page_of_sorted, page_params
from shared.schema import org_nodes
from shared.text import search_key

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])
Reader = Annotated[Principal, require()]
SearchText = Annotated[
    str | None,
    Query(
        max_length=100,
        description="Part of the name, with or without diacritics (`xuan loi` finds `Xuân Lôi`).",
        examples=["dang uy xa"],
    ),
]
ParentId = Annotated[
    str | None,
    Query(description="Browse: the organisations directly under this one (with `q`: anywhere below it)."),
]


class OrgFound(BaseModel):
    id: str
    name: str
    kind: OrgKind
    status: OrgStatus
    parent_id: str | None
    parent_name: str | None = Field(description="To tell apart organisations of the same name.")


def _where(principal: Principal, parent: orgtree.OrgNode | None, searching: bool) -> list[Any]:
    """Which organisations a listing holds: a search looks through the whole subtree (the parent's, else the
    caller's); browsing lists a parent's children, or without a parent the top of the caller's subtree."""
    c = org_nodes.c
    where = [orgtree.in_scope(c.id, principal)]
    if parent is not None:
        where.append(orgtree.within(c.id, parent.path) if searching else c.parent_id == parent.id)
        if searching:
            where.append(c.id != parent.id)
    elif not searching:
        where.append(c.parent_id.is_(None) if principal.national else c.id == principal.org_id)
    return where


@router.get("/orgs", operation_id="findOrgs", response_model=Page[OrgFound])
async def find_orgs(
    principal: Reader,
    db: DB,
    page: Annotated[PageRequest, Depends(page_params)],
    q: SearchText = None,
    parent: ParentId = None,
) -> Page[OrgFound]:
    """Organisations in the caller's subtree by name (``q``) or by place in the tree (``parent``); without
    either, the caller's own organisation (the roots for a national token). Ordered by folded name."""
    key = search_key(q or "")
    c = org_nodes.c
    async with db.read_session(autocommit=True) as session:
        under = await orgtree.node_in_scope(session, principal, parent) if parent else None
        query = select(c.id, c.name, c.kind, c.status, c.parent_id).where(*_where(principal, under, bool(key)))
        if key:  # only the names that can match: the process's folded names (``names.py``), then exactly below
            within = under.id if under is not None else None if principal.national else principal.org_id
            candidates = (await name_index(session)).matching(key, within)
            query = query.where(c.id == any_(bindparam("candidates", candidates, type_=ARRAY(String))))
        rows = [(search_key(r.name), r) for r in (await session.execute(query)).all()]
        found = [(folded, r) for folded, r in rows if key in folded]
        chosen, cursor = page_of_sorted(found, lambda x: (x[0], x[1].id), page)
        parent_ids = {r.parent_id for _, r in chosen if r.parent_id}
        visible = select(c.id, c.name).where(c.id.in_(parent_ids), orgtree.in_scope(c.id, principal))
        names: dict[str, str] = {row.id: row.name for row in await session.execute(visible)}
    items = [OrgFound(**r._mapping, parent_name=names.get(r.parent_id)) for _, r in chosen]
    return Page[OrgFound](items=items, next_cursor=cursor)
