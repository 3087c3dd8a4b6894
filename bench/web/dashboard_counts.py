#!/usr/bin/env python3
"""The coordinators' dashboards' people figures before and after the maintained counts
(migration 0043, issue #18), timed on a copy of a Tandem SQLite database (read only):
`python3 bench/web/dashboard_counts.py COPY.db [before|after]`. "before" runs the capped counts
the dashboards ran (storage `figures.rs`), "after" the one statement of maintained counts (storage
`people_counts.rs`) and, for an organisation coordinator, its total. Also times each statement
of the organisation coordinator's home (storage `homes.rs`). Prints a Markdown table of median
CPU and wall milliseconds (see docs/benchmarks-web.md)."""
import sqlite3, sys, time
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
db.execute("PRAGMA cache_size=-16384")
mode = sys.argv[2] if len(sys.argv) > 2 else "after"
S = db.execute("select id from schemes").fetchone()[0]
orgs = [r[0] for r in db.execute("select id from organisations order by id")]
O = orgs[0]
ME = db.execute("select person_id from employments where organisation_id=? limit 1", (O,)).fetchone()[0]
LISTED = ("p.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM registrations rg WHERE rg.person_id = p.id "
          "AND (rg.email_confirmed_at IS NULL OR rg.employment = 'not_employed'))")
CAP = 10001
count_employees = "SELECT COUNT(*) AS n FROM (SELECT DISTINCT e.person_id FROM employments e WHERE e.organisation_id = ? LIMIT ?) t"
count_listed_people = f"SELECT COUNT(*) AS n FROM (SELECT p.id FROM people p WHERE p.scheme_id = ? AND {LISTED} LIMIT ?) t"
count_listed_employees = (f"SELECT (SELECT COUNT(*) FROM (SELECT DISTINCT e.person_id FROM employments e JOIN people p ON p.id = e.person_id "
    f"WHERE e.organisation_id IN (?) AND {LISTED} LIMIT ?) t) + (SELECT COUNT(*) FROM people p WHERE p.id = ? AND {LISTED} "
    f"AND NOT EXISTS (SELECT 1 FROM employments e WHERE e.person_id = p.id AND e.organisation_id IN (?))) AS n")
people_counts = ("SELECT 's' AS kind, c.scheme_id AS id, c.listed AS listed, c.listed AS employed FROM scheme_people_counts c WHERE c.scheme_id = ?1 "
    "UNION ALL SELECT 'o' AS kind, c.organisation_id AS id, c.listed AS listed, c.employed AS employed FROM organisations o "
    "JOIN organisation_people_counts c ON c.organisation_id = o.id WHERE o.scheme_id = ?1")
listed_employees_of = (f"SELECT COALESCE((SELECT c.listed FROM organisation_people_counts c WHERE c.organisation_id = ?1), 0) + "
    f"(SELECT COUNT(*) FROM people p WHERE p.id = ?2 AND {LISTED} AND NOT EXISTS (SELECT 1 FROM employments e "
    f"WHERE e.person_id = p.id AND e.organisation_id = ?1)) AS n")

def run(label, stmts, n=9):
    for sql, args in stmts: db.execute(sql, args).fetchall()
    cpu = []; wall = []
    for _ in range(n):
        t0 = time.process_time(); w0 = time.perf_counter()
        for sql, args in stmts: db.execute(sql, args).fetchall()
        cpu.append((time.process_time() - t0) * 1000); wall.append((time.perf_counter() - w0) * 1000)
    cpu.sort(); wall.sort()
    print(f"| {label} | {cpu[n//2]:.3f} | {wall[n//2]:.3f} |", flush=True)

print("| statements | CPU ms (median) | wall ms |\n|---|---|---|")
if mode == "before":
    run("scheme coordinator: 40 organisations + scheme total (capped counts)",
        [(count_employees, (o, CAP)) for o in orgs] + [(count_listed_people, (S, CAP))], n=5)
    run("organisation coordinator: own organisation + total (capped counts)",
        [(count_employees, (O, CAP)), (count_listed_employees, (O, CAP, ME, O))], n=5)
else:
    run("scheme coordinator: maintained counts (one statement)", [(people_counts, (S,))], n=51)
    run("organisation coordinator: maintained counts + total", [(people_counts, (S,)), (listed_employees_of, (O, ME))], n=51)
# The organisation coordinator's home (storage homes.rs), one organisation.
since = "2026-09-08"
home = {
    "applications awaiting (count)": ("SELECT COUNT(*) AS n FROM (SELECT a.id FROM applications a WHERE a.status = ? AND a.organisation_id IN (?) LIMIT ?) t", ("awaiting_coordinator", O, CAP)),
    "nominated (count)": ("SELECT COUNT(*) AS n FROM (SELECT a.id FROM applications a WHERE a.status = ? AND a.organisation_id IN (?) LIMIT ?) t", ("nominated", O, CAP)),
    "registrations waiting (count)": ("SELECT COUNT(*) AS n FROM (SELECT r.person_id FROM registrations r WHERE r.scheme_id = ? AND r.employment = 'pending' AND r.email_confirmed_at IS NOT NULL AND r.organisation_id IN (?) LIMIT ?) t", (S, O, CAP)),
    "applications awaiting (list of 10)": ("SELECT a.id, p.given_name FROM applications a JOIN people p ON p.id = a.person_id JOIN intakes i ON i.id = a.intake_id JOIN programmes g ON g.id = i.programme_id WHERE a.status = 'awaiting_coordinator' AND g.scheme_id = ? AND a.organisation_id IN (?) ORDER BY a.submitted_at, a.id LIMIT ?", (S, O, 10)),
    "places used": ("SELECT i.id FROM programmes g JOIN intakes i ON i.programme_id = g.id JOIN intake_places ip ON ip.intake_id = i.id WHERE g.scheme_id = ? AND i.closes_on >= ? AND ip.organisation_id IN (?) ORDER BY i.closes_on, i.id, ip.organisation_id LIMIT ?", (S, since, O, 20)),
    "organisations list": ("SELECT * FROM organisations WHERE scheme_id = ? ORDER BY name_key", (S,)),
}
for label, (sql, args) in home.items():
    plan = " / ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, args))
    print(f"<!-- {label}: {plan} -->")
    run(f"home: {label}", [(sql, args)], n=21)
