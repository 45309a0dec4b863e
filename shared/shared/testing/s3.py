"""An S3-compatible server for tests: moto's standalone server (``moto.server.ThreadedMotoServer``, from PyPI) on
a free loopback port, spoken to over HTTP as MinIO would be. No MinIO (or other S3 server) binary comes from PyPI
or npm to run here, so this is an emulation of S3 — it does not check signatures or credentials."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

KEY_ID, SECRET = "grassroots", "grassroots-secret"


@contextmanager
def s3_server() -> Iterator[str]:
    """The server's URL while the block runs; stopped after it."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    # moto keeps its buckets in the process, shared by every server it starts: each server starts empty
    httpx.post(f"{url}/moto-api/reset", timeout=10).raise_for_status()
    try:
        yield url
    finally:
        server.stop()


def s3_client(endpoint: str) -> Any:
    import boto3

    return boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET
    )


def bucket_objects(endpoint: str, bucket: str) -> dict[str, bytes]:
    """Every object of the bucket by key, with its bytes."""
    client = s3_client(endpoint)
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed}


def s3_scan_settings(endpoint: str, bucket: str) -> dict[str, Any]:
    """membership's settings that keep the record's scans in ``bucket`` of the server at ``endpoint``."""
    return {
        "record_attachment_s3_bucket": bucket,
        "record_attachment_s3_endpoint": endpoint,
        "record_attachment_s3_access_key_id": KEY_ID,
        "record_attachment_s3_secret_access_key": SECRET,
        "record_attachment_s3_create_bucket": True,
    }
