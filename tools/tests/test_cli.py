"""The `grassroots` command's own behaviour: tokens that the services accept, pytest options passed through."""

from __future__ import annotations

import jwt
import pytest

from grassroots_cli.main import main

SECRET = "cli-test-secret-0123456789-abcdefghijklmnop"


def test_token_mints_a_development_token_with_roles_and_org(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GRASSROOTS_JWT_SECRET", SECRET)
    assert main(["token", "--role", "organiser", "--role", "viewer", "--org", "org-1", "--sub", "u7"]) == 0
    claims = jwt.decode(capsys.readouterr().out.strip(), SECRET, algorithms=["HS256"])
    assert claims["roles"] == ["organiser", "viewer"]
    assert claims["org"] == "org-1"
    assert claims["sub"] == "u7"
    assert claims["exp"] > claims["iat"]


def test_token_without_a_secret_explains_what_to_do(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GRASSROOTS_JWT_SECRET", raising=False)
    assert main(["token", "--role", "viewer", "--org", "o", "--data", str(tmp_path)]) == 2
    assert "grassroots dev" in capsys.readouterr().err


def test_options_after_test_go_to_pytest() -> None:
    assert main(["test", "-q", "--collect-only", "-k", "import_contracts", "tests/architecture"]) == 0
    assert main(["test", "-q", "--collect-only", "tests/no-such-folder"]) != 0
