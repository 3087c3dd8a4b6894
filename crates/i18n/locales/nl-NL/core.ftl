account-api_tokens = API-tokens

account-api_tokens_intro = Met een API-token kan een programma namens u de Tandem-API gebruiken, met uw rechten.

account-create_token = API-token aanmaken

account-my_profile = Bekijk uw profiel

account-no_roles = Nog geen rollen

account-roles = Uw rollen

account-title = Uw account

account-token_name_hint = Bijvoorbeeld de naam van het programma dat het gebruikt

account-token_once = Kopieer dit token nu. Het wordt niet opnieuw getoond.

country-GB = Verenigd Koninkrijk

country-NL = Nederland

dashboard-actions = Wat u kunt doen

dashboard-intakes = Instroomrondes

dashboard-intakes_count =
    { $count ->
        [one] { $count } instroomronde
       *[other] { $count } instroomrondes
    }

dashboard-organisations = Organisaties

dashboard-people = Mensen

dashboard-people_by_organisation = Mensen per organisatie

dashboard-programmes = Programma's

dashboard-title = Overzicht van het programma

date-day = Dag

date-hint = Bijvoorbeeld 15 9 2026

date-month = Maand

date-year = Jaar

demo-banner = Dit is een demonstratie. Alle personen en organisaties zijn verzonnen.

demo-tag = Demo

error-account_locked =
    { $minutes ->
        [one] Te veel pogingen. Probeer het over { $minutes } minuut opnieuw, of stel uw wachtwoord opnieuw in.
       *[other] Te veel pogingen. Probeer het over { $minutes } minuten opnieuw, of stel uw wachtwoord opnieuw in.
    }

error-already_exists = Dit bestaat al

error-choose_a_mode = Kies ten minste één manier waarop sessies kunnen plaatsvinden

error-choose_country = Kies het land

error-choose_grade_system = Kies een functiewaarderingssysteem

error-choose_organisation = Kies een organisatie

error-choose_organisation_kind = Kies het soort organisatie

error-choose_programme_kind = Kies het soort programma

error-closes_before_opens = De sluitingsdatum moet op of na de openingsdatum liggen

error-control_characters = Mag geen stuurtekens bevatten

error-date_invalid = Vul een bestaande datum in, zoals 27 3 2026

error-date_required = Vul een datum in

error-duplicate_organisation = Deze organisatie staat er meer dan eens in

error-email_invalid = Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl

error-email_required = Vul een e-mailadres in

error-email_taken = Dit e-mailadres wordt al gebruikt door iemand in het programma

error-field_message = { $field }: { $message }

error-go_home = Naar de startpagina

error-grade_not_in_system = Deze schaal hoort niet bij het gekozen functiewaarderingssysteem

error-grade_range_reversed = De laagste schaal mag niet boven de hoogste liggen

error-invalid_value = Deze waarde is niet geldig

error-link_invalid = Deze link is verlopen of al gebruikt.

error-manager_cycle = Dit zou een kringloop in de hiërarchie geven: deze persoon is al (indirect) leidinggevende van die leidinggevende

error-manager_is_self = Iemand kan niet zijn of haar eigen leidinggevende zijn

error-manager_not_found = Niemand in het programma heeft dit e-mailadres

error-max_below_min = Het maximum mag niet lager zijn dan het minimum

error-must_be_positive = Moet 1 of meer zijn

error-name_taken = Deze naam wordt al gebruikt

error-not_a_whole_number = Vul een geheel getal in, zoals 3

error-not_true_or_false = Vul true of false in

error-offset_multiple_of_limit = De offset moet een veelvoud zijn van de limiet ({ $limit })

error-organisation_not_allowed = U kunt alleen mensen van uw eigen organisatie toevoegen of wijzigen

error-page-bad_request = Het verzoek werd niet begrepen. Ga terug en probeer het opnieuw.

error-page-changed_meanwhile = Er is intussen iets veranderd, dus er is niets gewijzigd. Bekijk het opnieuw en probeer het nog eens.

error-page-conflict = Dit bestaat al.

error-page-csrf = Dit formulier is verlopen of kwam niet van Tandem. Ga terug, laad de pagina opnieuw en probeer het nog eens. Er is niets opgeslagen.

error-page-forbidden = Uw rol staat dit niet toe. Vraag de coördinator van het programma als u toegang nodig hebt.

error-page-internal = Probeer het later opnieuw.

error-page-not_found = Als u het webadres hebt getypt, controleer of het klopt. Als u een link volgde, is de pagina misschien verwijderd of hebt u er geen toegang toe.

