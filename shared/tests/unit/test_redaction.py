"""Log lines never carry SQL, parameters or personal data, whoever writes them (structlog or the standard library,
uvicorn's access log included), and a database exception is described by type, SQLSTATE and constraint only."""

from __future__ import annotations

import json
import logging

import pytest
import structlog
from sqlalchemy.exc import IntegrityError

from shared.observability import configure_logging
from shared.redaction import describe, scrub


class FakeUniqueViolation(Exception):
    """Stands in for asyncpg's exception: the attributes the platform reads, and a message full of data."""

    sqlstate = "23505"
    constraint_name = "uq_members_national_id"
    detail = "Key (national_id)=(001088012345) already exists."


def integrity_error() -> IntegrityError:
    driver = FakeUniqueViolation('duplicate key value violates unique constraint "uq_members_national_id"')
    wrapper = Exception(str(driver))
    wrapper.__cause__ = driver
    return IntegrityError(
        "INSERT INTO members (national_id, phone, address) VALUES ($1, $2, $3)",
        ("001088012345", "0987654321", "Số 17 ngõ Hòa Bình"),
        wrapper,
    )


def test_a_database_error_is_described_by_type_sqlstate_and_constraint_only() -> None:
    text = describe(integrity_error())
    assert text == "IntegrityError FakeUniqueViolation sqlstate=23505 constraint=uq_members_national_id"


def test_scrub_cuts_sql_parameters_detail_ids_phones_and_query_strings() -> None:
    raw = str(integrity_error()) + ' "GET /api/v1/members?q=Hoa+Binh HTTP/1.1" +84987654321'
    cleaned = scrub(raw)
    for secret in ("001088012345", "0987654321", "Hòa Bình", "INSERT INTO", "Hoa+Binh", "84987654321"):
        assert secret not in cleaned
    assert "uq_members_national_id" in cleaned  # the constraint name is kept: it is the rule, not the data
    assert scrub("request 3f2a9c1e-0000-4000-8000-123456789012 took 12 ms") == (
        "request 3f2a9c1e-0000-4000-8000-123456789012 took 12 ms"
    )


def test_every_logger_writes_redacted_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "membership")
    try:
        raise integrity_error()
    except IntegrityError as exc:
        structlog.get_logger("test").error("http.unhandled", exc_info=exc, national_id="001088012345")
        logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
    logging.getLogger("uvicorn.access").info('127.0.0.1 - "GET /api/v1/members?q=0987654321 HTTP/1.1" 200')
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert len(lines) == 3
    text = json.dumps(lines, ensure_ascii=False)
    for secret in ("001088012345", "0987654321", "Hòa Bình", "INSERT INTO", "VALUES"):
        assert secret not in text
    assert "sqlstate=23505" in lines[0]["exception"]
    assert "sqlstate=23505" in lines[1]["exception"]
    assert lines[0]["national_id"] == "[redacted]"
