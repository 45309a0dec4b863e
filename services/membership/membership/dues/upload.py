"""A branch's monthly list of dues (CSV, XLSX or JSON): each row recorded like a single payment, in its own unit
of work, so a bad row is refused with its row, column and rule and nothing of it is written, while the good
rows are recorded. Columns: member_id, category, basis, declared, reduction_percent, reduction_month,
amount_paid, receipt_number, paid_on, excused_reason (the month is the request's)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from membership.dues.commands import record_payment
from membership.dues.models import PaymentIn
from membership.imports.readers import Row
from membership.imports.rows import Problem, parse_date, problem
from shared.auth import Principal
from shared.db import Context, Database
from shared.errors import DomainError

COLUMNS = frozenset(PaymentIn.model_fields) - {"month"}


class ListOut(BaseModel):
    month: str
    rows_total: int
    rows_recorded: int
    rows_refused: int
    report: list[dict[str, Any]]


async def record_list(
    db: Database, ctx: Context, principal: Principal, month: str, rows: list[Row], language: str
) -> ListOut:
    report: list[Problem] = []
    recorded = 0
    for number, raw in enumerate(rows, start=1):
        values = {k: v for k, v in raw.items() if v is not None and k in COLUMNS}
        if "paid_on" in values:
            values["paid_on"] = parse_date(values["paid_on"])
        try:
            body = PaymentIn.model_validate({**values, "month": month})
        except ValidationError as exc:
            report += [
                problem(number, str(e["loc"][0]) if e["loc"] else None, e["type"], language) for e in exc.errors()
            ]
            continue
        try:
            await record_payment(db, ctx, principal, body)
        except DomainError as refused:
            report.append(problem(number, refused.field, refused.code, language, **refused.params))
            continue
        recorded += 1
    refused_rows = len({p.row for p in report})
    return ListOut(
        month=month,
        rows_total=len(rows),
        rows_recorded=recorded,
        rows_refused=refused_rows,
        report=[p.as_dict() for p in report],
    )
