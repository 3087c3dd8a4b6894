-- Issue #5, area sets: tables added by this area.
SELECT 1;
