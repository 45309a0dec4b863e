"""The statistical forms over real events: a generated province is entered through membership's API (members
with their dates, records with their codes, deaths, resignations, removals and transfers), its events reach
reporting through JetStream, and each form's cells equal a count made by hand from what was entered and the
summary API's figures; a form of a period before a restructuring shows the tree of that period."""

from __future__ import annotations

import csv
import io
import itertools
import random
import re
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from reporting.facts.rules import admission_age_band
from reporting.rebuild import rebuild
from reporting.reports.figures import age_bands
from shared import ethnic_groups
from shared.calendar import Period, add_months, today_in_vietnam
from shared.testing.harness import ServiceFactory, auth
from shared.testing.tools import needs_poppler

ADMIN = auth()
_ids = itertools.count(300_000_000_000)
ETHNICITIES = ("Kinh", "Kinh", "Tày", "Mường", "H'Mông", "Khơ-me")
CODES = {
    "general_level": ("lower_secondary", "upper_secondary", None),
    "professional_level": ("university", "college", "master", None),
    "political_theory": ("elementary", "intermediate", "advanced", None),
    "occupation_group": ("farmer", "commune_official", "retired", "pupil", None),
    "religion_group": ("no_religion", "buddhism", "catholicism", None),
}
DIMENSION = {
    "general_level": "general_education",
    "professional_level": "professional_level",
    "political_theory": "political_theory",
    "occupation_group": "occupation",
    "religion_group": "religion",
}


@dataclass
class Person:
    branch: str
    gender: str
    birth: date
    ethnicity: str
    admitted: date
    codes: dict[str, str | None]
    id: str = ""
    left: str | None = None  # died, resigned, removed, abroad, moved
    moved_to: str | None = None

    @property
    def probationary_at_end(self) -> bool:
        return self.admitted.year == 2026

    def category(self, dimension: str) -> str | None:
        for key, name in DIMENSION.items():
            if name == dimension:
                return self.codes[key]
        return ethnic_groups.code_of(self.ethnicity)


def generate(branches: list[str]) -> list[Person]:
    rng = random.Random(18)
    people = []
    for i in range(36):
        year = rng.choice([rng.randint(1972, 2023), 2025, 2026])
        admitted = date(year, rng.randint(1, 10), rng.randint(1, 28))
        people.append(
            Person(
                branch=branches[i % len(branches)],
                gender=rng.choice(("male", "female")),
                birth=date(rng.randint(max(1940, year - 55), year - 19), rng.randint(1, 12), rng.randint(1, 28)),
                ethnicity=rng.choice(ETHNICITIES),
                admitted=admitted,
                codes={k: rng.choice(v) for k, v in CODES.items()},
            )
        )
    return people


UNIT_TYPES_SET = (
    ("a1", "commune", "1970-01-01"),
    ("a2", "ward", "1970-01-01"),
    ("b1", "state_enterprise", "2025-03-01"),
)
"""The communes' unit types: B1's stated only from March 2025 (so 2024's form counts it as not stated)."""


class Province:
    """The tree: province P; district A with communes A1 (branches a1, a2) and A2 (a3, a4); district B with
    commune B1 (b1)."""

    async def build(self, m: Any, reports: Any) -> None:
        self.p = await reports.org(m, "Tỉnh P", "province", None, on="1970-01-01")
        self.a = await reports.org(m, "Huyện A", "district", self.p, on="1970-01-01")
        self.b = await reports.org(m, "Huyện B", "district", self.p, on="1970-01-01")
        self.a1 = await reports.org(m, "Xã A1", "grassroots_committee", self.a, on="1970-01-01")
        self.a2 = await reports.org(m, "Xã A2", "grassroots_committee", self.a, on="1970-01-01")
        self.b1 = await reports.org(m, "Xã B1", "grassroots_committee", self.b, on="1970-01-01")
        self.branches = {
            await reports.org(m, f"Chi bộ {n}", "branch", parent, on="1970-01-01"): parent
            for n, parent in (("a1", self.a1), ("a2", self.a1), ("a3", self.a2), ("a4", self.a2), ("b1", self.b1))
        }
        self.district_of = {self.a1: self.a, self.a2: self.a, self.b1: self.b}
        for org, unit_type, since in UNIT_TYPES_SET:
            body = {"unit_type": unit_type, "effective_date": since}
            await reports.org_action(m, getattr(self, org), "unit-type", body)

    def chain(self, branch: str) -> list[str]:
        commune = self.branches[branch]
        return [self.p, self.district_of[commune], commune, branch]


