notices-footer-preferences = Choose which emails you receive

notices-footer-unsubscribe = Stop emails like this one

notices-footer-why = You receive this because you take part in a scheme run with Tandem.

notices-greeting = Dear { $name },

notices-greeting_plain = Hello,

notices-kind-account-email_confirmation = Email address confirmation

notices-kind-account-invitation = Invitation to Tandem

notices-kind-account-password_reset = Password reset

notices-kind-account-sign_in_link = Sign-in link

notices-kind-agreement-signed = Agreement signed by everyone

notices-kind-agreement-to_sign = Agreement waiting for your signature

notices-kind-application-approved = Application approved

notices-kind-application-declined = Application declined

notices-kind-application-manager_reminder = Reminder to a line manager

notices-kind-application-manager_request = Line manager's approval requested

notices-kind-application-nominated = Nomination for an intake

notices-kind-application-received = Application received

notices-kind-application-waitlisted = Application on the waiting list

notices-kind-digest-organisation = Daily list of what waits for you

notices-kind-digest-scheme = Weekly scheme summary

notices-kind-offer-declined = Match declined (coordinators)

notices-kind-offer-expired = Offer expired

notices-kind-offer-made = Match offered

notices-kind-offer-reminder = Offer deadline near

notices-kind-pair-shadowing_invitation = Shadowing day

notices-kind-pair-shadowing_reminder = Shadowing day reminder

notices-kind-pair-workshop_invitation = Workshop invitation

notices-kind-pair-workshop_reminder = Workshop reminder

notices-kind-session-cancelled = Session cancelled

notices-kind-session-confirmed = Session confirmed

notices-kind-session-log_prompt = Request to record a session

notices-kind-session-proposed = Session proposed

notices-kind-session-reminder = Session reminder (24 hours before)

notices-kind-session-rescheduled = Session moved

notices-kind-set-actions_due = Actions due

notices-kind-set-apologies = Apologies received

notices-kind-set-meeting_next = Next set meeting

notices-kind-set-meeting_reminder = Set meeting reminder

notices-kind-survey-wave = Evaluation survey
