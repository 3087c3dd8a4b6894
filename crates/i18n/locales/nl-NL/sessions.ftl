sessions-title = Sessies

sessions-used_of =
    { $used } van { $cap ->
        [one] { $cap } sessie gebruikt
       *[other] { $cap } sessies gebruikt
    }

sessions-used =
    { $used ->
        [one] { $used } sessie bevestigd of gehouden
       *[other] { $used } sessies bevestigd of gehouden
    }

sessions-minutes_of = { $used } van { $cap } minuten gebruikt

sessions-zone = Tijden zijn in de tijdzone { $zone }

sessions-notice =
    { $hours ->
        [one] bevestigde sessies minstens { $hours } uur vooraf afzeggen of verzetten
       *[other] bevestigde sessies minstens { $hours } uur vooraf afzeggen of verzetten
    }

sessions-caption = Sessies van deze relatie

sessions-when = Wanneer

sessions-minutes = Duur in minuten

sessions-mode = Manier van ontmoeten

sessions-status = Status

sessions-actions = Acties

sessions-join = Videolink

sessions-status-proposed = Voorgesteld

sessions-status-confirmed = Bevestigd

sessions-status-held = Gehouden

sessions-status-cancelled = Afgezegd

sessions-confirm = Bevestigen

sessions-reschedule = Deze sessie verzetten

sessions-cancel = Sessie afzeggen

sessions-ics = Toevoegen aan agenda (.ics)

sessions-about = Sessie van { $when }

sessions-topics = Besproken onderwerpen

sessions-action_points = Actiepunten (gedeeld met uw partner)

sessions-mark_held = Markeren als gehouden

sessions-note = Mijn privénotitie

sessions-note_hint = Alleen u kunt deze notitie lezen. Uw partner en de coördinatoren niet.

sessions-propose = Een sessie voorstellen

sessions-availability_of = { $name } is meestal beschikbaar op:

sessions-no_availability = geen tijden opgegeven

sessions-date = Datum

sessions-start = Begintijd

sessions-start_hint = 24-uursklok, bijvoorbeeld 14:30

sessions-link = Videolink

sessions-link_hint = Voor videosessies: het adres dat begint met https://

sessions-place = Plaats

sessions-place_hint = Voor sessies op locatie: waar u afspreekt

sessions-propose_button = Sessie voorstellen

sessions-reschedule_button = Nieuwe tijd voorstellen

sessions-calendar-title = Mijn agendafeed

sessions-calendar-intro = Abonneer u in Outlook of Google Agenda op dit geheime adres om uw sessies daar te zien. Iedereen met het adres ziet uw sessietijden, dus houd het voor uzelf.

sessions-calendar-shown_once = Uw feedadres wordt alleen nu getoond. Kopieer het naar uw agendaprogramma:

sessions-calendar-made = U hebt op { $date } een feedadres gemaakt. Kwijt of per ongeluk gedeeld? Maak een nieuw adres: het oude werkt dan niet meer.

sessions-calendar-new = Feedadres maken

sessions-calendar-regenerate = Nieuw feedadres maken

error-sessions-start_required = Vul de begintijd in

error-sessions-start_invalid = Vul de begintijd in als uren en minuten, bijvoorbeeld 14:30

error-sessions-clocks_change = Die tijd bestaat op deze datum niet omdat de klok vooruit gaat: kies een andere tijd

error-sessions-in_past = De sessie moet in de toekomst beginnen. Een gehouden sessie legt u vast op de pagina van de relatie

error-sessions-link_required = Vul de videolink in, beginnend met https://

error-sessions-place_required = Vul in waar u afspreekt

error-sessions-text_too_long = Mag maximaal 4000 tekens zijn (links en plaatsen 500)

error-sessions-session_cap =
    { $cap ->
        [one] Het programma staat { $cap } sessie toe en die is bevestigd of gehouden. Er is niets geboekt.
       *[other] Het programma staat { $cap } sessies toe en die zijn allemaal bevestigd of gehouden. Er is niets geboekt.
    }

error-sessions-minutes_cap = Met deze sessie gaat de relatie over de { $cap } minuten van het programma. Er is niets geboekt; kies een kortere sessie.

error-sessions-overlap = U of uw partner heeft op dat moment al een sessie. Er is niets geboekt; kies een andere tijd.

error-sessions-changed = De sessie is gewijzigd sinds u de pagina opende. Er is niets veranderd; bekijk haar opnieuw.

error-sessions-not_live = Sessies kunnen alleen worden geboekt in een actieve of aflopende mentorrelatie of duo.

error-sessions-cannot_confirm = Alleen een voorstel voor een tijd in de toekomst kan worden bevestigd.

error-sessions-confirm_own = U hebt deze tijd voorgesteld: uw partner bevestigt hem.

error-sessions-cannot_change = Alleen een voorgestelde of bevestigde sessie in de toekomst kan worden verzet of afgezegd.

error-sessions-notice =
    { $hours ->
        [one] Uw afspraak vraagt { $hours } uur vooraf om een sessie af te zeggen of te verzetten. Dat kan hier niet meer: neem direct contact op met uw partner.
       *[other] Uw afspraak vraagt { $hours } uur vooraf om een sessie af te zeggen of te verzetten. Dat kan hier niet meer: neem direct contact op met uw partner.
    }

error-sessions-cannot_mark_held = Alleen een bevestigde sessie die is begonnen kan als gehouden worden gemarkeerd.
