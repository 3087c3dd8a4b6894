#!/usr/bin/env bash
# kill9.sh — does a `kill -9` of `tandem serve` ever lose a write it acknowledged?
#
# For each backend (SQLite, then PostgreSQL 15 in a throwaway cluster from scripts/pg-test.sh):
# the demo consortium is loaded (on PostgreSQL: copied over with `tandem copy`) and served; a
# scheme coordinator's API token drives ops-tests/writer.py, which creates people through
# POST /api/v1/people with WRITERS threads and records the id of every person the server
# acknowledged (201), fsynced before the next request. ROUNDS times, at a random moment 1 to 4 s
# apart, the server is killed with SIGKILL and started again on the same database while the
# writers keep going (they retry connection failures and never record them). At the end every
# acknowledged id must be in the database (lost writes must be 0) and the database must pass its
# integrity checks: SQLite's `PRAGMA integrity_check` and `foreign_key_check` and a checked
# `tandem backup`; on PostgreSQL amcheck's `bt_index_check` of every index and a foreign-key
# orphan count.
#
#   bash ops-tests/kill9.sh                      both backends, 6 kills each (about 2 minutes
#                                                on 2 cores with the dev build)
#   ROUNDS=20 BACKENDS=sqlite bash ops-tests/kill9.sh
#
# Honours TANDEM_BIN (else builds the dev profile; PROFILE=release for a release build). Needs
# curl and python3; PostgreSQL 15's binaries for the PostgreSQL run (installed by pg-test.sh).
# Works in a scratch directory under /var/tmp, removed afterwards with its cluster (stopped by
# name). Exit status 1 if a write was lost or a check failed.
#
# What it does not show: a power cut. SQLite runs with WAL and synchronous=NORMAL, which keeps
# every committed transaction through a process crash (the OS has the pages) but may lose the
# last ones in a power cut; PostgreSQL's own durability is its configuration's business (the test
# cluster runs with fsync off, which a killed client cannot notice).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds="${ROUNDS:-6}"
backends="${BACKENDS:-sqlite postgres}"
writers="${WRITERS:-4}"
work="$(mktemp -d "${TMPDIR:-/var/tmp}/tandem-kill9.XXXXXX")"
# shellcheck source=ops-tests/common.sh
. "$here/common.sh"
pg_dir=""
writer_pid=""
cleanup() {
    [ -n "$writer_pid" ] && kill "$writer_pid" 2>/dev/null || true
    stop_servers
    if [ -n "$pg_dir" ]; then "$repo/scripts/pg-test.sh" stop "$pg_dir" >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
tandem_binary
psql="${PG_BIN:-/usr/lib/postgresql/15/bin}/psql"
[ -x "$psql" ] || psql="psql"
failed=0

# The person ids in the database $1.
ids_in() {
    case "$1" in
        sqlite:*) python3 -c 'import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
print("\n".join(r[0] for r in c.execute("SELECT id FROM people")))' "${1#sqlite:}" ;;
        *) "$psql" -qtA "$1" -c "SELECT id FROM people" ;;
    esac
}

integrity() {
    case "$1" in
        sqlite:*)
            python3 -c 'import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
ic = [r[0] for r in c.execute("PRAGMA integrity_check")]
fk = list(c.execute("PRAGMA foreign_key_check"))
print(f"  integrity_check: {ic[0] if len(ic) == 1 else ic}; foreign_key_check: {len(fk)} problem(s)")
sys.exit(0 if ic == ["ok"] and not fk else 1)' "${1#sqlite:}" || return 1
            "$tandem" --database-url "$1" backup "$work/after.db" --force > "$work/backup.txt" \
                || { cat "$work/backup.txt" >&2; return 1; }
            echo "  tandem backup: $(head -n 1 "$work/backup.txt")"
            ;;
        *)
            "$psql" -qtA "$1" -c "CREATE EXTENSION IF NOT EXISTS amcheck" >/dev/null
            local n
            n="$("$psql" -qtA "$1" -c "SELECT count(bt_index_check(c.oid, true)) FROM pg_index i \
                JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace s ON s.oid = c.relnamespace \
                JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' AND s.nspname = current_schema()")" \
                || return 1
            local orphans
            orphans="$("$psql" -qtA "$1" -c "SELECT (SELECT count(*) FROM employments e \
                LEFT JOIN people p ON p.id = e.person_id WHERE p.id IS NULL) + (SELECT count(*) FROM \
                people p LEFT JOIN schemes s ON s.id = p.scheme_id WHERE s.id IS NULL)")"
            echo "  amcheck bt_index_check (heapallindexed): $n indexes ok; orphaned employments/people: $orphans"
            [ "$orphans" = 0 ] || return 1
            ;;
    esac
}

