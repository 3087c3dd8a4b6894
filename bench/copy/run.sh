#!/usr/bin/env bash
# Copy benchmark (issue #19): a consortium of 100,000 people, imported through the real import
# path into SQLite, copied with `tandem copy` into a throwaway PostgreSQL 15, timed, and checked:
# the copy's own per-table counts and checksums, then every page of the API's people listing
# from the SQLite original and from two instances serving the copy, compared byte for byte.
#
#   bash bench/copy/run.sh                   100,000 people, 3 timed copies (the median is reported)
#   PEOPLE=20000 RUNS=1 bash bench/copy/run.sh   smaller and quicker
#
# Builds tandem and the CSV generator in release (honours CARGO_TARGET_DIR; set TANDEM_BIN and
# CONSORTIUM_CSV to skip the build). Needs curl, python3 and PostgreSQL 15's binaries (see
# scripts/pg-test.sh). Works in a temporary directory, removed afterwards with its cluster.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
people="${PEOPLE:-100000}"
runs="${RUNS:-3}"
target="${CARGO_TARGET_DIR:-$repo/target}"
if [ -z "${TANDEM_BIN:-}" ] || [ -z "${CONSORTIUM_CSV:-}" ]; then
    (cd "$repo" && cargo build --release --locked -p tandem -p tandem-demo --bin tandem --example consortium_csv)
fi
tandem="${TANDEM_BIN:-$target/release/tandem}"
gen="${CONSORTIUM_CSV:-$target/release/examples/consortium_csv}"
psql="${PG_BIN:-/usr/lib/postgresql/15/bin}/psql"
[ -x "$psql" ] || psql="psql"

work="$(mktemp -d "${TMPDIR:-/var/tmp}/tandem-copy-bench.XXXXXX")"
servers=()
cleanup() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [ -n "${TANDEM_PG_TEST_DIR:-}" ]; then "$repo/scripts/pg-test.sh" stop >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
unset TANDEM_CONFIG TANDEM_DATABASE_URL
export TANDEM_MAIL__OUTBOX_DIR="$work/outbox" TANDEM_COOKIE_SECURE=false TANDEM_LOG=warn
now() { date +%s.%N; }
since() { python3 -c "print(f'{$(now) - $1:.1f}')"; }

echo "== The consortium: the demo (seed 2026) and $people people imported from CSV"
"$tandem" demo --no-serve --database big.db --seed 2026 > demo.txt
coordinator="$(awk '$1 == "Scheme" && $2 == "coordinator" { print $NF }' demo.txt)"
"$gen" csv "$people" 2026
t0=$(now)
for f in csv/1-*.csv csv/2-*.csv; do
    "$tandem" --database-url sqlite:big.db import people "$f" > import.txt
    echo "  $(tail -n 1 import.txt)"
done
echo "  imported in $(since "$t0") s; SQLite file $(du -m big.db | cut -f1) MiB"

# Serves `$1` (a database URL) on a free port; sets $url and remembers the process.
serve() {
    local log="$work/serve-${#servers[@]}.log"
    "$tandem" --database-url "$1" serve --listen 127.0.0.1:0 2> "$log" &
    servers+=("$!")
    url=""
    for _ in $(seq 1 100); do
        url="$(sed -n 's/^Tandem is serving at \(http[^ ]*\)\/$/\1/p' "$log")"
        [ -n "$url" ] && return 0
        sleep 0.1
    done
    cat "$log" >&2
    return 1
}
form_token() { sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n 1; }

echo "== An API token of the scheme coordinator ($coordinator), made before the copy"
serve sqlite:big.db
original="$url"
csrf="$(curl -fsS -c jar -b jar "$original/sign-in" | form_token)"
curl -fsS -c jar -b jar -o /dev/null --data-urlencode "csrf_token=$csrf" \
    --data-urlencode "email=$coordinator" --data-urlencode "password=tandem-demo-2026" "$original/sign-in"
csrf="$(curl -fsS -b jar "$original/account" | form_token)"
token="$(curl -fsS -b jar --data-urlencode "csrf_token=$csrf" --data-urlencode "name=bench" \
    "$original/account/api-tokens" | sed -n 's/.*<code class="tandem-token">\([^<]*\)<\/code>.*/\1/p')"
[ -n "$token" ] || { echo "no API token" >&2; exit 1; }
# The service is stopped before the copy, as docs/moving-to-postgresql.md says.
kill "${servers[0]}"; wait "${servers[0]}" 2>/dev/null || true

echo "== tandem copy into a throwaway PostgreSQL 15, $runs time(s)"
eval "$("$repo/scripts/pg-test.sh" start)"
times=()
for i in $(seq 1 "$runs"); do
    "$psql" -q "$TANDEM_TEST_POSTGRES_URL" -c "CREATE DATABASE copy_$i"
    to="${TANDEM_TEST_POSTGRES_URL%/*}/copy_$i"
    t0=$(now)
    "$tandem" copy --from sqlite:big.db --to "$to" > copy.txt 2> copy.err
    took="$(since "$t0")"
    times+=("$took")
    echo "  copy $i: $took s"
done
grep -E '^(people|employments|audit_log|role_assignments) ' copy.txt | sed 's/^/  /'
tail -n 2 copy.txt | head -n 1 | sed 's/^/  /'
grep -c ' ok$' copy.txt | sed 's/^/  tables verified: /'
median="$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
rows="$(sed -n 's/^Copied [0-9]* tables, \([0-9]*\) rows.*/\1/p' copy.txt)"

echo "== Every page of /api/v1/people: the SQLite original against two instances on the copy"
serve sqlite:big.db
original="$url"
serve "$to"
copies=("$url")
serve "$to"
copies+=("$url")
page() { curl -fsS -H "Authorization: Bearer $token" "$1/api/v1/people?offset=$2&limit=200"; }
total="$(page "$original" 0 | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')"
pages=0
for offset in $(seq 0 200 $((total - 1))); do
    want="$(page "$original" "$offset" | sha256sum)"
    got="$(page "${copies[$((pages % 2))]}" "$offset" | sha256sum)"
    if [ "$want" != "$got" ]; then
        echo "  page at offset $offset differs" >&2
        exit 1
    fi
    pages=$((pages + 1))
done
echo "  $pages pages of 200 ($total people) identical"

echo "== Figures"
echo "  people: $total; rows copied: $rows; SQLite file: $(du -m big.db | cut -f1) MiB"
echo "  tandem copy: ${times[*]} s; median $median s ($(python3 -c "print(round($rows / $median))") rows/s)"
echo "  machine: $(nproc) cores, $(uname -m); PostgreSQL $("$psql" -tA "$TANDEM_TEST_POSTGRES_URL" -c 'SHOW server_version')"
