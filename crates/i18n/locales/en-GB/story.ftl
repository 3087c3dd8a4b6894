notices-kind-offer-declined_to_member = A match you were offered was declined by someone in it

story-declined_notice-subject = A proposed match in { $programme } ({ $intake }) was declined

story-declined_notice-body_named = { $name } declined the proposed match in { $programme }, intake { $intake }.

story-declined_notice-body = The proposed match in { $programme }, intake { $intake }, was declined.

story-declined_notice-next_pool = The match is off and nothing more is needed from you. You are back in the intake's pool: the coordinator can offer you a new match at the next matching run, and you will get an email if they do.

story-declined_notice-next_goes_on = The others go ahead without them: nothing more is needed from you about it.

story-declined_notice-action = Read what happens next

story-declined-title = This match was declined

story-declined-by_you = You declined this match on { $date }.

story-declined-by = { $name } declined this match on { $date }.

story-declined-next_pool = The match is off. Everyone in it is back in the intake's pool: the coordinator can offer a new match at the next matching run, and you will get an email if they do. Nothing more is needed from you.

story-declined-next_you_left = The others go ahead without you. You are back in the intake's pool for its next matching run.

story-declined-next_goes_on = The others go ahead without them: nothing more is needed from you about it.

story-declined-home = See what to do next on your home page

story-manager_not_shown = Not shown to you

story-status-title = How this relationship is going

story-status-intro = You see this because a member of your staff takes part in it. What is said and written in it stays with its members.

story-status-members = Who is in it

story-status-member_elsewhere = A member from { $organisation }

story-status-proposed_on = Proposed on

story-status-started_on = Started on

story-status-not_yet = Not started yet

story-status-closed_on = Closed on

story-status-sessions = Sessions held

story-status-sessions_of_cap = { $held } of { $cap }

story-status-set_meetings = Set meetings held

story-status-shadowing_days = Shadowing days done

story-status-workshops = Workshops attended

story-status-last_activity = Last activity

story-status-no_content = Notes, goals, session topics and the agreement are not shown here.
