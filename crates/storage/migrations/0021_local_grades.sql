-- Local authorities' own grade lists. Portable SQL (SQLite and PostgreSQL).
-- Councils grade staff on their own scales ("Grade G", "Grade H"), so each council keeps a list,
-- added to by imports (a grade new to the list is a warning there, never an error) and edited
-- by the scheme coordinator or the council's own coordinator. `grade_key` is the grade with
-- spaces collapsed and lower-cased: one council cannot hold "Grade G" and "grade  g" both.
CREATE TABLE local_grades (
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    grade TEXT NOT NULL,
    grade_key TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, grade_key)
);
