-- A set meeting's RFC 5545 SEQUENCE, as sessions have: raised when the meeting moves, so the
-- calendar file e-mailed with the notice of its new time replaces the one sent before (same UID).
ALTER TABLE set_meetings ADD COLUMN sequence BIGINT NOT NULL DEFAULT 0;
