-- Evaluation analytics (issue #14): pairing the before and after responses about one
-- relationship reads responses by programme, wave and pair key.
CREATE INDEX survey_responses_pairing ON survey_responses (programme_id, wave, pair_key);
