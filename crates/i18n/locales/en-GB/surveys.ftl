survey-error-bounds = Give a lowest number below the highest.

survey-error-choice = Choose one of the options given.

survey-error-control = Remove the special characters from this answer.

survey-error-instrument_twice = Each instrument can be added once.

survey-error-items = Add at least one question or instrument.

survey-error-key = Give each question a unique short key of letters, digits, - or _ (at most 40).

survey-error-kind = This kind of answer does not fit this question.

survey-error-options = Give between 2 and 20 options, none of them empty.

survey-error-out_of_scale = Choose a whole number within the scale.

survey-error-question_text = Write the question (at most 500 characters).

survey-error-required = Answer this question.

survey-error-title = Give the survey a title (at most 200 characters).

survey-error-too_long = This answer is too long (at most 4,000 characters).

survey-error-too_many = A survey can hold at most 80 questions, instruments included.

survey-error-unknown_question = This answer is to a question the survey does not have.

survey-error-waves = Choose at least one moment to send the survey.

surveys-error-answered = Someone has answered this survey already, so its questions stay as they were. Make a new survey for changed questions.

surveys-error-changed = The survey was changed since you opened it. Open it again to see the current questions.

surveys-error-done = You have answered or declined this survey already.

surveys-error-closed = This survey is closed: answers are no longer taken.

surveys-error-consent = Say whether your answers may be used for research.

notices-kind-survey-reminder = Evaluation survey reminder

notices-scheduled-survey_request-subject = A short survey about { $programme }

notices-scheduled-survey_request-body = Please tell us how { $programme } is going for you. The survey takes a few minutes and is open until { $date }. Whoever reads the answers does not see who gave them.

notices-scheduled-survey_request-action = Answer the survey

notices-scheduled-survey_reminder-subject = Reminder: a short survey about { $programme }

notices-scheduled-survey_reminder-body = You have not answered the survey about { $programme } yet. It is open until { $date }; you may also decline it.

notices-scheduled-survey_reminder-action = Answer the survey

surveys-wave-baseline = At the start

surveys-wave-end = At the end

surveys-wave-follow_up = Six months after the end

surveys-wave-session = After each session

surveys-state-due = To answer

surveys-state-answered = Answered

surveys-state-declined = Declined

surveys-state-closed = Closed

surveys-nav = Surveys

surveys-mine-title = Your surveys

surveys-mine-intro = Short surveys about the programmes you take part in. Whoever reads the answers does not see who gave them.

surveys-mine-none = There are no surveys for you.

surveys-mine-survey = Survey

surveys-mine-when = When

surveys-mine-state = Status

surveys-mine-closes = Open until

surveys-mine-open = Answer

surveys-home-due =
    { $count ->
        [one] You have { $count } survey to answer.
       *[other] You have { $count } surveys to answer.
    }

surveys-home-link = Go to your surveys

surveys-form-closes = Open until { $date }.

surveys-form-required = Questions marked “required” must be answered.

surveys-form-required_mark = (required)

surveys-form-submit = Send my answers

surveys-form-decline = I do not want to answer this survey

surveys-form-not_open = This survey cannot be answered now.

surveys-form-agree_1 = Strongly disagree

surveys-form-agree_2 = Disagree

surveys-form-agree_3 = Neither agree nor disagree

surveys-form-agree_4 = Agree

surveys-form-agree_5 = Strongly agree

surveys-form-scale_low = not at all

surveys-form-scale_high = completely

surveys-form-attribution = Source of { $name }:

surveys-form-share_free_text = My written answers may be quoted in reports, without my name.

surveys-consent-legend = May your answers be used for research?

surveys-consent-explain = Your answers always help the scheme see whether the programme works; reports never show who answered, and small groups are not shown. If you agree, your answers, still without your name, may also be given to researchers studying mentoring in health and social care. You can change your mind at any time on your surveys page; answers already given are then left out of research too.

surveys-consent-yes = Yes, my answers may be used for research

surveys-consent-no = No, only for the scheme's own evaluation

surveys-consent-current_yes = You agreed that your answers may be used for research.

surveys-consent-current_no = Your answers are used for the scheme's own evaluation only, not for research.

surveys-consent-withdraw = Withdraw my consent for research

surveys-consent-give = Allow research use of my answers

surveys-consent-saved = Your choice is saved.

surveys-thanks-title = Thank you

surveys-thanks-body = Your answers are saved. Whoever reads them does not see that they are yours.

surveys-declined-body = You will not be asked about this survey again.

surveys-back = Back to your surveys

surveys-builder-title = Surveys of { $programme }

surveys-builder-link = Evaluation surveys

surveys-builder-intro = Each survey is sent to the programme's participants at the moments you choose. Instruments are validated questionnaires: they are shown as they are, with their source, and cannot be edited. A survey someone answered cannot be changed.

surveys-builder-none = This programme has no survey yet.

surveys-builder-new = New survey

surveys-builder-edit = Edit

surveys-builder-version = Version { $version }

surveys-builder-title_en = Title (English)

surveys-builder-title_nl = Title (Dutch, optional)

surveys-builder-waves = When is it sent?

surveys-builder-items = Questions and instruments

surveys-builder-instrument = Instrument (locked)

surveys-builder-questions_n =
    { $count ->
        [one] { $count } question
       *[other] { $count } questions
    }

surveys-builder-add_instrument = Add an instrument

surveys-builder-add_question = Add a question of your own

surveys-builder-question_key = Key (short, unique)

surveys-builder-question_en = Question (English)

surveys-builder-question_nl = Question (Dutch, optional)

surveys-builder-kind = Kind of answer

surveys-builder-options = Options, one per line (choice questions)

surveys-builder-required = Required

surveys-builder-kirkpatrick = Kirkpatrick level

surveys-builder-barr = Barr level

surveys-builder-dimension = Framework dimension

surveys-builder-none_option = None

surveys-builder-remove = Remove

surveys-builder-up = Move up

surveys-builder-down = Move down

surveys-builder-save = Save survey

surveys-builder-create = Create survey

surveys-builder-answered = Answered: it can no longer be changed.

surveys-kind-likert5 = Agreement, 1–5

surveys-kind-likert7 = Agreement, 1–7

surveys-kind-scale0to10 = Scale 0–10

surveys-kind-single_choice = One of several options

surveys-kind-multiple_choice = Any of several options

surveys-kind-free_text = Written answer

surveys-kirkpatrick-reaction = 1 Reaction

surveys-kirkpatrick-learning = 2 Learning

surveys-kirkpatrick-behaviour = 3 Behaviour

surveys-kirkpatrick-results = 4 Results
