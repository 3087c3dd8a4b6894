-- Evaluation (issue #14): surveys, the requests that ask a person to answer one at a wave, the
-- answers (kept apart from who gave them), per-scale scores, research consent and the key that
-- makes respondents pseudonymous. Portable SQL (SQLite and PostgreSQL).

-- A programme's survey. `items` is JSON (tandem_domain::survey::Item: the programme's own
-- questions and locked instruments by code); `waves` a comma-separated list of wave codes.
-- `version` rises with every change, and a response names the version its form showed.
CREATE TABLE surveys (
    id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    title_en TEXT NOT NULL,
    title_nl TEXT NOT NULL,
    waves TEXT NOT NULL,
    items TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX surveys_programme ON surveys (programme_id);

-- One person asked to answer one survey at one wave: for one relationship, and for session
-- feedback one session (`session_key`: the session's or set meeting's id, '' otherwise).
-- `organisation_id` is the organisation whose place the person took (response rates per
-- organisation); `role` their part (mentor, mentee, partner, member). Answering sets
-- `answered_at` in the transaction that stores the response, and only while it is NULL, so a
-- second submission stores nothing. `dedup_key` (survey:wave:relationship:session:person) makes
-- the scheduler's opening of requests idempotent across instances.
CREATE TABLE survey_requests (
    id TEXT PRIMARY KEY,
    survey_id TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    wave TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    relationship_id TEXT REFERENCES relationships (id) ON DELETE CASCADE,
    session_key TEXT NOT NULL,
    programme_id TEXT NOT NULL,
    intake_id TEXT NOT NULL,
    organisation_id TEXT,
    role TEXT NOT NULL,
    opens_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    reminded_at TEXT,
    answered_at TEXT,
    declined_at TEXT,
    dedup_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE INDEX survey_requests_person ON survey_requests (person_id, answered_at);
CREATE INDEX survey_requests_survey ON survey_requests (survey_id, wave);
CREATE INDEX survey_requests_programme ON survey_requests (programme_id, intake_id, wave);
CREATE INDEX survey_requests_open ON survey_requests (answered_at, closes_at);

-- An answered survey. It holds no person: `respondent` is an HMAC of the person's id under the
-- installation's evaluation key (below), so one person's baseline and end answers pair up while
-- nobody reading answers learns who gave them. The id is random (not time-ordered) and only the
-- month of submission is kept, so a response cannot be linked to the request answered at that
-- moment. `research_consent` and `share_free_text` are the respondent's choices when answering.
-- `pair_key` is an HMAC of the person *and the relationship* the answer was about: before/after
-- pairs form on it, so a mentor with two mentees gives two pairs, one per relationship, rather
-- than every baseline matched with every end.
CREATE TABLE survey_responses (
    id TEXT PRIMARY KEY,
    survey_id TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    survey_version BIGINT NOT NULL,
    programme_id TEXT NOT NULL,
    intake_id TEXT NOT NULL,
    organisation_id TEXT,
    wave TEXT NOT NULL,
    role TEXT NOT NULL,
    respondent TEXT NOT NULL,
    pair_key TEXT NOT NULL,
    submitted_month TEXT NOT NULL,
    research_consent INTEGER NOT NULL,
    share_free_text INTEGER NOT NULL
);
CREATE INDEX survey_responses_programme ON survey_responses (programme_id, intake_id, wave);
CREATE INDEX survey_responses_survey ON survey_responses (survey_id, wave);
CREATE INDEX survey_responses_respondent ON survey_responses (respondent);

-- Each answer: `number` for scales, numbers and a single choice's index; `text` for free text,
-- a single choice's option and a multiple choice's indexes (comma-separated).
CREATE TABLE survey_answers (
    response_id TEXT NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
    item TEXT NOT NULL,
    number DOUBLE PRECISION,
    text TEXT,
    PRIMARY KEY (response_id, item)
);

-- Per-scale scores, computed when the response is stored (tandem_domain::survey::score), so
-- analytics read one number per respondent and scale.
CREATE TABLE survey_scores (
    response_id TEXT NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
    scale TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (response_id, scale)
);
CREATE INDEX survey_scores_scale ON survey_scores (scale, response_id);

-- Whether a person agreed to their answers being used for research, on what basis, and when;
-- the latest choice stands (a person may withdraw). Asked with their first survey.
CREATE TABLE research_consents (
    person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    consent INTEGER NOT NULL,
    basis TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

-- The key respondents are pseudonymised under: one random value per installation, made by the
-- first instance that needs it (INSERT ... ON CONFLICT DO NOTHING, so instances agree).
CREATE TABLE evaluation_key (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Small-number suppression per scheme (the threshold column exists since 0009): counts below the
-- threshold are shown as "fewer than N", others below scheme level rounded to `rounding`, and
-- statistics need `min_statistics` respondents. Laxer than 8/5/10 only with a recorded reason.
ALTER TABLE schemes ADD COLUMN suppression_rounding BIGINT NOT NULL DEFAULT 5;
ALTER TABLE schemes ADD COLUMN suppression_min_statistics BIGINT NOT NULL DEFAULT 10;
ALTER TABLE schemes ADD COLUMN suppression_reason TEXT NOT NULL DEFAULT '';
UPDATE schemes SET small_number_threshold = 8 WHERE small_number_threshold < 8;