make_demo demo.db
for backend in $backends; do
    echo "== $backend: $rounds kill -9 rounds, $writers writer threads"
    case "$backend" in
        sqlite)
            cp "$work/demo.db" "$work/kill9.db"
            db="sqlite:$work/kill9.db"
            ;;
        postgres)
            eval "$("$repo/scripts/pg-test.sh" start)"
            pg_dir="$TANDEM_PG_TEST_DIR"
            "$psql" -q "$TANDEM_TEST_POSTGRES_URL" -c "CREATE DATABASE kill9"
            db="${TANDEM_TEST_POSTGRES_URL%/*}/kill9"
            "$tandem" copy --from "sqlite:$work/demo.db" --to "$db" > /dev/null
            ;;
        *) echo "unknown backend $backend" >&2; exit 2 ;;
    esac
    serve "$db"
    echo "$url" > "$work/url"
    token="$(api_token "$coordinator")"
    org="$(curl -fsS -H "Authorization: Bearer $token" "$url/api/v1/organisations" \
        | python3 -c 'import json, sys; d = json.load(sys.stdin); d = d.get("items", d) if isinstance(d, dict) else d; print(d[0]["id"])')"
    before="$(ids_in "$db" | wc -l)"
    : > "$work/acked"
    rm -f "$work/stop"
    python3 "$here/writer.py" "$work/url" "$token" "$org" "$work/acked" "$work/stop" "$writers" \
        > "$work/writer.out" 2> "$work/writer.err" &
    writer_pid=$!
    started=$(date +%s)
    for round in $(seq 1 "$rounds"); do
        sleep "$(python3 -c 'import random; print(round(random.uniform(1, 4), 2))')"
        acked_now=$(wc -l < "$work/acked")
        kill -9 "$server_pid"
        wait "$server_pid" 2>/dev/null || true
        t0=$(date +%s.%N)
        serve "$db"
        echo "$url" > "$work/url"
        echo "  round $round: killed after $acked_now acknowledged writes; serving again in $(python3 -c "print(f'{$(date +%s.%N) - $t0:.1f}')") s"
    done
    sleep 2
    touch "$work/stop"
    wait "$writer_pid" || true
    writer_pid=""
    elapsed=$(( $(date +%s) - started ))
    stop_servers
    acked=$(sort -u "$work/acked" | wc -l)
    ids_in "$db" | sort -u > "$work/present"
    lost=$(sort -u "$work/acked" | comm -23 - "$work/present" | wc -l)
    after=$(wc -l < "$work/present")
    echo "  writer: $(cat "$work/writer.out") in ${elapsed} s; $(head -c 300 "$work/writer.err")"
    echo "  people before: $before, after: $after; acknowledged: $acked; LOST: $lost"
    extra=$(( after - before - acked ))
    echo "  written but never acknowledged (killed between commit and answer): $extra"
    [ "$lost" -eq 0 ] || failed=1
    [ "$acked" -gt 0 ] || { echo "  no write was acknowledged: the load did not run" >&2; failed=1; }
    integrity "$db" || { echo "  integrity check FAILED" >&2; failed=1; }
    if [ "$backend" = postgres ]; then
        "$repo/scripts/pg-test.sh" stop "$pg_dir" >/dev/null 2>&1 || true
        pg_dir=""
    fi
done
[ "$failed" -eq 0 ] && echo "== kill9: no acknowledged write lost, integrity checks passed" || echo "== kill9: FAILED"
exit "$failed"