async def enter(m: Any, person: Person, registered: date) -> None:
    """An existing member registered with the dates of their admission and recognition, then the record."""
    official = person.admitted.year < 2026
    body = {
        "full_name": "Nguyễn Thị B",
        "gender": person.gender,
        "birth_date": person.birth.isoformat(),
        "ethnicity": person.ethnicity,
        "national_id": str(next(_ids)),
        "org_id": person.branch,
        "status": "official" if official else "probationary",
        "admission_date": person.admitted.isoformat(),
        "ceremony_date": person.admitted.isoformat(),
        "recognition_date": add_months(person.admitted, 12).isoformat() if official else None,
        "effective_date": registered.isoformat(),
    }
    response = await m.client.post("/api/v1/members", headers=ADMIN, json=body)
    assert response.status_code == 201, response.text
    person.id = response.json()["id"]


async def put_record(m: Any, person: Person) -> None:
    codes = person.codes
    education = {k: codes[k] for k in ("general_level", "professional_level", "political_theory")}
    record = {"education": education, "occupation_group": codes["occupation_group"]}
    record["religion_group"] = codes["religion_group"]
    path = f"/api/v1/members/{person.id}/record"
    response = await m.client.put(path, headers={**ADMIN, "If-Match": '"0"'}, json=record)
    assert response.status_code == 200, response.text


async def act(m: Any, person: Person, action: str, body: dict[str, Any]) -> None:
    response = await m.client.post(f"/api/v1/members/{person.id}/{action}", headers=ADMIN, json=body)
    assert response.status_code == 200, response.text


async def leave(m: Any, people: list[Person], province: Province, on: date) -> None:
    """Two deaths, two resignations, a probationary and an official member removed, a permanent transfer from
    district A to district B and a transfer abroad, dated after the registrations."""
    day = on.isoformat()
    official = [p for p in people if not p.probationary_at_end and p.branch != province_b1(province)]
    probationary = [p for p in people if p.probationary_at_end]
    plan = [
        (official[0], "die", {"effective_date": day}),
        (official[1], "die", {"effective_date": day}),
        (official[2], "resign", {"effective_date": day}),
        (official[3], "resign", {"effective_date": day}),
        (official[4], "remove", {"effective_date": day, "reason": "other"}),
        (probationary[0], "remove", {"effective_date": day, "reason": "other"}),
    ]
    for person, action, body in plan:
        await act(m, person, action, body)
        person.left = action
    moving, abroad = official[5], official[6]
    await act(
        m,
        moving,
        "transfer-out",
        {"effective_date": day, "transfer_kind": "permanent", "to_org_id": province_b1(province)},
    )
    await act(m, moving, "transfer-in", {"org_id": province_b1(province), "presented_on": day})
    moving.left, moving.moved_to = "moved", province_b1(province)
    await act(
        m, abroad, "transfer-out", {"effective_date": day, "transfer_kind": "abroad", "to_description": "Nhật Bản"}
    )
    abroad.left = "abroad"


def province_b1(province: Province) -> str:
    return next(b for b, commune in province.branches.items() if commune == province.b1)


# ---- the count by hand ------------------------------------------------------------------------------------------


