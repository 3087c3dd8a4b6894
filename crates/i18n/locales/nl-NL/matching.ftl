agreement-default_frequency = Ongeveer eens per maand, 60 tot 90 minuten

agreement-default_frequency_capped =
    Maximaal { $sessions ->
        [one] { $sessions } sessie
       *[other] { $sessions } sessies
    } van { $minutes ->
        [one] { $minutes } minuut
       *[other] { $minutes } minuten
    }

agreement-default_ground_rules = Vertrouwelijkheid; luisteren zonder te onderbreken; vragen, geen adviezen; iedereen brengt om de beurt in; op tijd beginnen en eindigen.

error-agreement_frequency_required = Vul in hoe vaak en hoe lang u afspreekt.

error-agreement_goals_required = Vul de doelen in die u afspreekt.

error-ground_rules_required = Vul de basisregels van de groep in.

error-matching-agreement_changed = De overeenkomst is gewijzigd sinds u die opende. Lees de nieuwe versie en teken opnieuw.

error-matching-all_off = Zet minstens één criterium aan.

error-matching-already_answered = U hebt al op dit voorstel gereageerd.

error-matching-choose_fit = Kies hoe het gaat.

error-matching-choose_level = Kies een niveau.

error-matching-confirm_end = Vink het vakje aan om te bevestigen dat u de match wilt beëindigen.

error-matching-empty_pool = Er is niemand om te matchen: geen aanmelding van deze instroom is goedgekeurd en wachtend.

error-matching-fit_after_first_session = De vraag of het klikt komt na de eerste sessie: leg eerst een sessie vast.

error-matching-grade_gap_range = Vul een verschil in van -3 tot 5.

error-matching-inputs_changed = De pool is veranderd sinds deze ronde (een aanmelding, de belasting van een mentor of een vastlegging). Voer de matching opnieuw uit, controleer het resultaat en publiceer die ronde.

error-matching-minutes_cap_reached = Met deze sessie gaat de relatie over de { $cap } minuten van het programma. Er is geen sessie vastgelegd.

error-matching-minutes_range = Vul minuten in van 1 tot 600.

error-matching-minutes_required = Vul in hoeveel minuten de sessie duurde.

error-matching-must_or_off = Kies "Moet" of "Uit" voor een andere organisatie.

error-matching-not_a_draft = Alleen de nieuwste conceptronde kan worden gepubliceerd, en maar één keer.

error-matching-not_in_intake = Kies iemand die zich voor deze instroom heeft aangemeld.

error-matching-not_suggested = Rangschik alleen de mentoren die u zijn voorgesteld.

error-matching-offer_closed = Het voorstel is gesloten op { $date }: het kan niet meer worden geaccepteerd.

error-matching-offer_days_range = Vul een aantal dagen in van 1 tot 60.

error-matching-offer_still_open = Het voorstel staat nog open: het kan pas na de termijn vervallen.

error-matching-rank_taken = U gaf dit keuzenummer al aan een andere mentor: gebruik elk nummer één keer.

error-matching-ranked_twice = Rangschik elke mentor één keer.

error-matching-same_person = Kies twee verschillende personen.

error-matching-session_before_start = De datum ligt vóór het begin van de relatie.

error-matching-session_cap_reached =
    { $cap ->
        [one] Het programma staat { $cap } sessie toe en die is gebruikt. Er is geen sessie vastgelegd.
       *[other] Het programma staat { $cap } sessies toe en die zijn allemaal gebruikt. Er is geen sessie vastgelegd.
    }

error-matching-session_in_future = De datum moet vandaag of in het verleden liggen.

error-matching-shortlist_not_in_pool = Uw aanmelding wacht niet op een match, dus er is niets te rangschikken.

error-matching-shortlist_range = Vul een omvang van 2 tot 10 in, of laat het leeg.

error-matching-swap_pairs_only = Ruilen kan alleen bij koppels; groepen worden opnieuw berekend.

error-matching-swap_unknown = Kies twee koppels uit deze ronde.

error-matching-wrong_status = Deze match is niet in een fase waarin dat kan.

error-notice_too_long = Vul maximaal 672 uur (vier weken) in.

history-ended_relationship = Match beëindigd (zonder verwijt)

history-matched = Gematcht (voorstel verstuurd)

history-offer_lapsed = Voorstel vervallen; terug in de pool

history-returned_to_pool = Terug in de pool voor matching

matching-agreement-channel = Hoe u afspreekt

matching-agreement-confidentiality = Wat besproken wordt, blijft tussen u, behalve bij zorgen over de veiligheid van iemand, een risico op ernstige schade of een wettelijke meldplicht. Dan hoort u dat zo mogelijk eerst.

