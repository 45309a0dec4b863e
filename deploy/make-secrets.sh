#!/usr/bin/env bash
# Generates the files docker-compose.yml mounts as compose secrets, in deploy/secrets/ (git-ignored).
#
#   deploy/make-secrets.sh                      # creates what is missing, keeps what exists
#   deploy/make-secrets.sh --rotate NAME...     # new values for these (a <svc>_db_password also renews its URL)
#   deploy/make-secrets.sh --force              # new values for everything
# Rotation procedures (which containers to restart, in which order): docs/runbook.md.
#
# Environment: GRASSROOTS_SECRETS_OUT (output folder, default deploy/secrets next to this script),
# GRASSROOTS_DB_HOST / GRASSROOTS_DB_PORT (host and port written into the database URLs; default postgres:5432,
# the compose service).
#
# Values are 256-bit random hex strings, so they need no quoting in a URL or a shell. The folder is 0700 so no
# other user of the host can read it; the files are 0644 because compose bind-mounts them unchanged and the
# containers read them as their own non-root users (postgres 999, grafana 472, keycloak 1000, services 10001).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${GRASSROOTS_SECRETS_OUT:-$here/secrets}"
db_host="${GRASSROOTS_DB_HOST:-postgres}"
db_port="${GRASSROOTS_DB_PORT:-5432}"
services=(membership meetings inspection reporting)
force=false
rotate=" "
case "${1:-}" in
  --force) force=true ;;
  --rotate)
    shift
    [[ $# -gt 0 ]] || { echo "usage: $0 --rotate NAME..." >&2; exit 2; }
    for name in "$@"; do
      [[ "$name" =~ ^[a-z_]+$ ]] || { echo "bad secret name: $name" >&2; exit 2; }
      rotate+="$name "
      # A database URL carries its role's password: rotating the password renews the URL too.
      [[ "$name" == *_db_password ]] && rotate+="${name%_db_password}_database_url "
    done ;;
  "") ;;
  *) echo "usage: $0 [--force | --rotate NAME...]" >&2; exit 2 ;;
esac

random_hex() {
  # 32 bytes from the kernel's CSPRNG, as 64 hex characters (od and tr are in every base image).
  od -An -N32 -tx1 /dev/urandom | tr -d ' \n'
}

write_secret() {  # name value
  local file="$out/$1"
  if [[ -s "$file" && "$force" != true && "$rotate" != *" $1 "* ]]; then
    echo "kept     $file"
    return
  fi
  if [[ -e "$file" ]]; then
    # Rewrite in place: compose bind-mounts the file itself, so a running container keeps seeing this inode and
    # picks the new value up on its next restart (a new file would stay invisible until it is re-created).
    printf '%s' "$2" > "$file"
    echo "rotated  $file"
  else
    (umask 077 && printf '%s' "$2" > "$file.tmp")
    chmod 0644 "$file.tmp"
    mv -f "$file.tmp" "$file"
    echo "written  $file"
  fi
}

mkdir -p "$out"
chmod 0700 "$out"

write_secret postgres_password "$(random_hex)"
for service in "${services[@]}"; do
  write_secret "${service}_db_password" "$(random_hex)"
  # The URL is derived from the password file as it is now, so a kept password and a new URL always agree.
  password="$(cat "$out/${service}_db_password")"
  write_secret "${service}_database_url" \
    "postgresql+asyncpg://${service}:${password}@${db_host}:${db_port}/${service}"
done
# One HS256 secret shared by the four services, so a development token (`grassroots token`) works on all of them.
# With an identity provider (deploy/compose.idp.yml) the services verify its JWKS instead.
write_secret jwt_secret "$(random_hex)"
write_secret grafana_admin_password "$(random_hex)"
# MinIO (profile `s3`): its root user and password, also membership's access and secret keys for the scans.
write_secret minio_root_user "gr$(random_hex | cut -c1-16)"   # MinIO takes access keys of 3–20 characters
write_secret minio_root_password "$(random_hex)"
write_secret keycloak_admin_password "$(random_hex)"
write_secret keycloak_dev_password "$(random_hex)"
# Production (docker-compose.prod.yml): Keycloak's own role and database, like a service's; the URL is what the
# backup container dumps it with.
write_secret keycloak_db_password "$(random_hex)"
write_secret keycloak_database_url \
  "postgresql://keycloak:$(cat "$out/keycloak_db_password")@${db_host}:${db_port}/keycloak"
# NATS users: the services' only until `grassroots nats-accounts --out deploy/secrets/nats_accounts.conf` adds the
# provinces (docs/integration.md, "Reading events from NATS"). Never overwritten here: that command owns it.
if [[ ! -s "$out/nats_accounts.conf" ]]; then
  cp "$here/nats/accounts.conf" "$out/nats_accounts.conf"
  chmod 0644 "$out/nats_accounts.conf"
  echo "written  $out/nats_accounts.conf"
fi
