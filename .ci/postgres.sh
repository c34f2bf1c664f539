#!/usr/bin/env bash
# Source this (". .ci/postgres.sh"): installs PostgreSQL from Debian packages if needed, starts a private
# cluster on 127.0.0.1, creates a test database and exports CLAIMLEDGER_TEST_PG for the storage tests.
# Safe to source again: a running cluster is reused. Runs the server as the postgres user when root.
PG_PORT="${CLAIMLEDGER_PG_PORT:-54329}"
PG_DIR="${CLAIMLEDGER_PG_DIR:-/tmp/claimledger-pg}"
PG_DB=claimledger_test
PG_USER=claimledger

_pg_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  _pg_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive _pg_root apt-get install -y -q postgresql
fi
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

if [ "$(id -u)" = 0 ]; then
  _pg_as() { runuser -u postgres -- "$@"; }
  mkdir -p "$PG_DIR" && chown postgres:postgres "$PG_DIR"
else
  _pg_as() { "$@"; }
  mkdir -p "$PG_DIR"
fi
_pg_sql() { _pg_as "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1 -qtAc "$1"; }

if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
  _pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$(if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi)" \
    --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log"
fi
if ! "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
  _pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c fsync=off" start
fi
if [ "$(_pg_sql "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != 1 ]; then
  _pg_sql "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_USER'"
fi
if [ "$(_pg_sql "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
  _pg_sql "CREATE DATABASE $PG_DB OWNER $PG_USER"
fi
export CLAIMLEDGER_TEST_PG="postgresql+psycopg://$PG_USER:$PG_USER@127.0.0.1:$PG_PORT/$PG_DB"
echo "PostgreSQL ready: CLAIMLEDGER_TEST_PG=$CLAIMLEDGER_TEST_PG" >&2
