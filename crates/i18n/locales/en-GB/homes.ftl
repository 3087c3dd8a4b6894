homes-nav-my_tandem = My Tandem

homes-nav-reviews = Applications to review

homes-nav-staff = Staff matches

homes-todos-heading = Waiting for you

homes-todos-heading_participant = What to do next

homes-todos-none = Nothing is waiting for you at the moment.

homes-todo-answer_offer =
    { $count ->
        [one] Answer the offer of a match
       *[other] Answer { $count } offers of a match
    }

homes-todo-answer_offer-link = See the offer

homes-todo-sign_agreement =
    { $count ->
        [one] Sign the agreement of your match
       *[other] Sign { $count } agreements
    }

homes-todo-sign_agreement-link = Read and sign the agreement

homes-todo-record_session =
    { $count ->
        [one] Say whether your last session was held
       *[other] Say whether your last { $count } sessions were held
    }

homes-todo-record_session-link = Record the session

homes-todo-agree_rota =
    { $count ->
        [one] Agree who facilitates and keeps time at the next set meeting
       *[other] Agree the rota of { $count } set meetings
    }

homes-todo-agree_rota-link = Agree the rota

homes-todo-surveys =
    { $count ->
        [one] You have 1 survey to answer.
       *[other] You have { $count } surveys to answer.
    }

homes-todo-nominations =
    { $count ->
        [one] You have been nominated for a programme: complete or decline the nomination
       *[other] You have been nominated { $count } times: complete or decline the nominations
    }

homes-todo-nominations-link = See your nominations

homes-todo-applications =
    { $count ->
        [one] 1 application waiting for your decision
       *[other] { $count } applications waiting for your decision
    }

homes-todo-applications-link = Applications to review

homes-todo-registrations =
    { $count ->
        [one] 1 registered person waiting for you to confirm where they work
       *[other] { $count } registered people waiting for you to confirm where they work
    }

homes-todo-nominations_open =
    { $count ->
        [one] 1 nomination not yet answered by the person nominated
       *[other] { $count } nominations not yet answered by the people nominated
    }

homes-todo-dead_notices =
    { $count ->
        [one] 1 email could not be delivered
       *[other] { $count } emails could not be delivered
    }

homes-org-applications = Applications waiting for your decision

homes-org-no_applications = No applications are waiting for your decision.

homes-org-places = Places used per intake

homes-org-relationships = How your staff's matches are going

homes-col-intake = Intake

homes-col-places_used = Places used

homes-col-person = Person

homes-col-programme = Programme and intake

homes-col-status = Status

homes-col-last_activity = Last activity

homes-col-submitted = Submitted

homes-places_of = { $taken } of { $places }

homes-closes_on = closes { $date }

homes-submitted_on = submitted { $date }

homes-no_activity = Nothing yet

homes-staff-all = All your staff's matches

homes-staff-none = None of your staff is in a match at the moment.

homes-staff-title = Your staff's matches

homes-staff-intro = The matches your staff take part in through your organisation's places: their status and when they last met. What they discuss stays theirs.

homes-staff-caption = Matches of your staff

homes-reviews-title = Applications to review

homes-reviews-intro = Applications waiting for your decision, oldest first. Your own applications are decided by someone else.

homes-reviews-caption = Applications waiting for your decision

homes-reviews-none = No applications are waiting for your decision.

homes-reviews-more = Only the oldest { $count } are listed; decide these first.

homes-reviews-all = All applications to review

homes-scheme-runs = Matching runs to review and publish

homes-scheme-run = Run { $number }

homes-scheme-closing = Intakes closing in the next 14 days

homes-scheme-live =
    { $count ->
        [one] 1 match running in the scheme.
       *[other] { $count } matches running in the scheme.
    }