error-page-payload_too_large = Bestanden mogen maximaal { $max } MB groot zijn. Splits het bestand in kleinere delen en upload die afzonderlijk.

error-page-unauthenticated = Log in om verder te gaan.

error-page-validation = Een deel van de gegevens is niet geldig.

error-password_too_long = Uw wachtwoord mag maximaal { $max } tekens hebben

error-password_too_short = Uw wachtwoord moet minstens { $min } tekens hebben

error-passwords_differ = De wachtwoorden komen niet overeen

error-prefix = Fout:

error-required = Vul een waarde in

error-session_too_long = Een sessie kan niet langer dan 24 uur duren

error-set_sizes_required = Intervisiegroepen hebben een kleinste en een grootste groepsgrootte nodig

error-sign_in_failed = Het e-mailadres of wachtwoord klopt niet

error-starts_before_closes = De startdatum moet op of na de sluitingsdatum liggen

error-summary_title = Er is een probleem

error-title-forbidden = U hebt geen toegang tot deze pagina

error-title-generic = Sorry, er is een probleem

error-title-internal = Sorry, er is een probleem met de dienst

error-title-not_found = Pagina niet gevonden

error-title-too_large = Het bestand is te groot

error-too_long = Mag maximaal 200 tekens zijn

error-too_long_n = Mag maximaal { $max } tekens zijn

error-too_many_places = Vul { $max } plaatsen of minder in

error-unknown_export_format = Kies CSV of XLSX

error-unknown_grade = Kies een schaal uit dit functiewaarderingssysteem ({ $system })

error-unknown_grade_system = Kies een functiewaarderingssysteem

error-unknown_organisation = Deze organisatie hoort niet bij het programma

error-whole_number = Vul een geheel getal in, zoals 3

export-csv = CSV

export-intro = Download de mensen die u kunt zien:

export-xlsx = Excel (XLSX)

field-cadence_weeks = Weken tussen bijeenkomsten (optioneel)

field-closes_on = Aanmelding sluit

field-confirm_password = Bevestig nieuw wachtwoord

field-country = Land

field-description = Beschrijving (optioneel)

field-email = E-mailadres

field-family_name = Achternaam

field-given_name = Voornaam

field-grade = Schaal

field-grade_system = Functiewaarderingssysteem

field-job_title = Functie

field-language = Taal

field-line_manager = Leidinggevende

field-line_manager_email = E-mailadres van de leidinggevende (optioneel)

field-mentor_load_max = Maximum aantal mentees per mentor (optioneel)

field-mentor_load_min = Minimum aantal mentees per mentor (optioneel)

field-mentor_training_required = Mentoren moeten een mentortraining hebben gevolgd

field-modes = Hoe sessies kunnen plaatsvinden

field-name = Naam

field-new_password = Nieuw wachtwoord

field-opens_on = Aanmelding opent

field-organisation = Organisatie

field-organisation_kind = Soort organisatie

field-organisation_kinds = Soorten organisatie

field-password = Wachtwoord

field-pilot = Dit programma is een pilot

field-profession = Beroep

field-professions = Beroepen

field-programme_kind = Soort programma

field-session_cap = Maximum aantal sessies per koppel (optioneel)

field-session_minutes = Duur van een sessie in minuten (optioneel)

field-set_size_max = Grootste groep (optioneel)

field-set_size_min = Kleinste groep (optioneel)

field-starts_on = Programma begint

field-term_months = Duur van de relatie in maanden (optioneel)

field-token_name = Naam van het token

field-work_email = Werk-e-mailadres

footer-about = Tandem ondersteunt mentoring- en intervisieprogramma's tussen organisaties in zorg en welzijn. Open source.

footer-heading = Ondersteunende links

grade_system-afc = Agenda for Change (NHS)

grade_system-fwg = FWG (zorg)

grade_system-local_authority = Schalen lokale overheid (VK)

grade_system-medical = Medische graden

import-action = Wat er gebeurt

import-action-create = Toevoegen

import-action-unchanged = Geen wijziging

import-action-update = Bijwerken

import-back_to_people = Naar de lijst met mensen

import-bad_email = "{ $value }" is geen geldig e-mailadres

import-cancel = Annuleren en een ander bestand uploaden

import-changed = De mensen in Tandem zijn gewijzigd sinds de controle en het bestand bevat nu problemen. Upload het opnieuw om ze te zien. Er is niets opgeslagen.

import-check = Controleer het bestand

