profiles-title = Uw profiel

profiles-intro = Wat u anderen in de regeling over uzelf vertelt: wat u te bieden hebt, wat u wilt leren, hoe en wanneer u kunt afspreken en hoe u bereikbaar bent. Wanneer u zich aanmeldt voor een instroom, vult uw profiel de vragen voor het koppelen alvast in.

profiles-empty = U hebt uw profiel nog niet ingevuld.

profiles-email = E-mailadres

profiles-email_kind-work = Werkadres

profiles-email_kind-personal = Privéadres

profiles-phones = Uw telefoonnummers

profiles-phone-mobile = Mobiel

profiles-phone-work = Werktelefoon

profiles-who-title = Wie wat kan zien

profiles-who-caption = Wie elk deel van uw profiel kan zien

profiles-who-part = Deel van uw profiel

profiles-who-seen_by = Wie het kan zien

profiles-who-summary-part = Expertise, interesses, talen en introductie

profiles-who-summary-seen_by = U; uw mentor, mentee, partner of groepsleden zolang uw traject loopt; de coördinatoren van de regeling en van uw organisatie; en iedereen in de regeling als u zich in de gids opneemt

profiles-who-details-part = Beschikbaarheid, manieren van afspreken en locatie

profiles-who-details-seen_by = U; uw mentor, mentee, partner of groepsleden zolang uw traject loopt; de coördinatoren van de regeling en van uw organisatie

profiles-who-contact-part = Telefoonnummers en hoe u het liefst benaderd wordt

profiles-who-contact-seen_by = Alleen u, en uw mentor, mentee, partner of groepsleden zolang uw traject loopt. Coördinatoren zien ze nooit.

profiles-who-directory = Of u zich in de gids opneemt, kiest u zelf.

profiles-who-directory_link = Uw vermelding in de gids

profiles-section-offer = Wat u te bieden hebt en wilt leren

profiles-section-about = Over u

profiles-section-meeting = Wanneer en hoe u kunt afspreken

profiles-section-contact = Hoe u bereikbaar bent

profiles-field-expertise = Expertisegebieden

profiles-field-expertise_hint = Wat u anderen kunt bieden. Kies alles wat van toepassing is.

profiles-field-expertise_topics = Onderwerpen waar u veel van weet (optioneel)

profiles-field-topics_hint = Een paar woorden, bijvoorbeeld: roosters, kwaliteitsverbetering, een afdeling leiden.

profiles-field-interests = Interesses

profiles-field-interests_hint = Wat u wilt ontwikkelen. Kies alles wat van toepassing is.

profiles-field-interest_topics = Onderwerpen waarover u wilt leren (optioneel)

profiles-field-languages = Talen die u spreekt

profiles-field-location = Locatie (optioneel)

profiles-field-location_hint = Uw woonplaats of regio, voor afspraken op locatie. Bijvoorbeeld: Utrecht.

profiles-field-introduction = Introductie (optioneel)

profiles-field-introduction_hint = Een paar zinnen over uzelf en uw werk, hoogstens 1000 tekens.

profiles-field-availability = Wanneer u meestal kunt afspreken

profiles-field-availability_hint = Kies alles wat van toepassing is.

profiles-field-modes = Manieren van afspreken die uw voorkeur hebben

profiles-field-mobile_phone = Mobiel nummer (optioneel)

profiles-field-work_phone = Telefoonnummer werk (optioneel)

profiles-field-phone_hint = Alleen cijfers, spaties, + en haakjes. Bijvoorbeeld: 06 12345678 of +31 6 12345678.

profiles-field-preferred_phone = Op welk nummer wilt u gebeld worden?

profiles-field-preferred_phone_hint = Voor telefonische sessies waarin het andere lid u belt.

profiles-field-contact_route = Hoe wilt u het liefst benaderd worden?

profiles-contact_private = Alleen u en de mensen in uw lopende mentortrajecten, duo's of groepen zien uw telefoonnummers.

profiles-save = Profiel opslaan

profiles-route-email = E-mail

profiles-route-phone = Telefoongesprek

profiles-route-text = Sms-bericht

profiles-person-heading = Profiel

profiles-person-edit = Uw profiel bewerken

profiles-person-none = Nog geen profiel.

profiles-account_link = Uw profiel bewerken

profiles-call-number = Te bellen nummer:

profiles-call-yours = (uw nummer)

profiles-call-none_mine = Dit is een telefonische sessie en u wordt gebeld, maar uw profiel heeft geen telefoonnummer.

profiles-call-add_link = Voeg een telefoonnummer toe aan uw profiel

profiles-call-none_theirs = Dit is een telefonische sessie en { $name } wordt gebeld, maar heeft nog geen telefoonnummer in het profiel gezet.

profiles-call-switch = Bel in plaats daarvan het nummer van { $name }

profiles-call-switch_to_mine = Bel in plaats daarvan mijn nummer

error-profiles-too_long = Gebruik hoogstens { $max } tekens

error-profiles-control_characters = Verwijder de verborgen stuurtekens

error-profiles-unknown_language = Kies talen uit de lijst

error-profiles-too_many_languages = Kies hoogstens { $max } talen

error-profiles-phone_invalid = Vul een telefoonnummer in met cijfers, spaties, + en haakjes, zoals 06 12345678

error-profiles-route_needs_phone = Vul een telefoonnummer in om telefonisch benaderd te worden

error-profiles-route_needs_mobile = Vul een mobiel nummer in om per sms benaderd te worden

error-profiles-call_member_invalid = Kies een lid van dit traject

error-profiles-unknown_choice = Kies uit de getoonde mogelijkheden

profiles-language-en = Engels

profiles-language-cy = Welsh

profiles-language-nl = Nederlands

profiles-language-fy = Fries

profiles-language-pl = Pools

profiles-language-ro = Roemeens

profiles-language-pt = Portugees

profiles-language-es = Spaans

profiles-language-it = Italiaans

profiles-language-fr = Frans

profiles-language-de = Duits

profiles-language-tr = Turks

profiles-language-ar = Arabisch

profiles-language-ur = Urdu

profiles-language-pa = Punjabi

profiles-language-bn = Bengaals

profiles-language-gu = Gujarati

profiles-language-hi = Hindi

profiles-language-ta = Tamil

profiles-language-ml = Malayalam

profiles-language-tl = Tagalog (Filipijns)

profiles-language-yo = Yoruba

profiles-language-tw = Twi

profiles-language-so = Somalisch

profiles-language-zh = Chinees

profiles-language-pap = Papiaments

profiles-language-bfi = Britse Gebarentaal

profiles-language-dse = Nederlandse Gebarentaal

nav-profile = Uw profiel
