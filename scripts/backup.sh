#!/usr/bin/env bash
# Backs up the app's PostgreSQL database: scripts/backup.sh [FILE]
# A custom-format pg_dump (compressed, restorable table by table) of DATABASE_URL to FILE
# (default backups/leefbaarheidskaart-YYYYMMDD-HHMMSS.dump). Safe while the app runs: pg_dump
# reads one consistent snapshot. Needs pg_dump of the server's major version or newer.
# The embedded backend (no DATABASE_URL) is backed up by copying its data folder while the
# app is stopped (see README, "Operating it").
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
file=${1:-backups/leefbaarheidskaart-$(date +%Y%m%d-%H%M%S).dump}
mkdir -p "$(dirname "$file")"
# Write beside the target and rename: a failed dump never leaves a truncated file under the real name.
pg_dump --format=custom --no-owner --no-privileges --file="$file.partial" "$DATABASE_URL"
mv "$file.partial" "$file"
echo "$file"