class Count:
    """What each form must show, counted from the people entered (not from reporting)."""

    def __init__(self, people: list[Person], province: Province, left_on: date, recorded_on: date) -> None:
        self.people, self.tree, self.left_on, self.recorded_on = people, province, left_on, recorded_on

    def counted(self, org: str, day: date) -> list[Person]:
        """The members counted at ``org`` at the end of ``day`` (in the tree as entered)."""
        out = []
        for p in self.people:
            if p.admitted > day:
                continue
            branch = p.branch
            if p.left is not None and self.left_on <= day:
                if p.left != "moved":
                    continue
                branch = p.moved_to or branch
            if org in self.tree.chain(branch):
                out.append(p)
        return out

    def admitted(self, org: str, period: Period) -> list[Person]:
        return [p for p in self.people if period.contains(p.admitted) and org in self.tree.chain(p.branch)]

    def left(self, org: str, period: Period, how: str) -> list[Person]:
        if not period.contains(self.left_on):
            return []
        return [p for p in self.people if p.left == how and org in self.tree.chain(p.branch)]

    def movement(self, org: str, period: Period) -> dict[str, int]:
        """A move between two units of ``org`` is neither an arrival nor a departure of ``org``."""
        moves = [p for p in self.people if p.left == "moved" and period.contains(self.left_on)]
        moved = [p for p in moves if org in self.tree.chain(p.branch) and org not in self.tree.chain(p.moved_to or "")]
        arrived = [
            p for p in moves if org in self.tree.chain(p.moved_to or "") and org not in self.tree.chain(p.branch)
        ]
        removed = self.left(org, period, "remove")
        return {
            "opening": len(self.counted(org, period.start - timedelta(days=1))),
            "admitted": len(self.admitted(org, period)),
            "transferred_in": len(arrived),
            "restored": 0,
            "died": len(self.left(org, period, "die")),
            "expelled": 0,
            "removed": len(removed),
            "removed_probationary": sum(p.probationary_at_end for p in removed),
            "resigned": len(self.left(org, period, "resign")),
            "transferred_out": len(moved) + len(self.left(org, period, "abroad")),
            "transferred_abroad": len(self.left(org, period, "abroad")),
            "closing": len(self.counted(org, period.end)),
        }

    def categories(self, people: list[Person], dimension: str, stated: bool) -> Counter[str]:
        return Counter((p.category(dimension) if stated else None) or "not_stated" for p in people)

    def admissions(self, org: str, period: Period) -> dict[str, int]:
        new = self.admitted(org, period)
        out: Counter[str] = Counter({"total.total": len(new)})
        out["total.female"] = sum(p.gender == "female" for p in new)
        out["total.ethnic_minority"] = sum(ethnic_groups.code_of(p.ethnicity) != "kinh" for p in new)
        out.update(f"age.{admission_age_band(p.birth, p.admitted)}" for p in new)
        for dimension in ("occupation", "general_education", "professional_level", "political_theory", "religion"):
            out.update({f"{dimension}.{k}": v for k, v in self.categories(new, dimension, True).items()})
        return dict(out)

    def body(self, org: str, period: Period) -> dict[str, int]:
        members = self.counted(org, period.end)
        official = [p for p in members if add_months(p.admitted, 12) <= period.end and p.admitted.year < 2026]
        out: Counter[str] = Counter({"total.total": len(members), "total.official": len(official)})
        out["total.probationary"] = len(members) - len(official)
        out["total.female"] = sum(p.gender == "female" for p in members)
        out["total.ethnic_minority"] = sum(ethnic_groups.code_of(p.ethnicity) != "kinh" for p in members)
        years = Counter(f"yob.{p.birth.year}" for p in members)
        out.update({f"age.{k}": v for k, v in age_bands(years, period.end).items()})
        stated = self.recorded_on <= period.end
        for dimension in ("general_education", "professional_level", "political_theory", "occupation"):
            out.update({f"{dimension}.{k}": v for k, v in self.categories(members, dimension, stated).items()})
        return dict(out)

    def member_work(self, org: str, period: Period) -> dict[str, int]:
        """Recognitions: the members entered as official, on their recognition's day (a year after admission)."""
        recognised = [
            p
            for p in self.people
            if p.admitted.year < 2026
            and period.contains(add_months(p.admitted, 12))
            and org in self.tree.chain(p.branch)
        ]
        return {"work.recognised": len(recognised)}

    def ethnicity_religion(self, org: str, period: Period) -> dict[str, int]:
        members = self.counted(org, period.end)
        out: Counter[str] = Counter({"total.total": len(members)})
        out.update({f"ethnic_group.{k}": v for k, v in self.categories(members, "ethnic_group", True).items()})
        stated = self.recorded_on <= period.end
        out.update({f"religion.{k}": v for k, v in self.categories(members, "religion", stated).items()})
        return dict(out)


# ---- reading the forms -------------------------------------------------------------------------------------------


