peers-directory-title = Collegagids

peers-directory-intro = Professionals uit alle organisaties in de regeling die ervoor kozen erin te staan, zodat u collega's vindt met hetzelfde werk of dezelfde interesses, waar zij ook werken. Wie daar niet voor kiest, wordt nooit getoond.

peers-directory-requests_link = Uw verzoeken om een gesprek

peers-filter-heading = De lijst verfijnen

peers-filter-profession = Beroep

peers-filter-any_profession = Elk beroep

peers-filter-organisation_kind = Soort organisatie

peers-filter-any_kind = Elke soort organisatie

peers-filter-language = Taal

peers-filter-any_language = Elke taal

peers-filter-region = Regio

peers-filter-any_region = Elke regio

peers-filter-show = Personen tonen

peers-directory-count =
    { $count ->
        [one] 1 persoon vermeld
       *[other] { $count } personen vermeld
    }

peers-directory-count-more = { $count }+ personen vermeld

peers-directory-profession = Beroep

peers-directory-region = Regio

peers-directory-language = Taal

peers-directory-contact = Contact

peers-directory-ask = Om een gesprek vragen

peers-directory-ask_hidden = met { $name }

peers-directory-you = Dit bent u

peers-directory-pagination = Pagina's van de collegagids

peers-directory-previous = Vorige personen

peers-directory-next = Meer personen

peers-directory-cursor_unknown = Die pagina van de lijst bestaat niet meer; de lijst begint daarom opnieuw bij het begin.

peers-kind-nhs_trust = NHS-ziekenhuisorganisatie

peers-kind-local_authority = Gemeente (lokale overheid)

peers-kind-independent_provider = Particuliere zorgaanbieder

peers-kind-charity = Stichting zonder winstoogmerk

peers-kind-dutch_care_organisation = Nederlandse zorgorganisatie

peers-language-en--GB = Engels

peers-language-nl--NL = Nederlands

peers-ask-title = Om een gesprek vragen

peers-ask-intro = Tandem stuurt { $name } uw bericht per e-mail en toont het bij diens verzoeken om een gesprek. { $name } kan het verzoek accepteren of afwijzen.

peers-ask-privacy = Uw e-mailadres wordt niet meegestuurd. U ziet elkaars e-mailadres pas als { $name } accepteert.

peers-ask-message = Uw bericht

peers-ask-message_hint = Vertel wie u bent en waarover u wilt praten, in hoogstens { $max } tekens. Vermeld niets vertrouwelijks over mensen met wie u werkt.

peers-ask-left =
    { $count ->
        [one] U kunt vandaag nog 1 verzoek sturen.
       *[other] U kunt vandaag nog { $count } verzoeken sturen.
    }

peers-ask-send = Verzoek versturen

peers-ask-cancel = Terug naar de collegagids

peers-requests-title = Verzoeken om een gesprek

peers-requests-intro = Verzoeken van collega's die u in de collegagids vonden, en de verzoeken die u zelf stuurde. E-mailadressen worden pas getoond als een verzoek is geaccepteerd.

peers-requests-received = Verzoeken aan u

peers-requests-sent = Verzoeken die u stuurde

peers-requests-none_received = Nog niemand heeft u om een gesprek gevraagd.

peers-requests-none_sent = U hebt nog niemand om een gesprek gevraagd.

peers-requests-from = Van

peers-requests-to = Aan

peers-requests-message = Bericht

peers-requests-status = Stand

peers-requests-sent_on = Verstuurd

peers-requests-email = Diens e-mailadres

peers-requests-my_email = De ander ziet uw e-mailadres: { $email }

peers-requests-accept = Accepteren

peers-requests-decline = Afwijzen

peers-requests-answer_label = Het verzoek van { $name } beantwoorden

peers-requests-find = Collega's zoeken in de collegagids

peers-status-open = Wacht op antwoord

peers-status-accepted = Geaccepteerd

peers-status-declined = Afgewezen

peers-status-unavailable = Niet meer beschikbaar

peers-notice-sent = Uw verzoek is verstuurd.

peers-notice-accepted = U hebt het verzoek geaccepteerd: u ziet nu elkaars e-mailadres.

peers-notice-declined = U hebt het verzoek afgewezen.

peers-todo-requests =
    { $count ->
        [one] Een collega vroeg u om een gesprek
       *[other] { $count } collega's vroegen u om een gesprek
    }

peers-todo-requests-link = Verzoeken om een gesprek beantwoorden

peers-error-request_open = Er staat al een verzoek om een gesprek tussen u en deze persoon open.

peers-error-daily_cap = U hebt de afgelopen 24 uur { $cap } verzoeken om een gesprek gestuurd, het hoogste toegestane aantal. Probeert u het morgen opnieuw.

peers-error-request_closed = Dit verzoek is al beantwoord of niet meer beschikbaar.

peers-error-cursor = Die pagina van de lijst bestaat niet meer.

peers-notice-from = Van

peers-notice-work = Werkt als

peers-notice-message = Het bericht

peers-notice-request-subject = { $name } wil graag een gesprek met u

peers-notice-request-body = { $name } vond u in de collegagids van Tandem en wil graag met u praten. Het bericht staat hieronder.

peers-notice-request-privacy = Uw e-mailadressen blijven privé, tenzij u accepteert. Als u accepteert, zien u beiden elkaars e-mailadres in Tandem.

peers-notice-request-action = Het verzoek accepteren of afwijzen

peers-notice-accepted-subject = { $name } heeft uw verzoek om een gesprek geaccepteerd

peers-notice-accepted-body = { $name } heeft uw verzoek om een gesprek geaccepteerd. Diens e-mailadres staat bij uw verzoeken om een gesprek in Tandem.

peers-notice-accepted-action = Uw verzoeken om een gesprek bekijken

notices-kind-peer-conversation_request = Verzoeken om een gesprek van collega's

notices-kind-peer-request_accepted = Geaccepteerde verzoeken om een gesprek

peers-region-title = Regio van { $name }

peers-region-intro = De collegagids kan op regio worden verfijnd, zodat mensen collega's vinden die zij kunnen ontmoeten. Iedereen van deze organisatie die in de gids staat, wordt in deze regio getoond.

peers-region-label = Regio

peers-region-hint = Bijvoorbeeld Gelderland of North West, in ten hoogste { $max } tekens. Laat het leeg als de organisatie geen regio heeft.

peers-region-link = Regio instellen

peers-region-link_hidden = van { $name }

peers-notice-region_saved = De regio is opgeslagen.

# De onderdelen van het inzageverzoek over het collega-netwerk (rights.section.<naam>).
rights-section-peer_requests_sent = Verzoeken om een gesprek die u aan collega's hebt gestuurd

rights-section-peer_requests_received = Verzoeken om een gesprek die collega's u hebben gestuurd
