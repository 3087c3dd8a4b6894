#!/usr/bin/env bash
# Sign-in under a flood: memory stays bounded and one client is throttled.
#
# Builds the `tandem` binary (dev profile, the way e2e/run.sh builds it, so after the test run it
# is a no-op; figures from a dev build are an upper bound: a release build hashes faster), then:
#
#  1. starts `tandem demo` on a free loopback port with the per-address sign-in limit lifted
#     (so every request reaches the password check), fires ROUNDS rounds of 64 parallel
#     unauthenticated wrong-password sign-ins at 64 different addresses (fetching each client's
#     CSRF token first, as the form needs), samples the server's RSS from /proc every 20 ms and
#     prints the peak RSS and the status counts (422: wrong password, 503: no hash slot in time);
#  2. restarts it with the default limits and sends a burst of BURST sign-ins from one client,
#     printing the status counts (429 once the per-address limit is reached) and a Retry-After.
#
# Target: peak RSS < 400 MiB (was 1,329 MiB before the hash slots), as the packaged unit runs it. Needs bash, curl, python3.
# Environment: CARGO_TARGET_DIR (default /var/tmp/tandem-target), ROUNDS (4), BURST (100).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/tandem-target}"
rounds="${ROUNDS:-4}"
burst="${BURST:-100}"

echo "== cargo build --workspace --tests (dev profile)"
(cd "$root" && cargo build --workspace --tests --locked -q)
tandem="$CARGO_TARGET_DIR/debug/tandem"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/signin-flood.XXXXXX")"
pid=""
stop() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    pid=""
}
trap 'stop; rm -rf "$tmp"' EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_demo NAME [ENV=VALUE...]: starts the demo, waits until it answers, sets $pid and $port.
start_demo() {
    local name="$1"
    shift
    port="$(free_port)"
    env "$@" TANDEM_LOG=warn NO_COLOR=1 "$tandem" demo --listen "127.0.0.1:$port" \
        --database "$tmp/$name.db" >"$tmp/$name.out" 2>"$tmp/$name.err" &
    pid=$!
    for _ in $(seq 1 600); do
        if grep -q '^  Participant' "$tmp/$name.out" 2>/dev/null &&
            curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz" 2>/dev/null; then
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || { cat "$tmp/$name.err" >&2; exit 1; }
        sleep 0.2
    done
    echo "the demo did not start" >&2
    exit 1
}

flood() {
    python3 - "$@" <<'PY'
import collections, http.cookiejar, re, sys, threading, time, urllib.error, urllib.parse, urllib.request

mode, port, pid, count, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
base = f"http://127.0.0.1:{port}"

def rss_kib():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

peak = [rss_kib()]
start_rss = peak[0]
done = threading.Event()
def sample():
    while not done.is_set():
        try:
            peak[0] = max(peak[0], rss_kib())
        except OSError:
            return
        time.sleep(0.02)

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None

def client():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(base + "/sign-in", timeout=60).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return opener, token

statuses = collections.Counter()
retry_after = set()
lock = threading.Lock()

def attempt(opener, token, email):
    body = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": "not the password"}).encode()
    try:
        r = opener.open(base + "/sign-in", data=body, timeout=120)
        code, headers = r.status, r.headers
    except urllib.error.HTTPError as e:
        code, headers = e.code, e.headers
    with lock:
        statuses[code] += 1
        if headers.get("Retry-After"):
            retry_after.add(headers["Retry-After"])

sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
t0 = time.time()
if mode == "flood":
    for rnd in range(rounds):
        clients = [client() for _ in range(count)]
        barrier = threading.Barrier(count)
        def go(i):
            opener, token = clients[i]
            barrier.wait()
            attempt(opener, token, f"flood{rnd}-{i}@nowhere.example.org")
        threads = [threading.Thread(target=go, args=(i,)) for i in range(count)]
        for t in threads: t.start()
        for t in threads: t.join()
else:
    opener, token = client()
    for i in range(count):
        attempt(opener, token, f"burst{i}@nowhere.example.org")
elapsed = time.time() - t0
done.set()
sampler.join()
print(f"  requests: {sum(statuses.values())} in {elapsed:.1f} s; statuses: " +
      ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
if retry_after:
    print(f"  Retry-After seen: {', '.join(sorted(retry_after, key=int))} s")
print(f"  server RSS: {start_rss/1024:.0f} MiB before, peak {peak[0]/1024:.0f} MiB")
PY
}

# The packaged systemd unit sets MALLOC_MMAP_THRESHOLD_ (see docs/sign-in.md): without it glibc
# keeps the freed 19 MiB Argon2 buffers in its heaps. Both are measured.
echo "== 1a. $rounds rounds of 64 parallel wrong-password sign-ins (per-address limit lifted; glibc defaults)"
start_demo flood TANDEM_SECURITY__SIGN_IN_PER_MINUTE=100000
echo "  hash slots: $(nproc) (one per CPU, the default)"
flood flood "$port" "$pid" 64 "$rounds"
stop

echo "== 1b. the same with MALLOC_MMAP_THRESHOLD_=1048576, as packaging/tandem.service runs it"
start_demo flood TANDEM_SECURITY__SIGN_IN_PER_MINUTE=100000 MALLOC_MMAP_THRESHOLD_=1048576
flood flood "$port" "$pid" 64 "$rounds"
stop

echo "== 2. a burst of $burst sign-ins from one client (default limits: 60 a minute per address)"
start_demo burst MALLOC_MMAP_THRESHOLD_=1048576
flood burst "$port" "$pid" "$burst" 1
stop