import-choose_file = Kies een CSV- of XLSX-bestand

import-column = Kolom

import-columns_intro = De eerste rij bevat de kolomnamen. Tandem leest deze kolommen (voornaam, achternaam, e-mail en organisatie zijn verplicht):

import-confirm = Importeer deze mensen

import-done_body = { $created } mensen toegevoegd, { $updated } bijgewerkt, { $unchanged } ongewijzigd.

import-done_title = Import voltooid

import-duplicate_column = De kolom { $column } komt meer dan eens voor

import-duplicate_email = { $value } staat ook op rij { $line }

import-file_hint = CSV (UTF-8) of Excel XLSX

import-file_label = Upload een bestand

import-has_errors = Rijen met problemen: { $count }. Er is niets opgeslagen. Verbeter het bestand en upload het opnieuw.

import-has_errors_title = Het bestand bevat problemen

import-intro = Upload een export uit uw personeelssysteem als CSV of XLSX. Elke rij wordt eerst gecontroleerd en er wordt niets opgeslagen voordat u bevestigt.

import-limits = Bestanden mogen maximaal { $max_mb } MB en { $max_rows } rijen hebben. Mensen die al in Tandem staan worden op e-mailadres herkend en bijgewerkt, niet dubbel aangemaakt.

import-malformed = Het bestand kan niet worden gelezen: { $reason }

import-management_cycle = Leidinggevende { $value } zou een kringloop in de hiërarchie veroorzaken

import-manager_not_found = Niemand in het bestand of het programma heeft het e-mailadres { $value }

import-missing_columns = Verplichte kolommen ontbreken: { $columns }

import-more_rows =
    { $count ->
        [one] En nog { $count } rij
       *[other] En nog { $count } rijen
    }

import-no_rows = Het bestand bevat geen rijen met mensen

import-not_utf8 = Het bestand is geen UTF-8-tekst (rij { $line }). Sla het op als "CSV UTF-8".

import-nothing_written = Er is niets opgeslagen.

import-organisation_not_allowed = U kunt alleen mensen van uw eigen organisatie importeren, niet van "{ $value }"

import-person_in_other_organisation = { $value } hoort bij een andere organisatie

import-preview_expired = Deze controle is verlopen of niet van u. Upload het bestand opnieuw.

import-preview_title = Controleer de import

import-problem = Probleem

import-problems_caption = Problemen per rij en kolom

import-row = Rij

import-rows_caption = Rijen in het bestand

import-see_problems = Bekijk de problemen per rij

import-summary = Rijen in het bestand: { $rows }. Nieuw: { $creates }, bij te werken: { $updates }, ongewijzigd: { $unchanged }.

import-title = Mensen importeren

import-too_large = Het bestand is { $size } bytes; bestanden mogen maximaal { $max } bytes zijn

import-too_large_upload = Het bestand is groter dan 5 MB. Splits het in kleinere bestanden.

import-too_many_fields = een rij heeft meer waarden dan er kolommen zijn

import-too_many_rows = Het bestand heeft meer dan { $max } rijen. Splits het in kleinere bestanden.

import-unknown_grade = "{ $value }" is geen schaal van { $system }

import-unknown_grade_system = "{ $value }" is geen bekend functiewaarderingssysteem (gebruik afc, medical, local_authority of fwg)

import-unknown_language = "{ $value }" is geen ondersteunde taal (gebruik en-GB of nl-NL)

import-unknown_organisation = Er is geen organisatie in het programma met de naam "{ $value }"

import-unreadable_csv = het is geen geldig CSV-bestand

import-unreadable_xlsx = het is geen geldig XLSX-werkboek

import-unterminated_quote = een waarde tussen aanhalingstekens wordt niet afgesloten

import-upload_again = Upload een verbeterd bestand

intakes-add = Instroomronde toevoegen

intakes-dates = Aanmelden van { $opens } tot { $closes }; het programma begint { $starts }.

intakes-edit = Instroomronde wijzigen

intakes-name_hint = Bijvoorbeeld cohort 2026

intakes-no_places = Geen plaatsen ingesteld

intakes-none = Nog geen instroomrondes

intakes-places = Plaatsen per organisatie

intakes-places_caption = Plaatsen in { $name }

intakes-places_hint = Hoeveel medewerkers van elke organisatie deze instroom opneemt. Laat leeg voor geen.

intakes-title = Instroomrondes

invitation-ask_again = Vraag uw coördinator om een nieuwe uitnodiging.

invitation-title = Stel uw wachtwoord in

