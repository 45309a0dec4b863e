"""Checks of ``docker-compose.yml`` that need no Docker engine.

``docker compose config`` needs only the client, but this machine (and CI) has no compose plugin, so the file is
checked here instead, in two layers:

1. the Compose Specification JSON schema, vendored as ``deploy/compose-spec.json`` (see its NOTICE);
2. the operational rules the schema cannot express: pinned images, healthchecks, ``depends_on`` conditions, one
   migration job per service, graceful stop, secrets only through compose ``secrets:``, nothing published but the
   gateway and the operator tools, named volumes for state, the gateway's route table.

Usage: ``python -m grassroots_cli.compose_check [path/to/docker-compose.yml]`` prints problems and exits 1 when
there are any. The helpers (``load``, ``interpolate``, ``ROUTES`` …) are also used by the deployment tests.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
SCHEMA_FILE = REPO_ROOT / "deploy" / "compose-spec.json"
SCHEMA_SHA256 = "56bab44c85c0ce8affb74474950293f37d510673283a243bcd7eeadb900fa35c"

SERVICES = ("membership", "meetings", "inspection", "reporting")

# The gateway's route table: which service owns which /api/v1 area. The Caddyfile implements it, the tests check
# the Caddyfile against it, and the runtime test checks every service's OpenAPI paths are covered by it.
ROUTES: dict[str, tuple[str, ...]] = {
    "membership": (
        "/api/v1/orgs",
        "/api/v1/members",
        "/api/v1/admissions",
        "/api/v1/candidates",
        "/api/v1/deadlines",
        "/api/v1/imports",
        "/api/v1/exports",
        "/api/v1/holidays",
        "/api/v1/targets",
        "/api/v1/dues",
        "/api/v1/badges",
        "/api/v1/webhooks",
        "/api/v1/import-mappings",
        "/scim/v2",
    ),
    "meetings": (
        "/api/v1/meetings",
        "/api/v1/meeting-plans",
        "/api/v1/meeting-targets",
        "/api/v1/compliance",
        "/api/v1/rubrics",
    ),
    "inspection": ("/api/v1/inspections", "/api/v1/disciplines", "/api/v1/appeals", "/api/v1/classifications"),
    "reporting": ("/api/v1/reports", "/dashboard"),
}
ADMIN_PREFIX = "/api/v1/admin"  # every service has it; the gateway exposes it as /api/v1/admin/<svc>/…
CHANGES_PATH = "/api/v1/changes"  # every service's change feed; the gateway exposes it as /api/v1/changes/<svc>
PER_SERVICE = (ADMIN_PREFIX, CHANGES_PATH)
"""Paths every service serves alike: the gateway tells them apart by a service segment after the prefix."""


def gateway_admin_prefix(service: str) -> str:
    return f"{ADMIN_PREFIX}/{service}"


def served_by_every_service(path: str) -> bool:
    """A path of ``PER_SERVICE`` (reached through ``<prefix>/<service>`` at the gateway)."""
    return any(path == prefix or path.startswith(prefix + "/") for prefix in PER_SERVICE)


def owner_of(path: str) -> str | None:
    """The service the gateway sends ``path`` to (None when no route matches)."""
    for service in SERVICES:
        for prefix in PER_SERVICE:
            mine = f"{prefix}/{service}"
            if path == mine or path.startswith(mine + "/"):
                return service
        for prefix in ROUTES[service]:
            if path == prefix or path.startswith(prefix + "/"):
                return service
    return None


# Services allowed to publish a port on the host, and why.
PUBLISHED_ALLOWED = {
    "gateway": "the one origin for every API",
    "keycloak": "browsers must reach the identity provider to log in (idp profile)",
    "grafana": "operator dashboards, bound to 127.0.0.1 (observability profile)",
    "prometheus": "operator queries, bound to 127.0.0.1 (observability profile)",
}
# Environment variable names that would carry a secret if set inline (`…_FILE` variants name a secret file).
_SECRETISH = re.compile(r"PASSWORD|SECRET|TOKEN|PRIVATE_KEY|DATABASE_URL")
_URL_WITH_PASSWORD = re.compile(r"://[^/\s:@]+:[^/\s@]+@")

# --------------------------------------------------------------------------------------------------------------
# Loading with compose's variable interpolation
# --------------------------------------------------------------------------------------------------------------

_VAR = re.compile(
    r"\$(?:(?P<escaped>\$)|(?P<named>[A-Za-z_][A-Za-z0-9_]*)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)"
    r"(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\})"
)


class InterpolationError(ValueError):
    pass


def interpolate(text: str, env: Mapping[str, str]) -> str:
    """Compose interpolation: ``$VAR``, ``${VAR}``, ``${VAR:-default}``, ``${VAR-default}``, ``${VAR:?error}``,
    ``${VAR?error}``, ``${VAR:+alt}``, ``${VAR+alt}`` and ``$$`` for a literal dollar."""

    def replace(match: re.Match[str]) -> str:
        if match.group("escaped"):
            return "$"
        name = match.group("named") or match.group("braced")
        op, arg = match.group("op"), match.group("arg") or ""
        value = env.get(name)
        unset_or_empty = value is None or value == ""
        if op in (":-", "-"):
            use_default = unset_or_empty if op == ":-" else value is None
            return interpolate(arg, env) if use_default else str(value)
        if op in (":?", "?"):
            missing = unset_or_empty if op == ":?" else value is None
            if missing:
                raise InterpolationError(f"required variable {name} is missing: {arg}")
            return str(value)
        if op in (":+", "+"):
            present = not unset_or_empty if op == ":+" else value is not None
            return interpolate(arg, env) if present else ""
        return "" if value is None else value

    return _VAR.sub(replace, text)


def _interpolate_tree(node: Any, env: Mapping[str, str]) -> Any:
    if isinstance(node, Override):
        return Override(_interpolate_tree(node.value, env))
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, list):
        return [_interpolate_tree(item, env) for item in node]
    if isinstance(node, dict):
        return {key: _interpolate_tree(value, env) for key, value in node.items()}
    return node


class Override:
    """A value tagged ``!override`` in an override file: it replaces the base file's value instead of merging."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Override) and other.value == self.value

    __hash__ = None  # type: ignore[assignment]


