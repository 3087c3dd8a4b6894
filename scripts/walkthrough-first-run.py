#!/usr/bin/env python3
"""The first-run walk of docs/operations.md, done by a script as a new consortium would do it.

    scripts/walkthrough-first-run.py [TANDEM_BINARY]      (default: tandem on PATH)

1. `tandem init` a consortium of three organisations with an administrator who is also the scheme
   coordinator, and an organisation coordinator per organisation (`tandem user create`);
2. import twelve people from an HR extract (`tandem import people`) and give each an account;
3. serve it; the coordinator signs in, makes an API token, adds a mentoring programme and an intake
   with places for every organisation;
4. six mentors and six mentees apply, their organisation coordinators approve them, the scheme
   coordinator runs matching and publishes the run, and every mentee has a relationship;
5. if TANDEM_WALK_POSTGRES_URL names an empty PostgreSQL database: `tandem copy` the SQLite file
   into it, serve the copy with two instances, and compare every API listing the coordinator
   reads on the original with both copies.

Standard library only. Needs a PostgreSQL server only for step 5 (`scripts/pg-test.sh start`).
Exits non-zero at the first thing that is not as a user would expect.
"""
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

TANDEM = sys.argv[1] if len(sys.argv) > 1 else shutil.which("tandem") or "tandem"
PASSWORD = "walk-through-password-2026"
ORGS = [
    ("Northgate NHS Foundation Trust", "nhs_trust"),
    ("Northgate City Council", "local_authority"),
    ("Riverside Care", "independent_provider"),
]
work = tempfile.mkdtemp(prefix="tandem-walk-")
db = f"sqlite:{work}/tandem.db"
env = dict(
    os.environ,
    TANDEM_MAIL__MODE="outbox",
    TANDEM_MAIL__OUTBOX_DIR=f"{work}/outbox",
    TANDEM_COOKIE_SECURE="false",
)
servers = []


def step(msg):
    print(f"== {msg}", flush=True)


