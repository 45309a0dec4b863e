"""A country generated deterministically for ``bench/national.py``: the organisation tree and the members' CSV.

At ``scale`` 1.0 it is the size issue 13 names: 5.6 million members, about 52,000 grassroots organisations and
300,000 branches under 34 provinces (the 2025 reform let grassroots committees sit directly under a province).
Members' admissions are spread over 1960–2026 so reporting holds decades of monthly history.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from shared.calendar import add_months

FULL_MEMBERS, FULL_GRASSROOTS, FULL_BRANCHES, MAX_PROVINCES = 5_600_000, 52_000, 300_000, 34
FOUNDED = date(1950, 1, 1)
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đức", "Hoa", "Lan", "Mai", "Nam", "Phương", "Quân", "Sơn", "Tâm", "Yến"]
ETHNIC = ["Kinh"] * 8 + ["Tày", "Dao", "H'Mông", "Thái", "Nùng"]
HEADER = [
    "external_id",
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "national_id",
    "org_code",
    "status",
    "admission_date",
    "recognition_date",
]


@dataclass(frozen=True)
class Org:
    code: str
    kind: str
    parent: str | None


@dataclass
class Country:
    """The tree (parents before children) and how many members each file carries."""

    scale: float
    provinces: list[Org] = field(default_factory=list)
    grassroots: list[Org] = field(default_factory=list)
    branches: list[Org] = field(default_factory=list)
    members: int = 0

    @property
    def levels(self) -> list[list[Org]]:
        return [self.provinces, self.grassroots, self.branches]

    def units_of(self, province: str) -> list[Org]:
        return units_of_province(self, province)

    @property
    def org_count(self) -> int:
        return len(self.provinces) + len(self.grassroots) + len(self.branches)


def country(scale: float) -> Country:
    """The tree at ``scale``: never fewer than one province, two grassroots organisations and two branches each."""
    grassroots = max(2, round(FULL_GRASSROOTS * scale))
    branches = max(2 * grassroots, round(FULL_BRANCHES * scale))
    provinces = max(1, min(MAX_PROVINCES, math.ceil(grassroots / (FULL_GRASSROOTS / MAX_PROVINCES))))
    made = Country(scale, members=max(2 * branches, round(FULL_MEMBERS * scale)))
    made.provinces = [Org(f"P{i:02d}", "province", None) for i in range(provinces)]
    made.grassroots = [
        Org(f"G{i:05d}", "grassroots_committee", made.provinces[i % provinces].code) for i in range(grassroots)
    ]
    made.branches = [Org(f"B{i:06d}", "branch", made.grassroots[i % grassroots].code) for i in range(branches)]
    return made


def units_of_province(made: Country, province: str) -> list[Org]:
    grassroots = [g for g in made.grassroots if g.parent == province]
    codes = {g.code for g in grassroots}
    return (
        [o for o in made.provinces if o.code == province] + grassroots + [b for b in made.branches if b.parent in codes]
    )


def province_of(made: Country) -> dict[str, str]:
    """Each branch's province code, to know each province's exact total."""
    parent = {o.code: o.parent or o.code for o in made.grassroots}
    return {b.code: parent[b.parent or ""] for b in made.branches}


def member_row(i: int, branch: str, rng: random.Random) -> list[str]:
    female = rng.random() < 0.4
    name = f"{rng.choice(SURNAMES)} {'Thị' if female else rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    official = rng.random() < 0.95
    if official:
        admitted = date(rng.randint(1960, 2024), rng.randint(1, 12), rng.randint(1, 28))
    else:
        admitted = date(2026, rng.randint(1, 10), rng.randint(1, 28))
    born = date(admitted.year - rng.randint(19, 45), rng.randint(1, 12), rng.randint(1, 28))
    recognised = add_months(admitted, 12).isoformat() if official else ""
    return [
        f"NAT-{i:08d}",
        name,
        "female" if female else "male",
        born.isoformat(),
        rng.choice(ETHNIC),
        f"{i:012d}",
        branch,
        "official" if official else "probationary",
        admitted.isoformat(),
        recognised,
    ]


def write_members(made: Country, folder: Path, rows_per_file: int, seed: int = 13) -> list[tuple[Path, dict[str, int]]]:
    """CSV files of at most ``rows_per_file`` members; with each, how many members it adds to each province."""
    rng, provinces = random.Random(seed), province_of(made)
    files: list[tuple[Path, dict[str, int]]] = []
    for start in range(0, made.members, rows_per_file):
        path, counts = folder / f"members-{start:08d}.csv", dict.fromkeys((p.code for p in made.provinces), 0)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            for i in range(start, min(made.members, start + rows_per_file)):
                branch = made.branches[rng.randrange(len(made.branches))].code
                counts[provinces[branch]] += 1
                writer.writerow(member_row(i, branch, rng))
        files.append((path, counts))
    return files