async def form(r: Any, org: str, code: str, period: str, headers: dict[str, str] = ADMIN) -> dict[str, Any]:
    response = await r.client.get(f"/api/v1/reports/{org}/forms/{code}", params={"period": period}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def column(body: dict[str, Any], key: str = "current") -> dict[str, Any]:
    """``group.row`` -> the column's value, without the rows that are zero (a hand count names only what is)."""
    cells = {f"{g['key']}.{row['key']}": row["values"][key] for g in body["groups"] for row in g["rows"]}
    return {k: v for k, v in cells.items() if v not in (0, None)}


def plain(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if v}


async def test_each_form_of_a_generated_province_equals_the_hand_count_and_the_summary(
    services: ServiceFactory, reports: Any
) -> None:
    today = today_in_vietnam()
    registered, left_on = today - timedelta(days=6), today - timedelta(days=4)
    async with services.run("membership") as m, services.run("reporting") as r:
        tree = Province()
        await tree.build(m, reports)
        people = generate(list(tree.branches))
        for person in people:
            await enter(m, person, registered)
        await leave(m, people, tree, left_on)
        for person in people:
            await put_record(m, person)
        count = Count(people, tree, left_on, today)
        year, last_year = Period.whole_year(left_on.year), Period.whole_year(left_on.year - 1)
        want = count.body(tree.p, year)
        await reports.wait(r, tree.p, year.label, lambda f: f["members_total"] == want["total.total"])
        await reports.settle(r)

        for org in (tree.p, tree.a, tree.b, tree.a1):
            movement = await form(r, org, "1-BTCTW", year.label)
            assert column(movement) == plain(
                {
                    f"{k}.{k}" if k in ("opening", "closing") else _row(k): v
                    for k, v in count.movement(org, year).items()
                }
            )
            assert column(movement, "previous_year") == plain(
                {
                    f"{k}.{k}" if k in ("opening", "closing") else _row(k): v
                    for k, v in count.movement(org, last_year).items()
                }
            )
            for period in (year, last_year):
                assert column(await form(r, org, "2-BTCTW", period.label)) == plain(count.admissions(org, period))
                assert column(await form(r, org, "3-BTCTW", period.label)) == plain(count.body(org, period))
                assert column(await form(r, org, "3B-BTCTW", period.label)) == plain(
                    count.ethnicity_religion(org, period)
                )

        figures = (await reports.summary(r, tree.p, year.label))["figures"]
        body, movement = column(await form(r, tree.p, "3-BTCTW", year.label)), count.movement(tree.p, year)
        assert figures["members_total"] == body["total.total"] == movement["closing"]
        assert figures["members_female"] == body["total.female"]
        assert figures["members_official"] == body["total.official"]
        assert figures["members_probationary"] == body["total.probationary"]
        assert figures["members_ethnic_minority"] == body["total.ethnic_minority"]
        assert {k: v for k, v in figures.items() if k.startswith("age_") and v} == {
            k.removeprefix("age."): v for k, v in body.items() if k.startswith("age.")
        }
        flows = column(await form(r, tree.p, "1-BTCTW", year.label))
        assert (
            figures["admissions"]
            == flows["increase.admitted"]
            == column(await form(r, tree.p, "2-BTCTW", year.label))["total.total"]
        )
        assert (figures["deaths"], figures["resignations"], figures["removals"]) == (
            flows["decrease.died"],
            flows["decrease.resigned"],
            flows["decrease.removed"],
        )
        assert figures["transfers_in"] == 1  # the summary counts every transfer received below the node
        assert "increase.transferred_in" not in flows  # the form: A to B is no arrival of the province
        assert flows["decrease.transferred_out"] == flows["decrease.transferred_abroad"] == 1
        district_b = column(await form(r, tree.b, "1-BTCTW", year.label))
        assert (
            district_b["increase.transferred_in"]
            == (await reports.summary(r, tree.b, year.label))["figures"]["transfers_in"]
        )
        orgs = column(await form(r, tree.p, "TCD-LOAI", year.label))
        assert orgs == {
            "grassroots.grassroots": 3,
            "grassroots.grassroots_committee": 3,
            "grassroots.branch": 5,
            "members.members": figures["members_total"],
        }
        assert figures["grassroots_committees"] + figures["grassroots_branches"] == orgs["grassroots.grassroots"]
        work = column(await form(r, tree.p, "7-BTCTW", year.label))
        assert work.get("work.recognised", 0) == figures["recognitions"] > 0


def _row(key: str) -> str:
    group = "increase" if key in ("admitted", "transferred_in", "restored") else "decrease"
    return f"{group}.{key}"


async def test_a_form_of_a_period_before_a_restructuring_shows_the_tree_of_that_period(
    services: ServiceFactory, reports: Any
) -> None:
    """Commune A2 moves from district A to district B today: district A's body of members for last month still
    counts A2's members, this month's does not (and district B's does)."""
    today = today_in_vietnam()
    async with services.run("membership") as m, services.run("reporting") as r:
        tree = Province()
        await tree.build(m, reports)
        people = generate(list(tree.branches))[:12]
        for person in people:
            await enter(m, person, today - timedelta(days=40))
        count = Count(people, tree, date.max, date.max)  # nobody leaves, no record: categories not stated
        before, after = Period.month_of(add_months(today, -1)), Period.month_of(today)
        await reports.wait(r, tree.p, after.label, lambda f: f["members_total"] == len(count.counted(tree.p, today)))
        await reports.org_action(m, tree.a2, "move", {"parent_id": tree.b, "effective_date": today.isoformat()})
        in_a2 = [p for p in people if tree.branches[p.branch] == tree.a2 and p.admitted <= before.end]
        assert in_a2, "the generated people put somebody in commune A2"
        await reports.wait(r, tree.b, after.label, lambda f: f["grassroots_committees"] == 2)
        await reports.settle(r)

        a_before = column(await form(r, tree.a, "3-BTCTW", before.label))
        assert a_before == plain(count.body(tree.a, before))
        assert a_before["total.total"] >= len(in_a2)
        tree.district_of[tree.a2] = tree.b  # the count of this month: the tree after the move
        for district in (tree.a, tree.b):
            assert column(await form(r, district, "3-BTCTW", after.label)) == plain(count.body(district, after))
        a_after = column(await form(r, tree.a, "3-BTCTW", after.label))
        assert a_after.get("total.total", 0) <= a_before["total.total"] - len(in_a2)
        orgs_before = column(await form(r, tree.a, "TCD-LOAI", before.label))
        orgs_after = column(await form(r, tree.a, "TCD-LOAI", after.label))
        assert (orgs_before["grassroots.grassroots_committee"], orgs_after["grassroots.grassroots_committee"]) == (2, 1)


async def test_the_forms_are_listed_in_the_callers_language_and_refused_outside_its_subtree(
    services: ServiceFactory, reports: Any
) -> None:
    async with services.run("membership") as m, services.run("reporting") as r:
        tree = Province()
        await tree.build(m, reports)
        await reports.wait(r, tree.p, "2025", lambda f: f["branches"] == 5)
        english = await r.client.get(f"/api/v1/reports/{tree.a}/forms", headers={**ADMIN, "Accept-Language": "en"})
        vietnamese = await r.client.get(f"/api/v1/reports/{tree.a}/forms", headers={**ADMIN, "Accept-Language": "vi"})
        assert english.status_code == vietnamese.status_code == 200
        codes = [f["code"] for f in english.json()["items"]]
        assert codes == ["1-BTCTW", "2-BTCTW", "3-BTCTW", "3B-BTCTW", "5-BTCTW", "7-BTCTW", "TCD-LOAI"]
        assert english.json()["items"][0]["title"] == "Increase and decrease of party members"
        assert vietnamese.json()["items"][0]["title"] == "Thống kê tăng, giảm đảng viên"
        assert vietnamese.json()["items"][0]["source"]["regulation"].startswith("Hướng dẫn 11-HD/BTCTW")
        filled = await r.client.get(
            f"/api/v1/reports/{tree.a}/forms/1-BTCTW",
            params={"period": "2025"},
            headers={**ADMIN, "Accept-Language": "en"},
        )
        assert [c["label"] for c in filled.json()["columns"]][:2] == ["This period", "Same period last year"]
        assert filled.json()["compared_period"]["label"] == "2024"

        unknown = await r.client.get(f"/api/v1/reports/{tree.a}/forms/9-XYZ", params={"period": "2025"}, headers=ADMIN)
        assert (unknown.status_code, unknown.json()["rule"]) == (404, "report.unknown_form")
        bad = await r.client.get(f"/api/v1/reports/{tree.a}/forms/1-BTCTW", params={"period": "2025-13"}, headers=ADMIN)
        assert (bad.status_code, bad.json()["rule"]) == (422, "report.bad_period")
        outsider = auth(tree.b, "admin")
        assert (await r.client.get(f"/api/v1/reports/{tree.a}/forms", headers=outsider)).status_code == 404
        refused = await r.client.get(
            f"/api/v1/reports/{tree.a}/forms/1-BTCTW", params={"period": "2025"}, headers=outsider
        )
        assert refused.status_code == 404
        inside = await r.client.get(
            f"/api/v1/reports/{tree.a1}/forms/1-BTCTW", params={"period": "2025"}, headers=auth(tree.a, "viewer")
        )
        assert inside.status_code == 200
        assert (await r.client.get(f"/api/v1/reports/{tree.a}/forms")).status_code == 401


# ---- printed -----------------------------------------------------------------------------------------------------

NUMBER = re.compile(r"(?<!\S)-?\d[\d.,]*(?!\S)")


def printed_cell(value: Any) -> str | None:
    """A JSON cell as the page prints it (thousands with ".", decimals with ","), written out here."""
    if value is None:
        return None
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value).replace(".", ",")


