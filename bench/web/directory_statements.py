#!/usr/bin/env python3
"""Issue #18: the peer directory's statements before (main at 58318b6: the scheme's people walked
in name order, each probed for a listing) and after migration 0044 (the listings walked in name
order through `growth_directory_scheme_name`, each joined to its person by key), timed on a copy
of a Tandem SQLite database at 0044 (opened read only):
`python3 bench/web/directory_statements.py COPY.db`. Asserts both answer alike and prints median
CPU and wall ms per statement set (count + page; the filter's professions). The statements are
those `crates/storage/src/peers.rs` builds for the first page of 25 (`limit + 1` rows read), with
`$n` binds written as names. See docs/benchmarks-web.md, "The peer directory at 1,000,000 people"."""
import sqlite3, sys
from stmt_timing import median_ms
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
db.execute("PRAGMA cache_size=-16384")
S = db.execute("select id from schemes").fetchone()[0]
LISTINGS = db.execute("select count(*) from growth_directory").fetchone()[0]

def primary(col, who):
    return (f"(SELECT {col} FROM employments e JOIN organisations o ON o.id = e.organisation_id "
            f"WHERE e.person_id = {who} ORDER BY e.is_primary DESC, e.ordinal LIMIT 1)")

def page_sql(from_where, fk, gk, pid):
    return (f"SELECT pg_.id, pg_.given_name, pg_.family_name, pg_.language, "
            f"(SELECT d1.interests FROM growth_directory d1 WHERE d1.person_id = pg_.id) AS interests, "
            f"(SELECT d2.dimensions FROM growth_directory d2 WHERE d2.person_id = pg_.id) AS dimensions, "
            f"{primary('e.job_title', 'pg_.id')} AS job_title, {primary('e.profession', 'pg_.id')} AS profession, "
            f"{primary('o.name', 'pg_.id')} AS organisation, {primary('o.kind', 'pg_.id')} AS organisation_kind, "
            f"{primary('o.region', 'pg_.id')} AS region "
            f"FROM (SELECT {pid} AS id, p.given_name, p.family_name, p.language, {fk} AS family_key, {gk} AS given_key "
            f"FROM {from_where} ORDER BY {fk}, {gk}, {pid} LIMIT 26) pg_ "
            f"ORDER BY pg_.family_key, pg_.given_key, pg_.id")

def count_sql(from_where):
    return f"SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM {from_where} LIMIT 1001) c"

def filters(prof, held):
    return f" AND {held} = :prof" if prof else ""

def before(prof=None):
    fw = ("people p WHERE p.scheme_id = :s AND p.erased_at IS NULL "
          "AND EXISTS (SELECT 1 FROM growth_directory d WHERE d.person_id = p.id)"
          + filters(prof, primary('e.profession', 'p.id')))
    return count_sql(fw), page_sql(fw, "p.family_key", "p.given_key", "p.id")

def after(prof=None):
    fw = ("growth_directory d CROSS JOIN people p WHERE d.scheme_id = :s AND p.id = d.person_id "
          "AND p.scheme_id = :s AND p.erased_at IS NULL" + filters(prof, "d.profession"))
    return count_sql(fw), page_sql(fw, "d.family_key", "d.given_key", "d.person_id")

PROFESSIONS_BEFORE = (f"SELECT DISTINCT x.v FROM (SELECT {primary('e.profession', 'd.person_id')} AS v "
    "FROM growth_directory d JOIN people p ON p.id = d.person_id WHERE p.scheme_id = :s) x "
    "WHERE x.v IS NOT NULL AND x.v <> '' ORDER BY x.v LIMIT 200")
PROFESSIONS_AFTER = ("WITH RECURSIVE v (x, n) AS ( "
    "SELECT (SELECT MIN(d.profession) FROM growth_directory d WHERE d.scheme_id = :s AND d.profession > ''), 1 "
    "UNION ALL SELECT (SELECT MIN(d.profession) FROM growth_directory d WHERE d.scheme_id = :s AND d.profession > v.x), v.n + 1 "
    "FROM v WHERE v.x IS NOT NULL AND v.n < 200) SELECT x AS v FROM v WHERE x IS NOT NULL ORDER BY x")

def run(label, sqls, params, n):
    res, cpu, wall = median_ms(db, sqls, params, n)
    print(f"| {LISTINGS:,} | {label} | {cpu:.2f} | {wall:.2f} |", flush=True)
    return res

if __name__ == "__main__":
    slow = 3 if LISTINGS < 1000 else 5
    p = {"s": S, "prof": "social_work"}
    held = db.execute("SELECT COUNT(*) FROM growth_directory WHERE profession = 'social_work'").fetchone()[0]
    print(f"<!-- {LISTINGS:,} listings, {held:,} of them social_work -->")
    print("| listings | statements | CPU ms (median) | wall ms |\n|---|---|---|---|")
    a = run("first page + count: before", before(), p, slow)
    b = run("first page + count: after", after(), p, 15)
    assert a == b, "first page"
    a = run('profession "social_work": before', before("social_work"), p, slow)
    b = run('profession "social_work": after', after("social_work"), p, 15)
    assert a == b, "profession"
    a = run("filter's professions: before", [PROFESSIONS_BEFORE], p, slow)
    b = run("filter's professions: after", [PROFESSIONS_AFTER], p, 15)
    assert a == b, "professions"
