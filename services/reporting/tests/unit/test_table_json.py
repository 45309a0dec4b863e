"""A breakdown's JSON built from its rows' kept figure JSON is the bytes the ``Table`` schema serialises."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from reporting.reports.api import NoDataOut, OrgOut, PeriodOut, Row, Table, _table_json
from reporting.reports.figures import figure_names
from reporting.reports.queries import KeptFigures
from shared.calendar import Period
from shared.orgtree import OrgKind, OrgNode


def _node() -> OrgNode:
    return OrgNode(id="p1", parent_id=None, kind="province", name='Tỉnh "items":[] Hà Nội', path="p1", status="active")


def _kept(i: int) -> KeptFigures:
    values = {name: (None if (i + k) % 5 == 0 else i * k if k % 2 else Decimal(f"{i}.{k}")) for k, name in
              enumerate(figure_names())}  # fmt: skip
    return KeptFigures(f"facts:{i}", values)


@pytest.mark.parametrize("cursor", [None, "eyJ2IjpbIngiXX0"])
@pytest.mark.parametrize("at", [None, datetime(2026, 12, 1, 15, 30, 1, 123456, tzinfo=UTC)])
@pytest.mark.parametrize("count", [0, 1, 4])
def test_the_same_bytes_as_the_schema(cursor: str | None, at: datetime | None, count: int) -> None:
    p = Period.whole_year(2026)
    kept = {f"o{i}": _kept(i) for i in range(count)}
    no_data = NoDataOut(rule="report.no_data", covered_from=date(2027, 1, 1), message='Chưa có "dữ liệu"')
    items = [
        Row.model_construct(
            org=OrgOut(id=f"o{i}", name=f'Chi bộ "{i}" \\ ✓', kind=OrgKind.BRANCH if i % 2 else OrgKind.DISTRICT),
            no_data=no_data if i == 2 else None,
            figures=kept[f"o{i}"].values,
        )
        for i in range(count)
    ]
    node = _node()
    org = OrgOut(id=node.id, name=node.name, kind=node.kind)
    period = PeriodOut(label=p.label, start=p.start.isoformat(), end=p.end.isoformat())
    expected = Table(org=org, period=period, items=items, next_cursor=cursor, last_event_at=at).model_dump_json()
    assert _table_json(node, p, items, kept, at, cursor).body == expected.encode()
