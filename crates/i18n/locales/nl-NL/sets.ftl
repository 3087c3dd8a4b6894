sets-set-title = Intervisiegroep

sets-set-slot = De groep komt samen op { $slot }.

sets-set-cadence =
    { $weeks ->
        [one] Elke week.
       *[other] Elke { $weeks } weken.
    }

sets-set-members = Leden

sets-set-meetings = Bijeenkomsten

sets-set-no_meetings = Nog geen bijeenkomsten gepland.

sets-access-scheme_coordinator = Als coördinator van de regeling ziet u aanwezigheid en rollen. Wat leden inbrengen blijft in de groep.

sets-access-organisation_coordinator = Als coördinator van uw organisatie ziet u alleen de aanwezigheid van leden uit uw organisatie. Wat leden inbrengen blijft in de groep.

sets-ground_rules = Onze afspraken

sets-schedule-title = Volgende bijeenkomst plannen

sets-schedule-proposed = Voorgesteld volgens het vaste ritme en tijdstip van de groep; pas het aan als dat nodig is.

sets-schedule-submit = Bijeenkomst plannen

sets-meeting-title = Groepsbijeenkomst

sets-meeting-on = { $date } om { $time }

sets-meeting-when = Wanneer

sets-meeting-date = Datum

sets-meeting-time = Begintijd (uu:mm)

sets-meeting-link = Link voor online bijeenkomst

sets-meeting-move = Bijeenkomst verzetten of link wijzigen

sets-meeting-move_submit = Wijzigingen opslaan

sets-rota-title = Rollen

sets-rota-proposed = Voorstel

sets-rota-role = Rol

sets-rota-who = Wie

sets-rota-facilitator = Procesbegeleider

sets-rota-timekeeper = Tijdbewaker

sets-rota-presenter = Inbrenger { $n }

sets-rota-presenters = Inbrengers

sets-rota-nobody = Kies iemand

sets-rota-accept = Rollen accepteren

sets-rota-adjust = Rollen aanpassen

sets-rota-save = Rollen opslaan

sets-attendance-title = Aanwezigheid

sets-attendance-member = Lid

sets-attendance-present = aanwezig

sets-attendance-absent = afwezig

sets-attendance-not_recorded = Aanwezigheid nog niet vastgelegd.

sets-attendance-who = Wie was er?

sets-attendance-save = Aanwezigheid opslaan

sets-follow_up-title = Acties om op terug te komen

sets-follow_up-none = Geen acties van eerdere bijeenkomsten.

sets-action-who = Wie

sets-action-title = Actie

sets-action-status = Stand

sets-action-status-open = nog bespreken

sets-action-status-done = gedaan

sets-action-status-not_done = niet gedaan

sets-action-status-carried = doorgeschoven

sets-action-follow_up = Terugkoppeling

sets-action-save = Opslaan

sets-action-new = Toegezegde actie

sets-action-add = Actie toevoegen

sets-issues-title = Inbreng en acties

sets-issues-after_rota = Inbreng kan worden vastgelegd zodra de rollen zijn afgesproken.

sets-issues-issue = Ingebrachte vraag

sets-issues-save = Inbreng opslaan

error-sets-action_required = Vul de actie in

error-sets-already_held = Deze bijeenkomst is al gehouden en kan niet meer worden verzet.

error-sets-choose_presenters = Kies minstens één inbrenger

error-sets-choose_someone = Kies een lid

error-sets-choose_status = Kies gedaan, niet gedaan of doorgeschoven

error-sets-date_in_past = De datum moet vandaag of later zijn

error-sets-issue_required = Vul de inbreng in

error-sets-issues_recorded = Voor deze bijeenkomst is al inbreng vastgelegd, dus de rollen liggen vast.

error-sets-link_invalid = Vul de link in, beginnend met https://

error-sets-not_a_member = Kies alleen leden van deze groep

error-sets-not_a_presenter = Alleen inbrengers volgens de afgesproken rollen kunnen inbreng of acties hebben

error-sets-not_active = De groep loopt niet, dus de bijeenkomsten kunnen niet worden gewijzigd.

error-sets-not_yet_held = Aanwezigheid kan vanaf de dag van de bijeenkomst worden vastgelegd.

error-sets-rota_not_agreed = Spreek eerst de rollen af.

error-sets-same_person = De tijdbewaker moet iemand anders zijn dan de procesbegeleider

error-sets-time_invalid = Vul een tijd in zoals 14:00

error-sets-too_long = Dit is te lang

sets-apologies-title = Kunt u niet komen?

sets-apologies-hint = Meld u af: de andere leden van de groep krijgen dan een e-mail.

sets-apologies-send = Afmelden

notice-apologies_sent = Uw afmelding is verstuurd
