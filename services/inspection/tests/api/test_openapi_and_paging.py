"""The service's contract: OpenAPI with unique operation ids and documented problems, health, cursor paging."""

from __future__ import annotations

from typing import Any

World = Any


async def test_openapi_documents_every_route_with_problems(insp: Any) -> None:
    schema = (await insp.client.get("/openapi.json")).json()
    operations = [op for path in schema["paths"].values() for op in path.values()]
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))
    assert {
        "imposeDiscipline",
        "lodgeAppeal",
        "decideAppeal",
        "submitClassification",
        "classificationDistribution",
        "planInspection",
        "concludeInspection",
    } <= set(ids)
    impose = schema["paths"]["/api/v1/disciplines"]["post"]
    assert "application/problem+json" in impose["responses"]["422"]["content"]
    assert (await insp.client.get("/healthz")).status_code == 200
    ready = await insp.client.get("/readyz")
    assert ready.json()["checks"]["migrations"] == "ok"


async def test_lists_are_cursor_paged(world: World) -> None:
    w, client = world, world.service.client
    for n, member in enumerate(["M1", "M2"]):
        made = await client.post(
            "/api/v1/disciplines",
            headers=w.headers("C", "inspector"),
            json={
                "target_type": "member",
                "target_id": w.ids[member],
                "measure": "reprimand",
                "decision_number": f"{n}",
                "decision_date": f"2026-0{n + 1}-10",
                "issuing_org_id": w.C,
                "violation_date": "2025-12-01",
            },
        )
        assert made.status_code == 201, made.text
    seen, cursor = [], None
    for _ in range(3):
        params: dict[str, Any] = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/api/v1/disciplines", params=params, headers=w.headers("C", "viewer"))).json()
        seen += [d["decision_date"] for d in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["2026-02-10", "2026-01-10"]
    bad = await client.get("/api/v1/disciplines", params={"cursor": "nonsense"}, headers=w.headers("C", "viewer"))
    assert bad.status_code == 400
    too_many = await client.get("/api/v1/disciplines", params={"limit": 500}, headers=w.headers("C", "viewer"))
    assert too_many.status_code == 422
