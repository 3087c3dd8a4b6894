rights-former_participant = Voormalig deelnemer

rights-account-heading = Uw persoonsgegevens

rights-account-intro = Bekijk alles wat het programma over u bewaart, download het als bestand, en geef of trek uw toestemmingen in.

rights-account-view_data = Uw gegevens bekijken

rights-account-consents = Uw toestemmingen

rights-data-title = Uw gegevens

rights-data-title_other = Gegevens over deze persoon

rights-data-intro = Alles wat het programma over deze persoon bewaart, zoals het is opgeslagen. De veldnamen zijn die van de database. Persoonlijke notities van anderen staan er nooit in.

rights-data-generated = Gemaakt op { $date } om { $time } (UTC).

rights-data-download = Downloaden als bestand (JSON)

rights-data-print_hint = Wilt u een papieren kopie bewaren, druk deze pagina dan af vanuit uw browser.

rights-data-contents = Inhoud

rights-data-nothing = Niets bewaard.

rights-data-empty_value = leeg

rights-data-cut_off = Alleen de eerste { $limit } vermeldingen worden getoond; vraag de beheerder van het programma om de rest.

rights-consents-title = Uw toestemmingen

rights-consents-intro = Waarmee u hebt ingestemd, op welke grondslag en wanneer. U kunt altijd van gedachten veranderen; een intrekking geldt meteen.

rights-consent-research = Gebruik van uw antwoorden op vragenlijsten voor onderzoek

rights-consent-assessment = Beoordelingsgegevens

rights-consent-equality = Gegevens voor gelijkekansenmonitoring

rights-basis-assessment-v1 = Het programma mag de uitkomsten bewaren van beoordelingen waaraan u meedoet (bijvoorbeeld een 360-gradenfeedback) om uw ontwikkeling te ondersteunen. Alleen u en de mensen die u kiest zien ze. Grondslag: uw toestemming.

rights-basis-equality-v1 = Het programma mag gegevens voor gelijkekansenmonitoring bewaren die u geeft (bijvoorbeeld leeftijdsgroep of afkomst) om na te gaan of de programma's eerlijk zijn. Ze worden alleen gerapporteerd in groepen die zo groot zijn dat niemand herkenbaar is. Grondslag: uw uitdrukkelijke toestemming.

rights-consents-not_asked = U hebt deze toestemming niet gegeven of ingetrokken.

rights-consents-given = U hebt deze toestemming gegeven op { $date }.

rights-consents-withdrawn = U hebt deze toestemming ingetrokken op { $date }.

rights-consents-give = Toestemming geven

rights-consents-withdraw = Toestemming intrekken

rights-consents-history = Geschiedenis

rights-consents-history_given = gegeven

rights-consents-history_withdrawn = ingetrokken

rights-consents-no_history = Nog geen beslissingen vastgelegd.

rights-person-data = Gegevens van deze persoon bekijken en downloaden

rights-person-erase = Deze persoon wissen

rights-erase-title = { $name } wissen

rights-erase-cannot_undo = Dit kan niet ongedaan worden gemaakt

rights-erase-consequences = Deze persoon wissen betekent:

rights-erase-name = de naam wordt overal vervangen door "Voormalig deelnemer", en het e-mailadres, de telefoonnummers, het profiel, de functie en de gegeven antwoorden worden verwijderd;

rights-erase-account = het account wordt verwijderd en de persoon wordt overal afgemeld;

rights-erase-private = persoonlijke notities en het reflectielogboek worden verwijderd;

rights-erase-kept = de gegevens van anderen blijven: relaties, sessies, aanwezigheid en scores van vragenlijsten, zodat de cijfers van het programma niet veranderen;

rights-erase-audit = het auditlogboek blijft zoals het is: het bevat alleen id's.

rights-erase-export_first = Als de persoon om een kopie van de gegevens heeft gevraagd, maak die dan eerst.

rights-erase-confirm = Deze persoon wissen

rights-erase-cancel = Annuleren en teruggaan

rights-notice-erased = De persoon is gewist.

rights-notice-consent_saved = Uw keuze is opgeslagen.

rights-notice-retention_saved = De bewaartermijnen zijn opgeslagen.

