#!/usr/bin/env bash
# Prints `export` lines that point the grassroots CLI (backup, restore, migrate, rebuild-reporting) of an
# operator's checkout at the compose stack, through the loopback ports of deploy/compose.ops.yml:
#
#   eval "$(deploy/ops-env.sh)"
#
# Each database URL is the service's own (from deploy/secrets/<svc>_database_url: its role owns everything in
# its database, so it can dump and restore it) with the compose host replaced by the published address.
# Environment: GRASSROOTS_SECRETS_OUT (default deploy/secrets), GRASSROOTS_OPS_POSTGRES (default
# 127.0.0.1:15432), GRASSROOTS_OPS_NATS (default 127.0.0.1:14222).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
secrets="${GRASSROOTS_SECRETS_OUT:-$here/secrets}"
postgres="${GRASSROOTS_OPS_POSTGRES:-127.0.0.1:${GRASSROOTS_OPS_POSTGRES_PORT:-15432}}"
nats="nats://${GRASSROOTS_OPS_NATS:-127.0.0.1:${GRASSROOTS_OPS_NATS_PORT:-14222}}"

for service in membership meetings inspection reporting; do
  url="$(cat "$secrets/${service}_database_url")"
  url="${url/@postgres:5432\//@$postgres/}"
  upper="${service^^}"
  printf 'export %s_DATABASE_URL=%q\n' "$upper" "$url"
  printf 'export %s_NATS_URL=%q\n' "$upper" "$nats"
done
printf 'export NATS_URL=%q\n' "$nats"