def pdf_lines(pdf: bytes, tmp: Path) -> list[str]:
    assert pdf.startswith(b"%PDF-")
    path = tmp / "form.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return unicodedata.normalize("NFC", text).splitlines()


def rows_in_order(body: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    columns = [c["key"] for c in body["columns"]]
    return [(row["label"], [row["values"][c] for c in columns]) for g in body["groups"] for row in g["rows"]]


def check_pdf(lines: list[str], body: dict[str, Any]) -> None:
    """Every row of the JSON form, in order, on a numbered table line of the PDF with the same figures (a long
    label may wrap: its line is found by its first words)."""
    at = 0
    for label, values in rows_in_order(body):
        prefix = " ".join(label.split()[:3])
        pattern = re.compile(rf"^\s*\d+\s+{re.escape(prefix)}")
        found = [i for i in range(at, len(lines)) if pattern.match(lines[i])]
        assert found, (label, lines[at : at + 8])
        at = found[0]
        rest = lines[at].split(label if label in lines[at] else prefix, 1)[1]
        assert NUMBER.findall(rest) == [printed_cell(v) for v in values if v is not None], (label, lines[at])
        at += 1


def check_xlsx(body: bytes, form_body: dict[str, Any]) -> None:
    sheets = load_workbook(io.BytesIO(body)).worksheets  # one sheet per table
    printed = [
        (row[1], list(row[2:]))
        for sheet in sheets
        for row in sheet.iter_rows(values_only=True)
        if isinstance(row[0], int) and isinstance(row[1], str)
    ]
    expected = rows_in_order(form_body)
    assert [label.strip() for label, _ in printed] == [label for label, _ in expected]
    for (label, cells), (_, values) in zip(printed, expected, strict=True):
        numbers = [None if v is None else float(Decimal(v)) if isinstance(v, str) else v for v in values]
        assert cells[: len(values)] == numbers, label


@needs_poppler
async def test_each_printed_form_shows_the_json_forms_figures(
    services: ServiceFactory, reports: Any, tmp_path: Path
) -> None:
    """Each form of a generated province as PDF (read back with pdftotext) and XLSX (openpyxl): every row of
    the JSON form in order with the same figures, under the party header and signature block."""
    today = today_in_vietnam()
    async with services.run("membership") as m, services.run("reporting") as r:
        tree = Province()
        await tree.build(m, reports)
        people = generate(list(tree.branches))[:20]
        for person in people:
            await enter(m, person, today - timedelta(days=6))
        await leave(m, people, tree, today - timedelta(days=4))
        for person in people:
            await put_record(m, person)
        await reports.wait(r, tree.p, str(today.year), lambda f: f["deaths"] == 2)
        await reports.settle(r)
        period = str(today.year)
        for code in FORMS_CODES:
            body = await form(r, tree.p, code, period, headers={**ADMIN, "Accept-Language": "vi"})
            path = f"/api/v1/reports/{tree.p}/forms/{code}/export"
            params = {"period": period, "place": "Buôn Ma Thuột"}
            pdf = await r.client.get(
                path, params={**params, "format": "pdf"}, headers={**ADMIN, "Accept-Language": "en"}
            )
            assert pdf.status_code == 200, pdf.text
            assert pdf.headers["content-type"] == "application/pdf"
            lines = pdf_lines(pdf.content, tmp_path)
            text = "\n".join(lines)
            assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
            assert "Buôn Ma Thuột, ngày" in text
            assert "T/M BAN THƯỜNG VỤ TỈNH ỦY" in text
            assert body["title"].upper() in " ".join(text.split())  # the title may wrap
            check_pdf(lines, body)
            xlsx = await r.client.get(path, params={**params, "format": "xlsx"}, headers=ADMIN)
            assert xlsx.status_code == 200, xlsx.text
            check_xlsx(xlsx.content, body)
        unknown = await r.client.get(
            f"/api/v1/reports/{tree.p}/forms/X/export", params={"period": period, "format": "pdf"}, headers=ADMIN
        )
        assert unknown.status_code == 404
        outsider = auth(tree.b, "admin")
        refused = await r.client.get(
            f"/api/v1/reports/{tree.a}/forms/1-BTCTW/export",
            params={"period": period, "format": "pdf"},
            headers=outsider,
        )
        assert refused.status_code == 404


async def test_every_form_rebuilt_from_the_streams_equals_the_live_one(services: ServiceFactory, reports: Any) -> None:
    """The forms' figures (categories, admission details, openings) are facts like every figure: replaying the
    streams into an empty store gives every form of every node and period back, cell for cell."""
    today = today_in_vietnam()
    async with services.run("membership") as m:
        async with services.run("reporting") as r:
            tree = Province()
            await tree.build(m, reports)
            people = generate(list(tree.branches))[:20]
            for person in people:
                await enter(m, person, today - timedelta(days=6))
            await leave(m, people, tree, today - timedelta(days=4))
            for person in people:
                await put_record(m, person)
            await reports.org_action(m, tree.a2, "move", {"parent_id": tree.b, "effective_date": today.isoformat()})
            await reports.wait(r, tree.b, str(today.year), lambda f: f["grassroots_committees"] == 2)
            await reports.settle(r)
            orgs, periods = [tree.p, tree.a, tree.b, tree.a2], [str(today.year), str(today.year - 1), "2000..2024"]
            live = {(o, c, p): await form(r, o, c, p) for o in orgs for c in FORMS_CODES for p in periods}
            database_url, settings = r.database_url, r.app.state.settings
        report = await rebuild(settings)
        assert sum(report.parked.values()) + sum(report.dead_letters.values()) == 0
        async with services.run("reporting", database_url=database_url) as again:
            await reports.settle(again)
            for key, before in live.items():
                after = await form(again, *key)
                assert after["groups"] == before["groups"], key
        assert column(live[(tree.p, "3-BTCTW", str(today.year))])["total.total"] > 10


FORMS_CODES = ("1-BTCTW", "2-BTCTW", "3-BTCTW", "3B-BTCTW", "5-BTCTW", "7-BTCTW", "TCD-LOAI")


def import_file(people: list[Person]) -> bytes:
    """The people as an HR system's file: the codes in the import's columns, religions in its own words."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["external_id", "full_name", "gender", "birth_date", "ethnicity", "national_id", "org_id", "status"]
    header += ["admission_date", "ceremony_date", "recognition_date", *CODE_COLUMNS]
    writer.writerow(header)
    for n, p in enumerate(people):
        official = p.admitted.year < 2026
        recognised = add_months(p.admitted, 12).isoformat() if official else ""
        row = [f"F-{n}", "Nguyễn Thị B", p.gender, p.birth.isoformat(), p.ethnicity, str(next(_ids)), p.branch]
        row += ["official" if official else "probationary", p.admitted.isoformat(), p.admitted.isoformat(), recognised]
        codes = {**p.codes, "religion_group": RELIGION_WORDS.get(p.codes["religion_group"] or "", "")}
        writer.writerow(row + [codes[k] or "" for k in CODE_COLUMNS.values()])
    return out.getvalue().encode()


CODE_COLUMNS = {
    "general_education": "general_level",
    "professional_level": "professional_level",
    "political_theory": "political_theory",
    "occupation_group": "occupation_group",
    "religion_group": "religion_group",
}
RELIGION_WORDS = {"no_religion": "Không", "buddhism": "Phật giáo", "catholicism": "Thiên Chúa giáo"}


async def test_an_imported_files_codes_reach_the_forms(services: ServiceFactory, reports: Any) -> None:
    """A file with the categories' columns (religions mapped from the HR system's words) is counted by forms 2
    and 3 as the hand count says, with no record written through the record's API."""
    async with services.run("membership") as m, services.run("reporting") as r:
        tree = Province()
        await tree.build(m, reports)
        people = generate(list(tree.branches))
        mapping = {"religion_group": {words: code for code, words in RELIGION_WORDS.items()}}
        assert (await m.client.put("/api/v1/import-mappings/hr-forms", headers=ADMIN, json=mapping)).status_code == 200
        headers = {**ADMIN, "Content-Type": "text/csv"}
        posted = await m.client.post(
            "/api/v1/imports?source_system=hr-forms", headers=headers, content=import_file(people)
        )
        assert posted.status_code == 202, posted.text
        today = today_in_vietnam()
        count = Count(people, tree, date(9999, 1, 1), today)
        year = Period.whole_year(today.year)
        want = count.body(tree.p, year)
        await reports.wait(r, tree.p, year.label, lambda f: f["members_total"] == want["total.total"], timeout=90)
        await reports.settle(r)
        assert count.ethnicity_religion(tree.p, year)["religion.buddhism"] > 0  # mapped from the HR system's words
        for org in (tree.p, tree.a, tree.b1):
            assert column(await form(r, org, "2-BTCTW", year.label)) == plain(count.admissions(org, year))
            assert column(await form(r, org, "3-BTCTW", year.label)) == plain(count.body(org, year))
            assert column(await form(r, org, "3B-BTCTW", year.label)) == plain(count.ethnicity_religion(org, year))


