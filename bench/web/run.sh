#!/usr/bin/env bash
# Web load benchmark (issue #18 item 4): Tandem's pages under wrk at several population sizes,
# on SQLite and PostgreSQL, against a bare axum handler. Not run in CI.
#
#   bash bench/web/run.sh                                   all sizes, both backends (hours)
#   bash bench/web/run.sh --sizes 400,10000 --backends sqlite --conns 1,8,64 --duration 10s
#   bash bench/web/run.sh --sizes 400 --append              ... and add the table to docs/benchmarks-web.md
#
# Installs wrk from Debian if missing (apt-get), builds `tandem` in release (honours
# CARGO_TARGET_DIR; TANDEM_BIN=/path/to/tandem skips it) and the floor (bench/web/floor, its own
# workspace, never built by CI), then runs bench/web/bench.py. Generated HR files are kept in
# bench/web/data/<size>/ (deterministic, so they are reused); results go to
# bench/web/results/<stamp>/ (table.md, results.json, and per run the database, serve.log).
# PostgreSQL runs use a throwaway cluster from scripts/pg-test.sh, one per size, stopped after.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$(dirname "$here")")"

if ! command -v wrk >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "bench/web: installing wrk from Debian" >&2
    $sudo apt-get update -q >&2
    $sudo apt-get install -y -q wrk >&2
fi
[ -x /usr/bin/time ] || { echo "bench/web: /usr/bin/time is needed (apt-get install time)" >&2; exit 1; }

target="${CARGO_TARGET_DIR:-$repo/target}"
if [ -n "${TANDEM_BIN:-}" ]; then
    tandem="$TANDEM_BIN"
else
    (cd "$repo" && cargo build --release --locked -p tandem --bin tandem >&2)
    tandem="$target/release/tandem"
fi
if [ -n "${FLOOR_BIN:-}" ]; then
    floor="$FLOOR_BIN"
else
    cargo build --release --offline --manifest-path "$here/floor/Cargo.toml" \
        --target-dir "$target/bench-floor" >&2
    floor="$target/bench-floor/release/tandem-bench-floor"
fi

exec python3 "$here/bench.py" --tandem "$tandem" --floor "$floor" "$@"
