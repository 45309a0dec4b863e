"""A small demo province loaded through the public API (so it also exercises events and reporting)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import httpx

from grassroots_cli.stack import Stack
from shared.auth import mint_token

GIVEN = ["Văn Đức", "Thị Hoa", "Văn Nam", "Thị Lan", "Minh Tuấn", "Thị Mai", "Quang Huy", "Thị Thu", "Đức Anh"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ"]
ETHNICITIES = ["Kinh"] * 6 + ["Tày", "Dao", "Sán Dìu"]


def load_demo(stack: Stack, seed: int = 7) -> None:
    rng = random.Random(seed)
    token = mint_token(stack.jwt_secret, subject="demo-loader", org="*", roles=["admin"])
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=stack.url("membership"), headers=headers, timeout=30) as client:

        def org(name: str, kind: str, parent: str | None) -> str:
            response = client.post(
                "/api/v1/orgs", json={"name": name, "kind": kind, "parent_id": parent, "effective_date": "2020-01-01"}
            )
            response.raise_for_status()
            return str(response.json()["id"])

        province = org("Tỉnh Tuyên Quang (demo)", "province", None)
        counter = 0
        for district_name in ("Huyện Sơn Dương", "Huyện Yên Sơn"):
            district = org(district_name, "district", province)
            for commune_name in ("Xã Xuân Lôi", "Xã Đồng Quý"):
                commune = org(f"Đảng ủy {commune_name}", "grassroots_committee", district)
                for hamlet in ("Thôn Đồng Tâm", "Thôn Cầu Xi"):
                    branch = org(f"Chi bộ {hamlet}", "branch", commune)
                    for _ in range(rng.randint(6, 12)):
                        counter += 1
                        client.post(
                            "/api/v1/members",
                            json={
                                "full_name": f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
                                "gender": rng.choice(["male", "female"]),
                                "birth_date": (date(1950, 1, 1) + timedelta(days=rng.randint(0, 18000))).isoformat(),
                                "ethnicity": rng.choice(ETHNICITIES),
                                "national_id": f"{counter + 1000000:012d}",
                                "org_id": branch,
                                "status": rng.choice(["official"] * 5 + ["probationary"]),
                                "effective_date": "2020-01-01",
                            },
                        ).raise_for_status()
    print(f"grassroots: demo province loaded ({counter} members); province id {province}")