def tandem(*args, stdin=None, database=db):
    r = subprocess.run(
        [TANDEM, "--database-url", database, *args],
        input=stdin, capture_output=True, text=True, env=env,
    )
    if r.returncode != 0:
        sys.exit(f"tandem {' '.join(args)} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return r.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(database):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(f"{work}/serve-{port}.log", "w")
    p = subprocess.Popen(
        [TANDEM, "--database-url", database, "serve", "--listen", f"127.0.0.1:{port}"],
        env=dict(env, TANDEM_BASE_URL=base), stdout=log, stderr=subprocess.STDOUT,
    )
    servers.append(p)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/readyz", timeout=1)
            return base
        except OSError:
            if p.poll() is not None:
                sys.exit(f"serve exited: see {log.name}")
            time.sleep(0.2)
    sys.exit("serve did not become ready")


class Client:
    """A browser-like session (cookies, CSRF) that signs in and makes an API token."""

    def __init__(self, base, email):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.post_form("/sign-in", {"email": email, "password": PASSWORD})
        page = self.post_form("/account/api-tokens", {"name": "walk"})
        m = re.search(r'<code class="tandem-token">([^<]*)</code>', page)
        if not m:
            sys.exit(f"{email}: no API token after signing in")
        self.token = m.group(1)

    def post_form(self, path, fields):
        page = self.opener.open(self.base + ("/sign-in" if path == "/sign-in" else "/account")).read().decode()
        csrf = re.search(r'name="csrf_token" value="([^"]*)"', page).group(1)
        data = urllib.parse.urlencode(dict(fields, csrf_token=csrf)).encode()
        return self.opener.open(self.base + path, data).read().decode()

    def api(self, method, path, body=None, expect=(200, 201)):
        req = urllib.request.Request(
            self.base + path, method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        if status not in expect:
            sys.exit(f"{method} {path}: {status} {text}")
        return json.loads(text) if text else None


def items(listing, key="items"):
    """The list of a listing: a bare array, or the array under `key` of an object."""
    return listing[key] if isinstance(listing, dict) else listing


try:
    step("tandem init: three organisations, an administrator who is also the scheme coordinator")
    init = f"{work}/init.toml"
    with open(init, "w") as f:
        f.write('[scheme]\nname = "Northgate Mentoring Consortium"\ncountries = ["GB"]\n'
                'languages = ["en-GB"]\ntime_zone = "Europe/London"\n\n')
        for name, kind in ORGS:
            f.write(f'[[organisations]]\nname = "{name}"\nkind = "{kind}"\ncountry = "GB"\n\n')
        f.write('[administrator]\ngiven_name = "Sam"\nfamily_name = "Okafor"\n'
                'email = "sam.okafor@northgate.example"\n')
    print(tandem("init", "--file", init, "--password-stdin", stdin=PASSWORD + "\n"), end="")
    r = subprocess.run([TANDEM, "--database-url", db, "init", "--file", init, "--password-stdin"],
                       input=PASSWORD + "\n", capture_output=True, text=True, env=env)
    assert r.returncode != 0 and "Northgate Mentoring Consortium" in r.stderr, r.stderr
    print("   a second init refuses:", r.stderr.strip().splitlines()[-1][:120])

    step("tandem import people: twelve people from an HR extract, each given an account")
    people = []
    with open(f"{work}/hr.csv", "w") as f:
        f.write("given_name,family_name,email,organisation,job_title,profession,grade_system,grade\n")
        for i in range(12):
            org = ORGS[i % 3][0]
            email = f"person{i}@northgate.example"
            senior = i < 6
            f.write(f"Person,Number {i},{email},{org},{'Head of service' if senior else 'Team leader'},"
                    f"nursing,afc,{'8b' if senior else '6'}\n")
            people.append((email, org, "mentor" if senior else "mentee"))
    print("  ", tandem("import", "people", f"{work}/hr.csv").strip().splitlines()[-1])
    for email, _, _ in people:
        tandem("user", "create", "--email", email, "--role", "participant", "--password-stdin",
               stdin=PASSWORD + "\n")
    for n, (org, _) in enumerate(ORGS):
        tandem("user", "create", "--email", f"coordinator{n}@northgate.example", "--role",
               "organisation_coordinator", "--organisation", org, "--given-name", "Coordinator",
               "--family-name", f"Number {n}", "--job-title", "Learning lead",
               "--profession", "management", "--grade-system", "afc", "--grade", "8a", "--password-stdin", stdin=PASSWORD + "\n")

    step("serve; the scheme coordinator adds a programme and an intake")
    original = serve(db)
    coord = Client(original, "sam.okafor@northgate.example")
    orgs = items(coord.api("GET", "/api/v1/organisations"))
    assert sorted(o["name"] for o in orgs) == sorted(n for n, _ in ORGS), orgs
    programme = coord.api("POST", "/api/v1/programmes", {
        "name": "Cross-employer mentoring", "description": "One-to-one mentoring across employers.",
        "kind": "mentoring", "rules": {"modes": ["video", "in_person"], "session_cap": 6}})
    today = time.strftime("%Y-%m-%d")
    intake = coord.api("POST", f"/api/v1/programmes/{programme['id']}/intakes", {
        "name": "Spring intake", "opens_on": today, "closes_on": "2099-01-31",
        "starts_on": "2099-03-01",
        "places": [{"organisation_id": o["id"], "places": 4} for o in orgs]})

    step("six mentors and six mentees apply; their organisation coordinators approve them")
    for email, _, role in people:
        c = Client(original, email)
        c.api("POST", f"/api/v1/intakes/{intake['id']}/applications", {
            "role": role, "modes": ["video"], "availability": ["tue_am", "thu_pm"],
            "goals" if role == "mentee" else "expertise": ["engaging_the_team"]})
    pending = items(coord.api("GET", f"/api/v1/intakes/{intake['id']}/applications"), "applications")
    assert len(pending) == 12, f"{len(pending)} applications"
    for n, _ in enumerate(ORGS):
        oc = Client(original, f"coordinator{n}@northgate.example")
        mine = items(oc.api("GET", f"/api/v1/intakes/{intake['id']}/applications"), "applications")
        assert len(mine) == 4, f"organisation coordinator {n} sees {len(mine)} applications"
        for a in mine:
            oc.api("POST", f"/api/v1/applications/{a['id']}/decision", {"decision": "approve"})

    step("the scheme coordinator runs matching and publishes the run")
    run = coord.api("POST", f"/api/v1/intakes/{intake['id']}/match-runs")
    coord.api("POST", f"/api/v1/match-runs/{run['id']}/publish")
    rels = items(coord.api("GET", f"/api/v1/intakes/{intake['id']}/relationships"))
    assert len(rels) == 6, f"{len(rels)} relationships for 6 mentees"
    print(f"   {len(rels)} relationships; offers in the outbox: {len(os.listdir(work + '/outbox'))} e-mails")

    pg = os.environ.get("TANDEM_WALK_POSTGRES_URL")
    if not pg:
        print("== (TANDEM_WALK_POSTGRES_URL not set: the copy to PostgreSQL is not walked)")
    else:
        step("tandem copy to PostgreSQL; two instances serve the copy")
        for s in servers:
            s.terminate()
            s.wait()
        servers.clear()
        print(subprocess.run([TANDEM, "copy", "--from", db, "--to", pg], env=env, check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1])
        original = serve(db)
        copies = [serve(pg), serve(pg)]
        coord.base = original
        paths = ["/api/v1/scheme", "/api/v1/scheme/settings", "/api/v1/organisations",
                 "/api/v1/people", "/api/v1/programmes", "/api/v1/mentors",
                 f"/api/v1/intakes/{intake['id']}/applications",
                 f"/api/v1/intakes/{intake['id']}/match-runs",
                 f"/api/v1/intakes/{intake['id']}/relationships"]
        paths += [f"/api/v1/relationships/{r['relationship']['id']}" for r in rels]
        want = {p: coord.api("GET", p) for p in paths}
        for base in copies:
            coord.base = base
            for p in paths:
                assert coord.api("GET", p) == want[p], f"{p} differs on {base}"
        print(f"   {len(paths)} API listings the same on the original and both PostgreSQL instances")
    print("== first run walked: OK")
finally:
    for s in servers:
        s.terminate()
    for s in servers:
        s.wait()
    if os.environ.get("TANDEM_WALK_KEEP") != "1":
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"(kept {work})")
