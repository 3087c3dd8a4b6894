#!/usr/bin/env python3
"""One import statement of employments, before and after issue #18's import change, timed on a
copy of a Tandem SQLite database with people in it (each run rolled back, so the copy is left as
it was; never point it at a database you keep): `python3 bench/web/import_statements.py COPY.db`.

Before: each row's name keys by two sub-selects (a cursor per sub-select, open to the end of the
statement). After: the rows as a `VALUES` table joined once to `people`. Prints a Markdown table
of median CPU milliseconds per statement (see docs/benchmarks-web.md). (`scale_statements.py`
times reads and runs on import, so its `run` cannot be imported here.)"""
import sqlite3, statistics, sys, time, uuid

db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA cache_size=-16384")
IDS = [r[0] for r in db.execute("SELECT id FROM people LIMIT 2000")]
ORG = db.execute("SELECT id FROM organisations LIMIT 1").fetchone()[0]
INSERT = ("INSERT INTO employments (id, person_id, organisation_id, ordinal, job_title, "
          "profession, grade_system, grade, line_manager_id, is_primary, family_key, given_key)")

def subselects(n):
    row = ("(?,?,?,?,?,?,?,?,?,?,(SELECT kp.family_key FROM people kp WHERE kp.id = ?),"
           "(SELECT kp.given_key FROM people kp WHERE kp.id = ?))")
    return INSERT + " VALUES " + ",".join([row] * n)

def join(n):
    return (INSERT + " SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, "
            "v.column7, v.column8, v.column9, v.column10, kp.family_key, kp.given_key FROM (VALUES "
            + ",".join(["(?,?,?,?,?,?,?,?,?,?)"] * n)
            + ") AS v LEFT JOIN people kp ON kp.id = v.column2")

def run(label, n, sql, keys_bound, runs=7):
    cpu = []
    for _ in range(runs):
        args = []
        for i in range(n):
            args += [str(uuid.uuid4()), IDS[i], ORG, 5, "Nurse", "nursing", "afc", "5", None, 0]
            if keys_bound:
                args += [IDS[i], IDS[i]]
        db.execute("BEGIN IMMEDIATE")
        t0 = time.process_time()
        db.execute(sql(n), args)
        cpu.append((time.process_time() - t0) * 1000)
        db.execute("ROLLBACK")
    print(f"| {label} | {n:,} | {statistics.median(cpu):.1f} | {statistics.median(cpu) / n * 1000:.1f} |", flush=True)

print("| employments statement | rows | CPU ms (median) | µs a row |\n|---|---|---|---|")
for n in (200, 2000):
    run("sub-selects per row (before)", n, subselects, True)
    run("one join (after)", n, join, False)
