"""Logs without SQL, parameters or personal data.

A failed INSERT's exception carries the statement, its parameters and PostgreSQL's ``DETAIL: Key (national_id)=
(…)``; a traceback renders all of it. Every log line (structlog's and the standard library's, uvicorn's access log
included) therefore passes through ``redact``: database exceptions are rendered as their type, SQLSTATE and
constraint only; fields named like personal data are masked; digit runs the length of a national ID or a phone
number, SQL/parameter blocks and query strings are cut from every string.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import MutableMapping
from typing import Any

MASK = "[redacted]"
SENSITIVE_KEYS = frozenset(
    {
        "national_id",
        "phone",
        "address",
        "email",
        "name",
        "full_name",
        "birth_date",
        "date_of_birth",
        "params",
        "parameters",
        "statement",
        "sql",
        "body",
        "authorization",
        "token",
    }
)
_PATTERNS = (
    (re.compile(r"\[SQL: .*?\](?=\s*(\[|\(|$))", re.S), "[SQL redacted]"),
    (re.compile(r"\[parameters: .*?\](?=\s*(\(Background|$))", re.S), "[parameters redacted]"),
    (re.compile(r"DETAIL:.*?(?=\n\[|$)", re.S), "DETAIL: [redacted]"),
    (re.compile(r"(?<![\w-])(\+?84|0)?\d{8,12}(?![\w-])"), MASK),
    (re.compile(r"input_value=.*?(?=, input_type=|\]|$)", re.M), "input_value=" + MASK),
)
_QUERY = re.compile(r"(\"(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) [^\s?\"]*)\?[^\s\"]*")
_MAY_MATCH = re.compile(r"\[SQL: |\[parameters: |DETAIL:|\d{8}|input_value=|\?")
"""What every pattern above needs somewhere in a text to match (its literal part, eight digits in a row, a query's
``?``): a text without any is returned as it is after one search instead of six substitutions (issue 13: they
were half of a log line's cost, and every request logs one or two lines)."""


def driver_error(exc: BaseException) -> BaseException | None:
    """The database driver's own exception under a SQLAlchemy one (asyncpg's has ``sqlstate``)."""
    orig = getattr(exc, "orig", None)
    for candidate in (getattr(orig, "__cause__", None), orig):
        if isinstance(candidate, BaseException) and getattr(candidate, "sqlstate", None):
            return candidate
    return orig if isinstance(orig, BaseException) else None


def _is_database_error(exc: BaseException) -> bool:
    module = type(exc).__module__
    return module.startswith(("sqlalchemy", "asyncpg")) or hasattr(exc, "orig")


def describe(exc: BaseException) -> str:
    """One exception, log-safe: database errors by type, SQLSTATE and constraint; others with a scrubbed text."""
    if _is_database_error(exc):
        driver = driver_error(exc) if hasattr(exc, "orig") else exc
        parts = [type(exc).__name__]
        if driver is not None and driver is not exc:
            parts.append(type(driver).__name__)
        state = getattr(driver, "sqlstate", None)
        if state:
            parts.append(f"sqlstate={state}")
        constraint = getattr(driver, "constraint_name", None)
        if constraint:
            parts.append(f"constraint={constraint}")
        return " ".join(parts)
    if type(exc).__name__ == "ValidationError":  # pydantic: the error types and places, not the input
        errors: list[dict[str, Any]] = getattr(exc, "errors", list)()
        return "ValidationError " + "; ".join(f"{e.get('loc')}: {e.get('type')}" for e in errors)
    return f"{type(exc).__name__}: {scrub(str(exc))}"


def render_exception(exc: BaseException) -> str:
    """The traceback (frames only) and each chained exception described safely, outermost last like Python."""
    blocks: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        blocks.append(f"Traceback (most recent call last):\n{frames}{describe(current)}")
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\n\nThe above exception was the cause of:\n\n".join(reversed(blocks))


def scrub(text: str) -> str:
    if _MAY_MATCH.search(text) is None:
        return text
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return _QUERY.sub(r"\1?[query redacted]", text)


def _clean(key: str, value: Any) -> Any:
    if key.lower() in SENSITIVE_KEYS and value not in (None, ""):
        return MASK
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: _clean(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean("", v) for v in value]
    return value


def _exc_info(value: Any) -> BaseException | None:
    if isinstance(value, BaseException):
        return value
    if isinstance(value, tuple) and len(value) == 3 and isinstance(value[1], BaseException):
        return value[1]
    if value is True:
        import sys

        return sys.exc_info()[1]
    return None


def redact(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor (also run on standard-library records): replaces ``format_exc_info``."""
    exc = _exc_info(event_dict.pop("exc_info", None))
    if exc is not None:
        event_dict["exception"] = render_exception(exc)
    for key in list(event_dict):
        if key.startswith("_") or key == "exception":
            continue
        event_dict[key] = _clean(key, event_dict[key])
    return event_dict


__all__ = ["MASK", "describe", "driver_error", "redact", "render_exception", "scrub"]
