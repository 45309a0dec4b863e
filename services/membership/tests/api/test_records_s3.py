"""Scans in an S3-compatible store: the same API as on disk, the objects content-addressed in the bucket. The server
is moto's standalone S3 server over HTTP (``shared.testing.s3``: no MinIO binary comes from PyPI or npm)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from shared.testing.harness import ServiceFactory, auth
from shared.testing.s3 import bucket_objects, s3_client, s3_scan_settings, s3_server

ADMIN = auth()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
BUCKET = "grassroots-records"


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    with s3_server() as url:
        yield url


def s3_settings(endpoint: str, spool: Path) -> dict[str, Any]:
    return {
        "record_attachment_dir": str(spool),
        "record_attachment_max_bytes": 4096,
        **s3_scan_settings(endpoint, BUCKET),
    }


def delete_object(endpoint: str, key: str) -> None:
    s3_client(endpoint).delete_object(Bucket=BUCKET, Key=key)


async def test_scans_are_kept_in_the_bucket_by_content_within_the_limits(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, tmp_path: Path, s3_endpoint: str
) -> None:
    spool = tmp_path / "spool"
    async with services.run("membership", **s3_settings(s3_endpoint, spool)) as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        uploads = f"/api/v1/members/{member['id']}/record/attachments"

        def send(body: bytes, content_type: str) -> Any:
            return m.client.post(uploads, headers={**ADMIN, "Content-Type": content_type}, content=body)

        sha = hashlib.sha256(PDF).hexdigest()
        first = await send(PDF, "application/pdf")
        assert (first.status_code, first.json()["sha256"]) == (201, sha), first.text
        key = f"record-attachments/{sha[:2]}/{sha}"
        assert await _objects(s3_endpoint) == {key: PDF}
        again = await send(PDF, "application/pdf")
        assert (again.status_code, again.json()["id"]) == (200, first.json()["id"])
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
        assert (await send(png, "image/png")).status_code == 201
        assert len(await _objects(s3_endpoint)) == 2
        too_large = await send(b"%PDF-" + b"0" * 5000, "application/pdf")
        assert (too_large.status_code, too_large.json()["rule"]) == (413, "record.attachment_too_large")
        assert (await send(PDF, "image/png")).status_code == 415
        assert len(await _objects(s3_endpoint)) == 2  # nothing refused reached the bucket
        assert list((spool / "incoming").iterdir()) == []  # and nothing stays in the spool
        assert not (spool / sha[:2]).exists()  # the bucket holds the scan, not the directory

        download = f"{uploads}/{first.json()['id']}"
        got = await m.client.get(download, headers=auth(t.district, "organiser"))
        assert (got.status_code, got.content, got.headers["content-type"]) == (200, PDF, "application/pdf")
        assert got.headers["etag"] == f'"{sha}"'
        assert (await m.client.get(download, headers=auth(t.district, "viewer"))).status_code == 403
        assert (await m.client.get(download, headers=auth(t.other_province, "admin"))).status_code == 404
        delete_object(s3_endpoint, key)  # a bucket restored without the object
        assert (await m.client.get(download, headers=ADMIN)).status_code == 404


async def _objects(endpoint: str) -> dict[str, bytes]:
    return await anyio.to_thread.run_sync(bucket_objects, endpoint, BUCKET)
