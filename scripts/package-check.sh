#!/usr/bin/env bash
# Builds Tandem's Debian package and checks it as a new operator would use it, then removes it:
#   1. cargo-deb (pinned), installed only when missing;
#   2. the package: `cargo deb` builds the release binary (the one production installs) and
#      packages it with packaging/ (docs/operations.md says why CI builds the release profile);
#   3. `dpkg -i`; `tandem --version`; `systemd-analyze verify` on the installed unit;
#   4. as the package's user `tandem`: `tandem init` of packaging/check-init.toml on a scratch
#      SQLite database under /var/lib/tandem (three organisations and an administrator), and an
#      export that shows the administrator;
#   5. as `tandem`: `tandem config check`, then `tandem serve` with the installed
#      /etc/tandem/tandem.toml (SMTP, https base_url, Secure cookies) and, as an operator's
#      `systemctl edit` would, environment variables for the scratch database, a free loopback
#      port and an SMTP relay on loopback (nothing is sent); waits for /healthz and /readyz;
#   6. the first-run walk with the installed binary (scripts/walkthrough-first-run.py): init three
#      organisations, import people, an intake through applications, approvals and matching, then
#      `tandem copy` to a throwaway PostgreSQL served by two instances, every listing compared;
#   7. stops the server, purges the package and removes the user, group and /var/lib/tandem
#      it created, so the machine is left as it was.
# Fails loudly at the first problem. Needs root (dpkg, runuser) and refuses to run where Tandem
# is installed or a user `tandem` or /var/lib/tandem exists already, so it never touches a real
# installation.
#
# Environment:
#   CARGO_TARGET_DIR   where cargo builds (default /var/tmp/tandem-target)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/tandem-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
CARGO_DEB_VERSION=3.8.0
PASSWORD='a-strong-password'

t0=$(date +%s)
step() { echo "== package-check [$(($(date +%s) - t0))s]: $*"; }
fail() {
    echo "package-check: FAILED: $*" >&2
    exit 1
}

# --- Preconditions: never touch a real installation. ---
[[ "$(id -u)" -eq 0 ]] || fail "run as root: it installs and purges a Debian package"
for tool in dpkg runuser setpriv curl; do
    command -v "$tool" >/dev/null || fail "$tool not found"
done
if dpkg-query -W -f='${Status}' tandem 2>/dev/null | grep -q 'installed'; then
    fail "the package tandem is installed on this machine; this check installs and purges its own"
fi
getent passwd tandem >/dev/null && fail "a user tandem exists already; this check creates and removes its own"
getent group tandem >/dev/null && fail "a group tandem exists already; this check creates and removes its own"
[[ -e /var/lib/tandem ]] && fail "/var/lib/tandem exists already; this check creates and removes its own"

