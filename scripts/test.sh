#!/usr/bin/env bash
# The README's test command: every test suite Tandem has.
#   1. all Rust tests on SQLite (cargo nextest, the whole workspace);
#   2. the storage conformance suite, the use-case suite and the HTTP suites again on a throwaway
#      PostgreSQL 15 cluster;
#   3. the browser tests (Debian Chromium driven by playwright-core, axe-core on every page).
# It installs what it needs (scripts/install-deps.sh, npm ci from the lock files) and cleans up.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/tandem-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
scripts/install-deps.sh

echo "== Rust tests on SQLite"
cargo nextest run --workspace --locked --profile ci

echo "== Storage, use-case and HTTP suites on PostgreSQL 15"
eval "$(scripts/pg-test.sh start)"
trap 'scripts/pg-test.sh stop >/dev/null 2>&1 || true' EXIT
# Storage names its PostgreSQL stories `postgres::…`; every use-case test of tandem-app and every
# HTTP test of tandem-web runs on SQLite and then, because the URL is set, again on its own fresh
# PostgreSQL database (tandem-test-support's runners, whose own tests run there too).
# `--workspace` with a filter, not `-p`: the build is then the one the SQLite run just made
# (the same features), so nothing is compiled again. `TANDEM_TEST_BACKENDS=postgres`: those
# stories' SQLite halves ran a moment ago in the first run; here only PostgreSQL's run.
TANDEM_TEST_REQUIRE_POSTGRES=1 TANDEM_TEST_BACKENDS=postgres \
  cargo nextest run --workspace --locked --profile ci \
  -E 'package(tandem-web) | package(tandem-app) | package(tandem-test-support) | (package(tandem-storage) & test(/postgres/)) | (package(tandem) & test(/postgres/))'
scripts/pg-test.sh stop >/dev/null
trap - EXIT

echo "== Browser tests (Chromium, playwright-core, axe-core)"
e2e/run.sh
