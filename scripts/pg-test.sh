#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the test suites.
#
#   eval "$(scripts/pg-test.sh start)"   # starts a cluster, prints the exports below
#   ...                                  # tests read TANDEM_TEST_POSTGRES_URL
#   scripts/pg-test.sh stop              # stops it and deletes its files
#
# `start` prints (on stdout, and nothing else there):
#   export TANDEM_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:<port>/postgres
#   export TANDEM_PG_TEST_DIR=<cluster directory>
# `stop` removes the cluster named by $TANDEM_PG_TEST_DIR, or by its argument, or else the one
# most recently started by this script (recorded in ${TMPDIR:-/tmp}/tandem-pg-test.last).
#
# The cluster uses the machine's initdb/pg_ctl (PG_BIN, default /usr/lib/postgresql/15/bin;
# installed with apt-get if missing), lives in a fresh mktemp directory, listens only on
# 127.0.0.1 on a free port with trust authentication, and runs with fsync off: it is for tests
# only and holds nothing worth keeping. PostgreSQL refuses to run as root, so under root the
# server runs as the `postgres` user via runuser.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
LAST="${TMPDIR:-/tmp}/tandem-pg-test.last"

log() { echo "pg-test: $*" >&2; }

# Runs a command as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_binaries() {
  if [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]; then
    return
  fi
  log "PostgreSQL 15 not found in $PG_BIN; installing postgresql-15"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql-15 >&2
  [ -x "$PG_BIN/initdb" ] || { log "initdb still missing in $PG_BIN"; exit 1; }
}

# A port nobody listens on right now (the server start is retried if it is taken meanwhile).
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  log "no free port found"
  exit 1
}

start() {
  ensure_binaries
  local dir port
  dir=$(mktemp -d "${TMPDIR:-/tmp}/tandem-pg.XXXXXX")
  chmod 700 "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { log "user postgres does not exist (install postgresql-15)"; exit 1; }
    chown postgres: "$dir"
  fi
  as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off \
          -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null 2>&1; then
      echo "$dir" >"$LAST"
      log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
      echo "export TANDEM_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres"
      echo "export TANDEM_PG_TEST_DIR=$dir"
      return
    fi
    log "start on port $port failed (attempt $attempt)"
  done
  cat "$dir/server.log" >&2 || true
  rm -rf "$dir"
  exit 1
}

stop() {
  local dir="${1:-${TANDEM_PG_TEST_DIR:-}}"
  if [ -z "$dir" ] && [ -f "$LAST" ]; then
    dir=$(cat "$LAST")
  fi
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then
    log "no cluster to stop"
    return
  fi
  case "$(basename "$dir")" in
    tandem-pg.*) ;;
    *) log "refusing to remove $dir: not a directory made by this script"; exit 1 ;;
  esac
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  if [ -f "$LAST" ] && [ "$(cat "$LAST")" = "$dir" ]; then
    rm -f "$LAST"
  fi
  log "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "${1:-}" ;;
  *) echo "usage: $0 start | stop [DIR]" >&2; exit 2 ;;
esac
