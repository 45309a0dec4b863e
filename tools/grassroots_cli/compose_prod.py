"""Checks of the production deployment (``docker-compose.yml`` + ``docker-compose.prod.yml``) without Docker, the
image lock (``deploy/images.env``) and the production Keycloak realm.

The merged model must satisfy the Compose Specification schema and every rule of ``compose_check`` (the base
rules hold in production too), plus what production adds: every container has CPU and memory limits, two
replicas of each service in production mode, a three-node NATS cluster every service connects to with R3
streams, no HS256 secret mounted, Keycloak started with ``start`` on its own database, TLS on 443, the request
body limit passed to the gateway, a scheduled backup container, and every image taken from the lock.

    python -m grassroots_cli.compose_prod             # problems of the merged production model (exit 1 if any)
    python -m grassroots_cli.compose_prod --release   # the same, and every image must be pinned by digest
    python -m grassroots_cli.compose_prod --write-realm   # regenerate deploy/keycloak/realm.prod.json
"""

from __future__ import annotations

import copy
import json
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from grassroots_cli import compose_check as cc

PROD_FILE = cc.REPO_ROOT / "docker-compose.prod.yml"
IMAGES_LOCK = cc.REPO_ROOT / "deploy" / "images.env"
DEV_REALM = cc.REPO_ROOT / "deploy" / "keycloak" / "realm.json"
PROD_REALM = cc.REPO_ROOT / "deploy" / "keycloak" / "realm.prod.json"
NATS_NODES = ("nats", "nats-2", "nats-3")
PROFILES = ("observability",)  # Keycloak leaves the `idp` profile: production runs it by default
# What an operator puts in .env for production; the checks use an example value.
EXAMPLE_ENV = {"GATEWAY_SITE": "grassroots.example.vn"}
DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")


def read_lock(path: Path = IMAGES_LOCK) -> dict[str, str]:
    """``NAME=image`` lines of the image lock (comments and blank lines ignored)."""
    entries: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            entries[name.strip()] = value.strip()
    return entries


