"""Test data built through the public API (never behind the services' backs)."""

from __future__ import annotations

import httpx

from shared.testing.harness import auth


async def a_branch(client: httpx.AsyncClient, headers: dict[str, str] | None = None) -> str:
    """A province → district → grassroots committee → branch chain in membership; returns the branch's id."""
    parent = None
    for kind in ("province", "district", "grassroots_committee", "branch"):
        body = {"name": f"Tổ chức {kind}", "kind": kind, "parent_id": parent, "effective_date": "2020-01-01"}
        created = await client.post("/api/v1/orgs", headers=headers or auth(), json=body)
        assert created.status_code == 201, created.text
        parent = created.json()["id"]
    return str(parent)
