error-settings-repeated = { $value } is twee keer opgegeven.

error-settings-unknown = { $value } is geen van de keuzes die Tandem biedt.

error-settings-choose_one = Kies er ten minste één.

error-settings-threshold_range = Vul een geheel getal in van { $min } tot en met { $max }.

error-settings-country_in_use = { $value } kan niet worden verwijderd: er zijn organisaties van de regeling gevestigd.

error-setup-scheme_exists = Deze database is al ingericht: hij bevat de regeling { $name } met { $organisations } organisaties en { $accounts } accounts. Er is niets gewijzigd.

error-setup-no_organisations = Voeg ten minste één organisatie toe.

error-setup-unknown_kind = { $value } is geen soort organisatie die Tandem kent (nhs_trust, local_authority, independent_provider, charity, dutch_care_organisation).

error-setup-country_not_in_scheme = { $value } is niet een van de landen van de regeling.

error-setup-duplicate_organisation = Dezelfde organisatie staat al in rij { $row }.

error-setup-code_invalid = De inrichtingscode klopt niet, is al gebruikt of is verlopen. Gebruik de nieuwste code die de server bij het starten heeft getoond.

import-organisations-name_required = Vul de naam van de organisatie in.

import-organisations-duplicate = Dezelfde organisatie staat al in rij { $value }.

import-organisations-unknown_kind = { $value } is geen soort organisatie die Tandem kent (nhs_trust, local_authority, independent_provider, charity, dutch_care_organisation).

import-organisations-unknown_country = { $value } is geen land dat Tandem kent (GB, NL).

nav-settings = Instellingen

notice-set_up = De regeling is ingericht en u bent ingelogd. Voeg nu programma's en mensen toe.

error-setup-required = Deze Tandem is nog niet ingericht: een beheerder richt hem eerst in, op de inrichtingspagina of met `tandem init`.

setup-title = Tandem inrichten

setup-intro = Niemand kan inloggen voordat er een regeling is ingericht. Vul de inrichtingscode in die de server bij het starten heeft getoond, beschrijf de regeling en de eerste organisaties en maak het account van de beheerder aan. U wordt ingelogd als beheerder.

setup-label-setup_code = Inrichtingscode

setup-hint-setup_code = Getoond door de server bij het starten, in de regel die begint met "Set up this Tandem at". De code kan één keer worden gebruikt.

setup-section-scheme = De regeling

setup-label-scheme_name = Naam van de regeling

setup-label-countries = Landen

setup-hint-countries = De landen waar de organisaties van de regeling gevestigd zijn.

setup-label-languages = Talen

setup-hint-languages = De talen waarin de regeling werkt. Iedereen kan op elke pagina van taal wisselen.

setup-label-time_zone = Tijdzone

setup-zone-Europe__London = Londen (Britse tijd)

setup-zone-Europe__Amsterdam = Amsterdam (Midden-Europese tijd)

setup-label-small_number_threshold = Kleinste groep die in cijfers wordt getoond

setup-hint-small_number_threshold = Cijfers over minder mensen dan dit aantal worden niet getoond, zodat niemand herkenbaar is. Vul een geheel getal in van 3 tot en met 100; 8 is gebruikelijk, en onder 8 moet u een reden geven.

setup-label-self_registration = Medewerkers mogen zichzelf registreren (nu vastgelegd, aangeboden in een latere versie)

setup-section-organisations = Eerste organisaties

setup-hint-organisations = Voeg er ten minste één toe. Laat de andere rijen leeg als u ze niet nodig hebt; later kunt u meer organisaties toevoegen.

setup-organisation_n = Organisatie { $n }

setup-label-organisation_name = Naam van de organisatie

setup-choose = Kies

setup-section-administrator = Beheerder

setup-hint-administrator = De beheerder zorgt voor accounts, inloggen en deze instellingen. Dat bent u.

setup-hint-password = Ten minste 10 tekens.

setup-section-coordinator = Coördinator van de regeling (optioneel)

setup-hint-coordinator = De coördinator van de regeling beheert programma's, instromen en het koppelen. Hij of zij krijgt een uitnodiging per e-mail. Laat deze velden leeg als u de regeling zelf coördineert.

setup-button = Regeling inrichten

settings-title = Instellingen van de regeling

settings-intro = Deze instellingen gelden voor de hele regeling.

settings-read_only = Alleen een beheerder kan deze instellingen wijzigen.

settings-yes = Ja

settings-no = Nee

settings-notices-heading = Bezorging van e-mails

settings-notices-text = E-mails die na alle nieuwe pogingen niet konden worden bezorgd, staan hier met de reden, totdat u ze opnieuw probeert.

setup-label-suppression_rounding = Aantallen afronden op een veelvoud van

setup-hint-suppression_rounding = In evaluatiecijfers over een deel van het samenwerkingsverband (een programma, een instroom, een organisatie) worden aantallen afgerond op een veelvoud van dit getal. Vul een geheel getal in van 1 tot en met 100; 5 is gebruikelijk, 1 betekent niet afronden.

setup-label-suppression_min_statistics = Minste aantal respondenten voor statistieken

setup-hint-suppression_min_statistics = Gemiddelden, toetsen en effectgroottes worden alleen getoond als ten minste zoveel mensen antwoordden. Vul een geheel getal in van 1 tot en met 100; 10 is gebruikelijk.

setup-label-suppression_reason = Reden voor een soepelere regel

setup-hint-suppression_reason = Alleen nodig als u een kleinste groep onder 8, afronden onder 5 of minder dan 10 respondenten voor statistieken kiest: vermeld wie dit besloot en waarom (bijvoorbeeld het advies van uw functionaris gegevensbescherming). De reden wordt bij de cijfers getoond.

error-settings-reason_needed = Geef een reden om kleinere aantallen te tonen dan de gebruikelijke regel (een kleinste groep van 8, afronden op 5, 10 respondenten voor statistieken).

error-settings-reason_too_long = Gebruik voor de reden ten hoogste { $max } tekens.
