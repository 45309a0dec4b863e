#!/bin/sh
# Scheduled backups in the `backup` container of docker-compose.prod.yml (image: deploy/Dockerfile --target
# backup). Each run is `grassroots backup`: pg_dump -Fc of every database named in GRASSROOTS_BACKUP_DATABASES,
# a copy of every JetStream stream and the record scans, written to $BACKUP_DIR/<UTC time>/ (restore: docs/runbook.md).
#
#   run.sh schedule   back up now, then every BACKUP_INTERVAL_SECONDS (the container's command)
#   run.sh once       one backup, exit status of it
#   run.sh health     exit 0 when the last backup succeeded within two intervals (the healthcheck)
#
# Environment: BACKUP_DIR (/backups), BACKUP_INTERVAL_SECONDS (86400), BACKUP_KEEP (14 generations), NATS_URL
# (every node, comma-separated), GRASSROOTS_BACKUP_DATABASES, and each database's URL as the compose secret
# <name>_database_url in GRASSROOTS_SECRETS_DIR (/run/secrets). POSIX sh and coreutils only.
set -eu

out="${BACKUP_DIR:-/backups}"
interval="${BACKUP_INTERVAL_SECONDS:-86400}"
keep="${BACKUP_KEEP:-14}"
secrets="${GRASSROOTS_SECRETS_DIR:-/run/secrets}"

log() {
  printf '{"event": "backup.%s", "detail": "%s", "time": "%s"}\n' "$1" "$2" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}

load_urls() {
  # <name>_database_url -> <NAME>_DATABASE_URL, the variables `grassroots backup` reads.
  for name in ${GRASSROOTS_BACKUP_DATABASES:-membership meetings inspection reporting}; do
    file="$secrets/${name}_database_url"
    [ -s "$file" ] || { log failed "$file is missing"; return 1; }
    upper=$(printf '%s' "$name" | tr '[:lower:]' '[:upper:]')
    export "${upper}_DATABASE_URL=$(cat "$file")"
  done
}

prune() {
  # Generations are folders named by UTC time, so name order is age order: keep the newest $keep.
  find "$out" -mindepth 1 -maxdepth 1 -type d -name '20*Z' | sort | head -n "-$keep" | while read -r old; do
    rm -rf "$old"
    log pruned "$old"
  done
}

once() {
  mkdir -p "$out"
  stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
  target="$out/$stamp"
  load_urls || return 1
  if grassroots backup --out "$target.partial"; then
    mv "$target.partial" "$target"
    date -u +%s > "$out/.last-success"
    log written "$target"
    prune
  else
    rm -rf "$target.partial"
    log failed "$target"
    return 1
  fi
}

health() {
  [ -s "$out/.last-success" ] || return 1
  age=$(( $(date -u +%s) - $(cat "$out/.last-success") ))
  [ "$age" -le $(( 2 * interval )) ]
}

case "${1:-schedule}" in
  once) once ;;
  health) health ;;
  schedule)
    while :; do
      once || true   # a failed run is logged and leaves the healthcheck failing; the next interval retries
      sleep "$interval" &
      wait $!        # interruptible: SIGTERM from `docker compose stop` ends the container at once
    done ;;
  *) echo "usage: $0 [schedule|once|health]" >&2; exit 2 ;;
esac
