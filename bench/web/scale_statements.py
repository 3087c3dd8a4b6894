#!/usr/bin/env python3
"""The people list's statements for an organisation coordinator and for common-word searches,
before and after issue #18's 1,000,000-people changes, timed on a copy of a migrated Tandem SQLite
database (read only): `python3 bench/web/scale_statements.py COPY.db`. Prints a Markdown table of
median CPU and wall milliseconds per count + page pair (see docs/benchmarks-web.md)."""
import sqlite3, re, sys
from stmt_timing import median_ms
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
db.execute("PRAGMA cache_size=-16384")
S = db.execute("select id from schemes").fetchone()[0]
orgs = [r[0] for r in db.execute("select id from organisations order by id limit 2")]
ME = db.execute("select person_id from employments where organisation_id=? limit 1", (orgs[0],)).fetchone()[0]
LISTED = "p.scheme_id = :s AND NOT EXISTS (SELECT 1 FROM registrations rg WHERE rg.person_id = p.id AND (rg.email_confirmed_at IS NULL OR rg.employment = 'not_employed')) AND p.erased_at IS NULL"
COLS = "page.id, page.scheme_id, page.given_name, page.family_name, page.email, page.language, e.organisation_id AS e_org, o.name AS e_org_name, e.job_title AS e_job"
def shown(orglist):
    return f"LEFT JOIN employments e ON e.id = (SELECT e2.id FROM employments e2 WHERE e2.person_id = page.id AND (e2.person_id = :me OR e2.organisation_id IN ({orglist})) ORDER BY e2.is_primary DESC, e2.ordinal LIMIT 1) LEFT JOIN organisations o ON o.id = e.organisation_id ORDER BY page.family_key, page.given_key, page.id"
def old_scope(orglist):
    sset = f"(SELECT se.person_id FROM employments se WHERE se.organisation_id IN ({orglist}) UNION SELECT :me) d CROSS JOIN people p ON p.id = d.person_id"
    count = f"SELECT COUNT(*) FROM (SELECT 1 FROM {sset} WHERE {LISTED} LIMIT 1001) c"
    page = f"SELECT {COLS} FROM (SELECT p.* FROM {sset} WHERE {LISTED} ORDER BY p.family_key, p.given_key, p.id LIMIT 51) page {shown(orglist)}"
    return count, page
def new_scope(orgnames):
    arms_c = " UNION ".join(f"SELECT * FROM (SELECT DISTINCT e.person_id AS id FROM employments e CROSS JOIN people p ON p.id = e.person_id WHERE e.organisation_id = {o} AND {LISTED} ORDER BY e.person_id LIMIT 1001) a{i}" for i,o in enumerate(orgnames))
    me = f"SELECT p.id AS id FROM people p WHERE p.id = :me AND {LISTED}"
    count = f"SELECT COUNT(*) FROM ({arms_c} UNION {me}) c"
    arms = " UNION ".join(f"SELECT * FROM (SELECT DISTINCT e.family_key AS fk, e.given_key AS gk, e.person_id AS id FROM employments e CROSS JOIN people p ON p.id = e.person_id WHERE e.organisation_id = {o} AND {LISTED} ORDER BY fk, gk, id LIMIT 51) a{i}" for i,o in enumerate(orgnames))
    me2 = f"SELECT p.family_key AS fk, p.given_key AS gk, p.id AS id FROM people p WHERE p.id = :me AND {LISTED}"
    page = f"SELECT {COLS} FROM (SELECT p.* FROM (SELECT m.id AS person_id FROM ({arms} UNION {me2}) m ORDER BY m.fk, m.gk, m.id LIMIT 51) d CROSS JOIN people p ON p.id = d.person_id) page {shown(','.join(orgnames))}"
    return count, page
def fts_driver(m):
    return f"WITH d AS MATERIALIZED (SELECT ps.person_id FROM people_search ps WHERE ps.rowid IN (SELECT rowid FROM people_search_fts WHERE people_search_fts MATCH '{m}')) "
def search_index(m, scope):
    w = fts_driver(m)
    cond = LISTED + (f" AND {scope}" if scope else "")
    count = f"{w}SELECT COUNT(*) FROM (SELECT 1 FROM d CROSS JOIN people p ON p.id = d.person_id WHERE {cond} LIMIT 1001) c"
    page = f"{w}SELECT {COLS} FROM (SELECT p.* FROM d CROSS JOIN people p ON p.id = d.person_id WHERE {cond} ORDER BY p.family_key, p.given_key, p.id LIMIT 51) page {shown(':o0')}"
    return count, page
def search_walk(term):
    cond = LISTED + f" AND p.search_key LIKE '%{term}%'"
    count = f"SELECT COUNT(*) FROM (SELECT 1 FROM people p WHERE {cond} LIMIT 1001) c"
    page = f"SELECT {COLS} FROM (SELECT p.* FROM people p WHERE {cond} ORDER BY p.family_key, p.given_key, p.id LIMIT 51) page {shown(':o0')}"
    return count, page
def run(label, sqls, extra=None, n=15):
    params = {"s": S, "me": ME, "o0": orgs[0], "o1": orgs[1]}
    _, cpu, wall = median_ms(db, sqls, params, n)
    print(f"| {label} | {cpu:.2f} | {wall:.2f} |", flush=True)

print("| statement pair (count + page) | CPU ms (median) | wall ms |\n|---|---|---|")
run("org coordinator, one organisation: before", old_scope(":o0"), n=5)
run("org coordinator, one organisation: after", new_scope([":o0"]))
run("org coordinator, two organisations: before", old_scope(":o0, :o1"), n=5)
run("org coordinator, two organisations: after", new_scope([":o0", ":o1"]))
run('search "jansen", scheme (text index)', search_index('"jansen"', None), n=7)
run('search "jansen", scheme (walk)', search_walk('jansen'), n=3)
run('search "jansen", one organisation: before (scope as a set)', search_index('"jansen"', "p.id IN (SELECT se.person_id FROM employments se WHERE se.organisation_id IN (:o0) UNION SELECT :me)"), n=5)
run('search "jansen", one organisation: after (scope tested per match)', search_index('"jansen"', "(p.id = :me OR p.id IN (SELECT se.person_id FROM employments se WHERE se.person_id = p.id AND se.organisation_id IN (:o0)))"), n=7)
for t in ["example.org"]:
    c = db.execute(f"SELECT COUNT(*) FROM (SELECT rowid FROM people_search_fts WHERE people_search_fts MATCH '\"{t}\"' LIMIT 20000)").fetchone()[0]
    print(f"<!-- {t}: {c} matches (capped 20000) -->")
    run(f'search "{t}" (matches everyone), text index', search_index(f'"{t}"', None), n=3)
    run(f'search "{t}" (matches everyone), walk', search_walk(t), n=7)
run("the decision: text index matches counted up to 20,000 (\"jansen\")", ["SELECT COUNT(*) FROM (SELECT rowid FROM people_search_fts WHERE people_search_fts MATCH '\"jansen\"' LIMIT 20000)"])
