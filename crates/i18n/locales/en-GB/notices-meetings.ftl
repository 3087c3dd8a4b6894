notices-meetings-fact-when = When

notices-meetings-fact-was = Previously

notices-meetings-fact-length = Length

notices-meetings-fact-minutes =
    { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }

notices-meetings-fact-how = How

notices-meetings-fact-where = Where

notices-meetings-fact-link = Video link

notices-meetings-fact-with = With

notices-meetings-fact-day = Day

notices-meetings-fact-host = At the workplace of

notices-meetings-fact-presenting = Presenting

notices-meetings-fact-facilitating = Facilitating

notices-meetings-fact-timekeeping = Keeping time

notices-meetings-fact-workshop = Workshop

notices-meetings-fact-programme = Programme

notices-meetings-nobody = Not chosen yet

notices-meetings-session-action = See your sessions

notices-meetings-session-proposed-subject = { $name } proposed a session for { $when }

notices-meetings-session-proposed-lead = { $name } proposed a session. Please confirm it, or suggest another time, on your sessions page.

notices-meetings-session-confirmed-subject = Session confirmed for { $when }

notices-meetings-session-confirmed-lead = { $name } confirmed your session. Open the attached calendar file to add it to your calendar.

notices-meetings-session-rescheduled-subject = Session moved to { $when }

notices-meetings-session-rescheduled-lead = { $name } moved your session to a new time. Please confirm the new time, or suggest another, on your sessions page.

notices-meetings-session-cancelled-subject = Session on { $when } cancelled

notices-meetings-session-cancelled-lead = { $name } cancelled your session. Open the attached calendar file to take it out of your calendar.

notices-meetings-set-action = Open the meeting

notices-meetings-set-next-subject = Next set meeting: { $when }

notices-meetings-set-next-lead = { $name } planned the next meeting of your action learning set.

notices-meetings-set-next-rota_proposed = The roles below are proposed; the set agrees them on the meeting page.

notices-meetings-set-apologies-subject = { $name } cannot come to the set meeting on { $when }

notices-meetings-set-apologies-lead = { $name } sent apologies for the next meeting of your action learning set.

notices-meetings-pair-action = See your paired learning

notices-meetings-shadowing-subject = Shadowing day on { $date }

notices-meetings-shadowing-lead-host = { $name } arranged a shadowing day: { $name } will spend the day with you at your workplace.

notices-meetings-shadowing-lead-visitor = { $name } arranged a shadowing day: you will spend the day with { $host } at their workplace.

notices-meetings-shadowing-summary = Shadowing day: { $names }

notices-meetings-workshop-subject = Workshop invitation: { $title } on { $date }

notices-meetings-workshop-lead = You are invited to a workshop of { $programme }. Open the attached calendar file to keep the day free.

notices-meetings-workshop-summary = Workshop: { $title }

notices-meetings-someone = Someone

notices-meetings-set-summary = Action learning set meeting
