"""Where scanned documents live: content-addressed files on disk (``<dir>/<sha[:2]>/<sha256>``), so the same scan
uploaded twice is stored once and a file's name proves its content. An upload streams into ``<dir>/incoming``,
hashed and counted as it comes, and is refused past the limit before it is ever whole in memory."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import anyio
from anyio import to_thread
from fastapi import Response
from fastapi.responses import FileResponse

from shared.errors import PayloadTooLarge

HEAD_BYTES = 16


@dataclass(frozen=True)
class Incoming:
    """An upload received in full, not yet in place."""

    path: Path
    sha256: str
    size: int
    head: bytes


class DiskStore:
    """Scans as files under ``root``; also the spool of every store (uploads are received here first)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    async def holds(self, sha256: str) -> bool:
        """Whether the file is there (a volume restored without it answers 404, not a 500 mid-response)."""
        return await anyio.Path(self.path_of(sha256)).is_file()

    async def receive(self, chunks: AsyncIterator[bytes], max_bytes: int) -> Incoming:
        """Stream the body to a temporary file; 413 ``record.attachment_too_large`` past ``max_bytes``."""
        incoming = self.root / "incoming"
        await to_thread.run_sync(lambda: incoming.mkdir(parents=True, exist_ok=True))
        fd, name = tempfile.mkstemp(dir=incoming)
        digest, size, head = hashlib.sha256(), 0, b""
        try:
            with os.fdopen(fd, "wb") as out:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > max_bytes:
                        raise PayloadTooLarge("record.attachment_too_large", max_bytes=max_bytes)
                    digest.update(chunk)
                    head = head if len(head) >= HEAD_BYTES else (head + chunk)[:HEAD_BYTES]
                    await to_thread.run_sync(out.write, chunk)
        except BaseException:
            os.unlink(name)
            raise
        return Incoming(Path(name), digest.hexdigest(), size, head)

    async def keep(self, incoming: Incoming) -> None:
        """Move the upload to its content address (a file already there is the same bytes)."""
        target = self.path_of(incoming.sha256)

        def move() -> None:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(incoming.path, target)

        await to_thread.run_sync(move)

    @staticmethod
    def discard(incoming: Incoming) -> None:
        incoming.path.unlink(missing_ok=True)

    async def response(self, sha256: str, media_type: str, headers: Mapping[str, str]) -> Response | None:
        """The file as a download; None when the store does not hold it (a volume restored without it)."""
        if not await self.holds(sha256):
            return None
        return FileResponse(self.path_of(sha256), media_type=media_type, headers=dict(headers))
