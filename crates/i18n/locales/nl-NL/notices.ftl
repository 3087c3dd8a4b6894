notices-footer-preferences = Kies welke e-mails u ontvangt

notices-footer-unsubscribe = Geen e-mails meer zoals deze

notices-footer-why = U ontvangt dit bericht omdat u deelneemt aan een regeling die met Tandem wordt uitgevoerd.

notices-greeting = Beste { $name },

notices-greeting_plain = Goedendag,

notices-kind-account-email_confirmation = Bevestiging van uw e-mailadres

notices-kind-account-invitation = Uitnodiging voor Tandem

notices-kind-account-password_reset = Wachtwoord opnieuw instellen

notices-kind-account-sign_in_link = Inloglink

notices-kind-agreement-signed = Overeenkomst door iedereen ondertekend

notices-kind-agreement-to_sign = Overeenkomst wacht op uw handtekening

notices-kind-application-approved = Aanmelding goedgekeurd

notices-kind-application-declined = Aanmelding afgewezen

notices-kind-application-manager_reminder = Herinnering aan de leidinggevende

notices-kind-application-manager_request = Goedkeuring van de leidinggevende gevraagd

notices-kind-application-nominated = Voordracht voor een instroom

notices-kind-application-received = Aanmelding ontvangen

notices-kind-application-waitlisted = Aanmelding op de wachtlijst

notices-kind-digest-organisation = Dagelijks overzicht van wat op u wacht

notices-kind-digest-scheme = Wekelijks overzicht van de regeling

notices-kind-offer-declined = Koppeling afgeslagen (coördinatoren)

notices-kind-offer-expired = Aanbod verlopen

notices-kind-offer-made = Koppeling aangeboden

notices-kind-offer-reminder = Termijn van het aanbod bijna verstreken

notices-kind-pair-shadowing_invitation = Meeloopdag

notices-kind-pair-shadowing_reminder = Herinnering aan een meeloopdag

notices-kind-pair-workshop_invitation = Uitnodiging voor een workshop

notices-kind-pair-workshop_reminder = Herinnering aan een workshop

notices-kind-session-cancelled = Sessie geannuleerd

notices-kind-session-confirmed = Sessie bevestigd

notices-kind-session-log_prompt = Verzoek om een sessie vast te leggen

notices-kind-session-proposed = Sessie voorgesteld

notices-kind-session-reminder = Herinnering aan een sessie (24 uur vooraf)

notices-kind-session-rescheduled = Sessie verplaatst

notices-kind-set-actions_due = Acties die bijna moeten zijn afgerond

notices-kind-set-apologies = Afmelding ontvangen

notices-kind-set-meeting_next = Volgende bijeenkomst van de intervisiegroep

notices-kind-set-meeting_reminder = Herinnering aan een bijeenkomst van de intervisiegroep

notices-kind-survey-wave = Evaluatievragenlijst
