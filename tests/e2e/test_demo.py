"""``dev --demo`` builds its province through the public APIs; at a small scale, every panel of the dashboard
then has figures: members, admissions and recognitions, a year of meetings with attendance, evaluations,
disciplines, inspections and the classification."""

from __future__ import annotations

from datetime import date

from grassroots_cli.demo import SMALL, build
from grassroots_cli.stack import Stack
from shared.auth import mint_token
from shared.testing.polling import eventually

from .conftest import client

PANELS = (
    "members_total",
    "members_probationary",
    "members_ethnic_minority",
    "admissions",
    "recognitions",
    "meetings_held",
    "regular_branch_months_met",
    "thematic_branch_quarters_met",
    "attendance_present",
    "meetings_superior_attended",
    "meetings_evaluated",
    "disciplines",
    "inspections_concluded",
    "classification_org_total",
    "branches",
)


async def test_the_demo_province_has_figures_in_every_panel(stack: Stack) -> None:
    today = date(2026, 12, 1)
    province = await build(stack, seed=7, scale=SMALL, today=today)
    token = mint_token(stack.jwt_secret, subject="viewer", org=province, roles=["viewer"])
    async with client(stack, "reporting", {"Authorization": f"Bearer {token}"}) as reporting:

        async def figures() -> dict[str, object] | None:
            response = await reporting.get(f"/api/v1/reports/{province}/summary", params={"period": "2026"})
            values = response.json().get("figures", {}) if response.status_code == 200 else {}
            return values if all(values.get(name) for name in PANELS) else None

        values = await eventually(figures, "a figure in every panel", timeout=180, interval=1.0)
    assert values["members_total"] >= 20
    assert values["regular_meeting_rate"] is not None
