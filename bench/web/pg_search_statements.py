#!/usr/bin/env python3
"""Issue #18: PostgreSQL people search at 1,000,000 people, the statements of before (the planner
chooses) and after (`people_text_walk`'s capped count, then, below WALK_FROM, the matches behind a
MATERIALIZED CTE). See docs/benchmarks-web.md. Read-only: SELECT and EXPLAIN only.

    python3 bench/web/pg_search_statements.py postgres://postgres@127.0.0.1:37796/bench1m

Prints, per search, the median ms (of 5 runs after a warm-up, psql's \\timing) of each
statement, and asserts that before and after answer the same rows."""
import subprocess, sys, statistics

URL = sys.argv[1]
C = ' COLLATE "C"'
LISTED = ("NOT EXISTS (SELECT 1 FROM registrations rg WHERE rg.person_id = p.id AND "
          "(rg.email_confirmed_at IS NULL OR rg.employment = 'not_employed')) AND p.erased_at IS NULL")
ORDER = f"family_key{C}, given_key{C}, id{C}"


def psql(sql, *flags):
    out = subprocess.run(["psql", "-X", "-v", "ON_ERROR_STOP=1", URL, *flags],
                         input=sql, capture_output=True, text=True, check=True)
    return out.stdout


def one(sql):
    return psql(sql, "-At").strip()


S = "'" + one("SELECT id FROM schemes LIMIT 1") + "'"
ORG = "'" + one("SELECT organisation_id FROM employments GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1") + "'"
ME = "'" + one(f"SELECT person_id FROM employments WHERE organisation_id = {ORG} ORDER BY person_id LIMIT 1") + "'"
EMAIL = one("SELECT search_key FROM people ORDER BY id LIMIT 1 OFFSET 500000").split()[-1]


def like(terms):
    return " AND ".join(f"p.search_key LIKE '%{t}%' ESCAPE '\\'" for t in terms)


def where(terms):
    return f"p.scheme_id = {S} AND {LISTED} AND {like(terms)}"


def outer(inner):
    return ("SELECT page.id, page.given_name, page.family_name, page.email, e.organisation_id, "
            f"o.name, e.job_title FROM ({inner}) page LEFT JOIN LATERAL (SELECT e2.* FROM employments e2 "
            "WHERE e2.person_id = page.id ORDER BY e2.is_primary DESC, e2.ordinal LIMIT 1) e ON TRUE "
            "LEFT JOIN organisations o ON o.id = e.organisation_id "
            f"ORDER BY page.family_key{C}, page.given_key{C}, page.id{C}")


def before(terms, scoped):
    w = where(terms)
    if not scoped:
        return [f"SELECT COUNT(*) FROM (SELECT 1 FROM people p WHERE {w} LIMIT 1001) c",
                outer(f"SELECT p.* FROM people p WHERE {w} ORDER BY p.{ORDER.replace(', ', ', p.')} LIMIT 51")]
    arm = (f"SELECT * FROM (SELECT DISTINCT e.family_key{C} AS fk, e.given_key{C} AS gk, e.person_id{C} AS id "
           f"FROM employments e JOIN people p ON p.id = e.person_id WHERE e.organisation_id = {ORG} AND {w} "
           f"ORDER BY fk, gk, id LIMIT 51) a0 UNION SELECT p.family_key{C}, p.given_key{C}, p.id{C} "
           f"FROM people p WHERE p.id = {ME} AND {w}")
    carm = (f"SELECT * FROM (SELECT DISTINCT e.person_id AS id FROM employments e JOIN people p ON p.id = e.person_id "
            f"WHERE e.organisation_id = {ORG} AND {w} ORDER BY e.person_id LIMIT 1001) a0 "
            f"UNION SELECT p.id FROM people p WHERE p.id = {ME} AND {w}")
    return [f"SELECT COUNT(*) FROM ({carm}) c",
            outer(f"SELECT p.* FROM (SELECT m.id FROM ({arm}) m ORDER BY m.fk{C}, m.gk{C}, m.id{C} LIMIT 51) d "
                  "JOIN people p ON p.id = d.id")]


def walk_count(terms):
    return (f"WITH m AS MATERIALIZED (SELECT 1 AS one FROM people p WHERE {like(terms)}) "
            "SELECT COUNT(*) FROM (SELECT one FROM m LIMIT 20000) t")


def after(terms, scoped):
    w = where(terms)
    t = (f" AND (m.id = {ME} OR m.id IN (SELECT se.person_id FROM employments se "
         f"WHERE se.person_id = m.id AND se.organisation_id IN ({ORG})))") if scoped else ""
    return [f"WITH m AS MATERIALIZED (SELECT p.id FROM people p WHERE {w}) "
            f"SELECT COUNT(*) FROM (SELECT 1 FROM m WHERE TRUE{t} LIMIT 1001) c",
            outer(f"WITH m AS MATERIALIZED (SELECT p.id, p.family_key, p.given_key FROM people p WHERE {w}) "
                  f"SELECT p.* FROM people p WHERE p.id = ANY (ARRAY(SELECT m.id FROM m WHERE TRUE{t} "
                  f"ORDER BY m.{ORDER.replace(', ', ', m.')} LIMIT 51))")]


def median_ms(sql):
    out = psql("\\timing on\n" + (sql + ";\n") * 6, "-o", "/dev/null")
    times = [float(line.split()[1]) for line in out.splitlines() if line.startswith("Time:")]
    return statistics.median(times[1:])


SEARCHES = [("jansen", ["jansen"]), ("de vries", [" de", "vries"]), ("jan", ["jan"]),
            ("unique e-mail", [EMAIL]), ("an", [" an"])]
print(f"load: {open('/proc/loadavg').read().split()[:3]}")
print("| search | scope | matches (to 20,000) | before: count + page ms | after: walk count + count + page ms |")
print("|---|---|---|---|---|")
for label, terms in SEARCHES:
    n = int(one(walk_count(terms)))
    for scoped in (False, True):
        b = before(terms, scoped)
        # At or above WALK_FROM the statements of before run (the walk), after the count.
        a = b if n >= 20000 else after(terms, scoped)
        assert [one(x) for x in b] == [one(x) for x in a], (label, scoped)
        tb = [median_ms(x) for x in b]
        ta = [median_ms(walk_count(terms))] + [median_ms(x) for x in a]
        scope = "organisation coordinator" if scoped else "scheme"
        print(f"| \"{label}\" | {scope} | {n:,} | {tb[0]:.1f} + {tb[1]:.1f} = **{sum(tb):.0f}** | "
              f"{ta[0]:.1f} + {ta[1]:.1f} + {ta[2]:.1f} = **{sum(ta):.0f}** |")
print(f"load: {open('/proc/loadavg').read().split()[:3]}")
