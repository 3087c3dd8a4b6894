mentors-own_title = Mijn mentorschap

mentors-title = Mentorschap: { $name }

mentors-heading = Ontwikkeling als mentor

mentors-intro = Opleidingen en kwalificaties, supervisie, en of deze mentor nieuwe mentees aanneemt.

mentors-standing = Status als mentor

mentors-status = Status

mentors-status-active = Actief

mentors-status-paused = Gepauzeerd

mentors-status-withdrawn = Gestopt

mentors-load = Huidige mentees

mentors-load_of = { $current } van maximaal { $max }

mentors-load_programme = { $current } (maximum: volgens het programma)

mentors-trained = Mentortraining

mentors-yes = Ja

mentors-no = Nee

mentors-status_legend = Status

mentors-status_hint_coordinator = Gepauzeerde en gestopte mentoren houden hun huidige mentees, maar worden niet aan nieuwe gekoppeld.

mentors-status_hint_self = Pauzeer zolang u geen nieuwe mentee kunt aannemen (bijvoorbeeld tijdens verlof). U houdt uw huidige mentees. Wilt u stoppen als mentor, vraag het dan uw coördinator.

mentors-load_max = Maximaal aantal mentees tegelijk

mentors-load_max_hint = Laat leeg om het aantal van het programma te gebruiken.

mentors-save_standing = Status opslaan

mentors-withdrawn_ask = U bent gestopt als mentor. Wilt u weer mentor worden, vraag het dan uw coördinator.

mentors-training = Opleidingen en kwalificaties

mentors-course = Opleiding of kwalificatie

mentors-course_hint = Bijvoorbeeld: Coachingsvaardigheden voor mentoren.

mentors-provider = Aanbieder

mentors-completed_on = Datum afgerond

mentors-evidence = Bewijs (optioneel)

mentors-evidence_hint = Een certificaatnummer of waar het certificaat bewaard wordt.

mentors-counts = Telt als mentortraining

mentors-qualifies = Dit telt als mentortraining

mentors-no_training = Nog geen opleidingen vastgelegd.

mentors-add_training = Opleiding toevoegen

mentors-supervision = Supervisie

mentors-held_on = Datum van de sessie

mentors-supervisor = Supervisor

mentors-supervisor_hint = De naam van degene die de supervisie gaf.

mentors-minutes = Duur in minuten

mentors-minutes_hint = Van 1 tot 600.

mentors-themes = Thema's

mentors-themes_hint = Wat er besproken is, in algemene termen. Schrijf niets op waaraan een mentee te herkennen is.

mentors-no_supervision = Nog geen supervisie vastgelegd.

mentors-add_supervision = Supervisiesessie toevoegen

mentors-list_title = Mentoren

mentors-list_intro_scheme = Iedereen in het netwerk met een status als mentor, een opleiding of een aanmelding als mentor.

mentors-list_intro_organisation = De mentoren die bij uw organisaties werken: iedereen met een status als mentor, een opleiding of een aanmelding als mentor.

mentors-none = Nog geen mentoren.

error-mentors-course_required = Vul de opleiding of kwalificatie in

error-mentors-provider_required = Vul de aanbieder in

error-mentors-supervisor_required = Vul de naam van de supervisor in

error-mentors-themes_required = Vul de besproken thema's in

error-mentors-minutes_required = Vul de duur van de sessie in minuten in

error-mentors-minutes_range = Vul een duur in van { $min } tot { $max } minuten

error-mentors-date_in_future = De datum moet vandaag of in het verleden liggen

error-mentors-date_too_early = Vul een datum in 1950 of later in

error-mentors-load_range = Vul een getal in van 1 tot { $max }, of laat het leeg

error-mentors-status_required = Kies een status