matching-agreement-confidentiality_notes = Aanvullende afspraken over vertrouwelijkheid (optioneel)

matching-agreement-frequency = Hoe vaak en hoe lang

matching-agreement-goals = Doelen

matching-agreement-goals_hint = Wat u samen wilt bereiken.

matching-agreement-ground_rules = Basisregels

matching-agreement-not_signed = nog niet getekend

matching-agreement-notice = Aantal uur vooraf om een sessie af te zeggen of te verzetten

matching-agreement-save = Overeenkomst opslaan

matching-agreement-sign = Deze versie tekenen

matching-agreement-signatures = Handtekeningen

matching-agreement-signed = getekend

matching-agreement-title-mentoring = Mentoringovereenkomst

matching-agreement-title-reciprocal = Overeenkomst voor wederzijds leren

matching-agreement-title-set_contract = Groepscontract en basisregels

matching-agreement-version = Versie { $version }. Na elke wijziging moet iedereen opnieuw tekenen.

matching-constraint-availability = Gedeelde beschikbaarheid

matching-constraint-different_organisation = Andere organisatie

matching-constraint-goals = Doelen gedekt

matching-constraint-grade_gap = Verschil in senioriteit

matching-constraint-mode = Manier van afspreken

matching-constraint-no_declared_conflict = Geen gemeld belangenconflict

matching-constraint-not_in_line_management = Niet in elkaars hiërarchische lijn

matching-constraint-not_previous_partner = Niet eerder gekoppeld

matching-constraint-profession = Beroep

matching-criteria-intro = Geef aan hoe zwaar elk criterium weegt. "Moet" is een regel: een koppel dat er niet aan voldoet, wordt nooit voorgesteld. De andere niveaus wegen mee in de score.

matching-criteria-link = Matchingcriteria

matching-criteria-title = Matchingcriteria

matching-criterion-assessment = Assessmentprofiel

matching-criterion-availability = Gedeelde beschikbaarheid

matching-criterion-different_organisation = Andere organisatie

matching-criterion-goals = Ontwikkeldoelen

matching-criterion-grade_gap = Verschil in senioriteit

matching-criterion-language = Taal

matching-criterion-mode = Manier van afspreken

matching-criterion-profession = Beroep

matching-criterion_hint-availability = Beiden kunnen op minstens één gedeeld dagdeel afspreken.

matching-criterion_hint-different_organisation = Partners komen van verschillende werkgevers. Alleen "Moet" of "Uit".

matching-criterion_hint-goals = De expertise van de partner dekt de doelen van de mentee.

matching-criterion_hint-grade_gap = De partner is ongeveer het ideale aantal niveaus hoger.

matching-criterion_hint-mode = Beiden kunnen een gemeenschappelijke manier van afspreken gebruiken (telefoon, video, op locatie).

matching-criterion_hint-profession = Koppelen over beroepen heen (of binnen hetzelfde beroep), zoals hieronder gekozen.

matching-cross_profession-no = Voorkeur voor hetzelfde beroep

matching-cross_profession-yes = Voorkeur voor een ander beroep (leren over organisaties heen)

matching-end-button = Match beëindigen

matching-end-confirm = Ik wil deze match beëindigen

matching-end-explain = Iedereen kan een match op elk moment beëindigen, zonder verwijt aan wie dan ook. De anderen gaan terug in de matching. Niemand anders ziet uw reden.

matching-end-no_reason = U hebt geen reden gegeven.

matching-end-reason = Uw reden (alleen u ziet die)

matching-end-reason_hint = Optioneel.

matching-end-title = Deze match beëindigen zonder verwijt

matching-end-yours = Uw persoonlijke reden om te stoppen

matching-field-cross_profession = Beroepen

matching-field-ideal_grade_gap = Ideaal verschil in senioriteit (niveaus)

matching-field-ideal_grade_gap_hint = Niveau van de partner min dat van de mentee op de gedeelde schaal van 1 tot 8, bijvoorbeeld 1.

matching-field-offer_days = Dagen om op een voorstel te reageren

matching-field-offer_days_hint = Van 1 tot 60.

matching-field-shortlist = Omvang van de shortlist (optioneel)

matching-field-shortlist_hint = Laat leeg om de matchingsronde van de coördinator te laten beslissen. Van 2 tot 10.

matching-fit-good = Gaat goed

matching-fit-not_working = Werkt niet

matching-fit-question = Hoe gaat het tot nu toe?

matching-fit-title = Klikt het?

matching-fit-unsure = Weet ik nog niet

matching-ignored-title = Vastleggingen die deze ronde niet kon respecteren

matching-intake-title = Matching: { $name }

matching-level-high = Hoog

