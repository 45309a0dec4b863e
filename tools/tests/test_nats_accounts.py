"""The accounts include ``grassroots nats-accounts`` writes is one nats-server accepts (``nats-server -t``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nats
import pytest

from grassroots_cli.main import build_parser
from grassroots_cli.natsaccounts import with_passwords
from shared.bus import ensure_stream
from shared.devservers import EmbeddedNats
from shared.natsaccounts import Province, render_accounts


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
