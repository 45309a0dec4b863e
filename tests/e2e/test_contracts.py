"""Contract fuzzing: schemathesis drives every operation of each running service from its OpenAPI document and
checks that nothing answers 5xx, that every status code and content type returned is the one documented."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from grassroots_cli.stack import SERVICES, Stack
from shared.auth import mint_token
from shared.changes import MAX_WAIT_SECONDS

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance"


def run_schemathesis(url: str, token: str) -> subprocess.CompletedProcess[str]:
    binary = Path(sys.executable).parent / "schemathesis"
    return subprocess.run(
        [
            str(binary),
            "run",
            f"{url}/openapi.json",
            "-H",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--max-examples",
            "4",
            "--phases",
            "examples,fuzzing",
            "--seed",
            "20261123",
            "--no-color",
            # The change feed long-polls up to MAX_WAIT_SECONDS by design: a client waits longer than that.
            "--request-timeout",
            str(MAX_WAIT_SECONDS + 15),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )


async def test_every_operation_of_every_service_answers_as_documented(stack: Stack) -> None:
    """One stack for the four services (starting one costs ~20 s); every service's report is kept."""
    token = mint_token(stack.jwt_secret, subject="contract", org="*", roles=["admin"])
    results = await asyncio.gather(*(asyncio.to_thread(run_schemathesis, stack.url(s), token) for s in SERVICES))
    failures = {
        s: _failure_section(r.stdout) + r.stderr[-1000:]
        for s, r in zip(SERVICES, results, strict=True)
        if r.returncode != 0
    }
    assert not failures, "\n\n".join(f"== {s} ==\n{out}" for s, out in failures.items())


def _failure_section(stdout: str) -> str:
    """The failures themselves (operation, request, response), not the summary's warnings that end the report."""
    start = stdout.find("FAILURES")
    return stdout[start : start + 8000] if start >= 0 else stdout[-5000:]
