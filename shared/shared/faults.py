"""Infrastructure failures and database refusals as problems, in every service (no route has to remember).

- the database is unavailable (refused, restarting, connection lost, pool exhausted) → 503 with ``Retry-After``;
- a unique constraint refuses a row → 409 naming the rule: the constraint's registered rule code, or the generic
  ``conflict.duplicate`` naming the key's columns, never the row's values (they may be a national ID);
- a value the database or Python's calendar cannot hold (year 0, year 10000, a number out of range) → 422;
- text PostgreSQL cannot store (a NUL byte) → 400.

Everything else stays a 500. The classification reads SQLSTATEs and constraint names, never messages, so what is
rendered and logged holds no SQL, parameters or personal data (see ``shared.redaction``).
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from shared.errors import Conflict, DomainError, RuleViolation
from shared.i18n import negotiate_language, translate
from shared.problems import handle_domain_error, handle_unexpected, problem_response
from shared.redaction import driver_error

RETRY_AFTER_SECONDS = 5

# SQLSTATE classes and codes (PostgreSQL appendix A)
_UNAVAILABLE_STATES = {"57P01", "57P02", "57P03", "53300", "53400", "40001", "40P01"}
_BAD_TEXT_STATES = {"22021", "22P05"}
_DATE_OVERFLOW_STATES = {"22008", "22007"}
_UNIQUE_VIOLATION = "23505"
_KEY_COLUMNS = re.compile(r"^Key \(([^)]*)\)=")


@dataclass(frozen=True)
class UniqueRule:
    code: str
    field: str | None = None


_UNIQUE_RULES: dict[str, UniqueRule] = {}


def register_unique_rule(constraint: str, code: str, *, field: str | None = None) -> None:
    """Name the rule a unique constraint enforces (its vi/en message is registered under ``code``)."""
    _UNIQUE_RULES[constraint] = UniqueRule(code, field)


class DuplicateRecord(Conflict):
    """A unique constraint refused the row (409); carries the rule, never the values."""


class ValueOutOfRange(RuleViolation):
    """A date or number outside what the service can compute with or store (422)."""


def sqlstate(exc: BaseException) -> str | None:
    state = getattr(driver_error(exc), "sqlstate", None)
    return str(state) if state else None


def is_unavailable(exc: BaseException) -> bool:
    """The database (or the network to it) cannot serve now; a retry later may succeed."""
    if isinstance(exc, PoolTimeout | ConnectionError | socket.gaierror | TimeoutError):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    state = sqlstate(exc) or ""
    if state.startswith("08") or state in _UNAVAILABLE_STATES:
        return True
    driver = driver_error(exc)
    names = {cls.__name__ for cls in type(driver).__mro__} if driver is not None else set()
    return bool(names & {"ConnectionDoesNotExistError", "InterfaceError", "PostgresConnectionError"}) or (
        driver is not None and isinstance(driver.__cause__, OSError | TimeoutError)
    )


def as_domain_error(exc: BaseException) -> DomainError | None:
    """The client-facing refusal a database or calendar error stands for, or None (then it is a 500)."""
    if isinstance(exc, OverflowError) or (isinstance(exc, ValueError) and _is_calendar_overflow(exc)):
        return ValueOutOfRange("input.date_out_of_range")
    if not isinstance(exc, DBAPIError):
        return None
    state = sqlstate(exc) or ""
    if state == _UNIQUE_VIOLATION:
        return _duplicate(driver_error(exc))
    if state in _BAD_TEXT_STATES:
        return DomainError("input.nul_character")
    if state in _DATE_OVERFLOW_STATES:
        return ValueOutOfRange("input.date_out_of_range")
    if state.startswith("22") or _is_calendar_overflow(driver_error(exc)):
        return ValueOutOfRange("input.value_out_of_range")
    return None


def _is_calendar_overflow(exc: BaseException | None) -> bool:
    text = str(exc) if exc is not None else ""
    return "out of range" in text and ("year" in text or "date" in text)


def _duplicate(driver: BaseException | None) -> DuplicateRecord:
    constraint = str(getattr(driver, "constraint_name", "") or "")
    rule = _UNIQUE_RULES.get(constraint)
    if rule is not None:
        return DuplicateRecord(rule.code, field=rule.field)
    match = _KEY_COLUMNS.match(str(getattr(driver, "detail", "") or ""))
    columns = [c.strip() for c in match.group(1).split(",")] if match else []
    return DuplicateRecord(
        "conflict.duplicate",
        field=columns[0] if len(columns) == 1 else None,
        fields=", ".join(columns) or constraint or "-",
        constraint=constraint or None,
    )


async def handle_infrastructure_error(request: Request, exc: Exception) -> JSONResponse:
    """Every database, network and calendar failure a route lets escape."""
    if is_unavailable(exc):
        return unavailable_response(request)
    refusal = as_domain_error(exc)
    if refusal is not None:
        return await handle_domain_error(request, refusal)
    return await handle_unexpected(request, exc)


def unavailable_response(request: Request) -> JSONResponse:
    lang = negotiate_language(request.headers.get("accept-language"))
    response = problem_response(
        request,
        kind="service-unavailable",
        status=503,
        detail=translate("database.unavailable", lang, seconds=RETRY_AFTER_SECONDS),
        rule="database.unavailable",
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def install_fault_handlers(app: FastAPI) -> None:
    for kind in (DBAPIError, PoolTimeout, ConnectionError, socket.gaierror, TimeoutError, OverflowError, ValueError):
        app.add_exception_handler(kind, handle_infrastructure_error)


__all__ = [
    "DuplicateRecord",
    "ValueOutOfRange",
    "install_fault_handlers",
    "is_unavailable",
    "register_unique_rule",
    "sqlstate",
    "unavailable_response",
]
