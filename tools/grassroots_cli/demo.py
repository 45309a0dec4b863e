"""A realistic demo province, built deterministically through the public APIs so it obeys the same rules as real
data: a tree of districts, communes and a few hundred branches, several thousand members (one bulk import), a
year of monthly meetings with notices, attendance, superior attendees and evaluations, recognitions, admissions
through the whole pipeline, disciplines, inspections and the year's classification. Every dashboard panel then
has figures. The same seed and day give the same province; nothing is random between runs.
"""

from __future__ import annotations

import asyncio
import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from grassroots_cli.demo_activity import Activity
from grassroots_cli.stack import Stack
from shared.auth import mint_token
from shared.calendar import add_months, today_in_vietnam

GIVEN = [
    "Văn Đức",
    "Thị Hoa",
    "Văn Nam",
    "Thị Lan",
    "Minh Tuấn",
    "Thị Mai",
    "Quang Huy",
    "Thị Thu",
    "Đức Anh",
    "Thị Hằng",
    "Văn Hùng",
    "Thị Nga",
    "Xuân Trường",
    "Thị Yến",
    "Công Minh",
    "Thị Hương",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ma", "Hà", "Nông"]
ETHNICITIES = ["Kinh"] * 6 + ["Tày", "Dao", "Sán Dìu", "Cao Lan"]
DISTRICTS = ["Sơn Dương", "Yên Sơn", "Hàm Yên", "Chiêm Hóa", "Na Hang", "Lâm Bình"]
COMMUNES = ["Xuân Lôi", "Đồng Quý", "Tân Trào", "Minh Thanh", "Hợp Thành", "Kháng Nhật", "Phúc Ứng", "Vân Sơn"]
HAMLETS = ["Đồng Tâm", "Cầu Xi", "Tân Lập", "Làng Ngòi", "Khuôn Phục", "Cây Thị", "Đồng Bèn", "Lũng Hoa", "Bình Ca"]


@dataclass(frozen=True)
class Scale:
    districts: int = 4
    communes: int = 6  # grassroots committees per district
    branches: int = 9  # per commune
    members: tuple[int, int] = (10, 20)  # per branch
    concurrency: int = 6


SMALL = Scale(districts=1, communes=2, branches=2, members=(6, 9), concurrency=4)


@dataclass
class Province:
    id: str = ""
    districts: list[str] = field(default_factory=list)
    communes: dict[str, list[str]] = field(default_factory=dict)  # commune -> its branches
    district_of: dict[str, str] = field(default_factory=dict)  # commune -> district
    members: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # branch -> members (API shape)

    @property
    def branches(self) -> list[str]:
        return [b for bs in self.communes.values() for b in bs]


def load_demo(stack: Stack, seed: int = 7, scale: Scale = Scale()) -> str:
    """Build the demo province and return its id (the dashboard link opens it)."""
    return asyncio.run(build(stack, seed, scale))


async def build(stack: Stack, seed: int, scale: Scale, today: date | None = None) -> str:
    rng, today = random.Random(seed), today or today_in_vietnam()
    admin = {"Authorization": f"Bearer {mint_token(stack.jwt_secret, subject='demo-loader', org='*', roles=['admin'])}"}
    limits = httpx.Limits(max_connections=scale.concurrency * 2)
    async with httpx.AsyncClient(base_url=stack.url("membership"), headers=admin, timeout=120, limits=limits) as m:
        province = await _tree(m, rng, scale)
        count = await _import_members(m, province, rng, scale, today)
        await _read_members(m, province)
        print(f"grassroots: demo tree of {len(province.branches)} branches, {count} members imported", flush=True)
        activity = Activity(stack, m, province, rng, today, scale.concurrency)
        await activity.run()
    return province.id


async def _post(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(path, json=body)
    if response.status_code >= 400:
        raise RuntimeError(f"demo: POST {path} refused: {response.text[:500]}")
    result: dict[str, Any] = response.json()
    return result


async def _org(m: httpx.AsyncClient, name: str, kind: str, parent: str | None) -> str:
    body = {"name": name, "kind": kind, "parent_id": parent, "effective_date": "2015-01-01"}
    return str((await _post(m, "/api/v1/orgs", body))["id"])


async def _tree(m: httpx.AsyncClient, rng: random.Random, scale: Scale) -> Province:
    p = Province(id=await _org(m, "Tỉnh Tuyên Quang (demo)", "province", None))
    for d in range(scale.districts):
        district = await _org(m, f"Đảng bộ huyện {DISTRICTS[d % len(DISTRICTS)]}", "district", p.id)
        p.districts.append(district)
        for c in range(scale.communes):
            name = f"Đảng bộ xã {COMMUNES[c % len(COMMUNES)]}" + (f" {d + 1}" if d else "")
            commune = await _org(m, name, "grassroots_committee", district)
            p.district_of[commune] = district
            names = [f"Chi bộ thôn {HAMLETS[b % len(HAMLETS)]}" for b in range(scale.branches)]
            p.communes[commune] = list(await asyncio.gather(*(_org(m, n, "branch", commune) for n in names)))
    return p


def _member_row(rng: random.Random, n: int, branch: str, today: date, index: int) -> dict[str, str]:
    """A member admitted between 19 and 45 (the Charter's 18 to 60), officially recognised a year later. The
    branch's second member and a few others are still probationary, admitted 4 to 12 months ago (the second a
    year and ten days ago: probation just ended, the branch votes now), so every branch has a recognition this year
    and no probation is overdue. The first is the branch's secretary."""
    probationary = index == 1 or (index > 1 and rng.random() < 0.08)
    if probationary:
        if index == 1:
            admitted = add_months(today, -12) - timedelta(days=10)
        else:
            admitted = add_months(today, -rng.randint(4, 11)) - timedelta(days=rng.randint(0, 25))
    else:
        admitted = date(1980, 1, 1) + timedelta(days=rng.randint(0, (date(2024, 6, 1) - date(1980, 1, 1)).days))
    birth = add_months(admitted, -12 * rng.randint(19, 44) - rng.randint(0, 11)) - timedelta(days=rng.randint(0, 27))
    return {
        "external_id": f"demo-{n:05d}",
        "full_name": f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
        "gender": "female" if rng.random() < 0.38 else "male",
        "birth_date": birth.isoformat(),
        "ethnicity": rng.choice(ETHNICITIES),
        "national_id": f"0080{n:08d}",
        "org_id": branch,
        "status": "probationary" if probationary else "official",
        "positions": "secretary" if index == 0 else "",
        "admission_date": admitted.isoformat(),
        "recognition_date": "" if probationary else add_months(admitted, 12).isoformat(),
    }


async def _import_members(m: httpx.AsyncClient, p: Province, rng: random.Random, scale: Scale, today: date) -> int:
    rows, n = [], 0
    for branch in p.branches:
        for i in range(rng.randint(*scale.members)):
            n += 1
            rows.append(_member_row(rng, n, branch, today, i))
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    response = await m.post(
        "/api/v1/imports",
        params={"source_system": "demo"},
        content=text.getvalue().encode(),
        headers={"Content-Type": "text/csv"},
    )
    if response.status_code >= 400:
        raise RuntimeError(f"demo: import refused: {response.text[:500]}")
    job = response.json()
    while job["status"] == "running":
        await asyncio.sleep(1.0)
        job = (await m.get(f"/api/v1/imports/{job['id']}")).json()
    if job["status"] != "done" or job["rows_rejected"]:
        raise RuntimeError(f"demo: import {job['status']}: {job.get('error')} {job['report'][:3]}")
    return n


async def _read_members(m: httpx.AsyncClient, p: Province) -> None:
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {"under": p.id, "limit": 200, **({"cursor": cursor} if cursor else {})}
        page = (await m.get("/api/v1/members", params=params)).json()
        for member in page["items"]:
            p.members.setdefault(member["org_id"], []).append(member)
        cursor = page["next_cursor"]
        if not cursor:
            return
