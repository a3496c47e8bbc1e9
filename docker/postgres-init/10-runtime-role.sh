#!/bin/sh
# Runs once, when the postgres container initialises an empty volume: creates the role the
# SafetyNet server serves as. The server grants it its rights (read and write, the audit log
# append-only, no schema changes) each time it migrates as the owner.
set -eu
password=$(cat "$SAFETYNET_APP_PASSWORD_FILE")
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" --set=password="$password" <<'SQL'
CREATE ROLE safetynet_app LOGIN PASSWORD :'password';
SQL
