-- Import previews waiting for confirmation. They live in the database, not in one server's
-- memory, so that the instance that commits a preview need not be the one that made it.
-- `rows` is the parsed file as JSON; `id_hash` is the SHA-256 of the id shown to the uploader.
CREATE TABLE import_previews (
    id_hash TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    rows TEXT NOT NULL
);
CREATE INDEX import_previews_person ON import_previews (person_id);
CREATE INDEX import_previews_expiry ON import_previews (expires_at);
