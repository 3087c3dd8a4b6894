homes-nav-my_tandem = Mijn Tandem

homes-nav-reviews = Te beoordelen aanmeldingen

homes-nav-staff = Matches van medewerkers

homes-todos-heading = Wacht op u

homes-todos-heading_participant = Wat u nu kunt doen

homes-todos-none = Er wacht op dit moment niets op u.

homes-todo-answer_offer =
    { $count ->
        [one] Geef antwoord op het aanbod van een match
       *[other] Geef antwoord op { $count } aanbiedingen van een match
    }

homes-todo-answer_offer-link = Bekijk het aanbod

homes-todo-sign_agreement =
    { $count ->
        [one] Onderteken de afspraken van uw match
       *[other] Onderteken { $count } sets afspraken
    }

homes-todo-sign_agreement-link = Lees en onderteken de afspraken

homes-todo-record_session =
    { $count ->
        [one] Geef aan of uw laatste sessie heeft plaatsgevonden
       *[other] Geef aan of uw laatste { $count } sessies hebben plaatsgevonden
    }

homes-todo-record_session-link = Leg de sessie vast

homes-todo-agree_rota =
    { $count ->
        [one] Spreek af wie de volgende bijeenkomst van de intervisiegroep begeleidt en de tijd bewaakt
       *[other] Spreek de rolverdeling van { $count } groepsbijeenkomsten af
    }

homes-todo-agree_rota-link = Spreek de rolverdeling af

homes-todo-surveys =
    { $count ->
        [one] U hebt 1 vragenlijst in te vullen.
       *[other] U hebt { $count } vragenlijsten in te vullen.
    }

homes-todo-nominations =
    { $count ->
        [one] U bent voorgedragen voor een programma: vul de voordracht aan of wijs haar af
       *[other] U bent { $count } keer voorgedragen: vul de voordrachten aan of wijs ze af
    }

homes-todo-nominations-link = Bekijk uw voordrachten

homes-todo-applications =
    { $count ->
        [one] 1 aanmelding wacht op uw besluit
       *[other] { $count } aanmeldingen wachten op uw besluit
    }

homes-todo-applications-link = Te beoordelen aanmeldingen

homes-todo-registrations =
    { $count ->
        [one] 1 geregistreerde persoon wacht op uw bevestiging van de werkgever
       *[other] { $count } geregistreerde personen wachten op uw bevestiging van de werkgever
    }

homes-todo-nominations_open =
    { $count ->
        [one] 1 voordracht is nog niet beantwoord door de voorgedragen persoon
       *[other] { $count } voordrachten zijn nog niet beantwoord door de voorgedragen personen
    }

homes-todo-dead_notices =
    { $count ->
        [one] 1 e-mail kon niet worden bezorgd
       *[other] { $count } e-mails konden niet worden bezorgd
    }

homes-org-applications = Aanmeldingen die op uw besluit wachten

homes-org-no_applications = Er wachten geen aanmeldingen op uw besluit.

homes-org-places = Gebruikte plaatsen per instroom

homes-org-relationships = Hoe de matches van uw medewerkers verlopen

homes-col-intake = Instroom

homes-col-places_used = Gebruikte plaatsen

homes-col-person = Persoon

homes-col-programme = Programma en instroom

homes-col-status = Status

homes-col-last_activity = Laatste activiteit

homes-col-submitted = Ingediend

homes-places_of = { $taken } van { $places }

homes-closes_on = sluit { $date }

homes-submitted_on = ingediend { $date }

homes-no_activity = Nog niets

homes-staff-all = Alle matches van uw medewerkers

homes-staff-none = Geen van uw medewerkers heeft op dit moment een match.

homes-staff-title = Matches van uw medewerkers

homes-staff-intro = De matches waaraan uw medewerkers deelnemen via de plaatsen van uw organisatie: hun status en wanneer zij elkaar het laatst zagen. Wat zij bespreken, blijft van hen.

homes-staff-caption = Matches van uw medewerkers

homes-reviews-title = Te beoordelen aanmeldingen

homes-reviews-intro = Aanmeldingen die op uw besluit wachten, de oudste eerst. Over uw eigen aanmeldingen besluit iemand anders.

homes-reviews-caption = Aanmeldingen die op uw besluit wachten

homes-reviews-none = Er wachten geen aanmeldingen op uw besluit.

homes-reviews-more = Alleen de oudste { $count } staan hier; besluit eerst over deze.

homes-reviews-all = Alle te beoordelen aanmeldingen

homes-scheme-runs = Matchingrondes om te controleren en te publiceren

homes-scheme-run = Ronde { $number }

homes-scheme-closing = Instromen die binnen 14 dagen sluiten

homes-scheme-live =
    { $count ->
        [one] 1 match loopt in de regeling.
       *[other] { $count } matches lopen in de regeling.
    }
