notices-kind-digest-daily = Dagelijks overzicht van uw berichten

notices-preferences-choices_heading = Uw keuzes

notices-preferences-error-essential = Dit bericht is essentieel en wordt altijd direct verstuurd

notices-preferences-essential_heading = Altijd verstuurd

notices-preferences-essential_hint = Deze hebt u nodig om in te loggen of om vóór een deadline te handelen.

notices-preferences-intro = Kies per soort e-mail of u die direct ontvangt, gebundeld in één e-mail per dag, of helemaal niet. Essentiële e-mails worden altijd verstuurd.

notices-preferences-link = Kies welke e-mails u ontvangt

notices-preferences-mode-digest = In een dagelijks overzicht

notices-preferences-mode-immediate = Direct

notices-preferences-mode-off = Uit

notices-preferences-save = Keuzes opslaan

notices-preferences-title = Kies welke e-mails u ontvangt

notices-recent-empty = U hebt nog geen berichten.

notices-recent-heading = Recente berichten

notices-recent-held = wacht op uw dagelijkse overzicht

notices-recent-when = Verstuurd op

notices-scheduled-actions_due-action = Uw acties bijwerken

notices-scheduled-actions_due-body = Uw groep komt bijeen op { $day }. Deze acties die u op zich hebt genomen staan nog open:

notices-scheduled-actions_due-subject = Uw acties voor de groepsbijeenkomst van { $day }

notices-scheduled-digest_daily-action = Tandem openen

notices-scheduled-digest_daily-body = U hebt gekozen deze berichten eenmaal per dag te ontvangen. Elke link opent de betreffende pagina.

notices-scheduled-digest_daily-subject =
    { $count ->
        [one] Uw dagelijkse overzicht: { $count } bericht
       *[other] Uw dagelijkse overzicht: { $count } berichten
    }

notices-scheduled-digest_organisation-action = Tandem openen

notices-scheduled-digest_organisation-body = Deze aanmeldingen uit uw organisatie wachten op uw besluit:

notices-scheduled-digest_organisation-subject =
    { $count ->
        [one] { $count } aanmelding wacht op u
       *[other] { $count } aanmeldingen wachten op u
    }

notices-scheduled-digest_scheme-action = Het dashboard openen

notices-scheduled-digest_scheme-approvals = Aanmeldingen die op goedkeuring wachten: { $count }

notices-scheduled-digest_scheme-at_cap = Duo's die al hun sessies hebben gebruikt: { $count }

notices-scheduled-digest_scheme-body = Dit vraagt deze week uw aandacht in de regeling.

notices-scheduled-digest_scheme-expiring = Aanbiedingen waarvan de deadline in de komende week valt: { $count }

notices-scheduled-digest_scheme-quiet = Koppelingen zonder sessie in de afgelopen { $weeks } weken: { $count }

notices-scheduled-digest_scheme-subject = Wekelijks overzicht van uw regeling

notices-scheduled-fact-day = Dag

notices-scheduled-fact-deadline = Antwoorden voor

notices-scheduled-fact-facilitator = Facilitator

notices-scheduled-fact-length = Duur

notices-scheduled-fact-link = Videolink

notices-scheduled-fact-place = Waar

notices-scheduled-fact-presenting = Presenteert

notices-scheduled-fact-timekeeper = Tijdbewaker

notices-scheduled-fact-when = Wanneer

notices-scheduled-log_prompt-action = De sessie vastleggen

notices-scheduled-log_prompt-body = Uw sessie is afgelopen. Wilt u vastleggen dat deze heeft plaatsgevonden, met de besproken onderwerpen, zodat hij meetelt voor uw programma?

notices-scheduled-log_prompt-subject = Wilt u uw sessie vastleggen?

notices-scheduled-manager_reminder-action = Het verzoek beantwoorden

