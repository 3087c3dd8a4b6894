notices-journey-and = { $first } and { $last }

notices-journey-fact-programme = Programme

notices-journey-fact-intake = Intake

notices-journey-fact-role = Role

notices-journey-fact-reason = Reason given

notices-journey-fact-applicant = Applicant

notices-journey-fact-deadline = Answer by

notices-journey-fact-people = Who

notices-journey-fact-declined_by = Declined by

notices-journey-action-application = See your application

notices-journey-action-manager = Answer the request

notices-journey-action-offer = Read your offer and answer it

notices-journey-action-intake_relationships = See the intake's matches

notices-application-received-subject = We have received your application to { $programme }

notices-application-received-body = Thank you for applying to { $programme }. We will email you when a decision has been made; you can see where your application is at any time.

notices-application-approved-subject = Your application to { $programme } has been approved

notices-application-approved-body = Good news: your application to { $programme } has been approved and a place is held for you. You will hear from us again when you are matched.

notices-application-declined-subject = Your application to { $programme } was not accepted

notices-application-declined-body = We are sorry: your application to { $programme } was not accepted this time.

notices-application-declined-by_manager = Your line manager did not agree the protected time the programme needs. You may want to talk to them, or apply to a later intake.

notices-application-waitlisted-subject = Your application to { $programme } is on the waiting list

notices-application-waitlisted-body = Your application to { $programme } is on the waiting list. If a place becomes free, we will email you.

notices-application-manager_request-subject = { $applicant } asks you to agree protected time for { $programme }

notices-application-manager_request-body = { $applicant } has applied to { $programme } as { $role } and names you as their line manager.

notices-application-manager_request-link =
    Please say whether you agree to the protected time it needs. The link works once and expires in { $days ->
        [one] { $days } day
       *[other] { $days } days
    }; you do not need an account.

notices-application-manager_request-ignore = If you did not expect this email, you can ignore it.

notices-offer-made-subject = You have a proposed match in { $programme }

notices-offer-made-body = You have been matched in { $programme }. Please sign in, read who you are matched with, and accept or decline by { $deadline }.

notices-offer-declined-subject = A match in { $programme } ({ $intake }) was declined

notices-offer-declined-body = A proposed match in { $programme }, intake { $intake }, was declined: { $people }.

notices-offer-declined-back_to_pool = The match is off: the people in it are back in the pool for the next matching run.

notices-offer-declined-others_stay = The person who declined is back in the pool; the others stay together.

notices-agreement-to_sign-subject = Your agreement for { $programme } is waiting for your signature

notices-agreement-to_sign-body = Everyone has accepted the match in { $programme }. Please read the agreement, change it together if you need to, and sign it: the relationship starts when everyone has signed.

notices-agreement-to_sign-action = Read and sign the agreement

notices-agreement-signed-subject = Everyone has signed your agreement for { $programme }

notices-agreement-signed-body = Everyone has signed the agreement in { $programme }: your relationship is now active. You can book your first session.

notices-agreement-signed-action = Open your relationship

applications-decision-reason = Reason for the applicant (optional)

applications-decision-reason_hint = Whatever you write here is emailed to the applicant with your decision. It is not kept anywhere else.

notice-published_told = Offers emailed: { $count } (everyone matched who has an email address).

nav-dead_notices = Undelivered emails

notices-dead-title = Emails that could not be delivered

notices-dead-intro = These emails were tried several times and could not be delivered. Fix the cause first (a person's address, the mail server settings), then try again.

notices-dead-kind = Email

notices-dead-recipient = To

notices-dead-recipient_hidden = Someone you cannot see

notices-dead-failed_at = Last tried

notices-dead-attempts = Attempts

notices-dead-error = Last error

notices-dead-action = Action

notices-dead-retry = Try again

notices-dead-none = Every email has been delivered: nothing is waiting here.

notices-dead-unknown_kind = Email of an unknown kind

notice-notice_queued_again = The email is back in the queue and will be sent shortly.

notice-notice_not_dead = That email was no longer in the list: someone may have tried it again already.

notices-undeliverable-important = Important

notices-undeliverable-title = We could not deliver email to this person

notices-undeliverable-body = The last email to this person could not be delivered ({ $date }). Check their email address; until it is corrected they will not hear about their application, offers or sessions.