matching-level-low = Laag

matching-level-medium = Gemiddeld

matching-level-must = Moet

matching-level-off = Uit

matching-lifecycle-close = Afsluiten als voltooid

matching-lifecycle-title = Afronden

matching-lifecycle-wind_down = Beginnen met afronden

matching-links-bookings = Sessies plannen en beheren

matching-links-goals = Doelen

matching-links-set_attendance = Aanwezigheid in de groep

matching-links-set_meetings = Groepsbijeenkomsten, rooster en acties

matching-member-left = gestopt

matching-mine-none = U hebt nog geen matches. Zodra een coördinator een match voor u publiceert, verschijnt die hier.

matching-mine-title = Mijn matches

matching-mine-with = Met:

matching-no = Nee

matching-offer-accept = Accepteren

matching-offer-answer_by = Reageer uiterlijk op { $date }.

matching-offer-decline = Afwijzen

matching-offer-expired = Voorstel gesloten

matching-offer-expired_body = De termijn om te reageren is verstreken. De coördinator neemt contact met u op.

matching-offer-lapse = Voorstel laten vervallen

matching-offer-title = Accepteert u deze match?

matching-offer-waiting = Dank u. We wachten op het antwoord van de anderen.

matching-pairs-actions = Acties

matching-pairs-caption = Elk voorgesteld koppel met de score en de regels waaraan het voldoet

matching-pairs-constraints = Voldaan aan regels

matching-pairs-forbid = Koppel verbieden

matching-pairs-left-action_learning_sets = Lid

matching-pairs-left-mentoring = Mentee

matching-pairs-left-paired_learning = Zorgprofessional

matching-pairs-left-virtual_cohort = Mentee

matching-pairs-lock = Koppel vastzetten

matching-pairs-right-action_learning_sets = Lid

matching-pairs-right-mentoring = Mentor

matching-pairs-right-paired_learning = Manager

matching-pairs-right-virtual_cohort = Mentor

matching-pairs-score = Score en opbouw

matching-pairs-title = Voorgestelde koppels

matching-pin-forbid = Verboden

matching-pin-lock = Vastgezet

matching-pins-action = Actie

matching-pins-caption = Vastleggingen die de volgende ronde respecteert

matching-pins-first = Eerste persoon

matching-pins-kind = Soort

matching-pins-none = Er zijn geen koppels vastgezet of verboden.

matching-pins-remove = Verwijderen

matching-pins-second = Tweede persoon

matching-pins-title = Vastgezette en verboden koppels

matching-pool-title = Goedgekeurde aanmelders die wachten op een match

matching-quality-mean = Gemiddelde score

matching-quality-optimal = Aantoonbaar optimaal

matching-quality-per_organisation = Kwaliteit per organisatie

matching-quality-placed = Geplaatst

matching-quality-placed_of = { $placed } van { $total }

matching-quality-reproduced = Zelfde resultaat bij opnieuw oplossen vanuit de opgeslagen invoer

matching-quality-title = Kwaliteit

matching-reason-did_not_rank = Heeft geen voorgestelde mentor gerangschikt

matching-reason-mentor_unavailable = Mentor gepauzeerd, gestopt of op maximale belasting

matching-reason-no_capacity = Geen capaciteit: de plaatsen van geschikte partners gingen naar anderen

matching-reason-no_eligible_partner = Geen geschikte partner: niemand voldoet samen met hen aan de moet-regels

matching-reason-partners_placed_elsewhere = Geschikte partners waren elders beter geplaatst

matching-relationship-members = Wie doen er mee

matching-relationship-title = Uw match

matching-relationships-caption = Gepubliceerde matches van deze instroom

matching-relationships-fit = Klikt het?

matching-relationships-last_session = Laatste sessie

matching-relationships-link = Relaties

matching-relationships-members = Leden

matching-relationships-no_session = Nog geen

matching-relationships-none = Voor deze instroom is nog niets gepubliceerd.

matching-relationships-responses = Antwoorden

matching-relationships-title = Relaties: { $name }

matching-response-accepted = Geaccepteerd

matching-response-declined = Afgewezen

matching-response-pending = Nog niet beantwoord

matching-role-mentee = Mentee

matching-role-mentor = Mentor

matching-role-pair_clinician = Zorgprofessional

matching-role-pair_manager = Manager

matching-role-set_member = Groepslid

matching-run-button = Matching uitvoeren

matching-run-draft_notice = Alleen coördinatoren zien deze ronde. Deelnemers zien niets tot u publiceert.

matching-run-name = Ronde { $number }

matching-run-publish = Publiceren en voorstellen versturen

matching-run-rerun = Opnieuw uitvoeren met de vastgelegde koppels