rights-notice-retention_applied = De bewaarregels zijn toegepast.

rights-settings-heading = Persoonsgegevens

rights-settings-text = Hoe lang gegevens worden bewaard, en wat de bewaarregels nu zouden verwijderen.

rights-retention-title = Bewaren van gegevens

rights-retention-intro = Gegevens worden niet langer bewaard dan nodig. Deze regels lopen om de paar minuten vanzelf op elke server; elke regel zegt hoeveel gegevens een ronde nu zou veranderen.

rights-retention-rule-closed_relationships = Relaties die meer dan { $years } jaar geleden zijn afgesloten: afspraken, onderwerpen van sessies, persoonlijke notities en redenen van beëindiging worden verwijderd

rights-retention-rule-unconfirmed_registrations = Zelfregistraties die niet binnen { $days } dagen zijn bevestigd: verwijderd met de persoon

rights-retention-rule-expired_credentials = Verlopen gemailde links, goedkeuringslinks, inrichtingscodes en onafgemaakte pogingen tot single sign-on: verwijderd

rights-retention-rule-dead_notices = Berichten die niet bezorgd konden worden, na { $days } dagen: verwijderd

rights-retention-would_remove = { $count } nu

rights-retention-automatic = U kunt de regels ook nu toepassen.

rights-retention-apply = Regels nu toepassen

rights-retention-change = Termijnen wijzigen

rights-retention-field-years = Aantal jaren dat de vrije tekst van een afgesloten relatie bewaard blijft

rights-retention-field-years_hint = Tussen 1 en 50 jaar.

rights-retention-field-registration_days = Aantal dagen dat een onbevestigde zelfregistratie bewaard blijft

rights-retention-field-dead_notice_days = Aantal dagen dat een onbezorgbaar bericht bewaard blijft

rights-retention-field-days_hint = Tussen 7 en 3650 dagen.

rights-retention-save = Termijnen opslaan

rights-error-years = Vul een aantal jaren in tussen 1 en 50.

rights-error-days = Vul een aantal dagen in tussen 7 en 3650.

rights-section-person = Uw gegevens

rights-section-employments = Dienstverbanden

rights-section-registration = Zelfregistratie

rights-section-account = Account

rights-section-sign_in_sessions = Inlogsessies

rights-section-api_tokens = API-tokens

rights-section-emailed_tokens = Gemailde links

rights-section-roles = Rollen

rights-section-profile = Profiel en contactgegevens

rights-section-directory = Vermelding in de gids

rights-section-calendar_feed = Agendafeed

rights-section-notice_preferences = Berichtvoorkeuren

rights-section-applications = Aanmeldingen

rights-section-application_events = Verloop van aanmeldingen

rights-section-nominations = Voordrachten

rights-section-mentor_standing = Mentorstatus

rights-section-mentor_training = Mentortraining

rights-section-supervision = Supervisie

rights-section-relationships = Relaties

rights-section-other_members = Andere leden van uw relaties

rights-section-agreements = Afspraken

rights-section-sessions = Sessies

rights-section-private_notes = Uw persoonlijke notities

rights-section-endings = Beëindigingen

rights-section-set_attendance = Aanwezigheid in intervisiegroepen

rights-section-set_presentations = Vraagstukken ingebracht in groepen

rights-section-set_actions = Acties in intervisiegroepen

rights-section-goals = Doelen

rights-section-reflections = Reflectielogboek

rights-section-cpd = Nascholingsactiviteiten

rights-section-survey_requests = Vragenlijstverzoeken

rights-section-survey_responses = Antwoorden op vragenlijsten

rights-section-survey_scores = Scores van vragenlijsten

rights-section-research_consent = Toestemming voor onderzoek

rights-section-consents = Geschiedenis van toestemmingen

rights-section-notices = Berichten aan u

rights-section-audit = Vermeldingen in het auditlogboek

rights-section-set_apologies = Afmeldingen voor bijeenkomsten van intervisiegroepen

rights-section-appraisal_summaries = Samenvattingen voor uw gesprekscyclus die u hebt gedeeld

rights-section-appraisal_summaries_received = Samenvattingen die met u als leidinggevende zijn gedeeld
