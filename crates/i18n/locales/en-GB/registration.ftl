registration-title = Register for the mentoring scheme

registration-intro = Tell us who you are and where you work. We will email you a link to confirm your address and choose a password; your organisation's coordinator then confirms that you work there.

registration-closed-title = Registration is closed

registration-closed-body = This scheme does not take registrations. Ask your organisation's coordinator to invite you.

registration-field-email = Email address

registration-email_hint = You can use a personal address if you have no work address.

registration-field-email_kind = Is this a work or a personal address?

registration-email_kind-work = Work address

registration-email_kind-personal = Personal address

registration-employment = Where you work

registration-password_later = You choose your password when you confirm your email address.

registration-submit = Register

registration-have_account = I already have an account: sign in

registration-sent-title = Check your email

registration-sent-body = If the address can be registered, we have sent it a link to confirm it and choose a password. The link works once and expires. If you already have an account, sign in or reset your password instead.

registration-confirm-title = Confirm your email address

registration-confirm-intro = Choose a password to finish your registration. You can sign in straight away; your organisation's coordinator will confirm that you work there.

registration-confirm-submit = Confirm and save password

registration-confirm-invalid = This link has expired, has been used already or is not valid. Nothing was changed.

registration-confirm-register_again = Register again

registration-notice-email_confirmed = Your email address is confirmed. You can now sign in.

registration-notice-employment_confirmed = Employment confirmed.

registration-notice-not_employed = Registration ended: the person has been told.

registration-waiting-title = People waiting to be confirmed

registration-waiting-intro = These people registered themselves and confirmed their email address. Confirm that they work at the organisation they named; until then none of their applications can be approved.

registration-waiting-none = Nobody is waiting to be confirmed.

registration-waiting-caption = Registrations waiting for you

registration-waiting-person = Person

registration-waiting-actions = Decision

registration-waiting-confirm = Confirm

registration-waiting-not_employed = Not employed here

registration-error-closed = This scheme does not take registrations.

registration-error-employment_not_confirmed = Employment not yet confirmed by { $organisation }: the application can be approved once their coordinator has confirmed it.

registration-error-decided = This registration has been decided already.

registration-error-choose_email_kind = Choose whether this is a work or a personal address

registration-error-language = Choose one of the scheme's languages

registration-published-told = { $told } people were sent their offer; { $invited } of them had no way to sign in yet and were invited to first.

notices-kind-registration-ended = End of a registration

notices-registration-ended-subject = Your registration has ended

notices-registration-ended-body = { $organisation } did not confirm that you work there, so your registration has ended and your account is closed.

notices-registration-ended-mistake = If this is a mistake, please contact the coordinator at your organisation.

notices-application-nominated-subject = You have been nominated for { $programme }

notices-application-nominated-body = { $by } nominated you as { $role } in { $programme } ({ $intake }). Complete your application, or decline the nomination if it is not for you.

notices-application-nominated-complete_by = The intake takes applications until { $date }.

notices-application-nominated-fact-by = Nominated by

notices-application-nominated-action = Complete or decline

applications-status-nominated = Nominated

applications-status-nomination_declined = Nomination declined

nominations-history-nominated = Nominated by their organisation coordinator

nominations-history-declined = Nomination declined

nominations-title = Nominate staff

nominations-intro = Nominate members of your organisation's staff: an application is started on their behalf, which they complete or decline. People without an account are invited to sign in.

nominations-search = Search your staff by name or email

nominations-search_button = Search

nominations-field-role = Nominate as

nominations-field-people = Staff to nominate

nominations-no_candidates = Nobody found. Try another search.

nominations-already = has applied or been nominated already

nominations-more = More people match: narrow the search to see them.

nominations-submit = Nominate

nominations-made = Nominations made

nominations-none_made = Nobody has been nominated into this intake yet.

nominations-done-title = Nominations sent

nominations-done-count =
    { $count ->
        [one] { $count } person nominated
       *[other] { $count } people nominated
    }; { $invited } of them had no account yet and were invited to sign in.

nominations-done-skipped = Not nominated

nominations-done-back = Back to nominating

nominations-notice-declined = You declined the nomination.

nominations-error-answered = This nomination has been completed or declined already.

nominations-error-choose_people = Choose at least one person to nominate

nominations-error-too_many = Nominate at most { $max } people at once

nominations-skipped-already_applied = has already applied or been nominated for this role

nominations-skipped-account_disabled = their account is closed

nominations-skipped-address_in_use = their email address is used by another account

nominations-skipped-ineligible = the programme's rules do not allow them in this role

nominations-mine-title = Your nominations

nominations-mine-none = You have no nominations waiting for you.

nominations-mine-heading = You were nominated into { $programme }, { $intake }

nominations-mine-body = { $by } nominated you as { $role }. Complete the application form to apply, or decline.

nominations-mine-complete = Complete the application

nominations-mine-closed = The intake no longer takes applications.

nominations-mine-decline = Decline

nominations-mine-applications_link = All your applications

nominations-mine-complete_or_decline = Complete or decline

registration-dashboard-waiting = Registered people waiting for you to confirm where they work: { $count }.

registration-dashboard-link = People waiting to be confirmed
