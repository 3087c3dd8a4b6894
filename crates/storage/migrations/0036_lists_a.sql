-- Applications and mentors lists that cost one page. Portable SQL (SQLite and PostgreSQL).
--
-- An intake's applications are listed by submission time and id (keyset paging): these indexes
-- serve that order for the whole intake, for one organisation's places, and for one status, so
-- a page deep in the list reads a page of rows (see `list_pages`).
CREATE INDEX applications_intake_order ON applications (intake_id, submitted_at, id);
CREATE INDEX applications_intake_org_order ON applications (intake_id, organisation_id, submitted_at, id);
CREATE INDEX applications_intake_status_order ON applications (intake_id, status, submitted_at, id);
CREATE INDEX applications_intake_org_status_order ON applications (intake_id, organisation_id, status, submitted_at, id);
-- The mentors' list asks of each person of a page whether they applied to mentor.
CREATE INDEX applications_by_person_role ON applications (person_id, role);
