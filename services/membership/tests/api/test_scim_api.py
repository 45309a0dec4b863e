"""SCIM 2.0 at /scim/v2 checked by real clients: scim2-tester's discovery checks pass, scim2-client finds a member
by externalId and patches a phone number; creating or deleting a member answers a SCIM error; scope holds."""

from __future__ import annotations

import asyncio
from typing import Any

from scim2_client import BaseSyncSCIMClient
from scim2_client.engines.asgi import ASGISCIMClient
from scim2_models import Error, ListResponse, PatchOp, SearchRequest
from scim2_tester import Status, check_server

from membership.scim.mapping import ORG_SCHEMA, PARTY_SCHEMA, PROVIDER, MemberUser, OrgGroup, PartyOrganisation
from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()
BASE = "http://membership/scim/v2"


def scim_client(m: Any, headers: dict[str, str]) -> ASGISCIMClient:
    return ASGISCIMClient(m.app, base_url=BASE, headers=headers, provider=PROVIDER)


class ThreadedClient(BaseSyncSCIMClient):
    """scim2-tester drives a synchronous client: from its worker thread, each request runs on the test's event
    loop, where the application lives."""

    def __init__(self, inner: ASGISCIMClient, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self.inner, self.loop = inner, loop

    def _stays_under_base_url(self, endpoint: str) -> bool:
        return self.inner._stays_under_base_url(endpoint)

    def _parse_json(self, response: Any) -> Any:
        return self.inner._parse_json(response)

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(self.inner.request(method, url, **kwargs), self.loop).result(60)


async def test_scim2_tester_discovery_checks_pass(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        tester = ThreadedClient(scim_client(m, ADMIN), asyncio.get_running_loop())
        results = await asyncio.to_thread(check_server, tester, include_tags={"discovery"})
        failures = [(r.title, r.reason) for r in results if r.status not in (Status.SUCCESS, Status.SKIPPED)]
        assert results
        assert not failures


async def test_scim2_client_finds_a_member_by_external_id_and_patches_the_phone(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        body = {
            "full_name": "Hoàng Thị Lan",
            "gender": "female",
            "birth_date": "1985-03-12",
            "national_id": "008185000999",
            "org_id": t.branch,
            "phone": "0912000111",
        }
        put = await m.client.put("/api/v1/members/by-external-id/hrm-tq/NV-9", headers=ADMIN, json=body)
        assert put.status_code == 201, put.text
        scim = scim_client(m, auth(t.district, "integration"))
        await scim.discover()
        found = await scim.query(MemberUser, query_parameters=SearchRequest(filter='externalId eq "NV-9"'))
        assert isinstance(found, ListResponse)
        assert found.total_results == 1
        user = found.resources[0]
        assert (user.user_name, user.phone_numbers[0].value) == ("hrm-tq/NV-9", "0912000111")
        patch = PatchOp[MemberUser](
            operations=[{"op": "replace", "path": "phoneNumbers", "value": [{"value": "0987654321", "primary": True}]}]
        )
        patched = await scim.modify(MemberUser, user.id, patch)
        assert patched.phone_numbers[0].value == "0987654321"
        stored = (await m.client.get(f"/api/v1/members/{user.id}", headers=ADMIN)).json()
        assert stored["phone"] == "0987654321"
        by_name = await scim.query(MemberUser, query_parameters=SearchRequest(filter='userName eq "hrm-tq/NV-9"'))
        assert by_name.total_results == 1
        outsider = scim_client(m, auth(t.other_province, "integration"))
        assert (
            await outsider.query(MemberUser, query_parameters=SearchRequest(filter='externalId eq "NV-9"'))
        ).total_results == 0


async def test_creating_deleting_or_patching_party_data_answers_a_scim_error(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        headers = {**ADMIN, "Content-Type": "application/scim+json"}
        created = await m.client.post("/scim/v2/Users", headers=headers, json={"userName": "x"})
        deleted = await m.client.delete(f"/scim/v2/Users/{member['id']}", headers=ADMIN)
        for refused in (created, deleted):
            assert refused.status_code == 403
            assert refused.headers["content-type"].startswith("application/scim+json")
            assert "party decisions" in Error.model_validate(refused.json()).detail
        party = {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "displayName", "value": "Someone Else"}],
        }
        immutable = await m.client.patch(f"/scim/v2/Users/{member['id']}", headers=headers, json=party)
        assert (immutable.status_code, immutable.json()["scimType"]) == (400, "mutability")
        bad_filter = await m.client.get("/scim/v2/Users", headers=ADMIN, params={"filter": 'name.givenName sw "A"'})
        assert (bad_filter.status_code, bad_filter.json()["scimType"]) == (400, "invalidFilter")
        schemas = (await m.client.get("/scim/v2/Schemas", headers=ADMIN)).json()
        assert PARTY_SCHEMA in [s["id"] for s in schemas["Resources"]]
        assert (await m.client.get("/scim/v2/Users", headers=auth(t.branch, "viewer"))).status_code == 403


async def test_scim2_tester_discovery_checks_pass_for_groups(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        tester = ThreadedClient(scim_client(m, ADMIN), asyncio.get_running_loop())
        results = await asyncio.to_thread(check_server, tester, include_tags={"discovery"}, resource_types=["Group"])
        assert sum(r.title == "query_resource_type_by_id" and r.status == Status.SUCCESS for r in results) == 2
        failures = [(r.title, r.reason) for r in results if r.status not in (Status.SUCCESS, Status.SKIPPED)]
        assert not failures
        published = (await m.client.get("/scim/v2/ResourceTypes", headers=ADMIN)).json()["Resources"]
        assert {(t["name"], t["endpoint"]) for t in published} == {("User", "/Users"), ("Group", "/Groups")}
        schemas = [s["id"] for s in (await m.client.get("/scim/v2/Schemas", headers=ADMIN)).json()["Resources"]]
        assert {"urn:ietf:params:scim:schemas:core:2.0:Group", ORG_SCHEMA} <= set(schemas)


async def test_scim2_client_finds_an_organisation_by_code_and_name_with_its_members(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        coded = await m.client.post(
            "/api/v1/orgs",
            headers=ADMIN,
            json={
                "name": "Chi bộ Khu phố 3",
                "kind": "branch",
                "parent_id": t.commune,
                "code": "TQ-KP3",
                "effective_date": "2020-01-01",
            },
        )
        assert coded.status_code == 201, coded.text
        branch = coded.json()["id"]
        member = await member_factory(m.client, branch)
        scim = scim_client(m, auth(t.district, "integration"))
        await scim.discover()
        by_code = await scim.query(OrgGroup, query_parameters=SearchRequest(filter='externalId eq "TQ-KP3"'))
        assert isinstance(by_code, ListResponse)
        assert by_code.total_results == 1
        group = by_code.resources[0]
        assert (group.id, group.display_name, group.external_id) == (branch, "Chi bộ Khu phố 3", "TQ-KP3")
        assert [(x.value, x.type) for x in group.members] == [(member["id"], "User")]
        assert group[PartyOrganisation].kind == "branch"
        assert group[PartyOrganisation].parent_id == t.commune
        by_name = await scim.query(
            OrgGroup, query_parameters=SearchRequest(filter='displayName eq "Đảng ủy xã Xuân Lôi"')
        )
        commune = by_name.resources[0]
        assert commune.id == t.commune
        assert {(x.value, x.type) for x in commune.members} == {
            (t.branch, "Group"),
            (t.branch2, "Group"),
            (branch, "Group"),
        }
        one = await scim.query(OrgGroup, t.commune)
        assert one.id == t.commune
        outsider = scim_client(m, auth(t.other_province, "integration"))
        hidden = await outsider.query(OrgGroup, query_parameters=SearchRequest(filter='externalId eq "TQ-KP3"'))
        assert hidden.total_results == 0
        assert (
            await m.client.get(f"/scim/v2/Groups/{branch}", headers=auth(t.other_province, "integration"))
        ).status_code == 404


async def test_groups_are_paged_within_the_subtree(services: ServiceFactory, tree_builder: Any) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        headers = auth(t.district, "integration")
        pages = [
            (await m.client.get("/scim/v2/Groups", headers=headers, params={"startIndex": i, "count": 2})).json()
            for i in (1, 3, 5)
        ]
        assert [p["totalResults"] for p in pages] == [4, 4, 4]  # the district, its commune, two branches
        assert [p["itemsPerPage"] for p in pages] == [2, 2, 0]
        ids = [g["id"] for p in pages for g in p.get("Resources", [])]
        assert sorted(ids) == sorted([t.district, t.commune, t.branch, t.branch2])


async def test_changing_an_organisation_through_scim_answers_a_scim_error(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        headers = {**ADMIN, "Content-Type": "application/scim+json"}
        patch = {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "add", "path": "members", "value": [{"value": "x"}]}],
        }
        refused = [
            await m.client.post("/scim/v2/Groups", headers=headers, json={"displayName": "x"}),
            await m.client.put(f"/scim/v2/Groups/{t.branch}", headers=headers, json={"displayName": "x"}),
            await m.client.patch(f"/scim/v2/Groups/{t.branch}", headers=headers, json=patch),
            await m.client.delete(f"/scim/v2/Groups/{t.branch}", headers=ADMIN),
        ]
        for answer in refused:
            assert answer.status_code == 403
            assert answer.headers["content-type"].startswith("application/scim+json")
            assert "organisation commands" in Error.model_validate(answer.json()).detail
        assert (await m.client.get(f"/api/v1/orgs/{t.branch}", headers=ADMIN)).json()["name"] == "Chi bộ thôn Đồng Tâm"
        bad = await m.client.get("/scim/v2/Groups", headers=ADMIN, params={"filter": 'displayName co "Chi"'})
        assert (bad.status_code, bad.json()["scimType"]) == (400, "invalidFilter")
