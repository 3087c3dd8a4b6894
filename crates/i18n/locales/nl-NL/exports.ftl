exports-nav = Exports

exports-title = Exports

exports-intro = Download de gegevens van het netwerk als spreadsheet (CSV of Excel). Ze bevatten geen notities, reflecties of andere inhoud van relaties.

exports-intro_organisation = Uw exports bevatten de rijen over mensen die via uw organisatie deelnemen. Een deelnemer van een andere organisatie wordt alleen met die organisatie getoond.

exports-filter_label = Kies wat u wilt exporteren

exports-filter-programme = Programma

exports-filter-intake = Instroomronde

exports-filter-all = Alle

exports-filter-apply = Toepassen

exports-filter-clear = Wissen

exports-download_csv = CSV

exports-download_xlsx = Excel (XLSX)

exports-download_label = { $title } downloaden als { $format }

exports-limit = Een export bevat hoogstens { $limit } rijen; kies een programma of instroomronde voor meer.

exports-kind-applications = Aanmeldingen

exports-kind-relationships = Relaties

exports-kind-sessions = Sessies tegenover het maximum

exports-kind-set_attendance = Aanwezigheid in intervisiegroepen

exports-kind-workshops = Aanwezigheid bij workshops

exports-kind-projects = Projecten van duo's

exports-about-applications = Elke aanmelding met instroomronde, aanmelder, organisatie, rol, status en data.

exports-about-relationships = Elke relatie met soort, deelnemers, status, begin en einde, en wat er is gehouden.

exports-about-sessions = Gehouden en bevestigde sessies tegenover het maximum van elke relatie, en hoeveel er resteren.

exports-about-set_attendance = Per bijeenkomst van een intervisiegroep, elke deelnemer: aanwezig, afgemeld of afwezig.

exports-about-workshops = Wie elke workshop heeft bijgewoond.

exports-about-projects = Het verbeterproject van elk duo met de maten: beginwaarde, doel en laatste waarde.

exports-col-programme = Programma

exports-col-intake = Instroomronde

exports-col-given_name = Voornaam

exports-col-family_name = Achternaam

exports-col-organisation = Organisatie

exports-col-role = Rol

exports-col-status = Status

exports-col-submitted = Ingediend

exports-col-last_changed = Laatst gewijzigd

exports-col-kind = Soort

exports-col-members = Deelnemers

exports-col-started = Begonnen

exports-col-ended = Beëindigd

exports-col-sessions_held = Gehouden sessies

exports-col-set_meetings_held = Gehouden groepsbijeenkomsten

exports-col-shadowing_days = Meeloopdagen gedaan

exports-col-last_activity = Laatste activiteit

exports-col-cap = Maximum aantal sessies

exports-col-held = Gehouden

exports-col-confirmed = Bevestigd

exports-col-remaining = Resterend

exports-col-set = Groep

exports-col-meeting_date = Datum bijeenkomst

exports-col-attendance = Aanwezigheid

exports-col-workshop = Workshop

exports-col-date = Datum

exports-col-place = Plaats

exports-col-project = Project

exports-col-presentation_date = Datum presentatie

exports-col-presented = Gepresenteerd

exports-col-measure = Maat

exports-col-baseline = Beginwaarde

exports-col-target = Doel

exports-col-latest = Laatste waarde

exports-attendance-present = Aanwezig

exports-attendance-apologies = Afgemeld

exports-attendance-absent = Afwezig

exports-attendance-not_recorded = Niet vastgelegd

exports-yes = Ja

exports-no = Nee

exports-other_member = Een deelnemer bij { $organisation }

exports-error-too_many_rows = Deze export zou meer dan { $limit } rijen bevatten. Kies een programma of een instroomronde.

exports-error-unknown_kind = Deze export bestaat niet.

exports-error-invalid_filter = Kies een programma of instroomronde uit de lijst.
