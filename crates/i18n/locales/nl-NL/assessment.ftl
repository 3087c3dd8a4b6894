rights-basis-assessment-v2 = Programma's die matchen op uitkomsten van assessments (bijvoorbeeld een persoonlijkheidsvragenlijst of een 360-gradenfeedback) mogen de scores die uw coördinator voor u heeft ingelezen gebruiken om een mentorpartner voor te stellen, alleen in het programma dat ze bewaart en alleen zolang u toestemming geeft. Alleen de coördinatoren van dat programma en uzelf zien ze. De grondslag en de redenen van het programma ziet u voordat u zich aanmeldt. U kunt uw toestemming altijd intrekken: uw scores tellen dan in geen enkele latere matchingsronde meer mee.

rights-basis-equality-v2 = Programma's die matchen op een gedeelde taal of culturele achtergrond mogen de gelijkekansengegevens die u zelf op uw profiel hebt gegeven (uw voorkeurstalen en culturele achtergrond) gebruiken om een partner voor te stellen met wie u iets deelt, alleen zolang u toestemming geeft. Niemand anders ziet wat u hebt gegeven; bij het matchen telt alleen of twee mensen iets delen. De grondslag en de redenen van het programma ziet u voordat u zich aanmeldt. U kunt uw toestemming altijd intrekken: uw gegevens tellen dan in geen enkele latere matchingsronde meer mee.

matching-criterion-shared_background = Gedeelde taal of achtergrond

assessment-error-basis_required = Kies de grondslag (artikel 6) waarop het programma steunt

assessment-error-condition_required = Kies de uitzonderingsgrond voor bijzondere persoonsgegevens (artikel 9)

assessment-error-justification_required = Leg uit waarom het programma deze gegevens nodig heeft voor het matchen

assessment-error-weight_range = Vul een gewicht in van 0 tot en met { $max }

assessment-error-range = De laagste score moet lager zijn dan de hoogste (beide binnen ±1.000.000)

assessment-error-dimension_twice = Elke dimensie mag maar één keer voorkomen

assessment-error-dimension_bad = Zet elke dimensie op een eigen regel, als ‘code: naam’ of alleen een naam

assessment-error-dimension_count = Noem tussen 1 en { $max } dimensies

assessment-error-language_unknown = Kies talen uit de lijst

assessment-error-languages_many = Kies ten hoogste { $max } talen

assessment-error-background_unknown = Kies een achtergrond uit de lijst, beschrijf uw eigen achtergrond of kies ‘zeg ik liever niet’

assessment-error-instrument_taken = Dit programma heeft al een instrument met deze naam

assessment-error-dimension_unknown = Deze dimensie hoort niet bij een instrument van het programma

assessment-error-column_missing = Het bestand heeft geen kolom ‘{ $column }’

assessment-import-unknown_person = Niemand in het programma heeft dit e-mailadres

assessment-import-unknown_instrument = Het programma heeft geen instrument met deze naam

assessment-import-unknown_dimension = Het instrument heeft geen dimensie met deze naam

assessment-import-score_not_whole = De score moet een heel getal zijn

assessment-import-score_range = De score ligt buiten het bereik van het instrument

assessment-import-duplicate = De score van deze persoon op deze dimensie staat twee keer in het bestand

assessment-import-empty = Het bestand bevat geen scores

assessment-import-expired = Deze voorvertoning is verlopen of al ingelezen: upload het bestand opnieuw

assessment-art6-consent = Toestemming (artikel 6 lid 1 onder a)

assessment-art6-contract = Overeenkomst (artikel 6 lid 1 onder b)

assessment-art6-legal_obligation = Wettelijke verplichting (artikel 6 lid 1 onder c)

assessment-art6-public_task = Taak van algemeen belang (artikel 6 lid 1 onder e)

assessment-art6-legitimate_interests = Gerechtvaardigd belang (artikel 6 lid 1 onder f)

assessment-art9-explicit_consent = Uitdrukkelijke toestemming (artikel 9 lid 2 onder a)

assessment-art9-employment = Verplichtingen op het gebied van arbeid (artikel 9 lid 2 onder b)

assessment-art9-equality_of_opportunity = Gelijke kansen, zwaarwegend algemeen belang (artikel 9 lid 2 onder g)

assessment-kind-assessment = Matchen op uitkomsten van assessments