server_pid=""
installed=0
pg_dir=""
cleanup() {
    local status=$?
    if [[ -n "$pg_dir" ]]; then
        "$root/scripts/pg-test.sh" stop "$pg_dir" >/dev/null 2>&1 || status=1
    fi
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if ((installed)); then
        dpkg --purge tandem >/dev/null || status=1
        # Kept by the package on purpose (they hold a scheme's data); this check made them.
        rm -rf /var/lib/tandem
        if getent passwd tandem >/dev/null; then deluser --system --quiet tandem >/dev/null 2>&1 || status=1; fi
        if getent group tandem >/dev/null; then delgroup --system --quiet tandem >/dev/null 2>&1 || status=1; fi
    fi
    if ((status != 0)); then
        echo "package-check: failed (status $status)" >&2
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 1. cargo-deb ---
if ! cargo deb --version 2>/dev/null | grep -q "$CARGO_DEB_VERSION"; then
    step "cargo install --locked cargo-deb --version $CARGO_DEB_VERSION"
    cargo install --locked cargo-deb --version "$CARGO_DEB_VERSION"
fi

# --- 2. the package ---
step "cargo deb -p tandem --locked (release build)"
deb_dir="$CARGO_TARGET_DIR/debian"
rm -f "$deb_dir"/tandem_*.deb "$deb_dir"/tandem-dbgsym_*.ddeb
cargo deb -p tandem --locked --output "$deb_dir/"
deb="$(ls "$deb_dir"/tandem_*.deb)"
[[ -f "$deb" ]] || fail "cargo deb made no package in $deb_dir"
echo "$deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'
contents="$(dpkg-deb --contents "$deb")"
for path in ./usr/bin/tandem ./etc/tandem/tandem.toml ./usr/lib/systemd/system/tandem.service \
    ./usr/share/doc/tandem/operations.md; do
    grep -q " $path\$" <<<"$contents" || fail "$path is not in the package"
done

# --- 3. install ---
step "dpkg -i $(basename "$deb")"
installed=1
dpkg -i "$deb"
version="$(tandem --version)"
[[ "$version" == "tandem $(dpkg-query -W -f='${Version}' tandem | sed 's/-[^-]*$//')" ]] ||
    fail "tandem --version says '$version', not the package's version"
echo "$version"
getent passwd tandem >/dev/null || fail "the package did not create the user tandem"
[[ "$(stat -c '%U:%G %a' /var/lib/tandem)" == "tandem:tandem 750" ]] ||
    fail "/var/lib/tandem is $(stat -c '%U:%G %a' /var/lib/tandem), not tandem:tandem 750"
[[ "$(stat -c '%U:%G %a' /etc/tandem/tandem.toml)" == "root:tandem 640" ]] ||
    fail "/etc/tandem/tandem.toml is $(stat -c '%U:%G %a' /etc/tandem/tandem.toml), not root:tandem 640"
if command -v systemd-analyze >/dev/null; then
    systemd-analyze verify /usr/lib/systemd/system/tandem.service ||
        fail "systemd-analyze verify finds fault with the installed unit"
fi
if [[ -d /run/systemd/system ]] && systemctl is-enabled --quiet tandem 2>/dev/null; then
    fail "the package enabled the service before it was configured"
fi

# As the package's user, in the environment the unit gives it.
as_tandem() {
    runuser -u tandem -- env -i PATH=/usr/bin:/bin TANDEM_CONFIG=/etc/tandem/tandem.toml "$@"
}
work="$(mktemp -d /var/lib/tandem/check.XXXXXX)"
chown tandem:tandem "$work"
install -o tandem -g tandem -m 0640 "$root/packaging/check-init.toml" "$work/init.toml"
db="sqlite:$work/tandem.db"

# --- 4. tandem init ---
step "tandem init (as tandem) on $db"
printf '%s\n' "$PASSWORD" | as_tandem tandem --database-url "$db" init --file "$work/init.toml" --password-stdin
people="$(as_tandem tandem --database-url "$db" export people --format csv)"
grep -q 'alex.morgan@example.org' <<<"$people" || fail "the administrator is not among the people after init:
$people"

# --- 5. serve ---
# Port 0: the kernel picks a free port, and serve prints the address it bound.
serve_env=(
    TANDEM_DATABASE_URL="$db"
    TANDEM_LISTEN="127.0.0.1:0"
    TANDEM_MAIL__SMTP_HOST=127.0.0.1
    TANDEM_MAIL__SMTP_PORT=2525
)
step "tandem config check (as tandem)"
as_tandem "${serve_env[@]}" tandem config check | tee "$work/check.out"
grep -q 'up to date' "$work/check.out" || fail "config check does not report the database up to date"

step "tandem serve (as tandem)"
# setpriv, not runuser: it executes the server in its own process, so the SIGTERM below reaches
# the server itself and its exit status is the server's (runuser would stay as a parent and
# report the signal as its own status).
setpriv --reuid=tandem --regid=tandem --init-groups \
    env -i PATH=/usr/bin:/bin TANDEM_CONFIG=/etc/tandem/tandem.toml "${serve_env[@]}" \
    tandem serve >"$work/serve.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 150); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        cat "$work/serve.log" >&2
        fail "tandem serve exited before it was ready (log above)"
    fi
    url="$(sed -n 's|^Tandem is serving at \(http://[^ ]*\)/$|\1|p' "$work/serve.log")"
    if [[ -n "$url" ]] && curl -fsS --max-time 2 -o /dev/null "$url/healthz" 2>/dev/null; then
        break
    fi
    url=""
    sleep 0.2
done
if [[ -z "$url" ]]; then
    cat "$work/serve.log" >&2
    fail "tandem serve did not answer /healthz within 30 s (log above)"
fi
[[ "$(curl -fsS "$url/healthz")" == ok ]] || fail "/healthz at $url did not answer ok"
[[ "$(curl -fsS "$url/readyz")" == ready ]] || fail "/readyz at $url did not answer ready"
if grep -q 'configuration:' "$work/serve.log"; then
    cat "$work/serve.log" >&2
    fail "the packaged configuration should start without configuration warnings (log above)"
fi
cat "$work/serve.log"

# --- 6. the first-run walk, and the copy to PostgreSQL, with the installed binary ---
step "scripts/walkthrough-first-run.py /usr/bin/tandem (with a throwaway PostgreSQL)"
eval "$("$root/scripts/pg-test.sh" start)"
pg_dir="$TANDEM_PG_TEST_DIR"
TANDEM_WALK_POSTGRES_URL="$TANDEM_TEST_POSTGRES_URL" python3 "$root/scripts/walkthrough-first-run.py" /usr/bin/tandem
"$root/scripts/pg-test.sh" stop "$pg_dir" >/dev/null
pg_dir=""

# --- 7. stop and purge ---
step "stopping tandem serve"
kill -TERM "$server_pid"
wait "$server_pid" || fail "tandem serve did not stop cleanly on SIGTERM (status $?)"
server_pid=""
step "dpkg --purge tandem"
dpkg --purge tandem
installed=0
dpkg-query -W -f='${Status}' tandem 2>/dev/null | grep -q 'installed' && fail "tandem is still installed after the purge"
[[ ! -e /usr/bin/tandem && ! -e /etc/tandem/tandem.toml ]] || fail "files of the package remain after the purge"
rm -rf /var/lib/tandem
deluser --system --quiet tandem >/dev/null 2>&1 || fail "deluser tandem failed"
if getent group tandem >/dev/null; then delgroup --system --quiet tandem >/dev/null 2>&1 || fail "delgroup tandem failed"; fi
getent passwd tandem >/dev/null && fail "the user tandem remains"
getent group tandem >/dev/null && fail "the group tandem remains"
step "done: the package installs, sets up a consortium, serves, and leaves nothing behind"
