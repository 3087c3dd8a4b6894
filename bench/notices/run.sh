#!/usr/bin/env bash
# Notices benchmark (issue #13, item 7): password-reset requests through the HTTP form of
# `tandem serve` (release build), each queuing one notice, delivered over SMTP to a sink on
# loopback; on SQLite with one instance and on PostgreSQL 15 with three sharing the database.
# Prints each run and the median (queued per second, delivered per second); see docs/notices.md.
#
#   bash bench/notices/run.sh                        2,000 notices, 3 runs per set-up
#   NOTICES=500 RUNS=1 bash bench/notices/run.sh     smaller and quicker
#
# Builds in release (honours CARGO_TARGET_DIR). Needs PostgreSQL 15's binaries (scripts/pg-test.sh
# starts a throwaway cluster and this script stops it). Not a test: nothing here is asserted on
# time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
notices="${NOTICES:-2000}"
runs="${RUNS:-3}"
target="${CARGO_TARGET_DIR:-$repo/target}"
(cd "$repo" && cargo build --release --locked -p tandem --bin tandem --example notices_bench)
tandem="$target/release/tandem"
bench="$target/release/examples/notices_bench"
cleanup() {
    if [ -n "${TANDEM_PG_TEST_DIR:-}" ]; then "$repo/scripts/pg-test.sh" stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
unset TANDEM_CONFIG TANDEM_DATABASE_URL
echo "== SQLite, 1 instance"
"$bench" sqlite 1 "$notices" "$runs" "$tandem"
echo "== PostgreSQL 15, 3 instances"
eval "$("$repo/scripts/pg-test.sh" start)"
"$bench" postgres 3 "$notices" "$runs" "$tandem"
