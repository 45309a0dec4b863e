"""Party dues through the API: a month's amounts, shares and remittances at each level equal a hand computation
with the regulation's rates; unpaid months flag a member for review and paying clears it; refusals change nothing."""

from __future__ import annotations

from typing import Any

from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()


async def pay(m: Any, member_id: str, month: str, headers: dict[str, str] = ADMIN, **body: Any) -> Any:
    defaults = {"member_id": member_id, "month": month, "paid_on": f"{month}-20", "receipt_number": f"BL-{month}"}
    return await m.client.post("/api/v1/dues/payments", headers=headers, json={**defaults, **body})


async def remit(m: Any, org_id: str, month: str) -> Any:
    body = {"org_id": org_id, "month": month, "remitted_on": f"{month}-28", "receipt_number": "NP-1"}
    r = await m.client.post("/api/v1/dues/remittances", headers=ADMIN, json=body)
    assert r.status_code == 201, r.text
    return r.json()


async def test_a_month_of_dues_up_the_tree_equals_the_hand_computation(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, stream_events: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        ids = [(await member_factory(m.client, t.branch, name=f"Đảng viên {i}"))["id"] for i in range(4)]
        veteran = await member_factory(m.client, t.branch, admission_date="1970-01-01", effective_date="1970-01-01")
        other = (await member_factory(m.client, t.branch2))["id"]
        month = "2026-03"
        paid = [
            await pay(m, ids[0], month, category="salaried", basis=8_000_000, amount_paid=80_000),
            await pay(m, ids[1], month, category="pensioner", basis=6_000_000, amount_paid=30_000),
            await pay(m, ids[2], month, category="student", amount_paid=5_000),
            await pay(
                m,
                ids[3],
                month,
                category="salaried",
                basis=10_000_000,
                reduction_percent=50,
                reduction_month=2,
                amount_paid=50_000,
            ),
            await pay(m, veteran["id"], month, category="pensioner", basis=9_000_000, amount_paid=0),
            await pay(m, other, month, category="salaried", basis=5_000_000, amount_paid=50_000),
        ]
        assert [p.status_code for p in paid] == [201] * 6, [p.text for p in paid]
        assert paid[4].json()["amount_due"] == 0  # 56 years of party age: exempt under 01-QĐ/TW 2026
        # Hand computation: branch 165,000 keeps 30% = 49,500, remits 115,500; branch 2 keeps 15,000 of 50,000;
        # the commune receives 150,500, keeps 70% = 105,350, remits 45,150; the district keeps half = 22,575;
        # the province keeps 11,288 (half, rounded half up) and remits 11,287 to the Central Committee.
        expected = {
            t.branch: (165_000, 165_000, 49_500, 115_500),
            t.branch2: (50_000, 50_000, 15_000, 35_000),
            t.commune: (0, 150_500, 105_350, 45_150),
            t.district: (0, 45_150, 22_575, 22_575),
            t.province: (0, 22_575, 11_288, 11_287),
        }
        for org in (t.branch, t.branch2, t.commune, t.district, t.province):
            row = await remit(m, org, month)
            assert (row["collected"], row["received"], row["retained"], row["remitted"]) == expected[org]
        months = (await m.client.get(f"/api/v1/dues/months?under={t.province}", headers=ADMIN)).json()["items"]
        assert len(months) == 5
        remitted = {e["org_id"]: e["retained"] for e in await stream_events(m, "dues.remitted")}
        assert remitted == {org: v[2] for org, v in expected.items()}
        collected = [e for e in await stream_events(m, "dues.collected")]
        assert sum(e["amount_paid"] for e in collected) == 215_000


async def test_refused_payments_name_the_rule_and_record_nothing(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = (await member_factory(m.client, t.branch))["id"]
        short = await pay(m, member, "2026-03", category="salaried", basis=8_000_000, amount_paid=79_999)
        assert (short.status_code, short.json()["rule"]) == (422, "dues.amount_below_due")
        assert short.json()["values"] == {"amount_due": 80_000}
        no_basis = await pay(m, member, "2026-03", category="pensioner", amount_paid=10)
        assert no_basis.json()["rule"] == "dues.basis_required"
        too_early = await pay(m, member, "2010-03", category="student", amount_paid=5_000)
        assert too_early.json()["rule"] == "policy.not_in_force"
        outsider = auth(t.other_province, "secretary")
        hidden = await pay(m, member, "2026-03", headers=outsider, category="student", amount_paid=5_000)
        assert hidden.status_code == 404
        page = (await m.client.get(f"/api/v1/dues/members/{member}/payments", headers=ADMIN)).json()
        assert page["items"] == []
        ok = await pay(m, member, "2026-03", category="student", amount_paid=5_000)
        assert ok.status_code == 201, ok.text
        again = await pay(m, member, "2026-03", category="student", amount_paid=5_000)
        assert again.json()["rule"] == "dues.already_recorded"


async def test_three_unpaid_months_flag_the_member_for_review_and_paying_clears_it(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, stream_events: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        late = (await member_factory(m.client, t.branch, name="Nợ Ba Tháng"))["id"]
        excused = (await member_factory(m.client, t.branch, name="Có Lý Do"))["id"]
        await pay(m, excused, "2026-02", category="student", amount_paid=0, excused_reason="Ốm nằm viện")
        for month in ("2026-01", "2026-02"):
            assert (await remit(m, t.branch, month))["arrears_members"] == 0
        march = await remit(m, t.branch, "2026-03")
        assert march["arrears_members"] == 1
        url = f"/api/v1/members/{late}"
        flagged = (await m.client.get(url, headers=ADMIN)).json()
        assert flagged["flags"]["review_for_removal"]["rule"] == "dues.unpaid_3_months"
        assert flagged["status"] == "official"
        assert (await m.client.get(f"/api/v1/members/{excused}", headers=ADMIN)).json()["flags"] == {}
        arrears = (await m.client.get(f"/api/v1/dues/members/{late}/arrears?year=2026", headers=ADMIN)).json()
        assert (arrears["unpaid_months"], arrears["flagged"]) == ([1, 2, 3], True)
        events = [e for e in await stream_events(m, "member.flagged_for_review") if e["member_id"] == late]
        assert [e["reason"] for e in events] == ["dues.unpaid_3_months"]

        paid = await pay(m, late, "2026-01", category="student", amount_paid=5_000, paid_on="2026-04-02")
        assert paid.status_code == 201, paid.text
        cleared = (await m.client.get(url, headers=ADMIN)).json()
        assert cleared["flags"] == {}
        history = [h["change"] for h in (await m.client.get(f"{url}/history", headers=ADMIN)).json()]
        assert history == ["registered", "flagged_for_review", "flag_cleared:review_for_removal"]


async def test_a_monthly_list_records_its_good_rows_and_refuses_each_bad_row_with_nothing_recorded_for_it(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        a, b, c = [(await member_factory(m.client, t.branch, name=f"Đảng viên {i}"))["id"] for i in range(3)]
        outsider = (await member_factory(m.client, t.other_branch))["id"]
        csv_text = (
            "member_id,category,basis,amount_paid,receipt_number,paid_on\n"
            f"{a},salaried,8000000,80000,BL-1,20/03/2026\n"
            f"{b},salaried,8000000,70000,BL-2,2026-03-20\n"
            f"{c},pupil,,5000,BL-3,2026-03-20\n"
            f"{outsider},student,,5000,BL-4,2026-03-20\n"
        )
        headers = {**auth(t.district, "secretary"), "Content-Type": "text/csv"}
        r = await m.client.post("/api/v1/dues/payments/list?month=2026-03", headers=headers, content=csv_text.encode())
        assert r.status_code == 200, r.text
        body = r.json()
        assert (body["rows_total"], body["rows_recorded"], body["rows_refused"]) == (4, 1, 3)
        assert [(p["row"], p["column"], p["rule"]) for p in body["report"]] == [
            (2, "amount_paid", "dues.amount_below_due"),
            (3, "category", "enum"),
            (4, None, "resource.not_found"),
        ]
        for member, count in ((a, 1), (b, 0), (c, 0)):
            page = (await m.client.get(f"/api/v1/dues/members/{member}/payments", headers=ADMIN)).json()
            assert len(page["items"]) == count


async def test_a_late_payment_and_a_late_remittance_are_carried_once_by_the_next_month(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        on_time, late = [(await member_factory(m.client, t.branch, name=n))["id"] for n in ("Đúng Hạn", "Muộn")]
        await pay(m, on_time, "2026-03", category="student", amount_paid=5_000)
        march = await remit(m, t.branch, "2026-03")
        commune_march = await remit(m, t.commune, "2026-03")
        assert (march["collected"], commune_march["received"]) == (5_000, 3_500)
        await pay(m, late, "2026-03", category="student", amount_paid=5_000, paid_on="2026-04-03")
        await pay(m, on_time, "2026-04", category="student", amount_paid=5_000)
        other = (await member_factory(m.client, t.branch2))["id"]
        await pay(m, other, "2026-03", category="student", amount_paid=5_000)
        late_unit = await remit(m, t.branch2, "2026-03")  # after the commune closed March
        assert late_unit["remitted"] == 3_500
        april = await remit(m, t.branch, "2026-04")
        assert april["collected"] == 10_000  # April's 5,000 and March's late 5,000
        commune_april = await remit(m, t.commune, "2026-04")
        assert commune_april["received"] == 7_000 + 3_500  # the branch's April and branch 2's late March
        months = (await m.client.get(f"/api/v1/dues/months?under={t.commune}", headers=ADMIN)).json()["items"]
        assert sum(r["collected"] for r in months) == 20_000
        assert sum(r["received"] for r in months if r["org_id"] == t.commune) == sum(
            r["remitted"] for r in months if r["org_id"] != t.commune
        )
