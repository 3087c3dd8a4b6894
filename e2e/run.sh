#!/usr/bin/env bash
# Tandem's browser tests: Debian Chromium driven by playwright-core, axe-core on every page.
#
# Builds the `tandem` binary (dev profile, shared with clippy and the Rust tests), starts
# `tandem demo` on a free loopback port with a throwaway database, waits for /healthz, runs
# `node --test` on tests/*.test.mjs and always stops the server. Exits with the tests' status.
# It never skips: without Chromium, Node.js or npm it fails and says what is missing.
#
# Environment:
#   CARGO_TARGET_DIR    where cargo builds (default /var/tmp/tandem-target)
#   TANDEM_E2E_CHROMIUM Chromium executable (default /usr/bin/chromium)
#   TANDEM_E2E_SEED     demo seed (default: the demo's own default)
#   TANDEM_E2E_KEEP     set to 1 to keep the temporary directory (database, server log, traces)
#   TANDEM_E2E_TESTS    test files to run, relative to e2e/ (default: tests/*.test.mjs), for
#                       working on one file; CI always runs them all
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/tandem-target}"
export TANDEM_E2E_CHROMIUM="${TANDEM_E2E_CHROMIUM:-/usr/bin/chromium}"

fail() {
    echo "e2e/run.sh: $*" >&2
    exit 1
}

# --- Prerequisites: fail loudly, never skip. ---
[[ -x "$TANDEM_E2E_CHROMIUM" ]] ||
    fail "Chromium not found at $TANDEM_E2E_CHROMIUM. Install Debian's package: apt-get install -y chromium (or set TANDEM_E2E_CHROMIUM)."
"$TANDEM_E2E_CHROMIUM" --version >/dev/null 2>&1 || fail "$TANDEM_E2E_CHROMIUM does not run (--version failed)."
command -v node >/dev/null || fail "node not found: the browser tests need Node.js 20 or newer."
command -v npm >/dev/null || fail "npm not found: the browser tests need npm to install playwright-core and axe-core."
command -v curl >/dev/null || fail "curl not found: it is used to wait for the server's /healthz."
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 20)) || fail "Node.js $(node --version) is too old: the tests need node 20 or newer (node --test)."

echo "== e2e: npm ci (playwright-core, @axe-core/playwright from e2e/package-lock.json)"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

# Built as the Rust test run builds it (every workspace test target, so dev-dependencies' features
# are unified the same way): after `scripts/test.sh`'s test run this is a no-op, where a plain
# `cargo build -p tandem` would rebuild much of the dependency tree with other features.
echo "== e2e: cargo build --workspace --tests (dev profile, the test run's features)"
(cd "$root" && cargo build --workspace --tests --locked)
tandem="$CARGO_TARGET_DIR/debug/tandem"
[[ -x "$tandem" ]] || fail "the build did not produce $tandem"

# --- Start the demo server. ---
# The run's files (database, outbox, server log) live under the build directory rather than the
# shared /tmp: on the CI machine a directory in /tmp vanished once between its creation and the
# server's first write, and the build directory belongs to this project alone.
tmp_root="${TANDEM_E2E_TMP:-$CARGO_TARGET_DIR/e2e-runs}"
mkdir -p "$tmp_root"
tmp="$(mktemp -d "$tmp_root/run.XXXXXX")"
server_pid=""
cleanup() {
    local status=$?
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$server_pid" 2>/dev/null; then
            echo "e2e/run.sh: the server did not stop on SIGTERM within 5 s; killing it" >&2
            kill -KILL "$server_pid" 2>/dev/null || true
        fi
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ "${TANDEM_E2E_KEEP:-0}" == 1 ]]; then
        echo "e2e/run.sh: kept $tmp" >&2
    else
        rm -rf "$tmp"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free port: the kernel picks one for a listener that is closed at once. Another process could
# take it in between; the health check below would then fail loudly rather than test the wrong server.
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})')"
base_url="http://127.0.0.1:$port/"
seed_args=()
[[ -n "${TANDEM_E2E_SEED:-}" ]] && seed_args=(--seed "$TANDEM_E2E_SEED")

echo "== e2e: tandem demo --listen 127.0.0.1:$port"
# Every test signs in from this one loopback client: the per-address rate limits (tested in the
# Rust HTTP tests) are lifted so that a long run is never throttled.
TANDEM_SECURITY__SIGN_IN_PER_MINUTE=100000 TANDEM_SECURITY__REQUESTS_PER_HOUR=100000 \
    TANDEM_SECURITY__REQUESTS_PER_HOUR_PER_ACCOUNT=1000 \
    NO_COLOR=1 "$tandem" demo --listen "127.0.0.1:$port" --database "$tmp/demo.db" "${seed_args[@]}" \
    >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!

# Ready when /healthz answers 200 and the banner lists the demo accounts (bounded: 120 s, the
# demo loads ~400 people and hashes one password first).
ready=0
last_size=-1
deadline=$((SECONDS + 120))
while ((SECONDS < deadline)); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "e2e/run.sh: tandem demo exited before it was ready. stdout:" >&2
        cat "$tmp/server.out" >&2
        echo "stderr:" >&2
        tail -n 50 "$tmp/server.err" >&2
        exit 1
    fi
    # The banner ends with the participants; wait until it has stopped growing as well.
    size="$(wc -c <"$tmp/server.out")"
    if grep -q '^  Participant' "$tmp/server.out" && ((size == last_size)) &&
        curl -fsS -o /dev/null --max-time 2 "${base_url}healthz" 2>/dev/null; then
        ready=1
        break
    fi
    last_size="$size"
    sleep 0.2
done
if ((ready == 0)); then
    echo "e2e/run.sh: tandem demo was not ready within 120 s. stdout:" >&2
    cat "$tmp/server.out" >&2
    tail -n 50 "$tmp/server.err" >&2
    exit 1
fi
cat "$tmp/server.out"

# The accounts, from the banner, as JSON for the tests (the parser checks the banner's shape).
accounts_json="$(node "$here/lib/banner.mjs" "$tmp/server.out")" || fail "could not read the demo's banner (above)"
# Where the demo writes its e-mails (manager links, offers), from the banner's last lines.
outbox="$(sed -n 's/^E-mails .* are written to \(.*\)$/\1/p' "$tmp/server.out" | head -n 1)"
[[ -n "$outbox" && -d "$outbox" ]] || fail "the demo's banner does not name an existing e-mail outbox directory (above)"
export TANDEM_E2E_BASE_URL="$base_url"
export TANDEM_E2E_OUTBOX="$outbox"
export TANDEM_E2E_ACCOUNTS="$accounts_json"
export TANDEM_E2E_ARTIFACTS="$tmp"
# The binary, for tests that start a server of their own (the set-up page on an empty database).
export TANDEM_E2E_BINARY="$tandem"

echo "== e2e: node --test"
set +e
# One file at a time: the journey adds people, and the other files must see a settled database.
# shellcheck disable=SC2086 # the file list is a glob, expanded here on purpose
(cd "$here" && node --test --test-reporter=tap --test-concurrency=1 ${TANDEM_E2E_TESTS:-tests/*.test.mjs})
status=$?
set -e
if ((status != 0)); then
    echo "e2e/run.sh: browser tests failed (status $status). Server log (last 40 lines):" >&2
    tail -n 40 "$tmp/server.err" >&2
fi
exit "$status"
