# Shared by the reliability scripts of ops-tests/ (sourced, not run): the binary, a demo
# database, serving on a free loopback port, signing in and making an API token.
#
# The caller sets `work` (a scratch directory) before sourcing and `servers` collects the
# process ids of what it started, so its cleanup can stop exactly those.

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
servers=()

# The tandem binary: $TANDEM_BIN, or a build of the given profile (dev unless PROFILE=release).
tandem_binary() {
    local profile="${PROFILE:-dev}" dir=debug
    [ "$profile" = release ] && dir=release
    if [ -n "${TANDEM_BIN:-}" ]; then
        tandem="$TANDEM_BIN"
    else
        (cd "$repo" && cargo build --locked --profile "$profile" -p tandem --bin tandem) >&2
        tandem="$target/$dir/tandem"
    fi
    [ -x "$tandem" ] || { echo "no tandem binary at $tandem" >&2; exit 1; }
}

# The environment every server of these scripts runs with: e-mail into a scratch outbox, plain
# HTTP on loopback, quiet logs.
export TANDEM_MAIL__MODE=outbox TANDEM_COOKIE_SECURE=false TANDEM_LOG="${TANDEM_LOG:-warn}"
export TANDEM_BASE_URL=http://127.0.0.1:8080
unset TANDEM_CONFIG TANDEM_DATABASE_URL

# `tandem demo --no-serve` into $work/$1 (seed 2026); sets $coordinator to the scheme
# coordinator's e-mail and $participant to a participant's.
make_demo() {
    "$tandem" demo --no-serve --database "$work/$1" --seed 2026 > "$work/demo.txt"
    coordinator="$(awk '$1 == "Scheme" && $2 == "coordinator" { print $NF }' "$work/demo.txt")"
    participant="$(awk '$1 == "Participant" { print $NF; exit }' "$work/demo.txt")"
    [ -n "$coordinator" ] || { cat "$work/demo.txt" >&2; exit 1; }
}

# Serves the database URL $1 on a free port (extra `serve` environment in SERVE_ENV); sets $url
# and $server_pid, and adds the process to $servers.
serve() {
    local log="$work/serve-${#servers[@]}.log"
    # Made first: the loop below may read it before the server's shell has opened it.
    : > "$log"
    env ${SERVE_ENV:-} TANDEM_MAIL__OUTBOX_DIR="$work/outbox" \
        "$tandem" --database-url "$1" serve --listen 127.0.0.1:0 2> "$log" > "$log.out" &
    server_pid=$!
    servers+=("$server_pid")
    url=""
    for _ in $(seq 1 300); do
        url="$(sed -n 's/^Tandem is serving at \(http[^ ]*\)\/$/\1/p' "$log")"
        [ -n "$url" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$log" >&2
    return 1
}

form_token() { sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n 1; }

# Signs $1 in at $url into the cookie jar $work/jar.$1 and prints a new API token of theirs.
api_token() {
    local jar="$work/jar.$1" csrf token
    csrf="$(curl -fsS -c "$jar" -b "$jar" "$url/sign-in" | form_token)"
    curl -fsS -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf_token=$csrf" \
        --data-urlencode "email=$1" --data-urlencode "password=tandem-demo-2026" "$url/sign-in"
    csrf="$(curl -fsS -b "$jar" "$url/account" | form_token)"
    token="$(curl -fsS -b "$jar" --data-urlencode "csrf_token=$csrf" --data-urlencode "name=ops-tests" \
        "$url/account/api-tokens" | sed -n 's/.*<code class="tandem-token">\([^<]*\)<\/code>.*/\1/p')"
    [ -n "$token" ] || { echo "no API token for $1" >&2; return 1; }
    echo "$token"
}

# Stops the processes this script started, by id.
stop_servers() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${servers[@]}"; do
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    done
    servers=()
}
