sets-set-title = Action learning set

sets-set-slot = The set meets on { $slot }.

sets-set-cadence =
    { $weeks ->
        [one] Every week.
       *[other] Every { $weeks } weeks.
    }

sets-set-members = Members

sets-set-meetings = Meetings

sets-set-no_meetings = No meetings planned yet.

sets-access-scheme_coordinator = As scheme coordinator you see attendance and rota roles. What members bring to the set stays in the set.

sets-access-organisation_coordinator = As your organisation's coordinator you see the attendance of your organisation's members only. What members bring to the set stays in the set.

sets-ground_rules = Our ground rules

sets-schedule-title = Plan the next meeting

sets-schedule-proposed = Proposed at the set's usual rhythm and time; change it if you need to.

sets-schedule-submit = Plan meeting

sets-meeting-title = Set meeting

sets-meeting-on = { $date } at { $time }

sets-meeting-when = When

sets-meeting-date = Date

sets-meeting-time = Start time (hh:mm)

sets-meeting-link = Online meeting link

sets-meeting-move = Move this meeting or change its link

sets-meeting-move_submit = Save changes

sets-rota-title = Rota

sets-rota-proposed = Proposed

sets-rota-role = Role

sets-rota-who = Who

sets-rota-facilitator = Facilitator

sets-rota-timekeeper = Timekeeper

sets-rota-presenter = Presenter { $n }

sets-rota-presenters = Presenters

sets-rota-nobody = Choose someone

sets-rota-accept = Accept this rota

sets-rota-adjust = Adjust the rota

sets-rota-save = Save rota

sets-attendance-title = Attendance

sets-attendance-member = Member

sets-attendance-present = present

sets-attendance-absent = absent

sets-attendance-not_recorded = Attendance not recorded yet.

sets-attendance-who = Who came?

sets-attendance-save = Save attendance

sets-follow_up-title = Actions to follow up

sets-follow_up-none = No actions from earlier meetings.

sets-action-who = Who

sets-action-title = Action

sets-action-status = Status

sets-action-status-open = to follow up

sets-action-status-done = done

sets-action-status-not_done = not done

sets-action-status-carried = carried forward

sets-action-follow_up = Follow-up

sets-action-save = Save

sets-action-new = Action committed to

sets-action-add = Add action

sets-issues-title = Issues and actions

sets-issues-after_rota = Issues can be recorded once the rota is agreed.

sets-issues-issue = Issue brought

sets-issues-save = Save issue

error-sets-action_required = Enter the action

error-sets-already_held = This meeting has been held; it can no longer be moved.

error-sets-choose_presenters = Choose at least one presenter

error-sets-choose_someone = Choose a member

error-sets-choose_status = Choose done, not done or carried forward

error-sets-date_in_past = The date must be today or later

error-sets-issue_required = Enter the issue

error-sets-issues_recorded = Issues have been recorded for this meeting, so its rota can no longer change.

error-sets-link_invalid = Enter the meeting link, starting with https://

error-sets-not_a_member = Choose members of this set only

error-sets-not_a_presenter = Only presenters of the agreed rota can have an issue or actions

error-sets-not_active = The set is not running, so its meetings cannot be changed.

error-sets-not_yet_held = Attendance can be recorded from the day of the meeting.

error-sets-rota_not_agreed = Agree the rota first.

error-sets-same_person = The timekeeper must be someone other than the facilitator

error-sets-time_invalid = Enter a time like 14:00

error-sets-too_long = This is too long

sets-apologies-title = Cannot come?

sets-apologies-hint = Send your apologies: the other members of the set are told by email.

sets-apologies-send = Send apologies

notice-apologies_sent = Your apologies have been sent
