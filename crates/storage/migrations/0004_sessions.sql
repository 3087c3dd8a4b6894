-- Issue #5, area sessions: tables added by this area.
SELECT 1;
