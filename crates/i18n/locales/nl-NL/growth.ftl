growth-kind-mentoring = Mentoring

growth-kind-pair = Duoleren

growth-kind-set = Intervisiegroep

growth-yes = Ja

growth-no = Nee

growth-dimensions = Dimensies van het Healthcare Leadership Model

growth-dimensions_hint = Kies alles wat van toepassing is.

growth-goal_status-not_started = Nog niet begonnen

growth-goal_status-under_way = Bezig

growth-goal_status-achieved = Bereikt

growth-goals-title = Doelen

growth-goals-intro = Ieder lid stelt eigen doelen voor deze relatie. De andere leden zien ze, zodat u elkaar kunt helpen; niemand anders ziet ze.

growth-goals-caption = Doelen in deze relatie

growth-goals-none = Nog geen doelen.

growth-goals-add = Doel toevoegen

growth-goal-owner = Van wie

growth-goal-title = Doel

growth-goal-title_hint = Wat u wilt bereiken, in één regel.

growth-goal-status = Voortgang

growth-goal-progress_note = Toelichting op de voortgang

growth-goal-update = Uw doel bijwerken

growth-goal-save = Doel opslaan

growth-goal_counts-title = Doelen in de hele regeling

growth-goal_counts-intro = Hoeveel doelen deelnemers hebben gesteld, naar voortgang. De doelen zelf zijn alleen zichtbaar voor de leden van elke relatie.

growth-goal_counts-caption = Doelen naar voortgang ({ $total } in totaal)

growth-goal_counts-count = Doelen

growth-reflections-title = Reflectielogboek

growth-reflections-intro = Uw reflecties zijn privé: alleen u kunt ze lezen, tenzij u er een deelt met de leden van een van uw relaties. U kunt het delen altijd weer stoppen.

growth-reflections-own = Uw reflecties

growth-reflections-none = U hebt nog geen reflecties geschreven.

growth-reflections-add = Reflectie toevoegen

growth-reflections-shared_with_me = Met u gedeeld

growth-reflections-none_shared = Niemand heeft een reflectie met u gedeeld.

growth-reflection-title = Reflectie van { $date }

growth-reflection-written_on = Datum

growth-reflection-text = Reflectie

growth-reflection-text_hint = Wat er gebeurde, wat u leerde en wat u voortaan anders doet.

growth-reflection-about = Over een relatie (niet verplicht)

growth-reflection-about_none = Niet over een relatie

growth-reflection-share_with = Wie mag het lezen

growth-reflection-share_hint = Kies een relatie om de leden ervan deze reflectie te laten lezen.

growth-reflection-keep_private = Alleen ik (privé)

growth-reflection-private = Privé

growth-reflection-shared = Gedeeld

growth-reflection-save_sharing = Opslaan wie het mag lezen

growth-cpd-title = Nascholingsoverzicht

growth-cpd-intro = Uw bij- en nascholing: gehouden sessies in uw relaties tellen vanzelf mee als leren met anderen, en u kunt andere activiteiten toevoegen. Britse verpleegkundigen hebben voor revalidatie 35 uur in drie jaar nodig, waarvan 20 met anderen; artsen brengen hun nascholing in bij hun beoordeling.

growth-cpd-total_hours = Totaal aantal uren

growth-cpd-participatory_hours = Uren leren met anderen

growth-cpd-nmc_met = Dit overzicht haalt de uren voor NMC-revalidatie (35 uur, waarvan 20 met anderen).

growth-cpd-nmc_not_met = Dit overzicht haalt de uren voor NMC-revalidatie nog niet (35 uur, waarvan 20 met anderen).

growth-cpd-print = Afdrukbare versie

growth-cpd-download = Downloaden als CSV (spreadsheet)

growth-cpd-caption = Nascholingsactiviteiten, meest recente eerst

growth-cpd-date = Datum

growth-cpd-activity = Activiteit

