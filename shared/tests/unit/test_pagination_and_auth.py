import time
from datetime import UTC, date, datetime

import jwt
import pytest

from shared.auth import Principal, Role, TokenVerifier, mint_token
from shared.errors import Forbidden, Unauthenticated
from shared.pagination import BadCursor, decode_cursor, encode_cursor
from shared.settings import ServiceSettings

SECRET = "unit-test-secret-0123456789-abcdefghijkl"


def test_a_cursor_round_trips_strings_numbers_and_dates() -> None:
    values = ["nguyen van duc", 42, date(2026, 1, 2), datetime(2026, 1, 2, 3, 4, tzinfo=UTC)]
    assert decode_cursor(encode_cursor(values, True)) == (values, True)


@pytest.mark.parametrize("cursor", ["not-base64!!", "e30", "eyJ2IjoxfQ"])
def test_a_tampered_cursor_is_a_bad_request(cursor: str) -> None:
    with pytest.raises(BadCursor):
        decode_cursor(cursor)


def verifier() -> TokenVerifier:
    return TokenVerifier(ServiceSettings(jwt_secret=SECRET))  # type: ignore[arg-type]


async def test_a_valid_token_gives_the_principal_with_roles_and_org() -> None:
    token = mint_token(SECRET, subject="u1", org="org-1", roles=["organiser", "unknown-role"])
    principal = await verifier().verify(token)
    assert principal == Principal(subject="u1", org_id="org-1", roles=frozenset({Role.ORGANISER}))


async def test_a_token_signed_with_another_secret_is_refused() -> None:
    token = mint_token("another-secret-0123456789-abcdefghijklmn", subject="u1", org="o", roles=["admin"])
    with pytest.raises(Unauthenticated):
        await verifier().verify(token)


async def test_an_expired_token_is_refused() -> None:
    token = mint_token(SECRET, subject="u1", org="o", roles=["admin"], ttl_seconds=-120)
    with pytest.raises(Unauthenticated):
        await verifier().verify(token)


async def test_a_token_is_verified_once_until_it_expires_then_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Verified tokens are cached; the cache must not outlive the token (its exp plus the same leeway): past it,
    the signature and expiry are checked again (and PyJWT refuses the token then)."""
    decoded: list[str] = []
    decode = jwt.decode
    monkeypatch.setattr(jwt, "decode", lambda token, *a, **k: decoded.append(token) or decode(token, *a, **k))
    checker = verifier()
    token = mint_token(SECRET, subject="u1", org="o", roles=["admin"], ttl_seconds=60)
    first = await checker.verify(token)
    assert await checker.verify(token) is first
    assert decoded == [token]
    later = time.time() + 60 + 31
    monkeypatch.setattr(time, "time", lambda: later)
    await checker.verify(token)  # PyJWT's own clock still says valid; ours says: verify again
    assert decoded == [token, token]


async def test_the_national_scope_is_for_admins_only() -> None:
    token = mint_token(SECRET, subject="u1", org="*", roles=["organiser"])
    with pytest.raises(Forbidden):
        await verifier().verify(token)


async def test_a_token_without_roles_or_org_is_refused() -> None:
    with pytest.raises(Unauthenticated):
        await verifier().verify(mint_token(SECRET, subject="u1", org="", roles=["admin"]))
    with pytest.raises(Unauthenticated):
        await verifier().verify(mint_token(SECRET, subject="u1", org="o", roles=[]))
