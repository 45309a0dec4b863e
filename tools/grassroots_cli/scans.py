"""The record's scans in a backup: copied from membership's store (its directory, or its bucket when
``MEMBERSHIP_RECORD_ATTACHMENT_S3_BUCKET`` is set) to ``<backup>/scans/<sha[:2]>/<sha256>``, and back into the
store configured at restore time (so a restore can also move scans from a directory into a bucket). The store is
read from membership's own settings (same variables and compose secrets as the service). Every file is checked
against its content address both ways: a damaged scan stops the run instead of being copied."""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import shutil
from pathlib import Path
from typing import Any

_SHA = re.compile(r"[0-9a-f]{64}")


def configured_store() -> Any | None:
    """membership's scan store, or None when neither a directory nor a bucket is configured (the development
    default is a temporary directory: nothing to keep)."""
    if not (
        os.environ.get("MEMBERSHIP_RECORD_ATTACHMENT_DIR") or os.environ.get("MEMBERSHIP_RECORD_ATTACHMENT_S3_BUCKET")
    ):
        return None
    settings = importlib.import_module("membership.settings").load_settings()
    return importlib.import_module("membership.records.s3store").make_store(settings)


def _check(path: Path, sha256: str) -> None:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != sha256:
        raise RuntimeError(f"scan {sha256} does not match its content address (found {digest.hexdigest()})")


def _addressed(root: Path) -> list[tuple[str, Path]]:
    """The content-addressed files under ``root`` (``<sha[:2]>/<sha256>``; the upload spool is not one)."""
    return sorted(
        (p.name, p) for p in root.glob("*/*") if p.is_file() and _SHA.fullmatch(p.name) and p.parent.name == p.name[:2]
    )


def backup_scans(store: Any, out: Path) -> dict[str, Any]:
    """Copy every scan into ``out/scans``; what the manifest says of them."""
    target = out / "scans"
    target.mkdir(parents=True, exist_ok=True)
    if hasattr(store, "bucket"):
        shas = _download_all(store, target)
        kind = "s3"
    else:
        shas = [_copy(path, target, sha) for sha, path in _addressed(store.root)]
        kind = "disk"
    return {"store": kind, "files": len(shas)}


def _download_all(store: Any, target: Path) -> list[str]:
    shas = []
    for page in store.client.get_paginator("list_objects_v2").paginate(Bucket=store.bucket, Prefix=store.prefix):
        for item in page.get("Contents", []):
            sha = item["Key"].rsplit("/", 1)[-1]
            if not _SHA.fullmatch(sha):
                continue
            path = target / sha[:2] / sha
            path.parent.mkdir(parents=True, exist_ok=True)
            store.client.download_file(store.bucket, item["Key"], str(path))
            _check(path, sha)
            shas.append(sha)
    return shas


def _copy(source: Path, target: Path, sha: str) -> str:
    _check(source, sha)
    (target / sha[:2]).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target / sha[:2] / sha)
    return sha


def restore_scans(store: Any, source: Path) -> int:
    """Put every scan of the backup back into ``store`` (those already there are left alone); how many."""
    count = 0
    for sha, path in _addressed(source / "scans"):
        _check(path, sha)
        if hasattr(store, "bucket"):
            key = store.key_of(sha)
            if not _in_bucket(store, key):
                store.client.upload_file(str(path), store.bucket, key)
        elif not store.path_of(sha).is_file():
            store.path_of(sha).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, store.path_of(sha))
        count += 1
    return count


def _in_bucket(store: Any, key: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        store.client.head_object(Bucket=store.bucket, Key=key)
    except ClientError:
        return False
    return True
