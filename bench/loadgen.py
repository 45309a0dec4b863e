"""A lean HTTP/1.1 load generator for the benches: one asyncio stream per connection, kept alive, requests rendered
as bytes once, responses parsed only as far as the status line and the body's length.

Why: on the two shared cores the benches run on, httpx cost 2,900–4,500 µs of CPU per ``GET /healthz`` and
4,200–7,600 µs per ``POST /members`` (more than membership itself), so the "ceiling" measured httpx and the POST
rate was bounded by the load generator. A real deployment's clients are other machines; this client costs a small
fraction of that, and leaves the cores to the services it measures. ``HttpxConnection`` keeps the old client
behind the same interface (``--client httpx``) so that old figures stay comparable.

The keep-alive race (a request sent on a connection the server is closing, uvicorn's ``timeout_keep_alive`` being
5 s): a connection idle for ``IDLE_EXPIRY`` seconds, or one the server has already closed, is replaced before a
request is sent; if it is closed under a request with nothing of the response read, an idempotent request (GET)
is sent again once on a new connection, and any other raises ``ConnectionLost`` (counted as an error by the
caller: resending a POST could create a member twice).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Protocol
from urllib.parse import urlsplit

import httpx

IDLE_EXPIRY = 2.0  # seconds: under uvicorn's 5 s keep-alive, as the httpx clients of the benches were set
NO_BODY = (204, 304)


class ConnectionLost(Exception):
    """The server closed the connection before answering a request that must not be sent twice."""


class Requester(Protocol):
    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        """The status and body of one request (``ConnectionLost`` when it may or may not have been handled)."""
        ...


class LeanClient:
    """What every connection to one server shares: its address and the request heads rendered once."""

    def __init__(self, base_url: str, headers: dict[str, str] | None = None, timeout: float = 120) -> None:
        url = urlsplit(base_url)
        self.host, self.port, self.timeout = url.hostname or "127.0.0.1", url.port or 80, timeout
        lines = [f"Host: {url.netloc}", *(f"{k}: {v}" for k, v in (headers or {}).items())]
        self._common = "".join(f"{line}\r\n" for line in lines)
        self._heads: dict[tuple[str, str], bytes] = {}
        self.opened = 0
        """Connections opened so far (keep-alive reuse is visible here)."""
        self._connections: list[LeanConnection] = []

    def connection(self) -> LeanConnection:
        """A connection of its own for one concurrent client (opened at its first request)."""
        self._connections.append(LeanConnection(self))
        return self._connections[-1]

    async def aclose(self) -> None:
        for connection in self._connections:
            await connection.close()
        self._connections.clear()

    def render(self, method: str, path: str, body: bytes) -> bytes:
        """The request's bytes: its head is rendered once per method and path; a body gets its length and type."""
        head = self._heads.get((method, path))
        if head is None:
            head = f"{method} {path} HTTP/1.1\r\n{self._common}".encode()
            self._heads[(method, path)] = head
        if not body and method in ("GET", "HEAD", "DELETE"):
            return head + b"\r\n"
        return b"%sContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (head, len(body), body)


