-- assessment profiles with a lawful basis. Portable SQL (SQLite and PostgreSQL).

-- An assessment instrument a programme uses (a psychometric test, a 360-degree review): its
-- dimensions are scored within [score_min, score_max]. Held per programme, so that the scores
-- it carries are never visible in, nor used by, another programme.
CREATE TABLE assessment_instruments (
    id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- lower-cased name (the import file names instruments by name, ignoring case)
    name_key TEXT NOT NULL,
    score_min BIGINT NOT NULL,
    score_max BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (programme_id, name_key)
);

-- An instrument's dimensions: `code` is what an import file names (compared lower-cased),
-- `label` what pages show.
CREATE TABLE assessment_dimensions (
    instrument_id TEXT NOT NULL REFERENCES assessment_instruments (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    ordinal BIGINT NOT NULL,
    PRIMARY KEY (instrument_id, code)
);

-- One person's score on one dimension. A re-import replaces the score; `imported_by` is the
-- coordinator's person id.
CREATE TABLE assessment_scores (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    instrument_id TEXT NOT NULL REFERENCES assessment_instruments (id) ON DELETE CASCADE,
    dimension_code TEXT NOT NULL,
    score BIGINT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    PRIMARY KEY (person_id, instrument_id, dimension_code)
);
CREATE INDEX assessment_scores_instrument ON assessment_scores (instrument_id);

-- A programme's decision to match on assessment results (`kind` 'assessment') or on shared
-- language and cultural background from equality data people gave (`kind` 'equality'). No row
-- means off. Switching on needs a lawful basis (`art6`: UK GDPR/AVG Article 6 basis code), the
-- Article 9 condition for special-category data (`art9`, '' when none applies) and a
-- justification; `weight` is the equality criterion's weight (0 for assessment, whose weights
-- are per dimension below).
CREATE TABLE matching_uses (
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    art6 TEXT NOT NULL,
    art9 TEXT NOT NULL,
    justification TEXT NOT NULL,
    weight BIGINT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (programme_id, kind)
);

-- The criteria page's choice per instrument dimension: its weight and whether the pair should
-- be alike ('similarity') or differ ('complementarity').
CREATE TABLE assessment_weights (
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    instrument_id TEXT NOT NULL REFERENCES assessment_instruments (id) ON DELETE CASCADE,
    dimension_code TEXT NOT NULL,
    weight BIGINT NOT NULL,
    mode TEXT NOT NULL,
    PRIMARY KEY (programme_id, instrument_id, dimension_code)
);

-- Equality data a person chose to give on their own profile: preferred languages (comma-separated
-- codes), cultural background (a code from a short list, 'self' with their own words in
-- `background_text`, or 'prefer_not_to_say'). Only they enter or see it.
CREATE TABLE equality_data (
    person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    languages TEXT NOT NULL,
    background TEXT NOT NULL,
    background_text TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
