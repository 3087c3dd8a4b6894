notices-kind-digest-daily = Daily digest of your notices

notices-preferences-choices_heading = Your choices

notices-preferences-error-essential = This notice is essential and is always sent straight away

notices-preferences-essential_heading = Always sent

notices-preferences-essential_hint = You need these to sign in or to act before a deadline.

notices-preferences-intro = For each kind of email, choose whether to receive it straight away, gathered into one email a day, or not at all. Essential emails are always sent.

notices-preferences-link = Choose which emails you receive

notices-preferences-mode-digest = In a daily digest

notices-preferences-mode-immediate = Straight away

notices-preferences-mode-off = Off

notices-preferences-save = Save choices

notices-preferences-title = Choose which emails you receive

notices-recent-empty = You have no notices yet.

notices-recent-heading = Recent notices

notices-recent-held = waiting for your daily digest

notices-recent-when = Sent on

notices-scheduled-actions_due-action = Update your actions

notices-scheduled-actions_due-body = Your set meets on { $day }. These actions you committed to are still open:

notices-scheduled-actions_due-subject = Your actions before the set meets on { $day }

notices-scheduled-digest_daily-action = Open Tandem

notices-scheduled-digest_daily-body = You chose to receive these notices once a day. Each link opens the page concerned.

notices-scheduled-digest_daily-subject =
    { $count ->
        [one] Your daily digest: { $count } notice
       *[other] Your daily digest: { $count } notices
    }

notices-scheduled-digest_organisation-action = Open Tandem

notices-scheduled-digest_organisation-body = These applications from your organisation are waiting for your decision:

notices-scheduled-digest_organisation-subject =
    { $count ->
        [one] { $count } application waiting for you
       *[other] { $count } applications waiting for you
    }

notices-scheduled-digest_scheme-action = Open the dashboard

notices-scheduled-digest_scheme-approvals = Applications waiting for approval: { $count }

notices-scheduled-digest_scheme-at_cap = Pairs that have used all their sessions: { $count }

notices-scheduled-digest_scheme-body = This is what needs your attention in the scheme this week.

notices-scheduled-digest_scheme-expiring = Offers whose deadline is in the coming week: { $count }

notices-scheduled-digest_scheme-quiet = Relationships with no session in the last { $weeks } weeks: { $count }

notices-scheduled-digest_scheme-subject = Weekly summary of your scheme

notices-scheduled-fact-day = Day

notices-scheduled-fact-deadline = Answer by

notices-scheduled-fact-facilitator = Facilitator

notices-scheduled-fact-length = Length

notices-scheduled-fact-link = Video link

notices-scheduled-fact-place = Where

notices-scheduled-fact-presenting = Presenting

notices-scheduled-fact-timekeeper = Timekeeper

notices-scheduled-fact-when = When

notices-scheduled-log_prompt-action = Record the session

notices-scheduled-log_prompt-body = Your session has ended. Please record that it was held, with the topics you discussed, so it counts towards your programme.

notices-scheduled-log_prompt-subject = Please record your session

notices-scheduled-manager_reminder-action = Answer the request

notices-scheduled-manager_reminder-body =
    { $applicant } applied to { $programme } and named you as their line manager. We have not had your answer yet about the protected time it needs. The link below works once and expires in { $days ->
        [one] { $days } day
       *[other] { $days } days
    }; you do not need an account.

notices-scheduled-manager_reminder-subject = Reminder: { $applicant } is waiting for your answer about { $programme }

notices-scheduled-meeting_reminder-action = See the meeting

notices-scheduled-meeting_reminder-body = This is a reminder of the next meeting of your action learning set in { $programme }.

notices-scheduled-meeting_reminder-subject = Reminder: your set meets on { $day }

notices-scheduled-minutes =
    { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }

notices-scheduled-offer_expired-action = See the offer

notices-scheduled-offer_expired-body = The deadline for the match offered in { $programme } has passed without everyone answering, so the offer has lapsed. Your coordinator will be in touch about what happens next.

notices-scheduled-offer_expired-subject = Your match offer in { $programme } has expired

notices-scheduled-offer_reminder-action = Accept or decline the offer

notices-scheduled-offer_reminder-body = You have been offered a match in { $programme } and we have not had your answer yet. If you do not answer by the deadline, the offer lapses.

notices-scheduled-offer_reminder-subject = Your match in { $programme }: please answer before the deadline

notices-scheduled-session_reminder-action = See your sessions

notices-scheduled-session_reminder-body = This is a reminder of your confirmed session with { $with }.

notices-scheduled-session_reminder-subject = Reminder: your session with { $with }

notices-scheduled-shadowing-action = See your paired learning

notices-scheduled-shadowing-body = This is a reminder of your shadowing day, hosted by { $host }.

notices-scheduled-shadowing-subject = Reminder: shadowing day with { $host }

notices-scheduled-someone = someone who has left

notices-scheduled-survey-action = Answer the survey

notices-scheduled-survey-body = You took part in { $programme }. Please answer a short survey about it; your answers help improve the scheme.

notices-scheduled-survey-subject = Please tell us about { $programme }

notices-scheduled-workshop-action = See the workshop

notices-scheduled-workshop-body = This is a reminder of the workshop “{ $title }” for your programme.

notices-scheduled-workshop-subject = Reminder: workshop “{ $title }”

notices-survey-error-link = Enter the survey's full web address, starting with https://

notices-survey-error-wave = Give the survey wave a short name without a colon

notices-unsubscribe-already = These emails are already switched off for you.

notices-unsubscribe-bad = The link may have been copied incompletely or changed. Nothing has been changed. You can choose which emails you receive after signing in.

notices-unsubscribe-bad_title = This link does not work

notices-unsubscribe-button = Stop these emails

notices-unsubscribe-confirm = Stop sending me “{ $kind }” emails.

notices-unsubscribe-done = We will not send you “{ $kind }” emails any more. You can change this at any time on the page where you choose which emails you receive.

notices-unsubscribe-done_title = You will not receive these emails any more

notices-unsubscribe-title = Stop these emails
