#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL + PostGIS cluster for the server-backend tests.
#   scripts/pg-test-cluster.sh start   -> prints TEST_DATABASE_URL=... on its last line
#   scripts/pg-test-cluster.sh stop
# Needs the Debian packages postgresql-NN and postgresql-NN-postgis-3. Runs the server as the
# `postgres` user when started as root (PostgreSQL refuses to run as root).
set -euo pipefail

DIR=${PG_TEST_DIR:-/tmp/liveability-pg-test}
PORT=${PG_TEST_PORT:-55432}
BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$BIN/pg_ctl" ] || { echo "no PostgreSQL server binaries found (install postgresql-15)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ -f "$DIR/postmaster.pid" ]; then as_pg "$BIN/pg_ctl" -D "$DIR" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$DIR" && mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
    as_pg "$BIN/initdb" -D "$DIR" -A trust -U postgres --no-sync >/dev/null
    as_pg "$BIN/pg_ctl" -D "$DIR" -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" -l "$DIR/server.log" -w start >/dev/null
    as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qAt \
      -c "CREATE EXTENSION IF NOT EXISTS postgis; SELECT 'PostGIS ' || postgis_lib_version();"
    echo "TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    [ -f "$DIR/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