assessment-kind-equality = Matchen op gedeelde taal of culturele achtergrond

assessment-background-british = Brits

assessment-background-dutch = Nederlands

assessment-background-other_european = Overig Europees

assessment-background-african = Afrikaans

assessment-background-caribbean = Caribisch

assessment-background-south_asian = Zuid-Aziatisch

assessment-background-east_asian = Oost-Aziatisch

assessment-background-middle_eastern = Midden-Oosters

assessment-background-latin_american = Latijns-Amerikaans

assessment-background-self = Ik beschrijf het zelf

assessment-background-prefer_not_to_say = Zeg ik liever niet

assessment-language-en = Engels

assessment-language-nl = Nederlands

assessment-language-cy = Welsh

assessment-language-pl = Pools

assessment-language-tr = Turks

assessment-language-ar = Arabisch

assessment-language-pa = Punjabi

assessment-language-ur = Urdu

assessment-language-pap = Papiaments

assessment-language-es = Spaans

assessment-language-pt = Portugees

assessment-language-ro = Roemeens

assessment-mode-similarity = Overeenkomst: punten voor scores die dicht bij elkaar liggen

assessment-mode-complementarity = Aanvulling: punten voor scores die ver uit elkaar liggen

assessment-notice-label = Hoe dit programma matcht

assessment-notice-basis = Grondslag: { $art6 }. Uitzonderingsgrond voor bijzondere persoonsgegevens: { $art9 }.

assessment-notice-consent = Uw eigen uitkomsten of gelijkekansengegevens worden alleen gebruikt zolang u toestemming geeft.

assessment-notice-consent_link = Bekijk of wijzig uw toestemmingen

assessment-fit-title = Aansluiting op assessment

assessment-fit-dimension = { $dimension } ({ $instrument }, { $mode }): { $first } en { $second }, { $points } van { $max } punten

assessment-fit-mode-similarity = overeenkomst

assessment-fit-mode-complementarity = aanvulling

assessment-fit-none = geen score gebruikt

assessment-fit-shared_yes = Zij delen een voorkeurstaal of culturele achtergrond.

assessment-fit-shared_no = Geen gedeelde taal of achtergrond opgegeven.

assessment-setup-link = Assessments en matching op gelijkheid

assessment-setup-title = Assessments en matching op gelijkheid

assessment-setup-intro = Matching op assessmentuitslagen of op een gedeelde taal of culturele achtergrond staat uit totdat u die aanzet met de grondslag. Scores op deze pagina zijn alleen zichtbaar voor de coördinatoren van dit programma.

assessment-setup-uses = Wat matching mag gebruiken

assessment-setup-weights_link = Stel op de pagina met matchingcriteria in hoe zwaar elke dimensie en een gedeelde achtergrond tellen

assessment-setup-instruments = Instrumenten

assessment-setup-range = Scores van { $min } tot { $max }

assessment-setup-people_with_scores = Personen met minstens één score: { $count }

assessment-setup-no_instruments = Dit programma heeft nog geen instrumenten. Voeg er een toe met het formulier hieronder (of via de opdrachtregel of de API).

assessment-setup-import = Scores importeren

assessment-setup-import_intro = Upload een CSV- of Excelbestand (.xlsx) met de kolommen e-mailadres, instrument, dimensie en waarde. Elke rij wordt eerst gecontroleerd; er wordt niets opgeslagen voordat u bevestigt, en helemaal niets als een rij fout is.

assessment-use-on = Aan

assessment-use-off = Uit

assessment-use-is_on = Aan

assessment-use-is_off = Uit

assessment-use-enabled = Gebruiken voor matching?

assessment-use-intro-assessment = Assessment- en testuitslagen zijn beoordelingsgegevens en kunnen iets over de gezondheid zeggen. Leg de grondslag van het programma vast voordat matching ze gebruikt.

assessment-use-intro-equality = Een culturele achtergrond zegt iets over etnische afkomst, een bijzonder persoonsgegeven. Leg de grondslag van het programma vast voordat matching een gedeelde taal of achtergrond gebruikt.

assessment-use-shown = De grondslag en uw motivering worden deelnemers getoond op de pagina van het programma en op het aanmeldformulier, voordat zij zich aanmelden. De gegevens van een persoon worden alleen gebruikt zolang diens eigen toestemming geldt.

