#!/usr/bin/env python3
"""Issue #18: the text-index search page before and after people_search carried the sort keys
(see docs/benchmarks-web.md). `python3 bench/web/search_statements.py COPY.db` on a migrated copy;
asserts both answer alike and prints median CPU and wall ms per count + page pair."""
import sqlite3, sys
from stmt_timing import median_ms
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
db.execute("PRAGMA cache_size=-16384")
S = db.execute("select id from schemes").fetchone()[0]
LISTED = "p.scheme_id = :s AND NOT EXISTS (SELECT 1 FROM registrations rg WHERE rg.person_id = p.id AND (rg.email_confirmed_at IS NULL OR rg.employment = 'not_employed')) AND p.erased_at IS NULL"
COLS = "page.id, page.given_name, page.family_name, page.email, e.organisation_id AS e_org, o.name AS e_org_name, e.job_title AS e_job"
SHOWN = "LEFT JOIN employments e ON e.id = (SELECT e2.id FROM employments e2 WHERE e2.person_id = page.id ORDER BY e2.is_primary DESC, e2.ordinal LIMIT 1) LEFT JOIN organisations o ON o.id = e.organisation_id ORDER BY page.family_key, page.given_key, page.id"
def before(m):
    w = f"WITH d AS MATERIALIZED (SELECT ps.person_id FROM people_search ps WHERE ps.rowid IN (SELECT rowid FROM people_search_fts WHERE people_search_fts MATCH :m)) "
    cf = "(SELECT ps.person_id FROM people_search ps WHERE ps.rowid IN (SELECT rowid FROM people_search_fts WHERE people_search_fts MATCH :m)) d CROSS JOIN people p ON p.id = d.person_id"
    count = f"SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM {cf} WHERE {LISTED} LIMIT 1001) c"
    page = f"{w}SELECT {COLS} FROM (SELECT p.* FROM d CROSS JOIN people p ON p.id = d.person_id WHERE {LISTED} ORDER BY p.family_key, p.given_key, p.id LIMIT 51) page {SHOWN}"
    return count, page
SRC = "people_search_fts CROSS JOIN people_search ps ON ps.rowid = people_search_fts.rowid"
PSW = "people_search_fts MATCH :m AND ps.scheme_id = :s AND ps.listed = 1"
def after(m):
    count = f"SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM {SRC} WHERE {PSW} LIMIT 1001) c"
    page = f"SELECT {COLS} FROM (SELECT p.* FROM (SELECT ps.person_id FROM {SRC} WHERE {PSW} ORDER BY ps.family_key, ps.given_key, ps.person_id LIMIT 51) ranked CROSS JOIN people p ON p.id = ranked.person_id) page {SHOWN}"
    return count, page
def run(label, sqls, m, n):
    res, cpu, wall = median_ms(db, sqls, {"s": S, "m": m}, n)
    print(f"| {label} | {cpu:.1f} | {wall:.1f} |", flush=True)
    return res
print("| search (count + page) | CPU ms (median) | wall ms |\n|---|---|---|")
for label, m in [('"jansen"', '"jansen"'), ('rare: "jansen.12345"', '"jansen.12345"'), ('e-mail domain "org3.example"', '"org3.example"'), ('two words "jan jansen"', '"jan" "jansen"')]:
    c = db.execute("SELECT COUNT(*) FROM people_search_fts WHERE people_search_fts MATCH ?", (m,)).fetchone()[0]
    a = run(f"{label} ({c} matches): before", before(m), m, 7)
    b = run(f"{label}: after", after(m), m, 7)
    assert a == b, label
