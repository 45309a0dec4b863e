"""``bench/loadgen.py``, the benches' lean HTTP/1.1 client, against a real uvicorn server and a raw socket server.

The figures of the write benches hang on it: every response counted by its status (a 4xx or 5xx is an error the
bench reports, never lost), connections kept alive, and a closed connection never turned into a second POST.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import uvicorn

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _loadgen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("loadgen", BENCH / "loadgen.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


loadgen = _loadgen()
Send = Callable[[dict[str, Any]], Awaitable[None]]


class App:
    """A raw ASGI app that remembers which client connections (address, port) it served."""

    def __init__(self) -> None:
        self.peers: set[tuple[str, int]] = set()

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[Any]], send: Send) -> None:
        assert scope["type"] == "http"
        self.peers.add(scope["client"])
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        path = scope["path"]
        if path == "/chunked":  # no Content-Length: uvicorn sends it in chunks
            await send({"type": "http.response.start", "status": 200, "headers": []})
            for part in (b"first,", b"second,", b"third"):
                await send({"type": "http.response.body", "body": part, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
            return
        status = {"/missing": 404, "/fail": 500, "/created": 201}.get(path, 200)
        answer = json.dumps({"path": path, "length": len(body), "type": _header(scope, b"content-type")}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(answer)).encode())]
        if path == "/close":
            headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": answer})


def _header(scope: dict[str, Any], name: bytes) -> str:
    return next((v.decode() for k, v in scope["headers"] if k == name), "")


@pytest.fixture
async def served() -> AsyncIterator[tuple[App, str]]:
    app = App()
    config = uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="off", log_level="warning", timeout_keep_alive=1)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event to wait on
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield app, f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


async def test_every_status_is_returned_with_its_body_over_one_kept_alive_connection(served: tuple[App, str]) -> None:
    app, url = served
    client = loadgen.LeanClient(url, {"Authorization": "Bearer x"})
    connection = client.connection()
    statuses = [(await connection.request("GET", p))[0] for p in ("/ok", "/missing", "/fail", "/ok", "/created")]
    status, body = await connection.request("POST", "/created", b'{"a": 1}')
    await client.aclose()
    assert statuses == [200, 404, 500, 200, 201]
    assert (status, json.loads(body)) == (201, {"path": "/created", "length": 8, "type": "application/json"})
    assert client.opened == 1
    assert len(app.peers) == 1


async def test_a_chunked_body_is_read_whole_and_the_connection_kept(served: tuple[App, str]) -> None:
    app, url = served
    client = loadgen.LeanClient(url)
    connection = client.connection()
    assert await connection.request("GET", "/chunked") == (200, b"first,second,third")
    assert (await connection.request("GET", "/ok"))[0] == 200
    await client.aclose()
    assert client.opened == 1 == len(app.peers)


async def test_connection_close_from_the_server_opens_a_new_connection(served: tuple[App, str]) -> None:
    app, url = served
    client = loadgen.LeanClient(url)
    connection = client.connection()
    for path in ("/close", "/close", "/ok", "/ok"):
        assert (await connection.request("GET", path))[0] == 200
    await client.aclose()
    assert client.opened == 3 == len(app.peers)


async def test_a_connection_the_server_closed_while_idle_is_replaced_before_a_post(
    served: tuple[App, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, url = served
    monkeypatch.setattr(loadgen, "IDLE_EXPIRY", 60.0)  # the client keeps it: uvicorn closes it after 1 s
    client = loadgen.LeanClient(url)
    connection = client.connection()
    assert (await connection.request("POST", "/created", b"{}"))[0] == 201
    await asyncio.sleep(1.5)
    assert (await connection.request("POST", "/created", b"{}"))[0] == 201
    await client.aclose()
    assert client.opened == 2 == len(app.peers)


class Dropper:
    """A raw server that reads the first connection's request and closes it without a byte of answer (the
    keep-alive race: the server closing as the request arrives), then answers every later request."""

    def __init__(self) -> None:
        self.requests: list[bytes] = []
        self.connections = 0

    async def __call__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        first = self.connections == 1
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                self.requests.append(head.split(b"\r\n", 1)[0])
                length = next((int(x[15:]) for x in head.lower().split(b"\r\n") if x.startswith(b"content-length:")), 0)
                await reader.readexactly(length)
                if first:
                    break
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        except asyncio.IncompleteReadError:
            pass
        writer.close()


@pytest.fixture
async def dropper() -> AsyncIterator[tuple[Dropper, str]]:
    handler = Dropper()
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    yield handler, f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    server.close()


async def test_a_get_lost_before_any_answer_is_sent_again_once(dropper: tuple[Dropper, str]) -> None:
    handler, url = dropper
    client = loadgen.LeanClient(url)
    assert await client.connection().request("GET", "/healthz") == (200, b"ok")
    await client.aclose()
    assert handler.requests == [b"GET /healthz HTTP/1.1"] * 2
    assert client.opened == 2


async def test_a_post_lost_before_any_answer_is_an_error_never_a_second_post(dropper: tuple[Dropper, str]) -> None:
    handler, url = dropper
    client = loadgen.LeanClient(url)
    connection = client.connection()
    with pytest.raises(loadgen.ConnectionLost):
        await connection.request("POST", "/api/v1/members", b"{}")
    assert handler.requests == [b"POST /api/v1/members HTTP/1.1"]
    assert await connection.request("POST", "/api/v1/members", b"{}") == (200, b"ok")
    await client.aclose()
    assert handler.requests == [b"POST /api/v1/members HTTP/1.1"] * 2