class _Reset:
    """A key tagged ``!reset`` in an override file: the base file's value is removed."""

    def __repr__(self) -> str:
        return "RESET"


RESET = _Reset()


class _ComposeLoader(yaml.SafeLoader):  # type: ignore[misc]
    """YAML with compose's merge tags (Compose 2.24+): ``!override`` and ``!reset``."""


def _construct_override(loader: yaml.SafeLoader, node: yaml.Node) -> Override:
    if isinstance(node, yaml.MappingNode):
        return Override(loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return Override(loader.construct_sequence(node, deep=True))
    return Override(loader.construct_scalar(node))


_ComposeLoader.add_constructor("!override", _construct_override)
_ComposeLoader.add_constructor("!reset", lambda loader, node: RESET)

# Keys whose sequences an override replaces rather than extends (the Compose Specification's merge rules).
REPLACED_SEQUENCES = frozenset({"command", "entrypoint", "test"})


def load_raw(path: Path = COMPOSE_FILE) -> dict[str, Any]:
    """The YAML as written (anchors and merge keys resolved, variables not interpolated)."""
    with path.open(encoding="utf-8") as handle:
        doc = yaml.load(handle, Loader=_ComposeLoader)  # noqa: S506 - a SafeLoader with two more tags
    if not isinstance(doc, dict):
        raise ValueError(f"{path}: not a mapping")
    return doc


def load(path: Path = COMPOSE_FILE, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The compose model after interpolation, with an empty environment by default (every default applies)."""
    return _interpolate_tree(load_raw(path), {} if env is None else env)  # type: ignore[no-any-return]


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge an override file the way ``docker compose -f a.yml -f b.yml`` does for the keys we use: mappings
    merge recursively, ``environment`` mappings merge by key, sequences of ports/volumes/secrets append, a
    command or healthcheck test is replaced; ``!override`` replaces and ``!reset`` removes a value."""
    result = dict(base)
    for key, value in override.items():
        if value is RESET:
            result.pop(key, None)
        elif isinstance(value, Override):
            result[key] = without_tags(value.value)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        elif isinstance(value, list) and isinstance(result.get(key), list) and key not in REPLACED_SEQUENCES:
            result[key] = result[key] + [item for item in value if item not in result[key]]
        else:
            result[key] = without_tags(value)
    return result


def without_tags(node: Any) -> Any:
    """A document as compose reads it on its own: ``!override`` values plain, ``!reset`` keys absent."""
    if isinstance(node, Override):
        return without_tags(node.value)
    if isinstance(node, dict):
        return {key: without_tags(value) for key, value in node.items() if value is not RESET}
    if isinstance(node, list):
        return [without_tags(item) for item in node if item is not RESET]
    return node


# --------------------------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------------------------


def schema_errors(doc: Mapping[str, Any], schema_path: Path = SCHEMA_FILE) -> list[str]:
    import jsonschema

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft201909Validator(schema)
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '<root>'}: {error.message}"
        for error in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    ]