growth-cpd-activity_hint = Bijvoorbeeld een cursus, een congres of samen lezen met een collega.

growth-cpd-hours = Uren

growth-cpd-hours_hint = Bijvoorbeeld 1,5 voor anderhalf uur.

growth-cpd-participatory = Met anderen

growth-cpd-participatory_label = Met anderen: ik leerde samen met anderen

growth-cpd-reflection = Reflectie

growth-cpd-actions = Acties

growth-cpd-delete = Verwijderen

growth-cpd-none = Nog niets vastgelegd.

growth-cpd-total = Totaal

growth-cpd-of_which_participatory = waarvan met anderen: { $hours }

growth-cpd-add = Activiteit toevoegen

growth-cpd-session-mentoring = Mentoringsessie

growth-cpd-session-pair = Duoleersessie

growth-cpd-session-set = Bijeenkomst intervisiegroep

growth-cpd-print_title = Nascholingsoverzicht van { $name }

growth-cpd-printed_on = Afgedrukt op { $date }

growth-cpd-print_hint = Gebruik de afdrukopdracht van uw browser om af te drukken of als pdf op te slaan.

growth-directory-title = Deelnemersgids

growth-directory-intro = Deelnemers uit alle organisaties in de regeling die ervoor kozen erin te staan, zodat u collega's met dezelfde interesses vindt. Wie daar niet voor kiest, wordt nooit getoond.

growth-directory-your_listing_listed = U staat erin: uw vermelding wijzigen of verwijderen

growth-directory-your_listing_unlisted = U staat er niet in: uzelf toevoegen aan de gids

growth-directory-search = Zoeken

growth-directory-search_hint = Naam, functie, organisatie of interesse.

growth-directory-dimension = Leiderschapsdimensie

growth-directory-any_dimension = Elke dimensie

growth-directory-search_button = Zoeken

growth-directory-caption = Vermelde deelnemers ({ $count })

growth-directory-name = Naam

growth-directory-role = Functie

growth-directory-organisation = Organisatie

growth-directory-interests = Interesses

growth-directory-none = Niemand gevonden.

growth-listing-title = Uw vermelding in de gids

growth-listing-listed = U staat in de deelnemersgids.

growth-listing-unlisted = U staat niet in de deelnemersgids.

growth-listing-intro = Uw naam, functie en organisatie worden met de interesses die u hier opgeeft getoond aan iedereen in de regeling. U kunt uw vermelding altijd verwijderen.

growth-listing-interests = Interesses

growth-listing-interests_hint = Waarover u graag met collega's praat.

growth-listing-opt_in = Zet mij in de gids

growth-listing-save = Mijn vermelding opslaan

growth-listing-opt_out = Haal mij uit de gids

error-growth-title_required = Vul het doel in

error-growth-title_too_long = Gebruik 200 tekens of minder

error-growth-control_characters = Verwijder de speciale tekens

error-growth-text_too_long = Gebruik 10.000 tekens of minder

error-growth-status_required = Kies de voortgang van het doel

error-growth-date_required = Vul een bestaande datum in

error-growth-date_in_future = De datum moet vandaag of in het verleden liggen

error-growth-date_too_early = De datum moet in 1950 of later liggen

error-growth-text_required = Vul uw reflectie in

error-growth-activity_required = Vul de activiteit in

error-growth-hours_required = Vul het aantal uren in

error-growth-hours_invalid = Vul de uren in als getal, zoals 1,5

error-growth-hours_range = Vul tussen 0,01 en 24 uur in

error-growth-dimension_unknown = Kies dimensies uit de lijst

error-growth-not_your_relationship = Kies een van uw eigen relaties

error-growth-relationship_closed = Deze relatie is afgesloten; er kunnen geen nieuwe doelen meer bij.

error-growth-interests_required = Vul uw interesses in of kies minstens één dimensie

error-growth-interests_too_long = Gebruik 1.000 tekens of minder