class LeanConnection:
    """One HTTP/1.1 keep-alive connection; requests on it are sequential (one concurrent client)."""

    def __init__(self, client: LeanClient) -> None:
        self.client = client
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._used = 0.0

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        raw = self.client.render(method, path, body)
        async with asyncio.timeout(self.client.timeout):
            try:
                return await self._exchange(raw)
            except _NothingRead:
                if method not in ("GET", "HEAD"):
                    raise ConnectionLost(f"{method} {path}: connection closed before any response") from None
                await self.close()
                try:
                    return await self._exchange(raw)
                except _NothingRead as again:
                    raise ConnectionLost(f"{method} {path}: connection closed twice") from again

    async def _exchange(self, raw: bytes) -> tuple[int, bytes]:
        reader, writer = await self._ready()
        try:
            writer.write(raw)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as error:
            await self.close()
            if error.partial:
                raise ConnectionLost("connection closed in a response's head") from error
            raise _NothingRead from error
        except OSError as error:
            await self.close()
            raise _NothingRead from error
        try:
            status, body, close = await _read_rest(reader, head)
        except (asyncio.IncompleteReadError, OSError) as error:
            await self.close()
            raise ConnectionLost("connection closed in a response's body") from error
        if close:
            await self.close()
        self._used = time.perf_counter()
        return status, body

    async def _ready(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """The open connection, or a new one if there is none, it sat idle too long, or the server closed it."""
        reader, writer = self._reader, self._writer
        idle = time.perf_counter() - self._used > IDLE_EXPIRY
        if reader is not None and writer is not None and not (idle or reader.at_eof() or writer.is_closing()):
            return reader, writer
        await self.close()
        self._reader, self._writer = await asyncio.open_connection(self.client.host, self.client.port)
        self.client.opened += 1
        return self._reader, self._writer

    async def close(self) -> None:
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


class _NothingRead(Exception):
    """The connection closed before a byte of the response came: the server may not have seen the request."""


async def _read_rest(reader: asyncio.StreamReader, head: bytes) -> tuple[int, bytes, bool]:
    """The status, the body (by Content-Length, chunks, or up to the end) and whether the server closes."""
    status = int(head[9:12])
    lower = head.lower()
    close = b"\r\nconnection: close" in lower
    if status in NO_BODY or 100 <= status < 200:
        return status, b"", close
    at = lower.find(b"\r\ncontent-length:")
    if at >= 0:
        length = int(lower[at + 17 : lower.index(b"\r\n", at + 2)])
        return status, await reader.readexactly(length) if length else b"", close
    if b"\r\ntransfer-encoding: chunked" in lower:
        return status, await _read_chunks(reader), close
    return status, await reader.read(), True


async def _read_chunks(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while size := int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16):
        parts.append((await reader.readexactly(size + 2))[:-2])
    while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers, if any
        pass
    return b"".join(parts)


class HttpxConnection:
    """The benches' former client (``--client httpx``) behind the same interface, for comparable figures."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    def connection(self) -> HttpxConnection:
        return self  # httpx pools its own connections

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json"} if body else None
        try:
            response = await self.client.request(method, path, content=body or None, headers=headers)
        except httpx.TransportError as error:
            raise ConnectionLost(f"{method} {path}: {error!r}") from error
        return response.status_code, response.content

    async def aclose(self) -> None:
        await self.client.aclose()


class Spread:
    """Several servers of one service (replicas on their own ports) behind one client: each new connection goes
    to the next server in turn, so ``n`` concurrent clients are shared evenly among them."""

    def __init__(self, clients: list[LeanClient]) -> None:
        self.clients = clients
        self._next = 0

    def connection(self) -> LeanConnection:
        client = self.clients[self._next % len(self.clients)]
        self._next += 1
        return client.connection()

    async def aclose(self) -> None:
        for client in self.clients:
            await client.aclose()


Client = LeanClient | HttpxConnection | Spread
"""A bench's load generator: ``connection()`` gives each concurrent client its ``Requester``."""


def httpx_client(base_url: str, headers: dict[str, str] | None = None, connections: int = 64) -> httpx.AsyncClient:
    """The benches' httpx client: idle connections dropped after 2 s, before uvicorn's 5 s keep-alive ends them
    under a request (a ReadError after a long phase)."""
    limits = httpx.Limits(max_connections=connections, keepalive_expiry=IDLE_EXPIRY)
    return httpx.AsyncClient(base_url=base_url, headers=headers, timeout=120, limits=limits)


def client_for(kind: str, base_url: str | list[str], headers: dict[str, str] | None = None) -> Client:
    """The load generator a bench's ``--client`` names (``lean`` or ``httpx``); several URLs (replicas of one
    service) are spread over with the lean one."""
    if isinstance(base_url, list):
        if kind != "lean" or not base_url:
            raise ValueError("several servers take the lean load generator")
        return (
            Spread([LeanClient(url, headers) for url in base_url])
            if len(base_url) > 1
            else client_for(kind, base_url[0], headers)
        )
    if kind == "httpx":
        return HttpxConnection(httpx_client(base_url, headers))
    if kind == "lean":
        return LeanClient(base_url, headers)
    raise ValueError(f"unknown client {kind!r}")
