"""PUT /api/v1/members/by-external-id/{source_system}/{external_id}: one member by the HR system's key, under the
import's rules; ETag/If-Match, Idempotency-Key, scope and refusals."""

from __future__ import annotations

from typing import Any

from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()
PATH = "/api/v1/members/by-external-id/hrm-tq"


def row(branch: str, **changes: Any) -> dict[str, Any]:
    return {
        "full_name": "Hoàng Thị Lan",
        "gender": "female",
        "birth_date": "12/03/1985",
        "ethnicity": "Tày",
        "national_id": "008185000123",
        "org_id": branch,
        "status": "official",
        "admission_date": "2010-05-19",
        "recognition_date": "2011-05-19",
        "positions": ["secretary"],
        "phone": "0912000111",
        **changes,
    }


async def test_a_record_is_created_then_updated_then_left_alone_with_its_etag(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        hr = auth(t.district, "integration")
        created = await m.client.put(f"{PATH}/NV-001", headers=hr, json=row(t.branch))
        assert created.status_code == 201, created.text
        member = created.json()
        assert (member["external_id"], member["source_system"], member["org_id"]) == ("NV-001", "hrm-tq", t.branch)
        assert created.headers["Location"] == f"/api/v1/members/{member['id']}"
        stale = created.headers["ETag"]
        updated = await m.client.put(
            f"{PATH}/NV-001", headers={**hr, "If-Match": stale}, json=row(t.branch, phone="0987654321")
        )
        assert (updated.status_code, updated.json()["phone"], updated.json()["id"]) == (200, "0987654321", member["id"])
        assert updated.headers["ETag"] != stale
        late = await m.client.put(f"{PATH}/NV-001", headers={**hr, "If-Match": stale}, json=row(t.branch))
        assert late.status_code == 412
        same = await m.client.put(f"{PATH}/NV-001", headers=hr, json=row(t.branch, phone="0987654321"))
        assert (same.status_code, same.headers["ETag"]) == (200, updated.headers["ETag"])
        history = await m.client.get(f"/api/v1/members/{member['id']}/history", headers=ADMIN)
        assert sorted(h["change"] for h in history.json()) == ["registered", "updated"]  # not the unchanged PUT


async def test_status_and_branch_change_only_through_their_commands_and_bad_rows_name_each_problem(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        assert (await m.client.put(f"{PATH}/NV-002", headers=ADMIN, json=row(t.branch))).status_code == 201
        moved = await m.client.put(f"{PATH}/NV-002", headers=ADMIN, json=row(t.branch2))
        assert (moved.status_code, moved.json()["rule"]) == (422, "import.use_status_command")
        bad = await m.client.put(
            f"{PATH}/NV-003", headers=ADMIN, json=row(t.branch, national_id="12AB", birth_date="31/02/1985")
        )
        assert bad.status_code == 422
        assert {e["loc"][1] for e in bad.json()["errors"]} == {"national_id", "birth_date"}
        unknown_column = await m.client.put(f"{PATH}/NV-004", headers=ADMIN, json={**row(t.branch), "salary": "1"})
        assert unknown_column.status_code == 422


async def test_the_put_is_scoped_idempotent_by_key_and_refuses_readers(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        key = {**ADMIN, "Idempotency-Key": "put-nv-005"}
        first = await m.client.put(f"{PATH}/NV-005", headers=key, json=row(t.branch))
        replay = await m.client.put(f"{PATH}/NV-005", headers=key, json=row(t.branch))
        assert (first.status_code, replay.status_code, replay.headers["Idempotent-Replayed"]) == (201, 201, "true")
        outsider = auth(t.other_province, "integration")
        elsewhere = await m.client.put(f"{PATH}/NV-005", headers=outsider, json=row(t.other_branch))
        assert (elsewhere.status_code, elsewhere.json()["rule"]) == (409, "member.external_id_unavailable")
        outside_branch = await m.client.put(
            f"{PATH}/NV-006", headers=outsider, json=row(t.branch, national_id="001" * 4)
        )
        assert outside_branch.status_code == 422
        for role in ("viewer", "secretary"):
            refused = await m.client.put(f"{PATH}/NV-007", headers=auth(t.branch, role), json=row(t.branch))
            assert refused.status_code == 403, role
