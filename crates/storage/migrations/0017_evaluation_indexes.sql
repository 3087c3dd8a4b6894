-- Evaluation analytics (issue #14): pairing a respondent's before and after responses reads
-- responses by programme, wave and respondent.
CREATE INDEX survey_responses_pairing ON survey_responses (programme_id, wave, respondent, intake_id, role);
