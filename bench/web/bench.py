#!/usr/bin/env python3
"""Web load benchmark (issue #18 item 4): driven by bench/web/run.sh, which installs wrk and
builds the binaries first. Standard library only.

For each size and backend: generates the consortium's HR files (gen_people.py), sets up a
scheme with `tandem init`, imports the people with `tandem import people` (timed, peak RSS from
/usr/bin/time -v), gives an organisation coordinator and a participant accounts with
`tandem user create`, serves with `tandem serve`, signs in through the real sign-in form (CSRF
token and session cookie), creates an API token through the account page, and runs wrk on each
page at each connection count. A bare axum handler (bench/web/floor) is the floor. Writes
table.md and results.json to the results directory; --append adds the table to
docs/benchmarks-web.md.
"""

import argparse
import html
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PASSWORD = "bench-password-18"
COORDINATOR = "bench.coordinator@example.org"


def log(*a):
    print("bench:", *a, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, env, stdin=None, check=True):
    p = subprocess.run(cmd, env=env, input=stdin, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{p.stdout[-2000:]}\n{p.stderr[-4000:]}")
    return p


def timed(cmd, env):
    """Runs cmd under /usr/bin/time -v: (seconds, peak RSS in MiB, stdout)."""
    p = run(["/usr/bin/time", "-v"] + cmd, env)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", p.stderr).group(1)
    parts = [float(x) for x in wall.split(":")]
    secs = sum(v * 60 ** (len(parts) - 1 - i) for i, v in enumerate(parts))
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    return secs, rss_kb / 1024, p.stdout


class Client:
    """Just enough of a browser: keeps cookies (sent back whatever their Secure flag), no
    redirects followed."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        c.request(method, path, body=body, headers=headers)
        r = c.getresponse()
        text = r.read().decode("utf-8", "replace")
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return r.status, text

    def csrf(self, path):
        status, text = self.request("GET", path)
        m = re.search(r'name="csrf_token" value="([^"]+)"', text)
        if not m:
            raise SystemExit(f"no CSRF token on {path} ({status})")
        return html.unescape(m.group(1))

    def sign_in(self, email):
        token = self.csrf("/sign-in")
        status, text = self.request(
            "POST", "/sign-in",
            {"csrf_token": token, "next": "", "email": email, "password": PASSWORD})
        if status not in (302, 303):
            raise SystemExit(f"sign-in of {email} answered {status}: {text[:500]}")
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def api_token(self):
        token = self.csrf("/account")
        status, text = self.request(
            "POST", "/account/api-tokens",
            {"csrf_token": token, "name": "bench", "expires_in_days": "30"})
        m = re.search(r'class="tandem-token">([^<]+)<', text)
        if not m:
            raise SystemExit(f"no API token ({status}): {text[:500]}")
        return html.unescape(m.group(1)).strip()


def wrk(wrk_bin, url, conns, duration, header=None):
    cmd = [wrk_bin, "-t", str(min(conns, 2)), "-c", str(conns), "-d", duration, "--latency"]
    if header:
        cmd += ["-H", header]
    p = subprocess.run(cmd + [url], capture_output=True, text=True)
    out = p.stdout

    def ms(label):
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return None
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50": ms("50"),
        "p99": ms("99"),
        "non_2xx": int(bad.group(1)) if bad else 0,
    }


def probe(port, path, header):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {}
    if header:
        k, _, v = header.partition(": ")
        headers[k] = v
    c.request("GET", path, headers=headers)
    r = c.getresponse()
    r.read()
    return r.status


def wait_up(port, proc, what):
    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit(f"{what} exited with {proc.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{what} did not start")


def first_rows(people_csv, n):
    import csv
    with open(people_csv, encoding="utf-8") as f:
        r = csv.DictReader(f)
        return [next(r) for _ in range(n)]


def setup(args, env, size, data, db_url, work):
    env = dict(env, TANDEM_DATABASE_URL=db_url)
    orgs = os.path.join(data, "organisations.csv")
    scheme = os.path.join(work, "scheme.toml")
    with open(scheme, "w", encoding="utf-8") as f:
        f.write(f"""organisations_file = "{orgs}"

[scheme]
name = "Benchmark Consortium {size}"
countries = ["GB", "NL"]
languages = ["en-GB", "nl-NL"]
time_zone = "Europe/London"

[administrator]
given_name = "Bench"
family_name = "Coordinator"
email = "{COORDINATOR}"
""")
    run([args.tandem, "init", "--file", scheme, "--password-stdin"], env, stdin=PASSWORD + "\n")
    people = os.path.join(data, "people.csv")
    secs, rss, out = timed([args.tandem, "import", "people", people], env)
    log(f"{size} people: import {secs:.1f} s, peak RSS {rss:.0f} MiB: {out.strip().splitlines()[-1]}")
    # The organisation's own staff: its first row (a manager) and the next of the same
    # organisation (a participant).
    rows = first_rows(people, 60)
    org0 = rows[0]["Organisation"]
    same = [r for r in rows if r["Organisation"] == org0]
    orgco, participant = same[0]["Email"], same[1]["Email"]
    run([args.tandem, "user", "create", "--email", orgco, "--role", "organisation_coordinator",
         "--organisation", org0, "--password-stdin"], env, stdin=PASSWORD + "\n")
    run([args.tandem, "user", "create", "--email", participant, "--role", "participant",
         "--password-stdin"], env, stdin=PASSWORD + "\n")
    return {"import_s": secs, "import_rss_mib": rss}, orgco, participant


def pages(search_word):
    # (name, path, who): who is "public", "scheme", "org", "participant" or "api".
    return [
        ("/healthz", "/healthz", "public"),
        ("sign-in page", "/sign-in", "public"),
        ("people list, scheme coordinator", "/people", "scheme"),
        ("people list, organisation coordinator", "/people", "org"),
        ("people search ?q=", "/people?q=" + urllib.parse.quote(search_word), "scheme"),
        ("GET /api/v1/people", "/api/v1/people", "api"),
        ("applications list", "/applications", "scheme"),
        ("relationships list", "/relationships", "scheme"),
        ("directory", "/directory", "participant"),
        ("participant home", "/dashboard", "participant"),
        ("dashboard, scheme coordinator", "/dashboard", "scheme"),
        ("dashboard, organisation coordinator", "/dashboard", "org"),
    ]


def bench_one(args, env, size, backend, results):
    data = os.path.join(args.data, str(size))
    if not os.path.exists(os.path.join(data, "people.csv")):
        log(f"generating {size} people")
        run([sys.executable, os.path.join(HERE, "gen_people.py"), "--people", str(size),
             "--out", data], env)
    work = os.path.join(args.results, f"{backend}-{size}")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    pg_dir = None
    if backend == "sqlite":
        db_url = "sqlite:" + os.path.join(work, "tandem.db")
    else:
        out = run(["bash", os.path.join(REPO, "scripts", "pg-test.sh"), "start"], env).stdout
        db_url = re.search(r"TANDEM_TEST_POSTGRES_URL=(\S+)", out).group(1)
        pg_dir = re.search(r"TANDEM_PG_TEST_DIR=(\S+)", out).group(1)
    server = None
    try:
        info, orgco, participant = setup(args, env, size, data, db_url, work)
        port = free_port()
        senv = dict(env, TANDEM_DATABASE_URL=db_url, TANDEM_COOKIE_SECURE="false",
                    TANDEM_BASE_URL=f"http://127.0.0.1:{port}", TANDEM_LOG="warn",
                    TANDEM_MAIL__MODE="outbox",
                    TANDEM_MAIL__OUTBOX_DIR=os.path.join(work, "outbox"),
                    TANDEM_SECURITY__REQUESTS_PER_HOUR="1000")
        server = subprocess.Popen([args.tandem, "serve", "--listen", f"127.0.0.1:{port}"],
                                  env=senv, stdout=open(os.path.join(work, "serve.log"), "w"),
                                  stderr=subprocess.STDOUT)
        wait_up(port, server, "tandem serve")
        sc = Client(port)
        cookies = {
            "public": None,
            "scheme": "Cookie: " + sc.sign_in(COORDINATOR),
            "org": "Cookie: " + Client(port).sign_in(orgco),
            "participant": "Cookie: " + Client(port).sign_in(participant),
            "api": "Authorization: Bearer " + sc.api_token(),
        }
        row = {"size": size, "backend": backend, **info, "pages": {}}
        for name, path, who in pages("jansen"):
            # wrk counts a redirect (say, to the sign-in page) as a success: each page must
            # answer 200 with these credentials before it is measured.
            status = probe(port, path, cookies[who])
            if status != 200:
                raise SystemExit(f"{name} ({path}) answered {status}, not 200")
            for c in args.conns:
                r = wrk(args.wrk, f"http://127.0.0.1:{port}{path}", c, args.duration, cookies[who])
                row["pages"].setdefault(name, {})[str(c)] = r
                log(f"{backend} {size} {name} c={c}: {r['rps']:.0f} req/s p50 {r['p50']} ms "
                    f"p99 {r['p99']} ms" + (f" NON-2xx {r['non_2xx']}" if r["non_2xx"] else ""))
        results.append(row)
    finally:
        if server:
            server.terminate()
            server.wait()
        if pg_dir:
            run(["bash", os.path.join(REPO, "scripts", "pg-test.sh"), "stop", pg_dir], env,
                check=False)


def bench_floor(args, results):
    port = free_port()
    p = subprocess.Popen([args.floor, f"127.0.0.1:{port}"])
    try:
        wait_up(port, p, "floor")
        row = {}
        for c in args.conns:
            row[str(c)] = wrk(args.wrk, f"http://127.0.0.1:{port}/healthz", c, args.duration)
            log(f"floor c={c}: {row[str(c)]['rps']:.0f} req/s")
        results.append({"floor": row})
    finally:
        p.terminate()
        p.wait()


def fmt_ms(v):
    return "–" if v is None else f"{v:.1f}" if v >= 1 else f"{v:.2f}"


def table(results, conns):
    floor = next((r["floor"] for r in results if "floor" in r), None)
    runs = [r for r in results if "floor" not in r]
    out = []
    if floor:
        out.append("Floor, a bare axum handler: " + ", ".join(
            f"{floor[str(c)]['rps']:,.0f} req/s at {c}" for c in conns) + ".\n")
    out.append("| backend | people | import | peak RSS |")
    out.append("|---|---|---|---|")
    for r in runs:
        out.append(f"| {r['backend']} | {r['size']:,} | {r['import_s']:.1f} s | {r['import_rss_mib']:.0f} MiB |")
    out.append("")
    for r in runs:
        base = next((b for b in runs if b["backend"] == r["backend"] and b["size"] == min(
            x["size"] for x in runs if x["backend"] == r["backend"])), r)
        out.append(f"### {r['backend']}, {r['size']:,} people\n")
        out.append("| page | conns | req/s | p50 ms | p99 ms | ÷ sign-in page | ÷ smallest size |")
        out.append("|---|---|---|---|---|---|---|")
        for name, by_c in r["pages"].items():
            for c in conns:
                x = by_c[str(c)]
                sign_in = r["pages"]["sign-in page"][str(c)]["rps"] or 1
                small = base["pages"].get(name, {}).get(str(c), {}).get("rps") or 1
                bad = f" ({x['non_2xx']} non-2xx)" if x["non_2xx"] else ""
                out.append(f"| {name}{bad} | {c} | {x['rps']:,.0f} | {fmt_ms(x['p50'])} | "
                           f"{fmt_ms(x['p99'])} | {x['rps'] / sign_in:.2f} | {x['rps'] / small:.2f} |")
        out.append("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tandem", required=True)
    ap.add_argument("--floor", required=True)
    ap.add_argument("--wrk", default="wrk")
    ap.add_argument("--sizes", default="400,10000,100000,1000000")
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--conns", default="1,8,64")
    ap.add_argument("--duration", default="10s")
    ap.add_argument("--data", default=os.path.join(HERE, "data"))
    ap.add_argument("--results", default=os.path.join(HERE, "results", time.strftime("%Y%m%d-%H%M%S")))
    ap.add_argument("--append", action="store_true", help="append the table to docs/benchmarks-web.md")
    args = ap.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")]
    args.backends = args.backends.split(",")
    args.conns = [int(c) for c in args.conns.split(",")]
    os.makedirs(args.results, exist_ok=True)
    env = dict(os.environ)
    results = []
    bench_floor(args, results)
    for backend in args.backends:
        for size in args.sizes:
            bench_one(args, env, size, backend, results)
            with open(os.path.join(args.results, "results.json"), "w") as f:
                json.dump(results, f, indent=1)
    md = table(results, args.conns)
    with open(os.path.join(args.results, "table.md"), "w", encoding="utf-8") as f:
        f.write(md + "\n")
    print(md)
    if args.append:
        load = os.getloadavg()
        with open(os.path.join(REPO, "docs", "benchmarks-web.md"), "a", encoding="utf-8") as f:
            f.write(f"\n## bench/web run of {time.strftime('%Y-%m-%d %H:%M')} "
                    f"(load average {load[0]:.1f}; duration {args.duration} per cell)\n\n{md}\n")


if __name__ == "__main__":
    main()
