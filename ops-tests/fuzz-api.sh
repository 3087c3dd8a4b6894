#!/usr/bin/env bash
# fuzz-api.sh — property-based fuzzing of the JSON API from its own OpenAPI document.
#
# Serves the demo consortium (SQLite) on loopback, makes a scheme coordinator's API token and
# runs schemathesis (the version pinned in ops-tests/requirements.txt, installed from PyPI into a
# virtualenv under /var/tmp on first use) against /api/openapi.json with that token, for at most
# MAX_TIME seconds (default 300) of its examples, coverage and fuzzing phases. It reports:
#
#   - server errors (any 5xx: check not_a_server_error), and
#   - schema violations: answers whose status, content type or body the document does not
#     describe (status_code_conformance, content_type_conformance, response_schema_conformance).
#
# Every write lands in the scratch copy of the demo, never anywhere else. The server's log is
# searched for panics afterwards. Exit status 1 if schemathesis found anything.
#
#   bash ops-tests/fuzz-api.sh                 about 6 minutes (install, demo, 300 s of fuzzing)
#   MAX_TIME=60 bash ops-tests/fuzz-api.sh
#   OPERATIONS='^/api/v1/people' bash ops-tests/fuzz-api.sh    only paths matching a regex
#
# Honours TANDEM_BIN (else the dev build) and SCHEMATHESIS_VENV. Needs curl and python3 (3.10+).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
max_time="${MAX_TIME:-300}"
venv="${SCHEMATHESIS_VENV:-/var/tmp/tandem-schemathesis-venv}"
work="$(mktemp -d "${TMPDIR:-/var/tmp}/tandem-fuzz.XXXXXX")"
# shellcheck source=ops-tests/common.sh
. "$here/common.sh"
report="${REPORT_DIR:-$work/report}"
cleanup() {
    stop_servers
    rm -rf "$work"
}
trap cleanup EXIT

pinned="$(sed -n 's/^schemathesis==//p' "$here/requirements.txt")"
if [ "$("$venv/bin/schemathesis" --version 2>/dev/null | awk '{ print $NF }')" != "$pinned" ]; then
    echo "installing schemathesis $pinned into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q -r "$here/requirements.txt" >&2
fi
tandem_binary
make_demo fuzz.db
serve "sqlite:$work/fuzz.db"
token="$(api_token "$coordinator")"

filter=()
[ -n "${OPERATIONS:-}" ] && filter=(--include-path-regex "$OPERATIONS")
echo "== schemathesis $pinned against $url/api/openapi.json for up to $max_time s"
set +e
"$venv/bin/schemathesis" run "$url/api/openapi.json" --url "$url" \
    -H "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing --max-time "$max_time" --workers 2 \
    --request-timeout 20 --suppress-health-check all --continue-on-failure \
    --no-color --report junit --report-dir "$report" "${filter[@]}" > "$work/st.txt" 2>&1
status=$?
set -e
# The summary, and every distinct failure's heading.
sed -n '/^=* *FAILURES/,$p' "$work/st.txt" | grep -E '^(_+ |[0-9]+\. |- |[A-Z][a-z ]+(error|violation|non-conformance)|Server error|Undocumented|Response violates|Test Phases|Summary|API Operations|Test Cases|Failures|Errors|Warnings|Seed|Tip)' | head -n 120
tail -n 25 "$work/st.txt"
panics="$(grep -c 'panicked' "$work"/serve-*.log || true)"
echo "== server log: $panics panic(s); $(grep -c ' ERROR ' "$work"/serve-*.log || true) error line(s)"
grep -h 'panicked' "$work"/serve-*.log | sort | uniq -c | head -n 20 || true
[ -z "${KEEP_OUTPUT:-}" ] || cp "$work/st.txt" "$KEEP_OUTPUT"
exit "$status"