matching-run-stale_body = Aanmeldingen, mentorbelasting of vastgelegde koppels zijn veranderd sinds deze ronde, of er is een nieuwere ronde. Voer de matching opnieuw uit voordat u publiceert.

matching-run-stale_title = De pool is veranderd

matching-run_status-draft = Concept

matching-run_status-published = Gepubliceerd

matching-run_status-superseded = Vervangen

matching-runs-caption = Alle rondes van deze instroom, nieuwste eerst

matching-runs-matches = Matches

matching-runs-none = Nog geen rondes.

matching-runs-number = Ronde

matching-runs-status = Status

matching-runs-title = Rondes

matching-runs-unmatched = Niet gematcht

matching-sessions-caption = Gehouden sessies

matching-sessions-date = Datum

matching-sessions-log = Een gehouden sessie vastleggen

matching-sessions-log_button = Sessie vastleggen

matching-sessions-minutes = Minuten

matching-sessions-minutes_of = { $used } van { $cap } minuten

matching-sessions-mode = Hoe u afsprak

matching-sessions-title = Sessies

matching-sessions-used =
    { $used ->
        [one] { $used } sessie gehouden
       *[other] { $used } sessies gehouden
    }

matching-sessions-used_of =
    { $used } van { $cap ->
        [one] { $cap } sessie gebruikt
       *[other] { $cap } sessies gebruikt
    }

matching-sets-diversity =
    { $organisations ->
        [one] { $organisations } organisatie
       *[other] { $organisations } organisaties
    }, { $professions ->
        [one] { $professions } beroep
       *[other] { $professions } beroepen
    }

matching-sets-name = Set { $number }

matching-sets-no_slot = Er is geen dagdeel dat iedereen past: spreek bij de eerste bijeenkomst een tijd af.

matching-sets-slot = Tijd waarop iedereen kan: { $slot }

matching-sets-title = Voorgestelde groepen

matching-shortlist-choice = Keuze { $number }

matching-shortlist-expertise = Kan helpen met:

matching-shortlist-intro = Deze mentoren passen bij uw doelen en beschikbaarheid. Nummer degenen die u zou willen, 1 voor uw eerste keus. De uiteindelijke matches respecteren ieders keuzes voor zover de plaatsen het toelaten.

matching-shortlist-link = Rangschik uw voorgestelde mentoren voor { $programme } ({ $intake })

matching-shortlist-none = Er is nog geen mentor met een vrije plaats die bij uw aanmelding past. De coördinator neemt contact met u op.

matching-shortlist-not_for_me = Niet voor mij

matching-shortlist-rank_label = Uw keuze voor { $name }

matching-shortlist-save = Mijn rangorde opslaan

matching-shortlist-title = Rangschik uw voorgestelde mentoren

matching-stale-apply = Tonen

matching-stale-count =
    { $count ->
        [one] { $count } lopende relatie had
       *[other] { $count } lopende relaties hadden
    } { $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weken
    } of langer geen sessie.

matching-stale-only = Toon alleen die

matching-stale-tag = Geen sessie in { $weeks }+ weken

matching-stale-weeks = Markeer relaties zonder sessie in zoveel weken

matching-status-accepted = Geaccepteerd

matching-status-active = Actief

matching-status-closed = Afgesloten

matching-status-declined = Afgewezen

matching-status-ended = Beëindigd

matching-status-proposed = Voorgesteld

matching-status-winding_down = Wordt afgerond

matching-swap-button = Ruilen en beide koppels vastzetten

matching-swap-first = Eerste koppel

matching-swap-second = Tweede koppel

matching-swap-title = Twee partners ruilen

matching-unmatched-caption = Goedgekeurde aanmelders die deze ronde niet kon matchen, met de reden

matching-unmatched-none = Iedereen in de pool is gematcht.

matching-unmatched-person = Persoon

matching-unmatched-reason = Reden

matching-unmatched-role = Rol

matching-unmatched-title = Niet gematcht

matching-yes = Ja

notice-matching_run = De matching is uitgevoerd. Controleer het resultaat voordat u publiceert.

notice-offer_accepted = U hebt de match geaccepteerd.

notice-offer_declined = U hebt de match afgewezen. De coördinator is op de hoogte gebracht.

notice-pin_saved = Opgeslagen. Voer de matching opnieuw uit om het toe te passen.

notice-published = Gepubliceerd: de voorstellen zijn onderweg.

notice-relationship_ended = De match is beëindigd.

notice-session_logged = De sessie is vastgelegd.

notice-signed = U hebt de overeenkomst getekend.

notice-swapped = Geruild en vastgezet. Voer de matching opnieuw uit voor de rest.