notices-scheduled-manager_reminder-body =
    { $applicant } heeft zich aangemeld voor { $programme } en u genoemd als leidinggevende. Wij hebben uw antwoord over de benodigde vrijgestelde tijd nog niet ontvangen. De link hieronder werkt één keer en verloopt over { $days ->
        [one] { $days } dag
       *[other] { $days } dagen
    }; u hebt geen account nodig.

notices-scheduled-manager_reminder-subject = Herinnering: { $applicant } wacht op uw antwoord over { $programme }

notices-scheduled-meeting_reminder-action = De bijeenkomst bekijken

notices-scheduled-meeting_reminder-body = Dit is een herinnering aan de volgende bijeenkomst van uw intervisiegroep in { $programme }.

notices-scheduled-meeting_reminder-subject = Herinnering: uw intervisiegroep komt bijeen op { $day }

notices-scheduled-minutes =
    { $minutes ->
        [one] { $minutes } minuut
       *[other] { $minutes } minuten
    }

notices-scheduled-offer_expired-action = Het aanbod bekijken

notices-scheduled-offer_expired-body = De deadline voor de koppeling in { $programme } is verstreken zonder dat iedereen heeft geantwoord, dus het aanbod is vervallen. Uw coördinator neemt contact met u op over het vervolg.

notices-scheduled-offer_expired-subject = Uw aanbod voor een koppeling in { $programme } is verlopen

notices-scheduled-offer_reminder-action = Het aanbod aannemen of afslaan

notices-scheduled-offer_reminder-body = U hebt een koppeling aangeboden gekregen in { $programme } en wij hebben uw antwoord nog niet ontvangen. Als u niet vóór de deadline antwoordt, vervalt het aanbod.

notices-scheduled-offer_reminder-subject = Uw koppeling in { $programme }: antwoord graag vóór de deadline

notices-scheduled-session_reminder-action = Uw sessies bekijken

notices-scheduled-session_reminder-body = Dit is een herinnering aan uw bevestigde sessie met { $with }.

notices-scheduled-session_reminder-subject = Herinnering: uw sessie met { $with }

notices-scheduled-shadowing-action = Uw duo-leren bekijken

notices-scheduled-shadowing-body = Dit is een herinnering aan uw meeloopdag bij { $host }.

notices-scheduled-shadowing-subject = Herinnering: meeloopdag met { $host }

notices-scheduled-someone = iemand die is vertrokken

notices-scheduled-survey-action = De vragenlijst invullen

notices-scheduled-survey-body = U hebt deelgenomen aan { $programme }. Wilt u een korte vragenlijst daarover invullen? Uw antwoorden helpen de regeling te verbeteren.

notices-scheduled-survey-subject = Vertel ons over { $programme }

notices-scheduled-workshop-action = De workshop bekijken

notices-scheduled-workshop-body = Dit is een herinnering aan de workshop “{ $title }” van uw programma.

notices-scheduled-workshop-subject = Herinnering: workshop “{ $title }”

notices-survey-error-link = Vul het volledige webadres van de vragenlijst in, beginnend met https://

notices-survey-error-wave = Geef de meetronde een korte naam zonder dubbele punt

notices-unsubscribe-already = Deze e-mails staan voor u al uit.

notices-unsubscribe-bad = De link is misschien onvolledig gekopieerd of gewijzigd. Er is niets veranderd. Na het inloggen kunt u kiezen welke e-mails u ontvangt.

notices-unsubscribe-bad_title = Deze link werkt niet

notices-unsubscribe-button = Deze e-mails stoppen

notices-unsubscribe-confirm = Stuur mij geen e-mails meer van de soort “{ $kind }”.

notices-unsubscribe-done = Wij sturen u geen e-mails van de soort “{ $kind }” meer. U kunt dit altijd wijzigen op de pagina waar u kiest welke e-mails u ontvangt.

notices-unsubscribe-done_title = U ontvangt deze e-mails niet meer

notices-unsubscribe-title = Deze e-mails stoppen
