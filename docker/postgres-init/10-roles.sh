#!/bin/sh
# Runs once, when the postgres container initialises an empty volume: creates the schema owner
# (not a superuser), gives it the database, and creates the role the SafetyNet server serves as.
# The server grants that role its rights (read and write, the audit log append-only, no schema
# changes) each time it migrates as the owner. The passwords are read inside psql, never put on a
# command line.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
\set owner_password `cat "$SAFETYNET_OWNER_PASSWORD_FILE"`
\set app_password `cat "$SAFETYNET_APP_PASSWORD_FILE"`
CREATE ROLE safetynet_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE safetynet_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
ALTER DATABASE safetynet OWNER TO safetynet_owner;
SQL
