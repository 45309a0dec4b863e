"""The accounts include ``grassroots nats-accounts`` writes is one nats-server accepts (``nats-server -t``)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import nats
import pytest

from grassroots_cli.main import build_parser
from grassroots_cli.natsaccounts import with_passwords
from shared.bus import ensure_stream
from shared.devservers import EmbeddedNats
from shared.natsaccounts import Province, ensure_province_streams, render_accounts


def nats_server() -> str:
    return str(Path(sys.executable).parent / "nats-server")


def test_the_generated_configuration_is_valid_for_nats_server(tmp_path: Path) -> None:
    a, b = Province("0b9c7c1e-1f1a-4a43-9c1b-5ad0c6a1f001", code="hn", name="Hà Nội"), Province("id-2")
    text = render_accounts([a, b], {a.password_env: "pw-a", b.password_env: 'quote"d'}, services_password="svc")
    (tmp_path / "accounts.conf").write_text(text)
    (tmp_path / "nats.conf").write_text(f'port: -1\njetstream {{ store_dir: "{tmp_path}" }}\ninclude "accounts.conf"\n')
    checked = subprocess.run([nats_server(), "-t", "-c", str(tmp_path / "nats.conf")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_broken_configuration_is_refused_by_the_same_check(tmp_path: Path) -> None:
    (tmp_path / "nats.conf").write_text("accounts { GRASSROOTS: { users: [ {user: \n")
    checked = subprocess.run([nats_server(), "-t", "-c", str(tmp_path / "nats.conf")], capture_output=True, text=True)
    assert checked.returncode != 0


def test_provinces_without_a_password_are_left_out_and_named(capsys: object) -> None:
    a, b = Province("p1", code="hn", name="Hà Nội"), Province("p2", code="hp", name="Hải Phòng")
    assert with_passwords([a, b], {a.password_env: "x"}) == [a]
    assert "GRASSROOTS_NATS_PASSWORD_HP" in capsys.readouterr().err  # type: ignore[attr-defined]


def test_the_command_is_offered() -> None:
    args = build_parser().parse_args(["nats-accounts", "--out", "x.conf", "--apply", "nats://n:4222"])
    assert args.apply == "nats://n:4222"
    assert args.consumer is None


def test_the_committed_default_has_the_services_user_only() -> None:
    from grassroots_cli.stack import ROOT

    assert (ROOT / "deploy" / "nats" / "accounts.conf").read_text() == render_accounts([], {})


async def test_streams_of_a_server_without_users_stay_the_services_once_the_users_come(tmp_path: Path) -> None:
    """Upgrading a deployment: the streams live in the server's global account, and so do the users written."""
    server = EmbeddedNats(tmp_path / "nats").start()  # as every deployment ran before: no users at all
    try:
        nc = await nats.connect(server.url)
        await ensure_stream(nc.jetstream(), "membership")
        await nc.jetstream().publish("grassroots.membership.member.registered", b"{}")
        await nc.close()
        server.stop()
        province = Province("p1", code="tq")
        server.accounts = render_accounts([province], {province.password_env: "pw"})
        server.start()
        services = await nats.connect(server.url)  # presenting no credentials, as the services do
        assert (await services.jetstream().stream_info("MEMBERSHIP")).state.messages == 1
        await services.close()
        with pytest.raises(nats.errors.Error, match="Authorization Violation"):
            await nats.connect(server.url, user=province.user, password="wrong", allow_reconnect=False)
    finally:
        server.stop()


async def test_a_province_stream_holds_its_events_of_every_service_in_each_streams_order(tmp_path: Path) -> None:
    server = EmbeddedNats(tmp_path / "nats").start()
    try:
        nc = await nats.connect(server.url)
        js = nc.jetstream()
        for service in ("membership", "meetings", "inspection"):
            await ensure_stream(js, service)
        a, b = Province("pa"), Province("pb")
        await ensure_province_streams(js, [a, b])
        published = [
            "grassroots.membership.member.registered.pa",
            "grassroots.meetings.meeting.held.pb",
            "grassroots.membership.member.transferred_in.pb.pa",  # left A for B: both
            "grassroots.inspection.discipline.decided.pa",
            "grassroots.membership.member.updated.pb",
            "grassroots.membership.org.moved.pa.pb",  # came to A from B: both
            "grassroots.meetings.meeting.held.national",
            "grassroots.membership.member.updated.pa",
        ]
        for subject in published:
            await js.publish(subject, subject.encode())
        mine = [s for s in published if ".pa" in s]
        theirs = [s for s in published if ".pb" in s]
        held = {p.stream: await _subjects(js, p.stream, len(e)) for p, e in ((a, mine), (b, theirs))}
        await _nothing_more(js, a.stream)
        await nc.close()
    finally:
        server.stop()
    for stream, expected in ((a.stream, mine), (b.stream, theirs)):
        assert sorted(held[stream]) == sorted(expected)
        membership = [s for s in held[stream] if ".membership." in s]
        assert membership == [s for s in expected if ".membership." in s]  # one stream's order is kept


async def _subjects(js: Any, stream: str, count: int) -> list[str]:
    sub = await js.pull_subscribe_bind("events", stream)
    found: list[str] = []
    for _ in range(50):
        with contextlib.suppress(TimeoutError):
            found += [m.subject for m in await sub.fetch(count, timeout=0.5)]
        if len(found) >= count:
            break
    return found


async def _nothing_more(js: Any, stream: str) -> None:
    """After what a province should have, its consumer has nothing else (no other province's event)."""
    sub = await js.pull_subscribe_bind("events", stream)
    with pytest.raises(TimeoutError):
        await sub.fetch(1, timeout=1.0)
