"""The image lock (``deploy/images.env``): pin every image by digest at release time, check that it is pinned.

    grassroots images --pin     # on a host that reaches the registries: resolve each tag, rewrite the lock
    grassroots images --check   # exit 1 unless every image carries a digest (the release refuses otherwise)

Resolving asks ``docker buildx imagetools inspect`` for the digest of the tag's manifest list, so the pin
covers every platform of a multi-arch image; a line that is already pinned is resolved again from its tag (a
release takes the current build of the same tag: patch-level base image updates). The resolver is a parameter,
so the rewriting is tested without a registry.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from grassroots_cli.compose_prod import DIGEST, IMAGES_LOCK, read_lock

Resolver = Callable[[str], str]
_LINE = re.compile(r"^(?P<name>[A-Z][A-Z0-9_]*)=(?P<tag>[^@\s]+)(?P<digest>@sha256:[0-9a-f]{64})?$")


def docker_digest(tag: str) -> str:
    """``sha256:…`` of ``tag``'s manifest (list) in its registry, through the Docker CLI."""
    result = subprocess.run(
        ["docker", "buildx", "imagetools", "inspect", tag, "--format", "{{json .Manifest.Digest}}"],
        check=True,
        capture_output=True,
        text=True,
    )
    digest = result.stdout.strip().strip('"')
    if not re.fullmatch(r"sha256:[0-9a-f]{64}", digest):
        raise RuntimeError(f"{tag}: unexpected digest {digest!r}")
    return digest


def pin(path: Path = IMAGES_LOCK, resolve: Resolver = docker_digest) -> list[str]:
    """Rewrite every ``NAME=tag[@digest]`` line as ``NAME=tag@<current digest>``; comments stay. Returns the
    names whose digest changed."""
    changed: list[str] = []
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _LINE.match(line.strip())
        if match is None:
            lines.append(line)
            continue
        pinned = f"{match['tag']}@{resolve(match['tag'])}"
        if pinned != line.split("=", 1)[1].strip():
            changed.append(match["name"])
        lines.append(f"{match['name']}={pinned}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed


def unpinned(path: Path = IMAGES_LOCK) -> list[str]:
    return [name for name, image in read_lock(path).items() if not DIGEST.search(image)]


def main(pin_images: bool, path: Path = IMAGES_LOCK) -> int:
    if pin_images:
        changed = pin(path)
        print(f"{path}: pinned; changed: {', '.join(changed) or 'nothing'}")
        return 0
    missing = unpinned(path)
    for name in missing:
        print(f"{path}: {name} is not pinned by digest (run `grassroots images --pin`)")
    return 1 if missing else 0
