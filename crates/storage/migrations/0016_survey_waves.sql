-- Survey waves (issue #14): the scheduler opens a request when a relationship starts, closes,
-- is six months closed, or holds a session. Each of those reads a narrow window of one column,
-- so these indexes keep a tick's cost flat however many relationships a scheme has had.
CREATE INDEX relationships_activated ON relationships (activated_at);
CREATE INDEX relationships_closed ON relationships (closed_at);
CREATE INDEX relationship_sessions_status_held ON relationship_sessions (status, held_on);
-- Requests waiting for their one reminder.
CREATE INDEX survey_requests_remind ON survey_requests (reminded_at, opens_at);