async def test_grassroots_organisations_by_unit_type_as_the_tree_and_the_types_stood(
    services: ServiceFactory, reports: Any
) -> None:
    """Form 5-BTCTW counted by hand: A1 a commune and A2 a ward since 1970, B1 a state enterprise since March
    2025 (not stated at the end of 2024); after A2 moves to district B, each district's form of this year follows
    the tree, and the total equals TCD-LOAI's; the rows read in the caller's language."""
    today = today_in_vietnam()
    async with services.run("membership") as m, services.run("reporting") as r:
        tree = Province()
        await tree.build(m, reports)
        year = str(today.year)
        await reports.org_action(m, tree.a2, "move", {"parent_id": tree.b, "effective_date": today.isoformat()})
        await reports.wait(r, tree.b, year, lambda f: f["grassroots_committees"] == 2)
        await reports.settle(r)
        committees = {"total.total": 3, "total.grassroots_committee": 3}
        territorial = {"territorial.territorial": 2, "territorial.commune": 1, "territorial.ward": 1}
        enterprise = {"enterprises.enterprises": 1, "enterprises.state_enterprise": 1}
        assert column(await form(r, tree.p, "5-BTCTW", year)) == {**committees, **territorial, **enterprise}
        assert column(await form(r, tree.p, "5-BTCTW", "2024")) == {
            **committees,
            **territorial,
            "not_stated.not_stated": 1,
        }
        assert column(await form(r, tree.a, "5-BTCTW", year)) == {
            "total.total": 1,
            "total.grassroots_committee": 1,
            "territorial.territorial": 1,
            "territorial.commune": 1,
        }
        assert column(await form(r, tree.b, "5-BTCTW", year)) == {
            "total.total": 2,
            "total.grassroots_committee": 2,
            "territorial.territorial": 1,
            "territorial.ward": 1,
            **enterprise,
        }
        assert column(await form(r, tree.a, "5-BTCTW", "2024"))["territorial.ward"] == 1  # the tree of 2024
        orgs = column(await form(r, tree.p, "TCD-LOAI", year))
        assert orgs["grassroots.grassroots"] == 3
        shares = await form(r, tree.p, "5-BTCTW", year)
        ward = next(row for g in shares["groups"] for row in g["rows"] if row["key"] == "ward")
        assert Decimal(ward["values"]["share"]) == Decimal("33.33")
        english = await form(r, tree.p, "5-BTCTW", year, {**ADMIN, "Accept-Language": "en"})
        labels = {row["key"]: row["label"] for g in english["groups"] for row in g["rows"]}
        assert (labels["ward"], labels["state_enterprise"]) == ("Ward", "State-owned enterprise")
        vietnamese = await form(r, tree.p, "5-BTCTW", year, {**ADMIN, "Accept-Language": "vi"})
        assert {row["key"]: row["label"] for g in vietnamese["groups"] for row in g["rows"]}["ward"] == "Phường"