def load_production(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The merged model compose runs: base, then the production override, interpolated with the lock and ``env``."""
    values = {**read_lock(), **EXAMPLE_ENV, **(env or {})}
    merged = cc.merge(cc.load(cc.COMPOSE_FILE, values), cc.load(PROD_FILE, values))
    return cc.without_tags(merged)  # type: ignore[no-any-return]


def production_problems(doc: Mapping[str, Any], lock: Mapping[str, str], *, release: bool = False) -> list[str]:
    return list(_problems(doc, lock, release))


def _problems(doc: Mapping[str, Any], lock: Mapping[str, str], release: bool) -> Iterator[str]:
    services: dict[str, Any] = doc.get("services") or {}
    pinned = set(lock.values())
    for name, svc in services.items():
        limits = ((svc.get("deploy") or {}).get("resources") or {}).get("limits") or {}
        if not {"cpus", "memory"} <= set(limits):
            yield f"services.{name}: needs deploy.resources.limits with cpus and memory"
        if "build" in svc:
            base = (svc["build"].get("args") or {}).get("PYTHON_IMAGE")
            if base not in pinned:
                yield f"services.{name}: builds from {base!r}, not the lock's PYTHON_IMAGE"
        elif svc.get("image") not in pinned:
            yield f"services.{name}: image {svc.get('image')!r} does not come from deploy/images.env"
    if release:
        yield from (f"deploy/images.env: {n} is not pinned by digest" for n, i in lock.items() if not DIGEST.search(i))
    for service in cc.SERVICES:
        yield from _service_problems(service, services.get(service) or {})
    yield from _cluster_problems(services)
    yield from _edge_problems(services)


def _service_problems(service: str, svc: Mapping[str, Any]) -> Iterator[str]:
    where, prefix, env = f"services.{service}", service.upper(), cc.environment(svc)
    if int((svc.get("deploy") or {}).get("replicas") or 1) < 2:
        yield f"{where}: needs at least two replicas"
    if env.get(f"{prefix}_PRODUCTION") != "true":
        yield f"{where}: {prefix}_PRODUCTION must be true"
    if [u.split("//")[-1].split(":")[0] for u in env.get(f"{prefix}_NATS_URL", "").split(",")] != list(NATS_NODES):
        yield f"{where}: {prefix}_NATS_URL must list the three NATS nodes"
    if env.get(f"{prefix}_STREAM_REPLICAS") != "3":
        yield f"{where}: {prefix}_STREAM_REPLICAS must be 3"
    for setting in ("JWT_JWKS_URL", "JWT_ISSUER", "JWT_AUDIENCE"):
        if not env.get(f"{prefix}_{setting}"):
            yield f"{where}: {prefix}_{setting} must be set"
    if any(target.endswith("_jwt_secret") for target in cc.service_secrets(svc)):
        yield f"{where}: an HS256 secret is mounted (production mode would refuse to start)"
    for node in NATS_NODES:
        if cc.depends_on(svc).get(node) != "service_healthy":
            yield f"{where}: must wait for {node} (service_healthy)"


def _cluster_problems(services: Mapping[str, Any]) -> Iterator[str]:
    names, volumes = set(), set()
    for node in NATS_NODES:
        svc = services.get(node)
        if svc is None:
            yield f"services.{node}: missing (the bus is a three-node cluster)"
            continue
        if svc.get("command") != ["-js", "-sd", "/data", "-c", "/etc/nats/cluster.conf"]:
            yield f"services.{node}: must run deploy/nats/cluster.conf"
        names.add(cc.environment(svc).get("NATS_SERVER_NAME"))
        volumes |= {v.split(":")[0] for v in svc.get("volumes") or [] if v.split(":")[1] == "/data"}
    if len(names - {None}) != len(NATS_NODES) or len(volumes) != len(NATS_NODES):
        yield "nats: each node needs its own NATS_SERVER_NAME and its own /data volume"


def _edge_problems(services: Mapping[str, Any]) -> Iterator[str]:
    gateway = services.get("gateway") or {}
    if not any(str(p).split(":")[-1] == "443" for p in cc.published_ports(gateway)):
        yield "services.gateway: must publish 443"
    if "GATEWAY_MAX_REQUEST_BODY" not in cc.environment(gateway):
        yield "services.gateway: GATEWAY_MAX_REQUEST_BODY must reach the container"
    keycloak = services.get("keycloak") or {}
    command = " ".join(keycloak.get("command") or [])
    if "kc.sh start " not in command + " " or "start-dev" in command or keycloak.get("profiles"):
        yield "services.keycloak: must run `kc.sh start` (production mode) in the default profile"
    if cc.environment(keycloak).get("KC_DB") != "postgres":
        yield "services.keycloak: needs its PostgreSQL database (KC_DB=postgres)"
    backup = services.get("backup") or {}
    if backup.get("restart") != "unless-stopped" or not backup.get("healthcheck"):
        yield "services.backup: the scheduled backup container must run (restart, healthcheck)"


def production_realm(realm: Mapping[str, Any]) -> dict[str, Any]:
    """The development realm without its users and password grant, redirecting to the production site only."""
    prod = copy.deepcopy(dict(realm))
    prod.pop("users", None)
    for client in prod["clients"]:
        client["name"] = client.get("name", "").replace("(development)", "(production)")
        client["directAccessGrantsEnabled"] = False
        client["redirectUris"] = ["https://${GATEWAY_SITE}/*"]
        client["webOrigins"] = ["https://${GATEWAY_SITE}"]
    return prod


def render_realm() -> str:
    return json.dumps(production_realm(json.loads(DEV_REALM.read_text(encoding="utf-8"))), indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--write-realm" in args:
        PROD_REALM.write_text(render_realm(), encoding="utf-8")
        print(f"wrote {PROD_REALM}")
        return 0
    doc, lock = load_production(), read_lock()
    found = [f"schema: {e}" for e in cc.schema_errors(doc)] + cc.problems(doc, profiles=PROFILES)
    found += production_problems(doc, lock, release="--release" in args)
    return cc.report(found, f"{PROD_FILE.name} over {cc.COMPOSE_FILE.name}: valid ({len(doc['services'])} services)")


if __name__ == "__main__":
    raise SystemExit(main())
