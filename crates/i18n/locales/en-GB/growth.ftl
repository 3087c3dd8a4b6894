growth-kind-mentoring = Mentoring

growth-kind-pair = Paired learning

growth-kind-set = Action learning set

growth-yes = Yes

growth-no = No

growth-dimensions = Healthcare Leadership Model dimensions

growth-dimensions_hint = Select all that apply.

growth-goal_status-not_started = Not started

growth-goal_status-under_way = Under way

growth-goal_status-achieved = Achieved

growth-goals-title = Goals

growth-goals-intro = Each member sets their own goals for this relationship. The other members see them, so you can help each other; nobody else does.

growth-goals-caption = Goals in this relationship

growth-goals-none = No goals yet.

growth-goals-add = Add a goal

growth-goal-owner = Whose goal

growth-goal-title = Goal

growth-goal-title_hint = What you want to achieve, in one line.

growth-goal-status = Progress

growth-goal-progress_note = Progress note

growth-goal-update = Update your goal

growth-goal-save = Save goal

growth-goal_counts-title = Goals across the scheme

growth-goal_counts-intro = How many goals participants have set, by progress. Goals themselves are visible only to the members of each relationship.

growth-goal_counts-caption = Goals by progress ({ $total } in all)

growth-goal_counts-count = Goals

growth-reflections-title = Reflective log

growth-reflections-intro = Your reflections are private: only you can read them, unless you choose to share one with the members of one of your relationships. You can stop sharing at any time.

growth-reflections-own = Your entries

growth-reflections-none = You have not written any reflections yet.

growth-reflections-add = Add a reflection

growth-reflections-shared_with_me = Shared with you

growth-reflections-none_shared = Nobody has shared a reflection with you.

growth-reflection-title = Reflection of { $date }

growth-reflection-written_on = Date

growth-reflection-text = Reflection

growth-reflection-text_hint = What happened, what you learnt and what you will do differently.

growth-reflection-about = About a relationship (optional)

growth-reflection-about_none = Not about a relationship

growth-reflection-share_with = Who can read it

growth-reflection-share_hint = Choose a relationship to let its members read this entry.

growth-reflection-keep_private = Only me (private)

growth-reflection-private = Private

growth-reflection-shared = Shared

growth-reflection-save_sharing = Save who can read it

growth-cpd-title = CPD record

growth-cpd-intro = Your continuing professional development: sessions held in your relationships count automatically as participatory learning, and you can add other activities. Nurses and midwives need 35 hours in three years for revalidation, 20 of them participatory; doctors bring their CPD to appraisal.

growth-cpd-total_hours = Total hours

growth-cpd-participatory_hours = Participatory hours

growth-cpd-nmc_met = This record meets the NMC revalidation hours (35 hours, 20 participatory).

growth-cpd-nmc_not_met = This record does not yet reach the NMC revalidation hours (35 hours, 20 participatory).

growth-cpd-print = Printable version

growth-cpd-download = Download as CSV (spreadsheet)

growth-cpd-caption = CPD activities, most recent first

growth-cpd-date = Date

growth-cpd-activity = Activity

growth-cpd-activity_hint = For example, a course, a conference or reading with a colleague.

growth-cpd-hours = Hours

growth-cpd-hours_hint = For example, 1.5 for an hour and a half.

growth-cpd-participatory = Participatory

growth-cpd-participatory_label = Participatory: I learnt with other people

growth-cpd-reflection = Reflection

growth-cpd-actions = Actions

growth-cpd-delete = Remove

growth-cpd-none = Nothing recorded yet.

growth-cpd-total = Total

growth-cpd-of_which_participatory = of which participatory: { $hours }

growth-cpd-add = Add an activity

growth-cpd-session-mentoring = Mentoring session

growth-cpd-session-pair = Paired learning session

growth-cpd-session-set = Action learning set meeting

growth-cpd-print_title = CPD record of { $name }

growth-cpd-printed_on = Printed on { $date }

growth-cpd-print_hint = Use your browser's print command to print or save as PDF.

growth-directory-title = Directory of participants

growth-directory-intro = Participants from every organisation in the scheme who chose to be listed, so you can find peers with the same interests. People who have not opted in are never shown.

growth-directory-your_listing_listed = You are listed: change or remove your listing

growth-directory-your_listing_unlisted = You are not listed: add yourself to the directory

growth-directory-search = Search

growth-directory-search_hint = Name, role, organisation or interest.

growth-directory-dimension = Leadership dimension

growth-directory-any_dimension = Any dimension

growth-directory-search_button = Search

growth-directory-caption = Participants listed ({ $count })

growth-directory-name = Name

growth-directory-role = Role

growth-directory-organisation = Organisation

growth-directory-interests = Interests

growth-directory-none = Nobody matches.

growth-listing-title = Your directory listing

growth-listing-listed = You are listed in the directory.

growth-listing-unlisted = You are not listed in the directory.

growth-listing-intro = Your name, job title and organisation are shown with the interests you give here, to everyone in the scheme. You can remove your listing at any time.

growth-listing-interests = Interests

growth-listing-interests_hint = What you would like to talk to peers about.

growth-listing-opt_in = Add me to the directory

growth-listing-save = Save my listing

growth-listing-opt_out = Remove me from the directory

error-growth-title_required = Enter the goal

error-growth-title_too_long = Enter 200 characters or fewer

error-growth-control_characters = Remove the special characters

error-growth-text_too_long = Enter 10,000 characters or fewer

error-growth-status_required = Select the goal's progress

error-growth-date_required = Enter a real date

error-growth-date_in_future = The date must be today or in the past

error-growth-date_too_early = The date must be in 1950 or later

error-growth-text_required = Enter your reflection

error-growth-activity_required = Enter the activity

error-growth-hours_required = Enter the hours

error-growth-hours_invalid = Enter the hours as a number, like 1.5

error-growth-hours_range = Enter between 0.01 and 24 hours

error-growth-dimension_unknown = Select dimensions from the list

error-growth-not_your_relationship = Select one of your own relationships

error-growth-relationship_closed = This relationship has closed, so no new goals can be set.

error-growth-interests_required = Enter your interests or select at least one dimension

error-growth-interests_too_long = Enter 1,000 characters or fewer
