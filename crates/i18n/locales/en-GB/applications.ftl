applications-apply-already_applied = you have already applied

applications-apply-asked_of = Asked of:

applications-apply-eligibility = Can you apply?

applications-apply-eligible = you can apply.

applications-apply-manager_notice = When you apply, your line manager is emailed a link to agree your protected time. Your organisation's coordinator then decides on a place.

applications-apply-no_manager_notice = No line manager is on record for you, so your organisation's coordinator decides on your application directly.

applications-apply-not_eligible = you cannot apply.

applications-apply-not_open = This intake is not open for applications: it opens on { $opens } and closes on { $closes }.

applications-apply-optional = (optional)

applications-apply-questions = Questions for this programme

applications-apply-submit = Send application

applications-apply-title = Apply to { $intake }

applications-decision-approve = Approve

applications-decision-decline = Decline

applications-decision-waiting_list = Waiting list

applications-field-applicant = Applicant

applications-field-availability = When can you meet?

applications-field-availability_hint = Choose every part of the week that usually suits you.

applications-field-expertise = What can you offer?

applications-field-expertise_hint = Mentors choose at least one.

applications-field-goals = What do you want to develop?

applications-field-goals_hint = Choose at least one, unless you apply as a mentor.

applications-field-modes = How can you meet?

applications-field-programme = Programme

applications-field-role = Role

applications-field-status = Status

applications-field-step = Step

applications-field-submitted = Sent

applications-field-when = When

applications-form-hint = Hint (optional)

applications-form-intro = Every application asks for the role, goals, expertise, availability and ways of meeting. Add the questions this programme needs as well. To add a question, fill in the blank one and save; to remove one, tick its box and save.

applications-form-kind = Kind of answer

applications-form-new_question = New question

applications-form-options = Options

applications-form-options_hint = For single and multiple choice: one option per line.

applications-form-prompt = Question

applications-form-question_n = Question { $n }

applications-form-remove = Remove this question

applications-form-required = An answer is required

applications-form-roles = Ask this of

applications-form-roles_hint = Tick none to ask everyone.

applications-form-scale_max = Highest point of the scale

applications-form-scale_max_hint = For a scale: from 2 to 10.

applications-form-title = Application form

applications-framework-connecting_our_service = Connecting our service

applications-framework-developing_capability = Developing capability

applications-framework-engaging_the_team = Engaging the team

applications-framework-evaluating_information = Evaluating information

applications-framework-holding_to_account = Holding to account

applications-framework-influencing_for_results = Influencing for results

applications-framework-inspiring_shared_purpose = Inspiring shared purpose

applications-framework-leading_with_care = Leading with care

applications-framework-sharing_the_vision = Sharing the vision

applications-history-approved = Approved by the organisation coordinator: a place is held

applications-history-declined = Declined by the organisation coordinator

applications-history-manager_approved = Line manager agreed protected time

applications-history-manager_declined = Line manager declined protected time

applications-history-submitted = Application sent; waiting for the line manager

applications-history-submitted_no_manager = Application sent to the organisation coordinator (no line manager on record)

applications-history-waiting_list = Put on the waiting list

applications-history-withdrawn = Withdrawn by the applicant

applications-intake-applications = Applications

applications-intake-decide = Decide

applications-intake-none = There are no applications yet.

applications-intake-places_caption = Places per organisation

applications-intake-places_offered = Places

applications-intake-places_taken = Taken

applications-intake-title = Applications to { $intake }

applications-manager-approve = Agree protected time

applications-manager-cadence =
    { $weeks ->
        [one] A meeting every week
       *[other] A meeting every { $weeks } weeks
    }

applications-manager-decline = Decline

applications-manager-done_approved = You agreed the protected time. The application now goes to the organisation coordinator.

applications-manager-done_declined = You declined the protected time. The applicant will see that the application did not go ahead.

applications-manager-done_title = Thank you

applications-manager-intro = Dear { $manager }, { $applicant } has applied to { $programme } and names you as their line manager. Do you agree to the protected time it needs?

applications-manager-question = Your answer goes to the applicant's organisation coordinator. The link works once.

applications-manager-starts = Starting on { $date }

applications-manager-term =
    { $months ->
        [one] For { $months } month
       *[other] For { $months } months
    }

applications-manager-time = Time it takes

applications-manager-title = Protected time for a development programme

applications-mine-apply_link = Apply to a programme

applications-mine-caption = Your applications, newest first

applications-mine-none = You have not applied to any programme yet.

applications-mine-title = My applications

applications-open-applied = you have applied

