agreement-default_frequency = About once a month, 60 to 90 minutes

agreement-default_frequency_capped =
    Up to { $sessions ->
        [one] { $sessions } session
       *[other] { $sessions } sessions
    } of { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }

agreement-default_ground_rules = Confidentiality; listen without interrupting; questions, not advice; everyone presents in turn; start and end on time.

error-agreement_frequency_required = Enter how often and how long you will meet.

error-agreement_goals_required = Enter the goals you agree.

error-ground_rules_required = Enter the set's ground rules.

error-matching-agreement_changed = The agreement was changed since you opened it. Read the new version and sign again.

error-matching-all_off = Switch at least one criterion on.

error-matching-already_answered = You have already answered this offer.

error-matching-choose_fit = Choose how it is going.

error-matching-choose_level = Choose a level.

error-matching-confirm_end = Tick the box to confirm you want to end the match.

error-matching-empty_pool = There is nobody to match: no application of this intake is approved and waiting.

error-matching-fit_after_first_session = The fit check comes after your first session: log a session first.

error-matching-grade_gap_range = Enter a gap from -3 to 5.

error-matching-inputs_changed = The pool changed since this run (an application, a mentor's load or a pin). Run matching again, check the result and publish that run.

error-matching-minutes_cap_reached = This session would take the relationship past the programme's { $cap } minutes. No session was logged.

error-matching-minutes_range = Enter minutes from 1 to 600.

error-matching-minutes_required = Enter how many minutes the session lasted.

error-matching-must_or_off = Choose "Must" or "Off" for a different organisation.

error-matching-not_a_draft = Only the newest draft run can be published, and only once.

error-matching-not_in_intake = Choose someone who applied to this intake.

error-matching-not_suggested = Rank only the mentors suggested to you.

error-matching-offer_closed = The offer closed on { $date }: it can no longer be accepted.

error-matching-offer_days_range = Enter a number of days from 1 to 60.

error-matching-offer_still_open = The offer is still open: it can lapse only after its deadline.

error-matching-rank_taken = You gave this choice number to another mentor: use each number once.

error-matching-ranked_twice = Rank each mentor once.

error-matching-same_person = Choose two different people.

error-matching-session_before_start = The date is before the relationship started.

error-matching-session_cap_reached =
    { $cap ->
        [one] The programme allows { $cap } session, and it is used. No session was logged.
       *[other] The programme allows { $cap } sessions, and all of them are used. No session was logged.
    }

error-matching-session_in_future = The date must be today or in the past.

error-matching-shortlist_not_in_pool = Your application is not waiting to be matched, so there is nothing to rank.

error-matching-shortlist_range = Enter a shortlist size from 2 to 10, or leave it empty.

error-matching-swap_pairs_only = Swapping is for pairs; sets are re-run instead.

error-matching-swap_unknown = Choose two pairs of this run.

error-matching-wrong_status = This match is not at a stage where that can be done.

error-notice_too_long = Enter at most 672 hours (four weeks).

history-ended_relationship = Ended the match (no fault)

history-matched = Matched (offer sent)

history-offer_lapsed = Offer lapsed; back in the pool

history-returned_to_pool = Back in the pool for matching

matching-agreement-channel = How you will meet

matching-agreement-confidentiality = What is said stays between you, except where there is a safeguarding concern, a risk of serious harm, or a legal duty to tell someone. Then you will be told first whenever that is possible.

matching-agreement-confidentiality_notes = Anything you add about confidentiality (optional)

matching-agreement-frequency = How often and how long

matching-agreement-goals = Goals

matching-agreement-goals_hint = What you want to achieve together.

matching-agreement-ground_rules = Ground rules

matching-agreement-not_signed = not signed yet

matching-agreement-notice = Hours of notice to cancel or move a session

matching-agreement-save = Save the agreement

matching-agreement-sign = Sign this version

matching-agreement-signatures = Signatures

matching-agreement-signed = signed

matching-agreement-title-mentoring = Mentoring agreement

matching-agreement-title-reciprocal = Reciprocal learning agreement

matching-agreement-title-set_contract = Set contract and ground rules

matching-agreement-version = Version { $version }. Every change needs everyone to sign again.

matching-constraint-availability = Shared availability

matching-constraint-different_organisation = Different organisation

matching-constraint-goals = Goals covered

matching-constraint-grade_gap = Seniority gap

matching-constraint-mode = Way of meeting

matching-constraint-no_declared_conflict = No declared conflict of interest

matching-constraint-not_in_line_management = Not in each other's line management

matching-constraint-not_previous_partner = Not matched before

matching-constraint-profession = Profession

matching-criteria-intro = Say how much each criterion matters. "Must" is a rule: a pair that fails it is never proposed. The other levels weigh the criterion in the score.

matching-criteria-link = Matching criteria

matching-criteria-title = Matching criteria

matching-criterion-assessment = Assessment profile

matching-criterion-availability = Shared availability

matching-criterion-different_organisation = Different organisation

matching-criterion-goals = Development goals

matching-criterion-grade_gap = Seniority gap

matching-criterion-language = Language

matching-criterion-mode = Way of meeting

matching-criterion-profession = Profession

matching-criterion_hint-availability = Both can meet in at least one shared half-day.

matching-criterion_hint-different_organisation = Partners come from different employers. Only "Must" or "Off".

matching-criterion_hint-goals = The partner's expertise covers the mentee's goals.

matching-criterion_hint-grade_gap = The partner is about the ideal number of levels more senior.

matching-criterion_hint-mode = Both can use a common way of meeting (telephone, video, in person).

matching-criterion_hint-profession = Cross-professional (or same-profession) pairing, as chosen below.

matching-cross_profession-no = Prefer the same profession

matching-cross_profession-yes = Prefer a different profession (interagency learning)

matching-end-button = End the match

matching-end-confirm = I want to end this match

matching-end-explain = Anyone can end a match at any time, with no fault on either side. The others go back into matching. Nobody else sees your reason.

matching-end-no_reason = You gave no reason.

matching-end-reason = Your reason (only you will see it)

matching-end-reason_hint = Optional.

matching-end-title = End this match without fault

matching-end-yours = Your private reason for ending

matching-field-cross_profession = Professions

matching-field-ideal_grade_gap = Ideal seniority gap (levels)

matching-field-ideal_grade_gap_hint = Partner's level minus mentee's level on the shared 1 to 8 scale, for example 1.

matching-field-offer_days = Days to answer an offer

matching-field-offer_days_hint = From 1 to 60.

matching-field-shortlist = Shortlist size (optional)

matching-field-shortlist_hint = Leave empty to let the coordinator's run decide. From 2 to 10.

matching-fit-good = Going well

matching-fit-not_working = Not working

matching-fit-question = How is it going so far?

matching-fit-title = Fit check

matching-fit-unsure = Not sure yet

matching-ignored-title = Pins this run could not honour

matching-intake-title = Matching: { $name }

matching-level-high = High

matching-level-low = Low

matching-level-medium = Medium

matching-level-must = Must

matching-level-off = Off

matching-lifecycle-close = Close as completed

matching-lifecycle-title = Moving on

matching-lifecycle-wind_down = Start winding down

matching-links-bookings = Book and manage sessions

matching-links-goals = Goals

matching-links-set_attendance = Set attendance

matching-links-set_meetings = Set meetings, rota and actions

matching-member-left = left

matching-mine-none = You have no matches yet. When a coordinator publishes a match for you, it appears here.

matching-mine-title = My matches

matching-mine-with = With:

matching-no = No

matching-offer-accept = Accept

matching-offer-answer_by = Please answer by { $date }.

matching-offer-decline = Decline

matching-offer-expired = Offer closed

matching-offer-expired_body = The deadline to answer has passed. The coordinator will be in touch.

matching-offer-lapse = Let the offer lapse

matching-offer-title = Do you accept this match?

matching-offer-waiting = Thank you. We are waiting for the others to answer.

matching-pairs-actions = Actions

matching-pairs-caption = Each proposed pair with its score and the rules it meets

matching-pairs-constraints = Rules met

matching-pairs-forbid = Forbid pair

matching-pairs-left-action_learning_sets = Member

matching-pairs-left-mentoring = Mentee

matching-pairs-left-paired_learning = Clinician

matching-pairs-left-virtual_cohort = Mentee

matching-pairs-lock = Lock pair

matching-pairs-right-action_learning_sets = Member

matching-pairs-right-mentoring = Mentor

matching-pairs-right-paired_learning = Manager

matching-pairs-right-virtual_cohort = Mentor

matching-pairs-score = Score and breakdown

matching-pairs-title = Proposed pairs

matching-pin-forbid = Forbidden

matching-pin-lock = Locked

matching-pins-action = Action

matching-pins-caption = Pins the next run honours

matching-pins-first = First person

matching-pins-kind = Kind

matching-pins-none = No pairs are locked or forbidden.

matching-pins-remove = Remove

matching-pins-second = Second person

matching-pins-title = Locked and forbidden pairs

matching-pool-title = Approved applicants waiting to be matched

matching-quality-mean = Mean score

matching-quality-optimal = Proven optimal

matching-quality-per_organisation = Quality per organisation

matching-quality-placed = Placed

matching-quality-placed_of = { $placed } of { $total }

matching-quality-reproduced = Same result when solved again from the saved inputs

matching-quality-title = Quality

matching-reason-did_not_rank = Did not rank any suggested mentor

matching-reason-mentor_unavailable = Mentor paused, withdrawn or at their load

matching-reason-no_capacity = No capacity: eligible partners' places went to others

matching-reason-no_eligible_partner = No eligible partner: nobody passes the must rules with them

matching-reason-partners_placed_elsewhere = Eligible partners were better placed elsewhere

matching-relationship-members = Who is in it

matching-relationship-title = Your match

matching-relationships-caption = Published matches of this intake

matching-relationships-fit = Fit check

matching-relationships-last_session = Last session

matching-relationships-link = Relationships

matching-relationships-members = Members

matching-relationships-no_session = None yet

matching-relationships-none = Nothing has been published for this intake yet.

matching-relationships-responses = Answers

matching-relationships-title = Relationships: { $name }

matching-response-accepted = Accepted

matching-response-declined = Declined

matching-response-pending = Not answered yet

matching-role-mentee = Mentee

matching-role-mentor = Mentor

matching-role-pair_clinician = Clinician

matching-role-pair_manager = Manager

matching-role-set_member = Set member

matching-run-button = Run matching

matching-run-draft_notice = Only coordinators can see this run. Participants see nothing until you publish it.

matching-run-name = Run { $number }

matching-run-publish = Publish and send the offers

matching-run-rerun = Run again with the pins

matching-run-stale_body = Applications, mentor loads or pins changed since this run, or a newer run exists. Run matching again before publishing.

matching-run-stale_title = The pool has changed

matching-run_status-draft = Draft

matching-run_status-published = Published

matching-run_status-superseded = Superseded

matching-runs-caption = Every run of this intake, newest first

matching-runs-matches = Matches

matching-runs-none = No runs yet.

matching-runs-number = Run

matching-runs-status = Status

matching-runs-title = Runs

matching-runs-unmatched = Not matched

matching-sessions-caption = Sessions held

matching-sessions-date = Date held

matching-sessions-log = Log a session you held

matching-sessions-log_button = Log the session

matching-sessions-minutes = Minutes

matching-sessions-minutes_of = { $used } of { $cap } minutes

matching-sessions-mode = How you met

matching-sessions-title = Sessions

matching-sessions-used =
    { $used ->
        [one] { $used } session held
       *[other] { $used } sessions held
    }

matching-sessions-used_of =
    { $used } of { $cap ->
        [one] { $cap } session used
       *[other] { $cap } sessions used
    }

matching-sets-diversity =
    { $organisations ->
        [one] { $organisations } organisation
       *[other] { $organisations } organisations
    }, { $professions ->
        [one] { $professions } profession
       *[other] { $professions } professions
    }

matching-sets-name = Set { $number }

matching-sets-no_slot = No half-day suits everyone: agree a time at the first meeting.

matching-sets-slot = Meeting time everyone can make: { $slot }

matching-sets-title = Proposed sets

matching-shortlist-choice = Choice { $number }

matching-shortlist-expertise = Can help with:

matching-shortlist-intro = These mentors suit your goals and availability. Number the ones you would like, 1 for your first choice. The final matches respect everyone's choices as far as places allow.

matching-shortlist-link = Rank your suggested mentors for { $programme } ({ $intake })

matching-shortlist-none = No mentor with a free place suits your application yet. The coordinator will be in touch.

matching-shortlist-not_for_me = Not for me

matching-shortlist-rank_label = Your choice for { $name }

matching-shortlist-save = Save my ranking

matching-shortlist-title = Rank your suggested mentors

matching-stale-apply = Show

matching-stale-count =
    { $count ->
        [one] { $count } live relationship has had
       *[other] { $count } live relationships have had
    } no session for { $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weeks
    } or more.

matching-stale-only = Show only those

matching-stale-tag = No session for { $weeks }+ weeks

matching-stale-weeks = Flag relationships with no session for this many weeks

matching-status-accepted = Accepted

matching-status-active = Active

matching-status-closed = Closed

matching-status-declined = Declined

matching-status-ended = Ended

matching-status-proposed = Proposed

matching-status-winding_down = Winding down

matching-swap-button = Swap and lock both pairs

matching-swap-first = First pair

matching-swap-second = Second pair

matching-swap-title = Swap two partners

matching-unmatched-caption = Approved applicants this run could not match, with the reason

matching-unmatched-none = Everyone in the pool was matched.

matching-unmatched-person = Person

matching-unmatched-reason = Reason

matching-unmatched-role = Role

matching-unmatched-title = Not matched

matching-yes = Yes

notice-matching_run = Matching has run. Check the result before publishing.

notice-offer_accepted = You accepted the match.

notice-offer_declined = You declined the match. The coordinator has been told.

notice-pin_saved = Saved. Run matching again to apply it.

notice-published = Published: the offers are on their way.

notice-relationship_ended = The match has ended.

notice-session_logged = The session is logged.

notice-signed = You signed the agreement.

notice-swapped = Swapped and locked. Run matching again to re-solve the rest.