language-en--GB = Engels

language-nl--NL = Nederlands

mode-in_person = Op locatie

mode-telephone = Telefoon

mode-video = Video

nav-account_label = Account

nav-dashboard = Overzicht

nav-menu_label = Menu

nav-organisations = Organisaties

nav-people = Mensen

nav-programmes = Programma's

nav-sign_out = Afmelden

notice-created = Toegevoegd

notice-import_done = De import is voltooid

notice-invitation_sent = Er is een uitnodiging om in te loggen verstuurd

notice-password_set = Uw wachtwoord is ingesteld. U kunt nu inloggen.

notice-saved = Uw wijzigingen zijn opgeslagen

notice-signed_out = U bent afgemeld

notice-title = Gelukt

organisation_kind-charity = Liefdadigheidsinstelling

organisation_kind-dutch_care_organisation = Nederlandse zorgorganisatie

organisation_kind-independent_provider = Onafhankelijke zorgaanbieder

organisation_kind-local_authority = Gemeente (lokale overheid)

organisation_kind-nhs_trust = NHS-trust

organisations-add = Organisatie toevoegen

organisations-edit = Organisatie wijzigen

organisations-none = Nog geen organisaties

organisations-title = Organisaties

page-actions = Acties

page-back = Terug

page-edit = Wijzigen

page-error_prefix = Fout:

page-information = Informatie

page-save = Opslaan

page-skip_link = Naar de hoofdinhoud

password-rules = Gebruik minstens { $min } tekens. Een paar losse woorden vormen een sterk wachtwoord.

password-save = Wachtwoord opslaan

people-add = Persoon toevoegen

people-any_grade_system = Elk systeem

people-any_organisation = Elke organisatie

people-apply = Zoeken

people-clear = Filters wissen

people-next = Volgende

people-none = Niemand voldoet aan de zoekopdracht

people-pagination = Pagina's met resultaten

people-previous = Vorige

people-profession_hint = Zoals vastgelegd, bijvoorbeeld Verpleegkunde

people-search = Naam of e-mailadres

people-search_hint = Een deel van een naam of e-mailadres is genoeg

people-search_label = Mensen zoeken

people-table_caption = Mensen die aan de zoekopdracht voldoen

people-title = Mensen

person-account = Inloggen

person-account_active = Kan inloggen

person-account_invited = Uitgenodigd, nog geen wachtwoord ingesteld

person-account_none = Niet uitgenodigd

person-choose_grade_system = Kies een functiewaarderingssysteem

person-choose_organisation = Kies een organisatie

person-edit = Gegevens wijzigen

person-employments = Dienstverband

person-grade_hint = Bijvoorbeeld 8a (Agenda for Change), ST4 (medisch), PO2 (lokale overheid) of FWG 45

person-hidden_employments =
    { $count ->
        [one] Ook in dienst bij { $count } andere organisatie
       *[other] Ook in dienst bij { $count } andere organisaties
    }

person-invite = Stuur een uitnodiging om in te loggen

person-line_manager_hint = De leidinggevende moet al in Tandem staan

person-manager_elsewhere = Iemand bij een andere organisatie

person-no_employments = Geen dienstverband vastgelegd

person-no_manager = Niet vastgelegd

person-primary = Hoofdfunctie

person-primary_employment = Hoofdfunctie

person-profession_hint = Bijvoorbeeld Verpleegkunde, Maatschappelijk werk of Geneeskunde

programme-any_grade = Elke schaal

programme-cap_only =
    { $cap ->
        [one] Maximaal { $cap } sessie
       *[other] Maximaal { $cap } sessies
    }

programme-cap_summary =
    Maximaal { $cap ->
        [one] { $cap } sessie
       *[other] { $cap } sessies
    } van { $minutes ->
        [one] { $minutes } minuut
       *[other] { $minutes } minuten
    }

programme-description_hint = Waar het programma voor is en voor wie

programme-edit_rules = Programma en regels wijzigen

programme-eligibility = Wie kan meedoen

programme-grade_from = Van

programme-grade_ranges = Schalen die kunnen meedoen

programme-grade_ranges_hint = Laat een systeem aan beide kanten op 'Elke schaal' staan om het niet te gebruiken. Kiest u maar één kant, dan betekent dat 'vanaf' of 'tot en met' die schaal.

programme-grade_to = Tot en met

programme-length_only =
    { $minutes ->
        [one] Sessies van { $minutes } minuut
       *[other] Sessies van { $minutes } minuten
    }