def schema_checksum(schema_path: Path = SCHEMA_FILE) -> str:
    return hashlib.sha256(schema_path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------------------------------------------
# Helpers over the model
# --------------------------------------------------------------------------------------------------------------

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(h|ms|us|m|s)")
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001, "us": 0.000001}


def duration_seconds(value: str | int | float) -> float:
    """Compose durations: ``30s``, ``1m30s``, ``500ms`` (a bare number is seconds)."""
    if isinstance(value, (int, float)):
        return float(value)
    text = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    parts = _DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"not a duration: {value!r}")
    return sum(float(n) * _UNIT_SECONDS[u] for n, u in parts)


def environment(service: Mapping[str, Any]) -> dict[str, str]:
    """A service's ``environment`` as a dict (compose accepts a mapping or a ``KEY=VALUE`` list)."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = (item.split("=", 1) if "=" in item else (item, "") for item in env)
        return {k: v for k, v in pairs}
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def depends_on(service: Mapping[str, Any]) -> dict[str, str]:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def service_secrets(service: Mapping[str, Any]) -> dict[str, str]:
    """``target file name -> top-level secret name`` for a service (short and long syntax)."""
    result: dict[str, str] = {}
    for item in service.get("secrets") or []:
        if isinstance(item, str):
            result[item] = item
        else:
            result[item.get("target") or item["source"]] = item["source"]
    return result


def published_ports(service: Mapping[str, Any]) -> list[str]:
    return [str(p) for p in service.get("ports") or []]


def image_is_pinned(image: str) -> bool:
    """An exact version tag (digits in it, not a floating ``latest``/major-only tag) or a digest."""
    if "@sha256:" in image:
        return True
    name, _, tag = image.rpartition(":")
    if not name or "/" in tag:
        return False
    if re.fullmatch(r"RELEASE\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ", tag):  # MinIO's exact release tags
        return True
    return bool(re.search(r"\d+\.\d+", tag)) and "latest" not in tag


def migrate_job(service: str) -> str:
    return f"{service}-migrate"


APP_COMMAND = [
    "uvicorn",
    "{svc}.app:create_app",
    "--factory",
    "--host",
    "0.0.0.0",  # noqa: S104
    "--port",
    "8000",
    "--timeout-graceful-shutdown",
    "20",
]


def expected_command(service: str) -> list[str]:
    return [part.format(svc=service) for part in APP_COMMAND]


# --------------------------------------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------------------------------------


def problems(
    doc: Mapping[str, Any], raw: Mapping[str, Any] | None = None, profiles: tuple[str, ...] = ("observability", "idp")
) -> list[str]:
    """Every operational rule the file breaks (empty when it is fine); ``profiles`` must each have a service."""
    return list(_problems(doc, raw if raw is not None else doc, profiles))


def _problems(doc: Mapping[str, Any], raw: Mapping[str, Any], wanted_profiles: tuple[str, ...]) -> Iterator[str]:
    if "version" in raw:
        yield "top level: the obsolete `version:` key must not be used"
    services: dict[str, Any] = doc.get("services") or {}
    top_secrets: dict[str, Any] = doc.get("secrets") or {}
    top_volumes: dict[str, Any] = doc.get("volumes") or {}
    for name, svc in services.items():
        yield from _service_shape(f"services.{name}", svc, services)
        yield from _service_exposure(name, svc, top_secrets, top_volumes)
    yield from _secret_sources(top_secrets)
    yield from _infrastructure_volumes(services, top_volumes)
    for svc_name in SERVICES:
        yield from _application_service(svc_name, services)
    profiles = {p for svc in services.values() for p in svc.get("profiles") or []}
    for wanted_profile in wanted_profiles:
        if wanted_profile not in profiles:
            yield f"profiles: no service in the {wanted_profile!r} profile"


def _service_shape(where: str, svc: Mapping[str, Any], services: Mapping[str, Any]) -> Iterator[str]:
    """A pinned image, a healthcheck for long-running services, dependencies waited for the right way."""
    image = svc.get("image")
    if not image:
        yield f"{where}: no `image` (built images are tagged so every job and replica runs the same one)"
    elif "build" not in svc and not image_is_pinned(image):
        yield f"{where}: image {image!r} is not pinned to an exact version or digest"
    is_job = svc.get("restart") == "no"
    if not is_job and "healthcheck" not in svc and "x-no-healthcheck" not in svc:
        yield f"{where}: long-running service without a healthcheck (or an `x-no-healthcheck` reason)"
    for dep, condition in depends_on(svc).items():
        target = services.get(dep)
        if target is None:
            yield f"{where}: depends on unknown service {dep!r}"
            continue
        if target.get("restart") == "no":
            wanted = "service_completed_successfully"
        elif "healthcheck" in target:
            wanted = "service_healthy"
        else:
            wanted = "service_started"
        if condition != wanted:
            yield f"{where}: depends_on.{dep} should use condition {wanted}, not {condition}"


def _service_exposure(
    name: str, svc: Mapping[str, Any], top_secrets: Mapping[str, Any], top_volumes: Mapping[str, Any]
) -> Iterator[str]:
    """No secret in the environment, declared secrets and volumes, only the allowed ports published."""
    where = f"services.{name}"
    for key, value in environment(svc).items():
        if _SECRETISH.search(key.upper()) and not key.upper().endswith("_FILE") and value:
            yield f"{where}: environment {key} looks like a secret; use compose `secrets:`"
        if _URL_WITH_PASSWORD.search(value):
            yield f"{where}: environment {key} embeds a password in a URL; use compose `secrets:`"
    for source in service_secrets(svc).values():
        if source not in top_secrets:
            yield f"{where}: secret {source!r} is not declared at the top level"
    ports = published_ports(svc)
    if ports and name not in PUBLISHED_ALLOWED:
        yield f"{where}: publishes {ports}; only the gateway and operator tools may"
    for port in ports:
        if re.search(r"(^|:)(4222|8222|5432)(/tcp)?$", port):
            yield f"{where}: publishes an infrastructure port ({port})"
    for volume in svc.get("volumes") or []:
        source = volume.split(":", 1)[0] if isinstance(volume, str) else str(volume.get("source", ""))
        if source and not source.startswith((".", "/", "~")) and source not in top_volumes:
            yield f"{where}: named volume {source!r} is not declared at the top level"


def _secret_sources(top_secrets: Mapping[str, Any]) -> Iterator[str]:
    for secret_name, spec in top_secrets.items():
        if not isinstance(spec, dict) or not (spec.get("file") or spec.get("external")):
            yield f"secrets.{secret_name}: must come from a file (or be external), never inline"
        elif spec.get("file") and not str(spec["file"]).startswith("./deploy/secrets/"):
            yield f"secrets.{secret_name}: file should live in ./deploy/secrets/ (git-ignored)"


def _infrastructure_volumes(services: Mapping[str, Any], top_volumes: Mapping[str, Any]) -> Iterator[str]:
    for infra, mount in (("postgres", "/var/lib/postgresql"), ("nats", "/data")):
        svc = services.get(infra)
        if svc is None:
            yield f"services.{infra}: missing"
            continue
        mounts = [v for v in svc.get("volumes") or [] if isinstance(v, str)]
        if not any(v.split(":")[1] == mount and v.split(":")[0] in top_volumes for v in mounts):
            yield f"services.{infra}: its data ({mount}) must be on a named volume"


def _application_service(svc_name: str, services: Mapping[str, Any]) -> Iterator[str]:
    """Each of the four services: command, init, restart policy, grace period, readiness, migration job."""
    svc = services.get(svc_name)
    if svc is None:
        yield f"services.{svc_name}: missing"
        return
    where = f"services.{svc_name}"
    if svc.get("command") != expected_command(svc_name):
        yield f"{where}: command must be {expected_command(svc_name)}"
    if svc.get("init") is not True:
        yield f"{where}: `init: true` is required (PID 1 reaps and forwards signals)"
    if svc.get("restart") in (None, "no"):
        yield f"{where}: needs a restart policy"
    grace = svc.get("stop_grace_period")
    if grace is None or duration_seconds(grace) <= 20:
        yield f"{where}: stop_grace_period must exceed uvicorn's 20 s graceful timeout"
    test = " ".join(svc.get("healthcheck", {}).get("test") or [])
    if "/readyz" not in test:
        yield f"{where}: the healthcheck must call /readyz"
    yield from _migration_job(svc_name, svc, services.get(migrate_job(svc_name)))


def _migration_job(svc_name: str, svc: Mapping[str, Any], job: Mapping[str, Any] | None) -> Iterator[str]:
    """The service's migration job runs its image, with its database secret, before the service starts."""
    where, job_where = f"services.{svc_name}", f"services.{migrate_job(svc_name)}"
    if job is None:
        yield f"{job_where}: missing"
        return
    if job.get("command") != ["grassroots", "migrate", svc_name]:
        yield f"{job_where}: command must be ['grassroots', 'migrate', '{svc_name}']"
    if job.get("image") != svc.get("image"):
        yield f"{job_where}: must run the service's own image"
    if depends_on(svc).get(migrate_job(svc_name)) != "service_completed_successfully":
        yield f"{where}: must wait for {migrate_job(svc_name)} (service_completed_successfully)"
    if f"{svc_name}_database_url" not in service_secrets(job):
        yield f"{job_where}: needs the {svc_name}_database_url secret"
    if f"{svc_name}_database_url" not in service_secrets(svc):
        yield f"{where}: needs the {svc_name}_database_url secret"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else COMPOSE_FILE
    raw = load_raw(path)
    doc = load(path, os.environ if "--use-environment" in args else {})
    found = [f"schema: {e}" for e in schema_errors(doc)] + problems(doc, raw)
    return report(found, f"{path}: valid ({len(doc.get('services', {}))} services)")


def report(found: list[str], valid: str) -> int:
    """Print each problem, or the one line saying the file is valid; the exit status CI reads (1 = problems).
    The production check answers the same way."""
    for problem in found:
        print(problem)
    if not found:
        print(valid)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
