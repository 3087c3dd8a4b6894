-- mentor minimum loads in matching runs. Portable SQL (SQLite and PostgreSQL).
-- Nothing to store: the minimum is the programme's `mentor_load_min` (in its rules document), a
-- run's snapshot carries it and the mentors' current loads in its inputs JSON, and the mentors
-- below it are part of the result JSON (`mentors_below_min`). The version stays reserved.
SELECT 1;
