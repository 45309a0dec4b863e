"""Client CPU of rendering a registration's checks statement (``shared.driver.DriverStatement.render``), for each
scope shape of the caller, with and without an HR key: no database, best of 5 x 3,000 calls each.

    .venv/bin/python bench/driver_render.py
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect

from membership.members.commands import _registration_query
from shared import orgtree
from shared.auth import NATIONAL, Principal, Role

CALLS = 3000


def per_render(principal: Principal, keyed: bool) -> float:
    """µs of process CPU per render, best of five runs."""
    dialect = asyncpg_dialect()
    parameters: dict[str, Any] = {
        "actor": "bench",
        "window": timedelta(hours=24),
        "national_id": "001080000001",
        "org_id": "b",
        **orgtree.scope_parameters(principal),
    }
    if keyed:
        parameters.update(source_system="hrm", external_id="E-1")
    query = _registration_query(orgtree.scope_shape(principal), keyed)
    query.render(dialect, parameters)  # compiled once, as the service does on its first registration
    runs = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(CALLS):
            query.render(dialect, parameters)
        runs.append((time.process_time() - started) / CALLS * 1e6)
    return min(runs)


def main() -> None:
    principals = [
        Principal("hq", NATIONAL, frozenset({Role.ADMIN})),
        Principal("p", "x", frozenset({Role.ORGANISER}), org_path="/a/x/"),
        Principal("o", "x", frozenset({Role.ORGANISER})),
    ]
    figures = [
        f"{orgtree.scope_shape(p)}/{'keyed' if keyed else 'plain'} {per_render(p, keyed):.1f}"
        for p in principals
        for keyed in (False, True)
    ]
    print(", ".join(figures), f"µs per render (best of 5 x {CALLS:,})")


if __name__ == "__main__":
    main()