assessment-use-art6 = Grondslag (artikel 6)

assessment-use-art6_hint = Zorgorganisaties in de publieke sector en gemeenten gebruiken meestal de publieke taak; private aanbieders het gerechtvaardigd belang na een belangenafweging.

assessment-use-art9 = Uitzonderingsgrond voor bijzondere persoonsgegevens (artikel 9)

assessment-use-art9_hint = Bijvoorbeeld gelijke kansen (UAVG artikel 25; DPA 2018 Schedule 1 paragraaf 8).

assessment-use-choose = Kies er één

assessment-use-justification = Waarom heeft het programma dit nodig voor matching?

assessment-use-justification_hint = In uw eigen woorden; deelnemers lezen dit.

assessment-use-weight = Gewicht van een gedeelde taal of achtergrond (0 tot 10)

assessment-use-weight_hint = Bij 0 levert een gedeelde taal of achtergrond geen punten op.

assessment-use-save = Opslaan

assessment-import-done_title = Scores geïmporteerd

assessment-import-done_body =
    { $scores ->
        [one] { $scores } score
       *[other] { $scores } scores
    } opgeslagen voor { $people ->
        [one] { $people } persoon.
       *[other] { $people } personen.
    }

assessment-import-back = Terug naar assessments

assessment-import-problem_count =
    { $count ->
        [one] Er is { $count } probleem gevonden. Verbeter het bestand en upload het opnieuw.
       *[other] Er zijn { $count } problemen gevonden. Verbeter het bestand en upload het opnieuw.
    }

assessment-import-summary =
    Het bestand is in orde: { $rows ->
        [one] { $rows } score
       *[other] { $rows } scores
    } voor { $people ->
        [one] { $people } persoon
       *[other] { $people } personen
    }{ "." } Bevestig om ze op te slaan; eerdere scores op dezelfde dimensies worden vervangen.

assessment-equality-link = Uw taal en culturele achtergrond (niet verplicht)

assessment-equality-profile_intro = U kunt uw voorkeurstalen en culturele achtergrond opgeven. Programma's die matchen op een gedeelde taal of achtergrond gebruiken dit alleen zolang uw toestemming geldt.

assessment-equality-title = Uw taal en culturele achtergrond

assessment-equality-intro = Dit opgeven is niet verplicht. Alleen u kunt het zien, wijzigen of wissen.

assessment-equality-use = Programma's die matching op een gedeelde taal of culturele achtergrond hebben aangezet, kunnen dit gebruiken om u een partner voor te stellen met wie u iets deelt. Matching kijkt alleen of twee personen iets delen; niemand anders ziet wat u opgeeft.

assessment-equality-consent = Het wordt alleen gebruikt zolang uw toestemming voor gelijkheidsgegevens geldt. U kunt die op elk moment intrekken.

assessment-equality-languages = Voorkeurstalen

assessment-equality-languages_hint = Kies alle die van toepassing zijn.

assessment-equality-background = Culturele achtergrond

assessment-equality-background_hint = Kies er één, beschrijf uw eigen achtergrond of kies zeg ik liever niet.

assessment-equality-background_text = Uw eigen omschrijving

assessment-equality-background_text_hint = Alleen als u ervoor koos die zelf te beschrijven.

assessment-equality-save = Opslaan

assessment-equality-clear_title = Uw gegevens wissen

assessment-equality-clear_intro = Hiermee worden uw talen en achtergrond verwijderd. Latere matchingrondes gebruiken ze niet meer.

assessment-equality-clear = Mijn gegevens wissen

assessment-criteria-title = Assessmentuitslagen

assessment-criteria-intro = Per dimensie: een gewicht van 0 (niet gebruikt) tot 10 en of scores dicht bij elkaar (gelijkenis) of ver uit elkaar (aanvulling) punten opleveren.

assessment-criteria-weight = Gewicht van { $dimension } ({ $instrument })

assessment-criteria-mode = Hoe { $dimension } telt

assessment-criteria-save = Assessmentgewichten opslaan

assessment-criteria-shared = Een gedeelde taal of achtergrond telt met gewicht { $weight }.

assessment-criteria-shared_link = Wijzig dit met de grondslag

rights-section-assessment_scores = Assessmentscores

rights-section-equality_data = Uw taal en culturele achtergrond
