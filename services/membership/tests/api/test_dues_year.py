"""A branch of 30 members across categories over 2026, collected through monthly lists: amounts, the branch's
share and the remittances at each level equal a hand computation with the regulations' rates — 342-QĐ/TW for
January and February (a month follows the rule in force on its first day), 01-QĐ/TW 2026 from March."""

from __future__ import annotations

from typing import Any

from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()
# category, basis, declared, how many; veterans (admitted 1970) pay 0.5 % of 8,000,000 until 50 years exempt them
GROUPS = [
    ("salaried", "6000000", "", 10),
    ("pensioner", "5000000", "", 8),
    ("student", "", "", 5),
    ("abroad", "", "100000", 2),
    ("other", "", "10000", 3),
]


async def test_a_year_of_a_30_member_branch_equals_the_hand_computation(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        lines = []
        for category, basis, declared, count in GROUPS:
            for i in range(count):
                member = await member_factory(m.client, t.branch, name=f"Đảng viên {category} {i}")
                lines.append((member["id"], category, basis, declared))
        for i in range(2):
            veteran = await member_factory(
                m.client, t.branch, name=f"Lão thành {i}", admission_date="1970-01-01", effective_date="1970-01-01"
            )
            lines.append((veteran["id"], "pensioner", "8000000", ""))
        assert len(lines) == 30
        headers = {**ADMIN, "Content-Type": "text/csv"}
        for month in range(1, 13):
            due = {"salaried": 60_000, "pensioner": 25_000, "student": 5_000 if month >= 3 else 2_000}
            rows = ["member_id,category,basis,declared,amount_paid,receipt_number,paid_on"]
            for member_id, category, basis, declared in lines:
                amount = int(declared) if declared else due[category]
                if basis == "8000000":
                    amount = 40_000 if month < 3 else 0
                rows.append(f"{member_id},{category},{basis},{declared},{amount},BL-{month},2026-{month:02d}-15")
            r = await m.client.post(
                f"/api/v1/dues/payments/list?month=2026-{month:02d}", headers=headers, content="\n".join(rows).encode()
            )
            assert (r.status_code, r.json()["rows_recorded"]) == (200, 30), r.text
            for org in (t.branch, t.commune, t.district, t.province):
                body = {"org_id": org, "month": f"2026-{month:02d}", "remitted_on": f"2026-{month:02d}-28"}
                assert (await m.client.post("/api/v1/dues/remittances", headers=ADMIN, json=body)).status_code == 201
        months = []
        cursor = None
        while True:
            url = f"/api/v1/dues/months?under={t.province}&limit=200" + (f"&cursor={cursor}" if cursor else "")
            page = (await m.client.get(url, headers=ADMIN)).json()
            months += page["items"]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        by = {(r["org_id"], r["month"][:7]): r for r in months}

        def row(org: str, month: str) -> tuple[int, int, int]:
            return by[(org, month)]["received"], by[(org, month)]["retained"], by[(org, month)]["remitted"]

        # January (342-QĐ/TW): 600,000 + 200,000 + 5 × 2,000 + 200,000 + 30,000 + 2 × 40,000 = 1,120,000;
        # the branch keeps 30 %, the commune 70 % of the rest, the district and the province half each.
        assert row(t.branch, "2026-01") == (1_120_000, 336_000, 784_000)
        assert row(t.commune, "2026-01") == (784_000, 548_800, 235_200)
        assert row(t.district, "2026-01") == (235_200, 117_600, 117_600)
        assert row(t.province, "2026-01") == (117_600, 58_800, 58_800)
        # March (01-QĐ/TW 2026): students 5,000, the veterans exempt: 1,055,000.
        assert row(t.branch, "2026-03") == (1_055_000, 316_500, 738_500)
        assert row(t.commune, "2026-03") == (738_500, 516_950, 221_550)
        assert row(t.district, "2026-03") == (221_550, 110_775, 110_775)
        assert row(t.province, "2026-03") == (110_775, 55_388, 55_387)
        collected = sum(r["collected"] for r in months if r["org_id"] == t.branch)
        assert collected == 2 * 1_120_000 + 10 * 1_055_000
        assert sum(r["retained"] for r in months if r["org_id"] == t.province) == 2 * 58_800 + 10 * 55_388
        assert all(r["arrears_members"] == 0 for r in months)