applications-open-apply_as = Apply as { $role }

applications-open-closes = Applications close on { $date }

applications-open-intro = These intakes are open for applications now. You may apply to several programmes, and for more than one role.

applications-open-none = No intake is open for applications at the moment.

applications-open-title = Apply to a programme

applications-question_kind-multiple_choice = Multiple choice

applications-question_kind-scale = Scale

applications-question_kind-single_choice = Single choice

applications-question_kind-text = Text

applications-role-mentee = mentee

applications-role-mentor = mentor

applications-role-pair_clinician = clinical partner in a pair

applications-role-pair_manager = management partner in a pair

applications-role-set_member = set member

applications-slot-fri_am = Friday morning

applications-slot-fri_eve = Friday evening

applications-slot-fri_pm = Friday afternoon

applications-slot-mon_am = Monday morning

applications-slot-mon_eve = Monday evening

applications-slot-mon_pm = Monday afternoon

applications-slot-sat_am = Saturday morning

applications-slot-sat_eve = Saturday evening

applications-slot-sat_pm = Saturday afternoon

applications-slot-sun_am = Sunday morning

applications-slot-sun_eve = Sunday evening

applications-slot-sun_pm = Sunday afternoon

applications-slot-thu_am = Thursday morning

applications-slot-thu_eve = Thursday evening

applications-slot-thu_pm = Thursday afternoon

applications-slot-tue_am = Tuesday morning

applications-slot-tue_eve = Tuesday evening

applications-slot-tue_pm = Tuesday afternoon

applications-slot-wed_am = Wednesday morning

applications-slot-wed_eve = Wednesday evening

applications-slot-wed_pm = Wednesday afternoon

applications-status-approved = Approved

applications-status-awaiting_coordinator = Waiting for coordinator

applications-status-awaiting_manager = Waiting for line manager

applications-status-declined = Declined

applications-status-manager_declined = Line manager declined

applications-status-matched = Matched

applications-status-waiting_list = On the waiting list

applications-status-withdrawn = Withdrawn

applications-view-history = History

applications-view-title = Application to { $programme }

applications-view-withdraw = Withdraw application

applications-view-withdraw_hint = If you withdraw, your place (if you hold one) goes back to your organisation. You can not undo this.

applications-view-withdraw_title = Withdraw your application

eligibility-grade = Your grade is outside the grades this programme is for ({ $allowed }).

eligibility-mentor_training = Mentors on this programme need a recorded mentor training, and none is on record for you.

eligibility-no_employment = No employment is on record for you, so there is no organisation whose places you could use.

eligibility-organisation_kind = This programme is for staff of these kinds of organisation only: { $allowed }.

eligibility-profession = This programme is for these professions only: { $allowed }.

eligibility-role_not_offered = This programme does not recruit for that role.

error-answer_invalid = Choose one of the options given

error-answer_required = Answer this question

error-applications-already_applied = You have already applied for this role in this intake.

error-applications-cannot_decide = This application is not waiting for that decision.

error-applications-cannot_withdraw = This application can no longer be withdrawn.

error-applications-choose_role = Choose the role you apply for

error-applications-intake_closed = This intake is not open for applications.

error-applications-link_expired = This link has expired. Ask the applicant to contact their organisation coordinator.

error-applications-link_settled = This application no longer needs your answer (for example, the applicant withdrew it).

error-applications-link_unknown = This link is not valid. Check that you copied the whole link from the email.

error-applications-link_used = This link has already been used: your answer was recorded and cannot be changed through the link.

error-applications-places_below_taken = Approved applications already hold { $taken } of these places; enter { $taken } or more.

error-applications-places_full = All { $places } places of { $organisation } in { $intake } are taken; put the application on the waiting list instead.

error-applications-question_too_long = Questions and hints must be { $max } characters or fewer, options { $option_max }.

error-applications-role_not_offered = Choose only roles this programme recruits.

error-applications-status_changed = This application has changed since you looked at it. Look at it again before deciding.

error-applications-unknown_person = A declared conflict names someone who is not in this scheme.

error-choose_a_goal = Choose at least one thing you want to develop

error-choose_availability = Choose at least one time you can meet

error-choose_expertise = Choose at least one thing you can offer

error-mode_not_offered = Choose only ways of meeting this programme offers

error-question_key = This question's key is not valid or is used twice

error-question_needs_options = Give at least two options, one per line

error-question_prompt_required = Enter the question

error-question_scale = Enter the highest point of the scale, from 2 to 10

error-question_too_many_options = A question can have at most 20 options

error-too_many_questions = A form can have at most { $max } questions
