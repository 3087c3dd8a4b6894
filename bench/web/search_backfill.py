#!/usr/bin/env python3
"""Times, on a copy of a database from before, the same statements `people_search::SQLITE_LISTED_COLUMNS`
runs once at start (the back-fill of people_search's copied keys): `python3 bench/web/search_backfill.py COPY.db`."""
import sqlite3, time, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
L = lambda i, e: f"CASE WHEN {e} IS NULL AND NOT EXISTS (SELECT 1 FROM registrations rg WHERE rg.person_id = {i} AND (rg.email_confirmed_at IS NULL OR rg.employment = 'not_employed')) THEN 1 ELSE 0 END"
stmts = [
 "DROP TRIGGER IF EXISTS people_search_ai","DROP TRIGGER IF EXISTS people_search_au","DROP TRIGGER IF EXISTS people_search_ad","DROP TRIGGER IF EXISTS people_search_fts_au",
 "ALTER TABLE people_search ADD COLUMN scheme_id TEXT NOT NULL DEFAULT ''",
 "ALTER TABLE people_search ADD COLUMN family_key TEXT NOT NULL DEFAULT ''",
 "ALTER TABLE people_search ADD COLUMN given_key TEXT NOT NULL DEFAULT ''",
 "ALTER TABLE people_search ADD COLUMN listed INTEGER NOT NULL DEFAULT 0",
 f"UPDATE people_search SET scheme_id = p.scheme_id, family_key = p.family_key, given_key = p.given_key, listed = {L('p.id','p.erased_at')} FROM people p WHERE p.id = people_search.person_id",
]
t0=time.perf_counter(); c0=time.process_time()
db.execute("BEGIN")
for s in stmts: db.execute(s)
db.execute("COMMIT")
print(f"back-fill: wall {time.perf_counter()-t0:.1f} s, CPU {time.process_time()-c0:.1f} s")
