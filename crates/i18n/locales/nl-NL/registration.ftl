registration-title = Registreren voor het mentorprogramma

registration-intro = Vertel ons wie u bent en waar u werkt. Wij e-mailen u een link om uw adres te bevestigen en een wachtwoord te kiezen; daarna bevestigt de coördinator van uw organisatie dat u daar werkt.

registration-closed-title = Registreren is gesloten

registration-closed-body = Bij deze regeling kunt u zich niet zelf registreren. Vraag de coördinator van uw organisatie u uit te nodigen.

registration-field-email = E-mailadres

registration-email_hint = U kunt een persoonlijk adres gebruiken als u geen werkadres hebt.

registration-field-email_kind = Is dit een werkadres of een persoonlijk adres?

registration-email_kind-work = Werkadres

registration-email_kind-personal = Persoonlijk adres

registration-employment = Waar u werkt

registration-password_later = U kiest uw wachtwoord wanneer u uw e-mailadres bevestigt.

registration-submit = Registreren

registration-have_account = Ik heb al een account: inloggen

registration-sent-title = Kijk in uw e-mail

registration-sent-body = Als dit adres geregistreerd kan worden, hebben wij er een link naartoe gestuurd om het te bevestigen en een wachtwoord te kiezen. De link werkt één keer en verloopt. Hebt u al een account, log dan in of stel uw wachtwoord opnieuw in.

registration-confirm-title = Uw e-mailadres bevestigen

registration-confirm-intro = Kies een wachtwoord om uw registratie af te ronden. U kunt direct inloggen; de coördinator van uw organisatie bevestigt dat u daar werkt.

registration-confirm-submit = Bevestigen en wachtwoord opslaan

registration-confirm-invalid = Deze link is verlopen, al gebruikt of ongeldig. Er is niets gewijzigd.

registration-confirm-register_again = Opnieuw registreren

registration-notice-email_confirmed = Uw e-mailadres is bevestigd. U kunt nu inloggen.

registration-notice-employment_confirmed = Dienstverband bevestigd.

registration-notice-not_employed = Registratie beëindigd: de persoon is op de hoogte gebracht.

registration-waiting-title = Mensen die op bevestiging wachten

registration-waiting-intro = Deze mensen hebben zich zelf geregistreerd en hun e-mailadres bevestigd. Bevestig dat zij werken bij de organisatie die zij noemden; tot dan kan geen van hun aanmeldingen worden goedgekeurd.

registration-waiting-none = Niemand wacht op bevestiging.

registration-waiting-caption = Registraties die op u wachten

registration-waiting-person = Persoon

registration-waiting-actions = Besluit

registration-waiting-confirm = Bevestigen

registration-waiting-not_employed = Werkt hier niet

registration-error-closed = Bij deze regeling kunt u zich niet zelf registreren.

registration-error-employment_not_confirmed = Dienstverband nog niet bevestigd door { $organisation }: de aanmelding kan worden goedgekeurd zodra hun coördinator het heeft bevestigd.

registration-error-decided = Over deze registratie is al besloten.

registration-error-choose_email_kind = Kies of dit een werkadres of een persoonlijk adres is

registration-error-language = Kies een van de talen van de regeling

registration-published-told = { $told } mensen kregen hun voorstel; { $invited } van hen konden nog niet inloggen en zijn eerst uitgenodigd om dat te doen.

notices-kind-registration-ended = Einde van een registratie

notices-registration-ended-subject = Uw registratie is beëindigd

notices-registration-ended-body = { $organisation } heeft niet bevestigd dat u daar werkt. Daarom is uw registratie beëindigd en uw account gesloten.

notices-registration-ended-mistake = Is dit een vergissing? Neem dan contact op met de coördinator van uw organisatie.

notices-application-nominated-subject = U bent voorgedragen voor { $programme }

notices-application-nominated-body = { $by } heeft u voorgedragen als { $role } in { $programme } ({ $intake }). Vul uw aanmelding aan, of wijs de voordracht af als die niet bij u past.

notices-application-nominated-complete_by = U kunt zich voor deze instroom aanmelden tot { $date }.

notices-application-nominated-fact-by = Voorgedragen door

notices-application-nominated-action = Aanvullen of afwijzen

applications-status-nominated = Voorgedragen

applications-status-nomination_declined = Voordracht afgewezen

nominations-history-nominated = Voorgedragen door de coördinator van de organisatie

nominations-history-declined = Voordracht afgewezen

nominations-title = Medewerkers voordragen

nominations-intro = Draag medewerkers van uw organisatie voor: namens hen wordt een aanmelding gestart, die zij aanvullen of afwijzen. Wie nog geen account heeft, wordt uitgenodigd om in te loggen.

nominations-search = Zoek uw medewerkers op naam of e-mailadres

nominations-search_button = Zoeken

nominations-field-role = Voordragen als

nominations-field-people = Voor te dragen medewerkers

nominations-no_candidates = Niemand gevonden. Probeer een andere zoekopdracht.

nominations-already = heeft zich al aangemeld of is al voorgedragen

nominations-more = Er zijn meer mensen gevonden: verfijn de zoekopdracht om hen te zien.

nominations-submit = Voordragen

nominations-made = Gedane voordrachten

nominations-none_made = Voor deze instroom is nog niemand voorgedragen.

nominations-done-title = Voordrachten verstuurd

nominations-done-count =
    { $count ->
        [one] { $count } persoon voorgedragen
       *[other] { $count } mensen voorgedragen
    }; { $invited } van hen hadden nog geen account en zijn uitgenodigd om in te loggen.

nominations-done-skipped = Niet voorgedragen

nominations-done-back = Terug naar voordragen

nominations-notice-declined = U hebt de voordracht afgewezen.

nominations-error-answered = Deze voordracht is al aangevuld of afgewezen.

nominations-error-choose_people = Kies ten minste één persoon om voor te dragen

nominations-error-too_many = Draag ten hoogste { $max } mensen tegelijk voor

nominations-skipped-already_applied = heeft zich al aangemeld of is al voorgedragen voor deze rol

nominations-skipped-account_disabled = het account is gesloten

nominations-skipped-address_in_use = het e-mailadres wordt door een ander account gebruikt

nominations-skipped-ineligible = de regels van het programma laten deze rol niet toe

nominations-mine-title = Uw voordrachten

nominations-mine-none = Er wachten geen voordrachten op u.

nominations-mine-heading = U bent voorgedragen voor { $programme }, { $intake }

nominations-mine-body = { $by } heeft u voorgedragen als { $role }. Vul het aanmeldformulier in om u aan te melden, of wijs de voordracht af.

nominations-mine-complete = Aanmelding aanvullen

nominations-mine-closed = Voor deze instroom kunt u zich niet meer aanmelden.

nominations-mine-decline = Afwijzen

nominations-mine-applications_link = Al uw aanmeldingen

nominations-mine-complete_or_decline = Aanvullen of afwijzen

registration-dashboard-waiting = Geregistreerde personen die wachten tot u bevestigt waar zij werken: { $count }.

registration-dashboard-link = Personen die op bevestiging wachten
