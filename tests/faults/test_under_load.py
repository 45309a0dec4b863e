"""The fault suite over real processes (issue 12): while a mixed load registers, transfers and expels members,
a process or the broker fails and comes back; each scenario ends with no acknowledged write lost and reporting
equal to membership's own headcount at every organisation (``load.converged``).

- reporting killed with SIGKILL mid-load and started again (its consumers resume from the durable cursors; an
  event applied but not acknowledged is redelivered and must not count twice);
- membership killed with SIGKILL mid-load (its outbox relay dies between commits and publishes) and started again;
- NATS stopped gracefully, and NATS killed with SIGKILL, under the running services, then started on the same
  port and JetStream store (file storage): relays and consumers reconnect by themselves;
- two and three reporting processes with two membership processes on the same databases, the load spread over
  both membership processes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import asyncpg
import httpx
import pytest

from grassroots_cli.stack import Stack
from shared.testing.polling import eventually
from tests.faults.conftest import StackFactory
from tests.faults.load import Load, bearer, build_tree, converged

FAULTS: dict[str, tuple[Callable[[Stack], None], Callable[[Stack], None]]] = {
    "reporting SIGKILL": (lambda s: s.kill("reporting"), lambda s: s.start("reporting")),
    "membership SIGKILL": (lambda s: s.kill("membership"), lambda s: s.start("membership")),
    "NATS stopped": (lambda s: s.nats.stop(), lambda s: s.nats.start()),  # type: ignore[union-attr]
    "NATS SIGKILL": (lambda s: s.nats.kill(), lambda s: s.nats.start()),  # type: ignore[union-attr]
}


async def unpublished(stack: Stack) -> int:
    """Rows membership committed that its relay has not published yet."""
    connection = await asyncpg.connect(stack.database_url("membership").replace("+asyncpg", "", 1))
    try:
        return int(await connection.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL"))
    finally:
        await connection.close()


async def started_load(stack: Stack, membership: list[str]) -> Load:
    async with httpx.AsyncClient(base_url=stack.url("membership"), headers=bearer(), timeout=30) as client:
        tree = await build_tree(client)
    load = Load(stack, tree, membership)
    load.start()
    return load


@pytest.mark.parametrize("fault", FAULTS)
async def test_a_fault_mid_load_ends_with_reporting_equal_to_membership(fault_stack: StackFactory, fault: str) -> None:
    fail, recover = FAULTS[fault]
    async with fault_stack() as stack:
        load = await started_load(stack, ["membership"])
        try:
            await load.acknowledges(15)
            if fault == "membership SIGKILL":  # kill the relay with work in hand (as a rule it has, under this load)
                await eventually(lambda: unpublished(stack), "unpublished outbox rows", timeout=30, interval=0.01)
            await asyncio.to_thread(fail, stack)
            await load.runs_on(15)  # writes go on (or fail, for membership itself) while the part is down
            await asyncio.to_thread(recover, stack)
            await asyncio.to_thread(stack.wait_ready, 90.0)
            await load.acknowledges(15)
            await load.acknowledges(1, "expel")  # inspection learnt members registered during the fault
        finally:
            await load.stop()
        await converged(stack, load, ["reporting"])
        assert load.count("transfer-in", 200), load.tally


@pytest.mark.parametrize("reporting", [2, 3])
async def test_replicas_under_mixed_load_end_with_reporting_equal_to_membership(
    fault_stack: StackFactory, reporting: int
) -> None:
    """Replicas share the work; one replica of each service is also killed and started again mid-load, while its
    siblings carry on (the shared durable consumers hand its unacked messages to them after ``ack_wait``)."""
    async with fault_stack(membership=2, reporting=reporting) as stack:
        load = await started_load(stack, ["membership", "membership-2"])
        try:
            await load.acknowledges(30)
            await asyncio.to_thread(stack.kill, "membership-2")
            await asyncio.to_thread(stack.kill, f"reporting-{reporting}")
            await load.acknowledges(15)  # through the surviving membership replica
            await asyncio.to_thread(stack.start, "membership-2")
            await asyncio.to_thread(stack.start, f"reporting-{reporting}")
            await asyncio.to_thread(stack.wait_ready, 90.0)
            await load.acknowledges(30)
            await load.acknowledges(1, "expel")
        finally:
            await load.stop()
        await converged(stack, load, [i for i in stack.processes if stack.service_of(i) == "reporting"])
        assert load.count("transfer-in", 200), load.tally
