instruments-has_scores = Holds scores, so it cannot be deleted. Scores are deleted by the retention rule for assessment scores.

instruments-delete = Delete instrument

instruments-new-title = Add an instrument

instruments-new-save = Add instrument

instruments-field-name = Name

instruments-field-name_hint = As the scores file names it, for example Insights Discovery. Each name once per programme.

instruments-field-score_min = Lowest score

instruments-field-score_max = Highest score

instruments-field-range_hint = Whole numbers; the lowest must be below the highest.

instruments-field-dimensions = Dimensions

instruments-field-dimensions_hint = One per line, as “code: label” (for example “drive: Drive”) or just a label. The code is what the scores file names.

instruments-notice-created = The instrument has been added.

instruments-notice-deleted = The instrument has been deleted.

instruments-error-has_scores = This instrument holds scores, so it cannot be deleted

instruments-retention-rule-assessment_scores = Assessment scores, { $months } months after the person's last application or relationship in the programme ended: deleted

instruments-retention-rule-appraisal_links = Line managers' appraisal-summary links, { $days } days after they expired, were opened or were withdrawn: the link stops being recognised (the mentee still sees what happened)

instruments-retention-field-score_months = Months to keep assessment scores after someone's part in a programme ended

instruments-retention-field-months_hint = Between 1 and 120 months.

instruments-retention-field-link_days = Days to keep a spent appraisal-summary link

instruments-retention-error-months = Enter a number of months between 1 and 120.
