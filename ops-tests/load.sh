#!/usr/bin/env bash
# load.sh — throughput and tail latency of the main pages under a steady load.
#
# Serves the demo consortium (SQLite) and runs wrk (installed from Debian with apt-get if
# missing) for DURATION (default 10s) per target at 8 connections on 2 threads against:
# the sign-in page (signed out), the people list (scheme coordinator), a participant's home
# (/dashboard) and the API's people list (GET /api/v1/people, scheme coordinator's token).
# Prints requests per second, p50 and p99 latency and any non-2xx answers per target.
#
#   bash ops-tests/load.sh                     dev build (about 1 minute)
#   PROFILE=release bash ops-tests/load.sh     release build (compiling it takes long the first
#                                              time; the figures are the ones that matter)
#   DURATION=30s CONNECTIONS=16 bash ops-tests/load.sh
#
# Honours TANDEM_BIN. Needs curl and python3. Works in a scratch directory under /var/tmp,
# removed afterwards. The figures depend on the machine: docs/operations.md gives the ones measured
# and where.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-8}"
work="$(mktemp -d "${TMPDIR:-/var/tmp}/tandem-load.XXXXXX")"
# shellcheck source=ops-tests/common.sh
. "$here/common.sh"
cleanup() {
    stop_servers
    rm -rf "$work"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
    echo "wrk not found: installing it from Debian" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends wrk >&2
fi
tandem_binary
make_demo load.db
serve "sqlite:$work/load.db"
token="$(api_token "$coordinator")"
api_token "$participant" > /dev/null
# The session cookies the sign-ins left in the jars (Netscape format: name and value last).
cookie_of() { awk '!/^#/ || /^#HttpOnly_/ { if (NF >= 7) printf "%s=%s; ", $6, $7 }' "$work/jar.$1"; }
coordinator_cookie="$(cookie_of "$coordinator")"
participant_cookie="$(cookie_of "$participant")"

# Checks a target answers 200 before it is measured (a redirect to sign-in would flatter it).
check() {
    local code
    code="$(curl -s -o /dev/null -w '%{http_code}' "$@")"
    [ "$code" = 200 ] || { echo "$* answered $code, not 200" >&2; exit 1; }
}

echo "== $(basename "$tandem") ($(if [[ "$tandem" == */release/* ]]; then echo release; else echo dev; fi) build), $connections connections, $duration per target, $(nproc) cores"
printf '%-28s %10s %10s %10s %10s\n' target "req/s" p50 p99 non-2xx
run() {
    local name="$1" path="$2"
    shift 2
    check "$@" "$url$path"
    local args=()
    for h in "$@"; do [ "$h" = -H ] || args+=(-H "$h"); done
    wrk -t2 -c"$connections" -d"$duration" --latency "${args[@]}" "$url$path" > "$work/wrk.txt"
    local rps p50 p99 bad
    rps="$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.txt")"
    p50="$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")"
    p99="$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")"
    bad="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$work/wrk.txt")"
    printf '%-28s %10s %10s %10s %10s\n' "$name" "$rps" "$p50" "$p99" "${bad:-0}"
}
run "sign-in page" /sign-in
run "people list (coordinator)" /people -H "Cookie: $coordinator_cookie"
run "participant home" /dashboard -H "Cookie: $participant_cookie"
run "API people (token)" "/api/v1/people?limit=50" -H "Authorization: Bearer $token"
