"""The demo's multi-step stories: an admission through the whole pipeline, a disciplinary decision, an inspection
programme and the year's classification, each with dates that satisfy the rules' time limits."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grassroots_cli.demo_activity import Activity

FAMILY = ["Hoàng Thị", "Nguyễn Văn", "Ma Thị", "Lương Văn", "Hà Thị"]
GIVEN = ["Mai", "Tùng", "Lan", "Khánh", "Quyên", "Sơn"]
# One excellent for six good at most: within the cap of 20 % of those rated good (no justification needed).
GRADES = ["good", "good", "good", "completed", "excellent", "good", "good", "good", "not_completed"]


def story_year(act: Activity) -> int:
    """The year whose first half holds the stories: this year once it is half over, else the last one."""
    return act.year if act.today >= date(act.year, 7, 1) else act.year - 1


async def admit(act: Activity, commune: str, branch: str, officials: list[dict[str, Any]], n: int) -> None:
    """Introduction, political class, two introducers, the branch's vote, the committee's review, the decision
    and the ceremony, spaced within the pipeline's time limits."""
    y, base = story_year(act), "/api/v1/candidates"
    body = {
        "org_id": branch,
        "full_name": f"{FAMILY[n % len(FAMILY)]} {GIVEN[n % len(GIVEN)]}",
        "gender": "female" if n % 2 else "male",
        "birth_date": f"{y - 24 - n % 5}-06-15",
        "ethnicity": "Tày" if n % 3 == 0 else "Kinh",
        "national_id": f"0090{n:08d}",
        "introduced_by": "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã",
        "introduced_on": f"{y}-01-10",
    }
    candidate = await act.send(act.m, "POST", base, body)
    path = f"{base}/{candidate['id']}"
    introducers = [{"member_id": o["id"], "worked_together_since": f"{y - 3}-01-01"} for o in officials[:2]]
    steps: list[tuple[str, dict[str, Any]]] = [
        ("class-completed", {"certificate_date": f"{y}-02-10"}),
        ("introducers", {"assigned_on": f"{y}-03-02", "introducers": introducers}),
        ("progress-notes", {"noted_on": f"{y}-04-01", "period": f"{y}-Q1", "text": "Tích cực trong công tác Đoàn"}),
        ("branch-vote", {"vote_date": f"{y}-05-05", "votes_for": len(officials), "votes_against": 0}),
        ("committee-review", {"review_date": f"{y}-05-12", "votes_for": 7, "committee_members": 9}),
        (
            "decision",
            {"decision_number": f"{100 + n}-QĐ/ĐU", "decision_date": f"{y}-06-02", "decision_org": "Đảng ủy xã"},
        ),
        ("ceremony", {"ceremony_date": f"{y}-06-16"}),
    ]
    for step, payload in steps:
        await act.send(act.m, "POST", f"{path}/{step}", payload)


async def discipline(act: Activity, commune: str, member_id: str, measure: str, n: int) -> None:
    y = story_year(act)
    body = {
        "target_type": "member",
        "target_id": member_id,
        "measure": measure,
        "decision_number": f"{n + 1:02d}-QĐ/UBKT",
        "decision_date": f"{y}-{n % 5 + 2:02d}-10",
        "issuing_org_id": commune,
        "violation_date": f"{y}-01-05",
        "reason": "Vi phạm quy định về sinh hoạt đảng",
    }
    async with act.client("inspection", org=commune, role="inspector") as client:
        await act.send(client, "POST", "/api/v1/disciplines", body)


async def inspect(act: Activity) -> int:
    """A supervision programme per district committee, two communes supervised and concluded."""
    y, concluded = story_year(act), 0
    for district in act.p.districts:
        communes = [c for c, d in act.p.district_of.items() if d == district][:2]
        async with act.client("inspection", org=district, role="inspector") as client:
            body = {"committee_id": district, "year": y, "title": f"Chương trình kiểm tra, giám sát năm {y}"}
            programme = await act.send(client, "POST", "/api/v1/inspections/programmes", body)
            for commune in communes:
                item = await act.send(
                    client,
                    "POST",
                    f"/api/v1/inspections/programmes/{programme['id']}/items",
                    {
                        "kind": "regular_supervision",
                        "target_type": "organisation",
                        "target_id": commune,
                        "subject": "Việc thực hiện chế độ sinh hoạt chi bộ",
                        "planned_on": f"{y}-04-15",
                    },
                )
                items = f"/api/v1/inspections/items/{item['id']}"
                await act.send(client, "POST", f"{items}/start", {"started_on": f"{y}-04-15"})
                conclusion = {"concluded_on": f"{y}-05-20", "violation": False, "findings": "Thực hiện tốt"}
                await act.send(client, "POST", f"{items}/conclude", conclusion)
                concluded += 1
    return concluded


async def classify(act: Activity) -> int:
    """Each grassroots committee rates its branches for the year (few excellent, as the cap expects)."""
    assessed = min(act.today, date(act.year, 12, 20))
    rated = 0
    for commune, branches in act.p.communes.items():
        entries = [{"target_id": b, "grade": GRADES[i % len(GRADES)]} for i, b in enumerate(branches)]
        body = {
            "org_id": commune,
            "year": act.year,
            "target_type": "organisation",
            "assessed_on": assessed.isoformat(),
            "entries": entries,
        }
        async with act.client("inspection", org=commune, role="inspector") as client:
            await act.send(client, "POST", "/api/v1/classifications/batches", body)
        rated += len(entries)
    return rated
