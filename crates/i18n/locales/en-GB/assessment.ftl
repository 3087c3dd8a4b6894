rights-basis-assessment-v2 = Programmes that match on assessment results (for example a personality questionnaire or a 360-degree review) may use the scores your coordinator imported for you to suggest a mentoring partner, only in the programme that holds them and only while you consent. Only that programme's coordinators and you see them. The programme's own lawful basis and reasons are shown before you apply. You may withdraw at any time: your scores are then left out of every later matching run.

rights-basis-equality-v2 = Programmes that match on a shared language or cultural background may use the equality information you chose to give on your profile (your preferred languages and cultural background) to suggest a partner who shares one, only while you consent. Nobody else sees what you gave; matching only notes whether two people share something. The programme's lawful basis and reasons are shown before you apply. You may withdraw at any time: your information is then left out of every later matching run.

matching-criterion-shared_background = Shared language or background

assessment-error-basis_required = Choose the lawful basis (Article 6) the programme relies on

assessment-error-condition_required = Choose the condition for special-category data (Article 9)

assessment-error-justification_required = Explain why the programme needs this data for matching

assessment-error-weight_range = Enter a weight from 0 to { $max }

assessment-error-range = The lowest score must be below the highest (both within ±1,000,000)

assessment-error-dimension_twice = Each dimension may be listed only once

assessment-error-dimension_bad = Write each dimension on its own line, as “code: label” or just a label

assessment-error-dimension_count = List between 1 and { $max } dimensions

assessment-error-language_unknown = Choose languages from the list

assessment-error-languages_many = Choose at most { $max } languages

assessment-error-background_unknown = Choose a background from the list, describe your own or choose “prefer not to say”

assessment-error-instrument_taken = This programme already has an instrument with this name

assessment-error-dimension_unknown = This dimension is not one of the programme's instruments

assessment-error-column_missing = The file has no “{ $column }” column

assessment-import-unknown_person = Nobody in the scheme has this email address

assessment-import-unknown_instrument = The programme has no instrument with this name

assessment-import-unknown_dimension = The instrument has no dimension with this name

assessment-import-score_not_whole = The score must be a whole number

assessment-import-score_range = The score is outside the instrument's range

assessment-import-duplicate = This person's score on this dimension appears twice in the file

assessment-import-empty = The file holds no scores

assessment-import-expired = This preview has expired or was already imported: upload the file again

assessment-art6-consent = Consent (Article 6(1)(a))

assessment-art6-contract = Contract (Article 6(1)(b))

assessment-art6-legal_obligation = Legal obligation (Article 6(1)(c))

assessment-art6-public_task = Public task (Article 6(1)(e))

assessment-art6-legitimate_interests = Legitimate interests (Article 6(1)(f))

assessment-art9-explicit_consent = Explicit consent (Article 9(2)(a))

assessment-art9-employment = Employment obligations (Article 9(2)(b))

assessment-art9-equality_of_opportunity = Equality of opportunity, substantial public interest (Article 9(2)(g))

assessment-kind-assessment = Matching on assessment results

assessment-kind-equality = Matching on shared language or cultural background

assessment-background-british = British

assessment-background-dutch = Dutch

assessment-background-other_european = Other European

assessment-background-african = African

assessment-background-caribbean = Caribbean

assessment-background-south_asian = South Asian

assessment-background-east_asian = East Asian

assessment-background-middle_eastern = Middle Eastern

assessment-background-latin_american = Latin American

assessment-background-self = I will describe it myself

assessment-background-prefer_not_to_say = Prefer not to say

assessment-language-en = English

assessment-language-nl = Dutch

assessment-language-cy = Welsh

assessment-language-pl = Polish

assessment-language-tr = Turkish

assessment-language-ar = Arabic

assessment-language-pa = Punjabi

assessment-language-ur = Urdu

assessment-language-pap = Papiamento

assessment-language-es = Spanish

assessment-language-pt = Portuguese

assessment-language-ro = Romanian

assessment-mode-similarity = Similarity: points for scores close together

assessment-mode-complementarity = Complementarity: points for scores far apart

assessment-notice-label = How this programme matches

assessment-notice-basis = Lawful basis: { $art6 }. Condition for special-category data: { $art9 }.

assessment-notice-consent = Your own results or equality information are only used while you consent.

assessment-notice-consent_link = See or change your consents

assessment-fit-title = Assessment fit

assessment-fit-dimension = { $dimension } ({ $instrument }, { $mode }): { $first } and { $second }, { $points } of { $max } points

assessment-fit-mode-similarity = alike

assessment-fit-mode-complementarity = complementing

assessment-fit-none = no score used

assessment-fit-shared_yes = They share a preferred language or cultural background.

