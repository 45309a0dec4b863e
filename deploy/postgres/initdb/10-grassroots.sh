#!/usr/bin/env bash
# One role and one database per Grassroots service, each owned by its role (which owns its public schema too).
#
# The postgres image runs the scripts of /docker-entrypoint-initdb.d once, when it initialises an empty data
# volume, as the superuser over the Unix socket. The script is idempotent, so an operator can also run it again
# on a live server, e.g. after adding a service or rotating a password:
#     docker compose exec postgres bash /docker-entrypoint-initdb.d/10-grassroots.sh
# (it then sets each role's password to the current secret file).
#
# Input:
#   GRASSROOTS_SERVICES    services to provision (default: the four of them); each name is a role and a database
#   GRASSROOTS_SECRETS_DIR where <service>_db_password files are (default /run/secrets, compose secrets)
#   POSTGRES_USER, POSTGRES_DB and the usual libpq variables (PGHOST, PGPORT …) to reach the server
set -euo pipefail

secrets_dir="${GRASSROOTS_SECRETS_DIR:-/run/secrets}"
services="${GRASSROOTS_SERVICES:-membership meetings inspection reporting}"
admin_db="${POSTGRES_DB:-postgres}"
psql_base=(psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "${POSTGRES_USER:-postgres}")

for service in $services; do
  if [[ ! "$service" =~ ^[a-z][a-z0-9_]{0,62}$ ]]; then
    echo "grassroots-init: refusing service name '$service' (lower-case letters, digits, _)" >&2
    exit 1
  fi
  password_file="$secrets_dir/${service}_db_password"
  if [[ ! -s "$password_file" ]]; then
    echo "grassroots-init: $password_file is missing or empty (run deploy/make-secrets.sh)" >&2
    exit 1
  fi

  # The password is read by psql itself from the file (backquotes below), so it never appears in a command
  # line or the environment; format() with %I/%L quotes every identifier and literal.
  "${psql_base[@]}" --dbname "$admin_db" --set=role="$service" --set=password_file="$password_file" <<'SQL'
\set password `cat :'password_file'`
SELECT format('CREATE ROLE %I LOGIN', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'role', :'password') \gexec
\unset password
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'role', :'role', 'UTF8')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'role') \gexec
-- Only the owning role (and the superuser) may connect to a service's database.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'role') \gexec
SELECT format('GRANT ALL ON DATABASE %I TO %I', :'role', :'role') \gexec
SQL

  # The public schema belongs to the service's role, so its migrations own everything they create, including
  # the extensions they need (pg_trgm and unaccent are "trusted": a database owner may create them). Nothing
  # here is created as the superuser, so the role alone can pg_dump and pg_restore --clean its database.
  "${psql_base[@]}" --dbname "$service" --set=role="$service" <<'SQL'
SELECT format('ALTER SCHEMA public OWNER TO %I', :'role') \gexec
SQL
  echo "grassroots-init: role and database '$service' ready"
done
