-- Issue #5, area growth: tables added by this area.
SELECT 1;
