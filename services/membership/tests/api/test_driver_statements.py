"""The registration's two statements run on the driver (``shared.driver``) send exactly what SQLAlchemy's execution
of the same statements sends: the same SQL and the same processed parameters in the same order, for every scope
shape of the caller, with and without an HR key, and for the write of a member with its history, audit and outbox
rows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from membership.events import MemberRegistered
from membership.members.commands import _registration_query, _registration_values
from membership.members.history import MEMBER_CHANGES, MEMBERS, facts, member_write, publish
from membership.members.models import MemberCreate
from shared import orgtree
from shared.auth import NATIONAL, Principal, Role
from shared.db import Context, _ctes, notify_channel
from shared.driver import DriverStatement
from shared.faults import as_domain_error, sqlstate
from shared.schema import audit_log, outbox
from shared.testing.harness import ServiceFactory, auth


async def _sent_by_sqlalchemy(engine: AsyncEngine, statement: DriverStatement, parameters: dict[str, Any]) -> Any:
    """What ``Connection.execute`` sent for the statement, in a transaction rolled back."""
    sent: list[tuple[str, Any]] = []
    async with engine.connect() as connection:

        def executed(conn: Any, cursor: Any, sql: str, params: Any, *args: Any) -> None:
            if conn is connection.sync_connection:  # not the service's relay or consumers meanwhile
                sent.append((sql, list(params)))

        event.listen(engine.sync_engine, "before_cursor_execute", executed)
        try:
            await connection.execute(statement.statement, parameters)
            await connection.rollback()
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", executed)
    [only] = sent
    return only


async def test_the_registration_checks_send_what_sqlalchemy_sends_for_every_scope_and_key(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        engine = m.db.engine
        principals = [
            Principal("hq", NATIONAL, frozenset({Role.ADMIN})),
            Principal("p", t.province, frozenset({Role.ORGANISER}), org_path=f"/{t.province}/"),
            Principal("o", t.province, frozenset({Role.ORGANISER})),
        ]
        for principal in principals:
            for keyed in (False, True):
                parameters: dict[str, Any] = {
                    "actor": principal.subject,
                    "window": timedelta(hours=24),
                    "national_id": "001080000001",
                    "org_id": t.branch,
                    **orgtree.scope_parameters(principal),
                }
                if keyed:
                    parameters.update(source_system="hrm", external_id="E-1")
                query = _registration_query(orgtree.scope_shape(principal), keyed)
                sql, args = query.render(engine.dialect, parameters)
                assert (sql, args) == await _sent_by_sqlalchemy(engine, query, parameters)
                async with engine.connect() as connection:  # and it runs: one row, the branch found in scope
                    row = await query.fetch_row(connection, parameters)
                assert (row.met, row.id) == (0, t.branch)


async def test_the_registration_write_sends_what_sqlalchemy_sends(services: ServiceFactory, tree_builder: Any) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        body = MemberCreate(
            full_name="Lò Thị Hai",
            gender="female",
            birth_date=date(1991, 2, 3),
            national_id="031091000002",
            org_id=t.branch,
            effective_date=date(2026, 1, 1),
        )
        values = _registration_values(body)  # the rows exactly as register_member builds them
        context = Context(actor="t", request_id="r-1")
        payload = MemberRegistered(**facts(values), effective_date=body.effective_date)
        write = member_write(values, payload, change="registered", on=body.effective_date, context=context, before=None)
        uow = m.db.uow(context)
        assert write.event is not None
        publish(uow, write.event, f"/{t.branch}/")
        group = [
            (MEMBERS, [values]),
            (MEMBER_CHANGES, [write.history]),
            (audit_log, [write.audit]),
            (outbox, [uow.events[0]]),
        ]
        statement, parameters = _ctes(group, notify_channel("membership"))
        assert isinstance(statement, DriverStatement)
        assert parameters is not None
        sql, args = statement.render(m.db.engine.dialect, parameters)
        assert (sql, args) == await _sent_by_sqlalchemy(m.db.engine, statement, parameters)
        assert len(args) > 40
        assert any(isinstance(a, str) and a.startswith("{") for a in args)  # jsonb as SQLAlchemy's JSON text


async def test_a_driver_statement_fails_as_sqlalchemy_s_execute_fails(
    services: ServiceFactory, tree_builder: Any
) -> None:
    """A unique violation is SQLAlchemy's ``IntegrityError`` around asyncpg's error, as the fault handlers expect
    (a 409 naming the rule), and the connection stays usable."""
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        engine = m.db.engine
        columns = [c for c in MEMBERS.c if c.name not in ("created_at", "updated_at")]
        copy = DriverStatement(  # the member's row inserted again: its primary key taken
            select(MEMBERS.c.id)
            .where(MEMBERS.c.id == bindparam("id"))
            .add_cte(
                MEMBERS.insert()
                .from_select([c.name for c in columns], select(*columns).where(MEMBERS.c.id == bindparam("id")))
                .cte("again")
            )
        )
        member = await m.client.post(
            "/api/v1/members",
            headers=auth(),
            json={
                "full_name": "Lò Thị Hai",
                "gender": "female",
                "birth_date": "1991-02-03",
                "national_id": "031091000003",
                "org_id": t.branch,
                "effective_date": "2026-01-01",
            },
        )
        assert member.status_code == 201, member.text
        async with engine.connect() as connection:
            try:
                await copy.fetch_row(connection, {"id": member.json()["id"]})
            except IntegrityError as error:
                failed: IntegrityError | None = error
            else:
                failed = None
            assert failed is not None
            assert sqlstate(failed) == "23505"
            assert as_domain_error(failed) is not None
            await connection.rollback()
            assert (await copy.fetch_row(connection, {"id": "nobody"})) is None
