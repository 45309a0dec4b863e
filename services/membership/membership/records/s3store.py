"""Scans in an S3-compatible store (MinIO, AWS S3, …) when ``record_attachment_s3_bucket`` is set: uploads are
still received into the local spool (hashed, counted and refused past the limit there), then put at
``<prefix><sha[:2]>/<sha256>``, the same content address as on disk, so the same scan is stored once. boto3 is
synchronous: its calls run in worker threads; the client is thread-safe and made once per store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import boto3
from anyio import to_thread
from botocore.config import Config
from botocore.exceptions import ClientError
from fastapi import Response
from fastapi.responses import StreamingResponse

from membership.records.store import DiskStore, Incoming
from membership.settings import Settings

CHUNK = 256 * 1024
_MISSING = ("404", "NoSuchKey", "NotFound")


def s3_client(settings: Settings) -> Any:
    """A client of the configured store (path-style addressing: what MinIO and most S3-compatible stores serve)."""
    secret = settings.record_attachment_s3_secret_access_key
    return boto3.session.Session().client(
        "s3",
        endpoint_url=settings.record_attachment_s3_endpoint,
        region_name=settings.record_attachment_s3_region,
        aws_access_key_id=settings.record_attachment_s3_access_key_id,
        aws_secret_access_key=secret.get_secret_value() if secret else None,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 3}),
    )


class S3Store(DiskStore):
    """``receive``/``discard`` from ``DiskStore`` (the spool); ``keep``, ``holds`` and ``response`` in the bucket."""

    def __init__(self, spool: str | Path, client: Any, bucket: str, prefix: str, *, create_bucket: bool) -> None:
        super().__init__(spool)
        self.client, self.bucket, self.prefix = client, bucket, prefix
        self._bucket_checked = not create_bucket

    def key_of(self, sha256: str) -> str:
        return f"{self.prefix}{sha256[:2]}/{sha256}"

    async def keep(self, incoming: Incoming) -> None:
        """Put the upload at its content address unless the same bytes are there already."""
        await self._ensure_bucket()
        if await self.holds(incoming.sha256):
            return
        key = self.key_of(incoming.sha256)
        await to_thread.run_sync(lambda: self.client.upload_file(str(incoming.path), self.bucket, key))

    async def holds(self, sha256: str) -> bool:
        try:
            await to_thread.run_sync(lambda: self.client.head_object(Bucket=self.bucket, Key=self.key_of(sha256)))
        except ClientError as exc:
            if str(exc.response.get("Error", {}).get("Code")) in _MISSING:
                return False
            raise
        return True

    async def response(self, sha256: str, media_type: str, headers: Mapping[str, str]) -> Response | None:
        """The object streamed in chunks (never whole in memory); None when the bucket does not hold it."""
        try:
            got = await to_thread.run_sync(lambda: self.client.get_object(Bucket=self.bucket, Key=self.key_of(sha256)))
        except ClientError as exc:
            if str(exc.response.get("Error", {}).get("Code")) in _MISSING:
                return None
            raise
        length = {"Content-Length": str(got["ContentLength"])} if "ContentLength" in got else {}
        return StreamingResponse(_chunks(got["Body"]), media_type=media_type, headers={**headers, **length})

    async def _ensure_bucket(self) -> None:
        if self._bucket_checked:
            return
        try:
            await to_thread.run_sync(lambda: self.client.head_bucket(Bucket=self.bucket))
        except ClientError:
            await to_thread.run_sync(lambda: self.client.create_bucket(Bucket=self.bucket))
        self._bucket_checked = True


async def _chunks(body: Any) -> AsyncIterator[bytes]:
    try:
        while chunk := await to_thread.run_sync(body.read, CHUNK):
            yield chunk
    finally:
        body.close()


def make_store(settings: Settings) -> DiskStore:
    """The bucket when ``record_attachment_s3_bucket`` is set, else the directory (both spool on disk)."""
    root = settings.record_attachment_root()
    if not settings.record_attachment_s3_bucket:
        return DiskStore(root)
    return S3Store(
        root,
        s3_client(settings),
        settings.record_attachment_s3_bucket,
        settings.record_attachment_s3_prefix,
        create_bucket=settings.record_attachment_s3_create_bucket,
    )
