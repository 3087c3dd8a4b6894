kinds-error-own_application = This is your own application. Another coordinator decides on it.

kinds-error-nominate_self = You cannot nominate yourself. Apply yourself, or ask another coordinator to nominate you.

kinds-error-session_too_long = A session in this programme lasts at most { $max } minutes

kinds-error-workshop_not_yet = Attendance can be recorded from the day of the workshop, { $date }

kinds-workshop-attendance_from = Attendance can be recorded from the day of the workshop, { $date }.

kinds-figures-set_meetings =
    { $held ->
        [one] { $held } set meeting held
       *[other] { $held } set meetings held
    }

kinds-figures-pair_activity =
    { $held ->
        [one] { $held } session, shadowing day or workshop held
       *[other] { $held } sessions, shadowing days and workshops held
    }

kinds-notice-roles_reassigned = { $name } had a role in the agreed rota. The role has been passed on by the rota rule: see the roles below.

kinds-notice-apologies_withdrawn = Your apologies have been withdrawn.

kinds-notice-training_verified = The training has been verified.

kinds-apologies-from = Apologies from:

kinds-apologies-sent_yours = You have sent apologies for this meeting.

kinds-apologies-withdraw = Withdraw my apologies

kinds-apologies-rota_hint = If the rota gives you a role, it passes to another member.

kinds-attendance-apologies = Apologies

kinds-training-verification = Verified

kinds-training-verified = Verified

kinds-training-unverified = Not verified

kinds-training-verify = Verify

kinds-training-own_hint = Training you record yourself counts for “mentor training required” once a coordinator has verified it.

kinds-applications-own_explained = This is your own application. Another coordinator decides on it, so the decision is not offered to you.

kinds-applications-own_short = Your own application: another coordinator decides

kinds-sessions-minutes_max = At most { $max } minutes

kinds-relationship-title-mentoring = Your mentoring relationship

kinds-relationship-title-virtual_cohort = Your cohort mentoring

kinds-relationship-title-paired_learning = Your paired learning partnership

kinds-relationship-title-action_learning_sets = Your action learning set

kinds-relationship-members-action_learning_sets = Set members

kinds-relationship-members-paired_learning = Partners

kinds-mine-with-action_learning_sets = Set members:

kinds-mine-with-paired_learning = Partner:

kinds-set-held =
    { $held ->
        [one] { $held } meeting held
       *[other] { $held } meetings held
    }

kinds-set-next_meeting = Next meeting

kinds-set-meetings_link = All meetings, the rota and actions

kinds-set-open_actions = Open actions

kinds-set-no_open_actions = No open actions.

kinds-set-roles = Roles

kinds-pair-held = { $held } held: sessions, shadowing days and workshops

kinds-set-agreement_shared = The set contract is agreed by all members.
