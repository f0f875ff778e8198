#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh: scripts/restore.sh FILE
# into the EMPTY database at DATABASE_URL (create it first: createdb, or CREATE DATABASE), in
# one transaction: either everything is restored or nothing is. It refuses a database that
# already holds the app's tables, so it never mixes a backup into live data. Then start the app
# on it (npm start with the same DATABASE_URL): migrations already applied are recognised.
set -euo pipefail
file=${1:?usage: scripts/restore.sh FILE  (DATABASE_URL names an empty database)}
: "${DATABASE_URL:?set DATABASE_URL to the empty database to restore into}"
[ -r "$file" ] || { echo "cannot read $file" >&2; exit 1; }
existing=$(psql "$DATABASE_URL" -XAtc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys'")
if [ "$existing" != 0 ]; then
  echo "the database at DATABASE_URL is not empty ($existing tables in public); restore into a new one" >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$DATABASE_URL" "$file"
echo "restored $file"
