-- The coordinators' dashboards from maintained counts (issue #18). Portable SQL (SQLite and
-- PostgreSQL).
--
-- A dashboard used to count people on every request (each organisation's employees and the
-- scheme's listed people, capped at 10,001 rows each: 83 ms CPU for 40 organisations at
-- 1,000,000 people). These two tables hold the figures instead, kept by every write that changes
-- them, in that write's own transaction (storage `people_counts.rs`): a dashboard reads one row
-- per organisation.
--
-- `listed` follows the people list's rule (storage `figures.rs`, `LISTED`): not erased, and no
-- self-registration that is unconfirmed or was ended. `employed` counts everyone with an
-- employment at the organisation, listed or not (as the dashboard always has). A missing row
-- means zero.
CREATE TABLE scheme_people_counts (
    scheme_id TEXT PRIMARY KEY REFERENCES schemes (id) ON DELETE CASCADE,
    listed BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE organisation_people_counts (
    organisation_id TEXT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    employed BIGINT NOT NULL DEFAULT 0,
    listed BIGINT NOT NULL DEFAULT 0
);
-- The back-fill: the same counts, once, from the tables as they stand.
INSERT INTO scheme_people_counts (scheme_id, listed)
SELECT p.scheme_id, COUNT(*) FROM people p
WHERE p.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM registrations rg
    WHERE rg.person_id = p.id AND (rg.email_confirmed_at IS NULL OR rg.employment = 'not_employed'))
GROUP BY p.scheme_id;
INSERT INTO organisation_people_counts (organisation_id, employed, listed)
SELECT e.organisation_id, COUNT(DISTINCT e.person_id),
    COUNT(DISTINCT CASE WHEN p.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM registrations rg
        WHERE rg.person_id = p.id AND (rg.email_confirmed_at IS NULL OR rg.employment = 'not_employed'))
        THEN e.person_id END)
FROM employments e JOIN people p ON p.id = e.person_id
GROUP BY e.organisation_id;
