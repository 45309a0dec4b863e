"""Members through the API: status commands, history, as-of reads, profile updates, lists, masking, scope."""

from __future__ import annotations

from typing import Any

from shared.testing.harness import ServiceFactory, auth, token

ADMIN = auth()


async def post(m: Any, member_id: str, action: str, body: dict[str, Any], headers: dict[str, str] = ADMIN) -> Any:
    return await m.client.post(f"/api/v1/members/{member_id}/{action}", headers=headers, json=body)


async def test_status_commands_write_history_and_refuse_invalid_transitions_naming_the_rule(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        probationary = await member_factory(
            m.client, t.branch, status="probationary", ceremony_date="2025-03-15", admission_date="2025-03-10"
        )
        early = await post(m, probationary["id"], "recognise", {"vote_date": "2026-03-01"})
        assert early.status_code == 422
        assert early.json()["rule"] == "admission.probation_not_over"
        late = await post(m, probationary["id"], "recognise", {"vote_date": "2026-06-30"})
        assert late.status_code == 422
        assert late.json()["overridable"] is True
        ok = await post(
            m,
            probationary["id"],
            "recognise",
            {"vote_date": "2026-06-30", "override_reason": "Chi bộ họp muộn do bão lũ"},
        )
        assert ok.status_code == 200, ok.text
        assert ok.json()["status"] == "official"
        assert ok.json()["recognition_date"] == "2026-03-15"  # the end of probation, not the vote
        again = await post(m, probationary["id"], "recognise", {"vote_date": "2026-06-30"})
        assert again.status_code == 409
        assert again.json()["rule"] == "member.invalid_transition"

        exempt = await post(m, probationary["id"], "exempt", {"effective_date": "2026-07-01"})
        assert exempt.json()["status"] == "exempt"
        ended = await post(m, probationary["id"], "end-exemption", {"effective_date": "2026-08-01"})
        assert ended.json()["status"] == "official"
        weak = await post(
            m,
            probationary["id"],
            "remove",
            {"effective_date": "2026-09-01", "reason": "absence_3_months", "months_in_year": 2},
        )
        assert weak.status_code == 422
        assert weak.json()["rule"] == "member.removal_grounds_insufficient"
        wrong = await post(
            m, probationary["id"], "remove", {"effective_date": "2026-09-01", "reason": "not_recognised"}
        )
        assert wrong.status_code == 409
        assert wrong.json()["rule"] == "member.removal_reason_not_applicable"
        resigned = await post(m, probationary["id"], "resign", {"effective_date": "2026-10-01"})
        assert resigned.json()["status"] == "resigned"
        assert resigned.json()["left_on"] == "2026-10-01"
        dead = await post(m, probationary["id"], "die", {"effective_date": "2026-10-02"})
        assert dead.status_code == 409

        other = await member_factory(m.client, t.branch2)
        died = await post(m, other["id"], "die", {"effective_date": "2026-01-05"})
        assert died.json()["status"] == "deceased"

        history = (await m.client.get(f"/api/v1/members/{probationary['id']}/history", headers=ADMIN)).json()
        assert [h["change"] for h in history] == ["registered", "recognised", "exempted", "exemption_ended", "resigned"]
        assert "[override]" in history[1]["note"]
        as_of = (await m.client.get(f"/api/v1/members/{probationary['id']}?as_of=2026-07-15", headers=ADMIN)).json()
        assert as_of["status"] == "exempt"
        assert as_of["change"] == "exempted"
        before = await m.client.get(f"/api/v1/members/{probationary['id']}?as_of=2026-03-14", headers=ADMIN)
        assert before.json()["status"] == "probationary"
        too_early = await m.client.get(f"/api/v1/members/{probationary['id']}?as_of=2000-01-01", headers=ADMIN)
        assert too_early.status_code == 404


async def test_permanent_transfer_is_pending_until_the_receiving_branch_confirms_within_30_days(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        out = await post(
            m,
            member["id"],
            "transfer-out",
            {"effective_date": "2026-01-05", "transfer_kind": "permanent", "to_org_id": t.other_branch},
        )
        assert out.status_code == 200, out.text
        assert out.json()["status"] == "transfer_pending"
        assert out.json()["org_id"] == t.branch
        receiver = auth(t.other_province, "organiser")
        outsider = auth(t.other_province, "organiser")
        wrong_branch = await post(
            m, member["id"], "transfer-in", {"org_id": t.branch2, "presented_on": "2026-01-20"}, headers=ADMIN
        )
        assert wrong_branch.json()["rule"] == "member.transfer_wrong_branch"
        late = await post(
            m, member["id"], "transfer-in", {"org_id": t.other_branch, "presented_on": "2026-02-20"}, headers=receiver
        )
        assert late.status_code == 422
        assert late.json()["rule"] == "member.transfer_presented_late"
        assert (await m.client.get(f"/api/v1/members/{member['id']}", headers=outsider)).status_code == 200
        ok = await post(
            m, member["id"], "transfer-in", {"org_id": t.other_branch, "presented_on": "2026-02-04"}, headers=receiver
        )
        assert ok.status_code == 200, ok.text
        assert ok.json()["status"] == "official"
        assert ok.json()["org_id"] == t.other_branch
        sender = auth(t.province, "organiser")
        assert (await m.client.get(f"/api/v1/members/{member['id']}", headers=sender)).status_code == 404


async def test_temporary_member_counts_at_home_not_at_the_host_and_returns(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        await member_factory(m.client, t.other_branch)
        short = await post(
            m,
            member["id"],
            "transfer-out",
            {
                "effective_date": "2026-01-05",
                "transfer_kind": "temporary",
                "to_org_id": t.other_branch,
                "ends_on": "2026-02-05",
            },
        )
        assert short.json()["rule"] == "member.temporary_too_short"
        away = await post(
            m,
            member["id"],
            "transfer-out",
            {
                "effective_date": "2026-01-05",
                "transfer_kind": "temporary",
                "to_org_id": t.other_branch,
                "ends_on": "2026-07-05",
            },
        )
        assert away.json()["status"] == "temporarily_away", away.text
        headcount = f"/api/v1/members/headcount?under={t.other_branch}"
        assert (await m.client.get(headcount, headers=ADMIN)).json()["temporary_guests"] == 0  # not yet accepted
        wrong_host = await post(m, member["id"], "host-accept", {"org_id": t.branch2, "accepted_on": "2026-01-10"})
        assert wrong_host.json()["rule"] == "member.transfer_wrong_branch"
        accept = {"org_id": t.other_branch, "accepted_on": "2026-01-10"}
        accepted = await post(m, member["id"], "host-accept", accept)
        assert accepted.json()["host_accepted_on"] == "2026-01-10", accepted.text
        assert (await post(m, member["id"], "host-accept", accept)).json()["rule"] == "member.host_already_accepted"
        host = (await m.client.get(headcount, headers=ADMIN)).json()
        assert host["counted"] == 1
        assert host["temporary_guests"] == 1
        home = (await m.client.get(f"/api/v1/members/headcount?under={t.branch}", headers=ADMIN)).json()
        assert home["counted"] == 1
        back = await post(m, member["id"], "return", {"effective_date": "2026-07-05"})
        assert back.json()["status"] == "official"
        assert back.json()["host_org_id"] is None
        internal = await post(
            m,
            member["id"],
            "transfer-out",
            {"effective_date": "2026-08-01", "transfer_kind": "internal", "to_org_id": t.branch2},
        )
        assert internal.json()["org_id"] == t.branch2
        across = await post(
            m,
            member["id"],
            "transfer-out",
            {"effective_date": "2026-08-02", "transfer_kind": "internal", "to_org_id": t.other_branch},
        )
        assert across.json()["rule"] == "member.internal_transfer_other_grassroots"


async def test_profile_update_needs_if_match_and_refuses_a_stale_version(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        url = f"/api/v1/members/{member['id']}"
        body = {"full_name": "Nguyễn Văn Đạt", "positions": ["secretary"], "effective_date": "2026-01-01"}
        assert (await m.client.patch(url, headers=ADMIN, json=body)).status_code == 428
        stale = await m.client.patch(url, headers={**ADMIN, "If-Match": '"7"'}, json=body)
        assert stale.status_code == 412
        ok = await m.client.patch(url, headers={**ADMIN, "If-Match": '"1"'}, json=body)
        assert ok.status_code == 200, ok.text
        assert ok.headers["etag"] == '"2"'
        assert ok.json()["positions"] == ["secretary"]
        found = (await m.client.get("/api/v1/members?q=nguyen van dat", headers=ADMIN)).json()
        assert [i["id"] for i in found["items"]] == [member["id"]]


async def test_list_filters_search_without_accents_pages_and_masks_by_role(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        duc = await member_factory(m.client, t.branch, name="Nguyễn Văn Đức", religion="Phật giáo")
        await member_factory(
            m.client,
            t.branch,
            name="Trần Thị Hoa",
            gender="female",
            ethnicity="Tày",
            birth_date="2000-02-02",
            admission_date="2024-05-01",
        )
        await member_factory(m.client, t.branch2, name="Lê Văn Đông", status="probationary")
        await member_factory(m.client, t.other_branch, name="Nguyễn Văn Đức Anh")
        found = (await m.client.get("/api/v1/members?q=nguyen van duc", headers=auth(t.province, "viewer"))).json()
        assert [i["id"] for i in found["items"]] == [duc["id"]]
        masked = found["items"][0]
        assert masked["national_id"].startswith("*********")
        assert masked["address"] is None
        assert masked["phone"] == "*******678"
        assert masked["religion"] is None  # withheld from a viewer, as the record withholds it
        viewed = await m.client.get(f"/api/v1/members/{duc['id']}", headers=auth(t.province, "viewer"))
        assert viewed.json()["religion"] is None
        full = await m.client.get("/api/v1/members?q=nguyen van duc", headers=auth(t.province, "organiser"))
        assert full.json()["items"][0]["phone"] == "0912345678"
        assert full.json()["items"][0]["religion"] == "Phật giáo"
        everyone = (await m.client.get("/api/v1/members?q=nguyen van duc", headers=ADMIN)).json()
        assert len(everyone["items"]) == 2

        def names(r: Any) -> list[str]:
            return [i["full_name"] for i in r.json()["items"]]

        assert names(await m.client.get(f"/api/v1/members?under={t.commune}&gender=female", headers=ADMIN)) == [
            "Trần Thị Hoa"
        ]
        assert names(await m.client.get("/api/v1/members?ethnicity=t%C3%A0y", headers=ADMIN)) == ["Trần Thị Hoa"]
        assert names(await m.client.get("/api/v1/members?admission_year=2024", headers=ADMIN)) == ["Trần Thị Hoa"]
        assert names(await m.client.get("/api/v1/members?age_max=30", headers=ADMIN)) == ["Trần Thị Hoa"]
        assert names(await m.client.get("/api/v1/members?status=probationary", headers=ADMIN)) == ["Lê Văn Đông"]
        first = await m.client.get(f"/api/v1/members?under={t.commune}&limit=2&sort=-name", headers=ADMIN)
        rest = await m.client.get(
            f"/api/v1/members?under={t.commune}&limit=2&sort=-name&cursor={first.json()['next_cursor']}", headers=ADMIN
        )
        assert names(first) + names(rest) == ["Tran Thi Hoa", "Nguyen Van Duc", "Le Van Dong"] or names(first) + names(
            rest
        ) == ["Trần Thị Hoa", "Nguyễn Văn Đức", "Lê Văn Đông"]
        assert rest.json()["next_cursor"] is None
        bad_sort = await m.client.get("/api/v1/members?sort=national_id", headers=ADMIN)
        assert bad_sort.status_code == 422


async def test_another_subtree_cannot_read_change_or_register_members(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        other = auth(t.other_province, "organiser")
        assert (await m.client.get(f"/api/v1/members/{member['id']}", headers=other)).status_code == 404
        assert (await m.client.get(f"/api/v1/members/{member['id']}/history", headers=other)).status_code == 404
        for action, body in [
            ("recognise", {"vote_date": "2026-01-01"}),
            ("exempt", {"effective_date": "2026-01-01"}),
            ("resign", {"effective_date": "2026-01-01"}),
        ]:
            assert (await post(m, member["id"], action, body, headers=other)).status_code == 404
        patched = await m.client.patch(
            f"/api/v1/members/{member['id']}",
            headers={**other, "If-Match": '"1"'},
            json={"full_name": "X Y", "effective_date": "2026-01-01"},
        )
        assert patched.status_code == 404
        registered = await m.client.post(
            "/api/v1/members",
            headers=other,
            json={
                "full_name": "Lò Văn A",
                "gender": "male",
                "birth_date": "1990-01-01",
                "national_id": "999999999999",
                "org_id": t.branch,
                "effective_date": "2026-01-01",
            },
        )
        assert registered.status_code == 404
        viewer = auth(t.province, "viewer")
        assert (
            await post(m, member["id"], "resign", {"effective_date": "2026-01-01"}, headers=viewer)
        ).status_code == 403
        listed = (await m.client.get("/api/v1/members", headers=other)).json()
        assert listed["items"] == []
        assert (await m.client.get(f"/api/v1/members?under={t.branch}", headers=other)).status_code == 404
        assert (await m.client.get(f"/api/v1/members/headcount?under={t.branch}", headers=other)).status_code == 404
        ghost = auth("no-such-org", "organiser")
        assert (await m.client.get("/api/v1/members", headers=ghost)).json()["items"] == []


async def test_a_retried_registration_with_the_same_idempotency_key_creates_one_member(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        body = {
            "full_name": "Lường Văn Một",
            "gender": "male",
            "birth_date": "1990-01-01",
            "national_id": "031090000001",
            "org_id": t.branch,
            "effective_date": "2026-01-01",
        }
        headers = {**ADMIN, "Idempotency-Key": "retry-1"}
        first = await m.client.post("/api/v1/members", headers=headers, json=body)
        again = await m.client.post("/api/v1/members", headers=headers, json=body)
        assert first.status_code == 201, first.text
        assert again.status_code == 201
        assert again.json()["id"] == first.json()["id"]
        assert again.headers["idempotent-replayed"] == "true"
        assert again.headers["location"] == first.headers["location"]
        other_body = await m.client.post("/api/v1/members", headers=headers, json={**body, "full_name": "Khác"})
        assert other_body.status_code == 422
        assert other_body.json()["rule"] == "idempotency.key_reused"
        listed = (await m.client.get("/api/v1/members?q=luong van mot", headers=ADMIN)).json()["items"]
        assert len(listed) == 1
        other_client = {
            "Authorization": f"Bearer {token(t.province, 'organiser', subject='hr-bot')}",
            "Idempotency-Key": "retry-1",
        }
        someone_else = await m.client.post("/api/v1/members", headers=other_client, json=body)
        assert someone_else.status_code == 409  # another client's key space: a real duplicate national ID


async def test_a_registration_is_one_read_and_one_write_statement_outside_a_transaction(
    services: ServiceFactory, tree_builder: Any
) -> None:
    """Issue 13: the checks' read and one statement writing the member, its history, the audit row and the outbox
    row with its NOTIFY, each atomic on its own (no BEGIN/COMMIT round trips); the rows are all there. What each
    connection was sent is read from the driver's query log (both statements run on it, ``shared.driver``; asyncpg
    logs ``BEGIN``/``COMMIT`` too)."""
    import asyncio

    from sqlalchemy import event, text

    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        sent: dict[Any, list[str]] = {}
        hooked: dict[Any, Any] = {}

        def checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
            driver = dbapi_connection.driver_connection
            if driver not in hooked:  # each connection's statements, in the order sent
                hooked[driver] = lambda q: sent.setdefault(driver, []).append(q.query)
                driver.add_query_logger(hooked[driver])

        event.listen(m.db.engine.sync_engine.pool, "checkout", checked_out)
        body = {
            "full_name": "Lò Thị Hai",
            "gender": "female",
            "birth_date": "1991-02-03",
            "national_id": "031091000002",
            "org_id": t.branch,
            "effective_date": "2026-01-01",
        }
        r = await m.client.post("/api/v1/members", headers=ADMIN, json=body)
        await asyncio.sleep(0.1)  # the driver calls its query loggers soon after each statement
        event.remove(m.db.engine.sync_engine.pool, "checkout", checked_out)
        for driver, logger in hooked.items():
            driver.remove_query_logger(logger)
        assert r.status_code == 201, r.text
        [log] = [log for log in sent.values() if any("national_visible" in q for q in log)]
        read = next(i for i, q in enumerate(log) if "national_visible" in q)
        write = log[read + 1]  # the same connection, nothing in between (no BEGIN before, no COMMIT after)
        assert read == 0 or not log[read - 1].startswith("BEGIN")
        assert not any(q.startswith("COMMIT") for q in log[read + 2 : read + 3])
        for table in ("members", "member_changes", "audit_log", "outbox"):
            assert f"INSERT INTO {table} " in write
        assert "pg_notify" in write
        member_id = r.json()["id"]
        async with m.db.engine.connect() as conn:
            counts = (
                await conn.execute(
                    text(
                        "SELECT (SELECT count(*) FROM members WHERE id = :id), "
                        "(SELECT count(*) FROM member_changes WHERE member_id = :id), "
                        "(SELECT count(*) FROM audit_log WHERE entity_id = :id), "
                        "(SELECT count(*) FROM outbox WHERE aggregate_id = 'member:' || :id)"
                    ),
                    {"id": member_id},
                )
            ).one()
        assert tuple(counts) == (1, 1, 1, 1)
