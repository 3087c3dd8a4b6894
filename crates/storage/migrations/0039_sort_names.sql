-- Family-name sort keys that ignore Dutch particles (issue 17).
--
-- `people.family_key` was the lower-cased family name; it becomes `family_sort_key` of
-- tandem_domain::words: lower case, typographic apostrophes made plain, spacing collapsed, and
-- leading particles (van der, de, in 't, ...) removed as whole words, longest first, while a word
-- remains. New and changed people get the key from Rust; this recomputes the stored keys
-- portably (the same statements on SQLite and PostgreSQL) from the old keys, which are already
-- lower-cased by Rust (SQLite's LOWER folds ASCII only). The particle list and its order are
-- tandem_domain::words::PARTICLES; a storage test writes old-style keys and checks the result
-- equals the Rust function on both backends. Column and indexes keep their names, so the
-- name-order indexes and the cursor pages over them are unchanged.

UPDATE people SET family_key = TRIM(REPLACE(REPLACE(family_key, '’', ''''), '‘', ''''))
    WHERE family_key <> '';
UPDATE people SET family_key = REPLACE(family_key, '  ', ' ') WHERE family_key LIKE '%  %';
UPDATE people SET family_key = REPLACE(family_key, '  ', ' ') WHERE family_key LIKE '%  %';
UPDATE people SET family_key = REPLACE(family_key, '  ', ' ') WHERE family_key LIKE '%  %';
UPDATE people SET family_key = REPLACE(family_key, '  ', ' ') WHERE family_key LIKE '%  %';

-- Up to three particle groups ("de van der ..."); one is the Dutch norm.
UPDATE people SET family_key = CASE
        WHEN family_key LIKE 'van der %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'van den %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'van het %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'van ''t %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'van de %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'in ''t %' THEN substr(family_key, 7)
        WHEN family_key LIKE 'in het %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'in de %' THEN substr(family_key, 7)
        WHEN family_key LIKE 'in den %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'uit de %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'uit den %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'uit het %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'op de %' THEN substr(family_key, 7)
        WHEN family_key LIKE 'op den %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'op het %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'op ''t %' THEN substr(family_key, 7)
        WHEN family_key LIKE 'aan de %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'aan den %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'aan het %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'bij de %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'onder de %' THEN substr(family_key, 10)
        WHEN family_key LIKE 'over de %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'van %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'von %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'der %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'den %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'de %' THEN substr(family_key, 4)
        WHEN family_key LIKE 'het %' THEN substr(family_key, 5)
        WHEN family_key LIKE '''t %' THEN substr(family_key, 4)
        WHEN family_key LIKE 'ter %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'ten %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'te %' THEN substr(family_key, 4)
        ELSE family_key
    END
    WHERE family_key LIKE '% %';
UPDATE people SET family_key = CASE
        WHEN family_key LIKE 'van der %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'van den %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'van het %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'van ''t %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'van de %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'in ''t %' THEN substr(family_key, 7)
        WHEN family_key LIKE 'in het %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'in de %' THEN substr(family_key, 7)
        WHEN family_key LIKE 'in den %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'uit de %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'uit den %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'uit het %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'op de %' THEN substr(family_key, 7)
        WHEN family_key LIKE 'op den %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'op het %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'op ''t %' THEN substr(family_key, 7)
        WHEN family_key LIKE 'aan de %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'aan den %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'aan het %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'bij de %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'onder de %' THEN substr(family_key, 10)
        WHEN family_key LIKE 'over de %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'van %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'von %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'der %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'den %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'de %' THEN substr(family_key, 4)
        WHEN family_key LIKE 'het %' THEN substr(family_key, 5)
        WHEN family_key LIKE '''t %' THEN substr(family_key, 4)
        WHEN family_key LIKE 'ter %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'ten %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'te %' THEN substr(family_key, 4)
        ELSE family_key
    END
    WHERE family_key LIKE '% %';
UPDATE people SET family_key = CASE
        WHEN family_key LIKE 'van der %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'van den %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'van het %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'van ''t %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'van de %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'in ''t %' THEN substr(family_key, 7)
        WHEN family_key LIKE 'in het %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'in de %' THEN substr(family_key, 7)
        WHEN family_key LIKE 'in den %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'uit de %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'uit den %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'uit het %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'op de %' THEN substr(family_key, 7)
        WHEN family_key LIKE 'op den %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'op het %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'op ''t %' THEN substr(family_key, 7)
        WHEN family_key LIKE 'aan de %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'aan den %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'aan het %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'bij de %' THEN substr(family_key, 8)
        WHEN family_key LIKE 'onder de %' THEN substr(family_key, 10)
        WHEN family_key LIKE 'over de %' THEN substr(family_key, 9)
        WHEN family_key LIKE 'van %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'von %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'der %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'den %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'de %' THEN substr(family_key, 4)
        WHEN family_key LIKE 'het %' THEN substr(family_key, 5)
        WHEN family_key LIKE '''t %' THEN substr(family_key, 4)
        WHEN family_key LIKE 'ter %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'ten %' THEN substr(family_key, 5)
        WHEN family_key LIKE 'te %' THEN substr(family_key, 4)
        ELSE family_key
    END
    WHERE family_key LIKE '% %';

-- Professions named by the vocabulary (tandem_domain::words::PROFESSIONS) are stored as their
-- code, whichever language the text was in. Every accepted spelling is ASCII, so LOWER (which
-- folds ASCII only on SQLite) compares them alike on both backends; other text stays as written.
UPDATE employments SET profession = 'nursing'
    WHERE LOWER(TRIM(profession)) IN ('nurse', 'nurses', 'nursing', 'registered nurse', 'verpleegkunde', 'verpleegkundige', 'verpleging');
UPDATE employments SET profession = 'midwifery'
    WHERE LOWER(TRIM(profession)) IN ('midwife', 'midwifery', 'verloskunde', 'verloskundige');
UPDATE employments SET profession = 'medicine'
    WHERE LOWER(TRIM(profession)) IN ('arts', 'artsen', 'doctor', 'doctors', 'geneeskunde', 'medical', 'medicine');
UPDATE employments SET profession = 'allied_health'
    WHERE LOWER(TRIM(profession)) IN ('ahp', 'ahps', 'allied health', 'allied health professionals', 'allied health professions', 'allied_health', 'paramedisch', 'paramedische beroepen');
UPDATE employments SET profession = 'social_work'
    WHERE LOWER(TRIM(profession)) IN ('maatschappelijk werk', 'maatschappelijk werker', 'sociaal werk', 'social work', 'social worker', 'social_work');
UPDATE employments SET profession = 'care_work'
    WHERE LOWER(TRIM(profession)) IN ('care work', 'care worker', 'care_work', 'social care', 'verzorgende', 'verzorging', 'zorg en welzijn', 'zorgmedewerker');
UPDATE employments SET profession = 'management'
    WHERE LOWER(TRIM(profession)) IN ('leidinggeven', 'leidinggevende', 'management', 'manager');
UPDATE employments SET profession = 'pharmacy'
    WHERE LOWER(TRIM(profession)) IN ('apotheker', 'farmacie', 'pharmacist', 'pharmacy');
UPDATE employments SET profession = 'psychology'
    WHERE LOWER(TRIM(profession)) IN ('psychologie', 'psychologist', 'psychology', 'psycholoog');
UPDATE employments SET profession = 'public_health'
    WHERE LOWER(TRIM(profession)) IN ('public health', 'public_health', 'publieke gezondheid', 'publieke gezondheidszorg');
UPDATE employments SET profession = 'chaplaincy'
    WHERE LOWER(TRIM(profession)) IN ('chaplain', 'chaplaincy', 'geestelijk verzorger', 'geestelijke verzorging', 'spiritual care');
UPDATE employments SET profession = 'dentistry'
    WHERE LOWER(TRIM(profession)) IN ('dentist', 'dentistry', 'tandarts', 'tandheelkunde');
UPDATE employments SET profession = 'paramedicine'
    WHERE LOWER(TRIM(profession)) IN ('ambulance service', 'ambulancezorg', 'paramedic', 'paramedicine', 'paramedics');
UPDATE employments SET profession = 'healthcare_science'
    WHERE LOWER(TRIM(profession)) IN ('healthcare science', 'healthcare scientist', 'healthcare_science', 'klinische technologie');
UPDATE employments SET profession = 'administration'
    WHERE LOWER(TRIM(profession)) IN ('administratie', 'administratief medewerker', 'administration', 'administrative and clerical');
