"""Validation errors a newcomer can read: no regular expressions, no English codes, the right location."""

from __future__ import annotations

from typing import Literal

import httpx
import pytest
from fastapi import FastAPI, Query
from pydantic import BaseModel, Field

from shared.errors import RuleViolation
from shared.problems import install_problem_handlers


class Person(BaseModel):
    national_id: str = Field(pattern=r"^\d{12}$")
    gender: Literal["male", "female", "other"]


def _app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/people")
    async def create(person: Person) -> dict[str, str]:
        return {"ok": person.national_id}

    @app.get("/report")
    async def report(period: str = Query("2026")) -> dict[str, str]:
        raise RuleViolation("policy.not_in_force", field="period", policy="p", date=period, earliest="2011-01-01")

    return app


async def _call(
    method: str, url: str, lang: str, *, json: object = None, content: bytes | None = None
) -> httpx.Response:
    transport = httpx.ASGITransport(app=_app())
    headers = {"Accept-Language": lang, "Content-Type": "application/json"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.request(method, url, headers=headers, json=json, content=content)


async def test_a_bad_national_id_says_twelve_digits_not_a_regex() -> None:
    response = await _call("POST", "/people", "vi", json={"national_id": "12ab", "gender": "male"})
    error = response.json()["errors"][0]
    assert error["loc"] == ["body", "national_id"]
    assert error["msg"] == "Số căn cước công dân gồm đúng 12 chữ số."
    assert "\\d" not in response.text


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", "Giá trị phải là một trong: 'male' (nam), 'female' (nữ) hoặc 'other' (khác)."),
        ("en", "Must be one of: 'male', 'female' or 'other'."),
    ],
)
async def test_enum_choices_are_shown_with_their_meaning(lang: str, expected: str) -> None:
    response = await _call("POST", "/people", lang, json={"national_id": "012345678901", "gender": "nữ"})
    assert response.json()["errors"][0]["msg"] == expected


async def test_malformed_json_names_the_position_not_a_field_18() -> None:
    response = await _call("POST", "/people", "vi", content=b'{"national_id": oops}')
    body = response.json()
    assert response.status_code == 422
    assert body["errors"][0]["loc"] == ["body"]
    assert "ký tự thứ 16" in body["errors"][0]["msg"]


async def test_a_rule_about_a_query_parameter_is_located_in_the_query() -> None:
    response = await _call("GET", "/report?period=2005", "en")
    assert response.json()["errors"][0]["loc"] == ["query", "period"]