assessment-fit-shared_no = No shared language or background given.

assessment-setup-link = Assessments and equality-based matching

assessment-setup-title = Assessments and equality-based matching

assessment-setup-intro = Matching on assessment results or on a shared language or cultural background is off until you switch it on with its lawful basis. Scores on this page are seen only by this programme's coordinators.

assessment-setup-uses = What matching may use

assessment-setup-weights_link = Set how much each dimension and a shared background count on the matching criteria page

assessment-setup-instruments = Instruments

assessment-setup-range = Scores from { $min } to { $max }

assessment-setup-people_with_scores = People with at least one score: { $count }

assessment-setup-no_instruments = This programme has no instruments yet. Add one with the form below (or from the command line or the API).

assessment-setup-import = Import scores

assessment-setup-import_intro = Upload a CSV or Excel (.xlsx) file with the columns email, instrument, dimension and score. Every row is checked first; nothing is written until you confirm, and nothing at all when any row is wrong.

assessment-use-on = On

assessment-use-off = Off

assessment-use-is_on = On

assessment-use-is_off = Off

assessment-use-enabled = Use this for matching?

assessment-use-intro-assessment = Assessment and psychological-test results are appraisal data and may reveal health. Record the lawful basis the programme relies on before matching uses them.

assessment-use-intro-equality = A cultural background reveals ethnic origin, which is special-category data. Record the lawful basis the programme relies on before matching uses a shared language or background.

assessment-use-shown = The lawful basis and your justification are shown to participants on the programme's page and the application form before they apply. Each person's data is used only while their own consent stands.

assessment-use-art6 = Lawful basis (Article 6)

assessment-use-art6_hint = NHS bodies and councils usually rely on public task; private providers on legitimate interests after a balancing test.

assessment-use-art9 = Condition for special-category data (Article 9)

assessment-use-art9_hint = For example equality of opportunity (DPA 2018 Schedule 1 paragraph 8; UAVG article 25).

assessment-use-choose = Choose one

assessment-use-justification = Why does the programme need this for matching?

assessment-use-justification_hint = In your own words; participants read this.

assessment-use-weight = Weight of a shared language or background (0 to 10)

assessment-use-weight_hint = 0 means a shared language or background earns no points.

assessment-use-save = Save

assessment-import-done_title = Scores imported

assessment-import-done_body =
    { $scores ->
        [one] { $scores } score
       *[other] { $scores } scores
    } written for { $people ->
        [one] { $people } person.
       *[other] { $people } people.
    }

assessment-import-back = Back to assessments

assessment-import-problem_count =
    { $count ->
        [one] { $count } problem was found. Correct the file and upload it again.
       *[other] { $count } problems were found. Correct the file and upload it again.
    }

assessment-import-summary =
    The file is valid: { $rows ->
        [one] { $rows } score
       *[other] { $rows } scores
    } for { $people ->
        [one] { $people } person
       *[other] { $people } people
    }{ "." } Confirm to write them; earlier scores on the same dimensions are replaced.

assessment-equality-link = Your language and cultural background (optional)

assessment-equality-profile_intro = You may tell us your preferred languages and cultural background. Programmes that match on a shared language or background use this only while your consent stands.

assessment-equality-title = Your language and cultural background

assessment-equality-intro = Giving this is optional. Only you can see, change or clear it.

assessment-equality-use = Programmes that have switched on matching on a shared language or cultural background may use it to suggest a partner who shares one. Matching only notes whether two people share something; nobody else sees what you give.

assessment-equality-consent = It is used only while your Equality consent stands. You may withdraw it at any time.

assessment-equality-languages = Preferred languages

assessment-equality-languages_hint = Choose any that apply.

assessment-equality-background = Cultural background

assessment-equality-background_hint = Choose one, describe your own, or choose prefer not to say.

assessment-equality-background_text = Your own description

assessment-equality-background_text_hint = Only when you chose to describe it yourself.

assessment-equality-save = Save

assessment-equality-clear_title = Clear your information

assessment-equality-clear_intro = This removes your languages and background. Later matching runs will not use them.

assessment-equality-clear = Clear my information

assessment-criteria-title = Assessment results

assessment-criteria-intro = Per dimension: a weight from 0 (not used) to 10 and whether scores close together (similarity) or far apart (complementarity) earn points.

assessment-criteria-weight = Weight of { $dimension } ({ $instrument })

assessment-criteria-mode = How { $dimension } counts

assessment-criteria-save = Save assessment weights

assessment-criteria-shared = A shared language or background counts with weight { $weight }.

assessment-criteria-shared_link = Change it with the lawful basis

rights-section-assessment_scores = Assessment scores

rights-section-equality_data = Your language and cultural background
