"""Columns many tables share, declared once as mixins of a service's declarative ``Base``.

``Versioned`` is the optimistic lock every aggregate a client changes carries: ``version`` is the record's ETag,
and SQLAlchemy adds ``WHERE version = :read`` to each UPDATE and increments it, so a concurrent writer fails
instead of overwriting. ``Created`` and ``Updated`` are the database's own timestamps of the row.
Mixin columns come after the table's own columns.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, func
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


class Versioned:
    version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Created:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Updated:
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