programme-mentor_load = Mentees per mentor

programme-minutes_total =
    { $minutes ->
        [one] { $minutes } minuut in totaal
       *[other] { $minutes } minuten in totaal
    }

programme-months =
    { $count ->
        [one] { $count } maand
       *[other] { $count } maanden
    }

programme-no_cap = Geen limiet

programme-not_set = Niet ingesteld

programme-open_to_all = Open voor iedereen in het programma

programme-organisation_kinds_hint = Kies niets om elk soort toe te staan

programme-pilot_tag = Pilot

programme-professions_hint = Eén per regel. Laat leeg om elk beroep toe te staan.

programme-rules = Regels

programme-session_cap_hint = Bijvoorbeeld 3

programme-session_minutes_hint = Bijvoorbeeld 90

programme-sessions = Sessies

programme-set_size = Groepsgrootte

programme-set_size_hint = Voor intervisiegroepen, bijvoorbeeld 4 tot 8

programme-weeks =
    { $count ->
        [one] Elke week
       *[other] Elke { $count } weken
    }

programme_kind-action_learning_sets = Intervisiegroepen (action learning)

programme_kind-mentoring = Een-op-een mentoring

programme_kind-paired_learning = Duo-leren

programme_kind-virtual_cohort = Virtueel mentorcohort

programmes-add = Programma toevoegen

programmes-edit = Programma wijzigen

programmes-none = Nog geen programma's

programmes-title = Programma's

reset-ask_again = Vraag een nieuwe link aan

reset-request_button = Stuur de link

reset-request_intro = Vul het e-mailadres in waarmee u inlogt. Als het bij een account hoort, sturen we een link om een nieuw wachtwoord in te stellen.

reset-request_title = Wachtwoord opnieuw instellen

reset-sent_body = Als het adres bij een account hoort, is er een link onderweg om uw wachtwoord opnieuw in te stellen. De link werkt één keer en verloopt na korte tijd.

reset-sent_title = Kijk in uw e-mail

reset-title = Nieuw wachtwoord instellen

role-administrator = Beheerder

role-programme_coordinator = Programmacoördinator

role-evaluator = Evaluator

role-organisation_coordinator = Coördinator organisatie

role-participant = Deelnemer

role-scheme_coordinator = Coördinator van de regeling

service-name = Tandem

sign_in-button = Inloggen

sign_in-forgot = Wachtwoord vergeten?

sign_in-link = Naar inloggen

sign_in-title = Inloggen

nav-mentors = Mentoren

nav-applications = Mijn aanmeldingen

nav-relationships = Mijn matches

intakes-link-form = Aanmeldformulier

intakes-link-applications = Aanmeldingen en plaatsen

intakes-link-matching = Matching

intakes-link-relationships = Relaties

intakes-link-apply = Aanmelden

nav-my_mentoring = Mijn mentorschap

person-mentoring_link = Mentortraining, supervisie en status

programme-figures-live =
    { $count ->
        [one] { $count } lopende relatie
       *[other] { $count } lopende relaties
    }

programme-figures-sessions_of =
    { $held } van { $allowed ->
        [one] { $allowed } sessie gehouden
       *[other] { $allowed } sessies gehouden
    }

programme-figures-sessions =
    { $held ->
        [one] { $held } sessie gehouden
       *[other] { $held } sessies gehouden
    }

programme-figures-quiet =
    { $count } zonder sessie in { $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weken
    }

home-matches = Uw matches

home-with = met { $names }

home-answer_needed = Uw antwoord is nodig

home-sessions_of =
    { $used } van { $cap ->
        [one] { $cap } sessie gebruikt
       *[other] { $cap } sessies gebruikt
    }

home-sessions =
    { $used ->
        [one] { $used } sessie gehouden of gepland
       *[other] { $used } sessies gehouden of gepland
    }

home-next_session_confirmed = Volgende sessie: { $when }

home-next_session_proposed = Voorgestelde sessie, nog niet bevestigd: { $when }

home-no_next_session = Geen sessie gepland

home-next_meeting = Volgende bijeenkomst van de groep: { $date } om { $time }

home-no_next_meeting = Geen groepsbijeenkomst gepland

home-action_due = Uw actie: { $text }

home-reflections = Reflectielogboek

home-cpd = Nascholingsoverzicht

home-directory = Overzicht van collega's

home-calendar = Agenda-abonnement

programme-figures-planned = { $count } vooruit gepland

programme-figures-set_attendance = aanwezigheid in groepen { $present } van { $expected }
