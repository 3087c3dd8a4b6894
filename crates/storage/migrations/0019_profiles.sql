-- profiles people keep: expertise, interests, languages, availability, contact. Portable SQL (SQLite and PostgreSQL).
-- One row per person who has saved a profile. Lists are JSON arrays of codes (framework
-- dimensions, ISO 639 language codes, slot codes, mode codes), as elsewhere. Phone numbers are
-- normalised (+447700900123) or empty; they are read only for the person themselves and the
-- members of a live relationship with them.
CREATE TABLE profiles (
    person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    expertise TEXT NOT NULL,
    expertise_topics TEXT NOT NULL,
    interests TEXT NOT NULL,
    interest_topics TEXT NOT NULL,
    languages TEXT NOT NULL,
    availability TEXT NOT NULL,
    modes TEXT NOT NULL,
    location TEXT NOT NULL,
    introduction TEXT NOT NULL,
    work_phone TEXT NOT NULL,
    mobile_phone TEXT NOT NULL,
    preferred_phone TEXT NOT NULL,
    contact_route TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- For a telephone session: the member whose preferred number is called, as the pair agreed.
-- NULL until either member chooses: then the member who did not propose the current time.
ALTER TABLE relationship_sessions ADD COLUMN call_member TEXT REFERENCES people (id) ON DELETE SET NULL;
