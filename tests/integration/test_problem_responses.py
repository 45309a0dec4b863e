"""Bad input gets RFC 9457 problem+json naming the field and the rule, in the caller's language, and changes
nothing; the OpenAPI document declares those responses."""

from __future__ import annotations

from shared.testing.harness import ServiceFactory, auth


async def test_invalid_input_names_each_field_in_vietnamese_or_english(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        body = {"kind": "village", "effective_date": "2026-13-01"}
        vi = await m.client.post("/api/v1/orgs", headers=auth(lang="vi"), json=body)
        en = await m.client.post("/api/v1/orgs", headers=auth(lang="en-GB,en;q=0.9"), json=body)
        assert vi.status_code == en.status_code == 422
        assert vi.headers["content-type"] == "application/problem+json"
        assert vi.headers["content-language"] == "vi"
        problem = vi.json()
        assert problem["type"] == "urn:grassroots:problem:validation-error"
        assert problem["request_id"] == vi.headers["x-request-id"]
        by_field = {tuple(e["loc"]): e for e in problem["errors"]}
        assert by_field[("body", "name")]["type"] == "missing"
        assert by_field[("body", "name")]["msg"] == "Trường này là bắt buộc."
        assert by_field[("body", "kind")]["type"] == "enum"
        assert by_field[("body", "effective_date")]["type"] == "date_from_datetime_parsing"
        en_fields = {tuple(e["loc"]): e["msg"] for e in en.json()["errors"]}
        assert en_fields[("body", "name")] == "This field is required."
        listed = await m.client.get("/api/v1/orgs", headers=auth())
        assert listed.json()["items"] == []


async def test_unknown_routes_and_missing_tokens_are_problems_too(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        missing = await m.client.get("/api/v1/nowhere", headers=auth(lang="en"))
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        anonymous = await m.client.get("/api/v1/orgs", headers={"Accept-Language": "en"})
        assert anonymous.status_code == 401
        assert anonymous.headers["www-authenticate"] == "Bearer"
        assert anonymous.json()["rule"] == "auth.missing_token"
        bad_cursor = await m.client.get("/api/v1/orgs?cursor=zzz", headers=auth())
        assert bad_cursor.status_code == 400


async def test_openapi_declares_problem_json_for_errors(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        schema = (await m.client.get("/openapi.json")).json()
        operation = schema["paths"]["/api/v1/orgs"]["post"]
        for status in ("401", "403", "404", "409", "422"):
            assert "application/problem+json" in operation["responses"][status]["content"]
        assert operation["operationId"] == "createOrg"
        assert "HTTPValidationError" not in schema["components"]["schemas"]


async def test_a_nul_character_in_input_is_a_bad_request_not_a_server_error(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        response = await m.client.get("/api/v1/orgs", params={"under": "abc\x00def"}, headers=auth(lang="en"))
        assert response.status_code == 400, response.text
        assert response.json()["rule"] == "input.nul_character"
        created = await m.client.post(
            "/api/v1/orgs",
            headers=auth(lang="en"),
            json={"name": "Tỉnh\x00X", "kind": "province", "parent_id": None, "effective_date": "2026-01-01"},
        )
        assert created.status_code == 400, created.text
        assert (await m.client.get("/api/v1/orgs", headers=auth())).json()["items"] == []
