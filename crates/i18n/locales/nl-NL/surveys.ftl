survey-error-bounds = Geef een laagste getal dat kleiner is dan het hoogste.

survey-error-choice = Kies een van de gegeven mogelijkheden.

survey-error-control = Verwijder de speciale tekens uit dit antwoord.

survey-error-instrument_twice = Elk instrument kan één keer worden toegevoegd.

survey-error-items = Voeg ten minste één vraag of instrument toe.

survey-error-key = Geef elke vraag een unieke korte sleutel van letters, cijfers, - of _ (hoogstens 40).

survey-error-kind = Dit soort antwoord past niet bij deze vraag.

survey-error-options = Geef tussen 2 en 20 mogelijkheden, geen ervan leeg.

survey-error-out_of_scale = Kies een heel getal binnen de schaal.

survey-error-question_text = Schrijf de vraag (hoogstens 500 tekens).

survey-error-required = Beantwoord deze vraag.

survey-error-title = Geef de vragenlijst een titel (hoogstens 200 tekens).

survey-error-too_long = Dit antwoord is te lang (hoogstens 4.000 tekens).

survey-error-too_many = Een vragenlijst kan hoogstens 80 vragen bevatten, instrumenten meegeteld.

survey-error-unknown_question = Dit antwoord hoort bij een vraag die niet in de vragenlijst staat.

survey-error-waves = Kies ten minste één moment om de vragenlijst te versturen.

surveys-error-answered = Iemand heeft deze vragenlijst al ingevuld, dus de vragen blijven zoals ze waren. Maak een nieuwe vragenlijst voor gewijzigde vragen.

surveys-error-changed = De vragenlijst is gewijzigd sinds u hem opende. Open hem opnieuw om de huidige vragen te zien.

surveys-error-done = U hebt deze vragenlijst al ingevuld of afgeslagen.

surveys-error-closed = Deze vragenlijst is gesloten: er worden geen antwoorden meer aangenomen.

surveys-error-consent = Geef aan of uw antwoorden voor onderzoek mogen worden gebruikt.

notices-kind-survey-reminder = Herinnering aan een evaluatievragenlijst

notices-scheduled-survey_request-subject = Een korte vragenlijst over { $programme }

notices-scheduled-survey_request-body = Wilt u ons vertellen hoe { $programme } voor u verloopt? De vragenlijst kost een paar minuten en staat open tot { $date }. Wie de antwoorden leest, ziet niet wie ze gaf.

notices-scheduled-survey_request-action = Vul de vragenlijst in

notices-scheduled-survey_reminder-subject = Herinnering: een korte vragenlijst over { $programme }

notices-scheduled-survey_reminder-body = U hebt de vragenlijst over { $programme } nog niet ingevuld. Hij staat open tot { $date }; u kunt hem ook afslaan.

notices-scheduled-survey_reminder-action = Vul de vragenlijst in

surveys-wave-baseline = Bij de start

surveys-wave-end = Aan het eind

surveys-wave-follow_up = Zes maanden na het eind

surveys-wave-session = Na elke sessie

surveys-state-due = In te vullen

surveys-state-answered = Ingevuld

surveys-state-declined = Afgeslagen

surveys-state-closed = Gesloten

surveys-nav = Vragenlijsten

surveys-mine-title = Uw vragenlijsten

surveys-mine-intro = Korte vragenlijsten over de programma's waaraan u deelneemt. Wie de antwoorden leest, ziet niet wie ze gaf.

surveys-mine-none = Er zijn geen vragenlijsten voor u.

surveys-mine-survey = Vragenlijst

surveys-mine-when = Moment

surveys-mine-state = Status

surveys-mine-closes = Open tot

surveys-mine-open = Invullen

surveys-home-due =
    { $count ->
        [one] U hebt { $count } vragenlijst in te vullen.
       *[other] U hebt { $count } vragenlijsten in te vullen.
    }

surveys-home-link = Naar uw vragenlijsten

surveys-form-closes = Open tot { $date }.

surveys-form-required = Vragen met “verplicht” moeten worden beantwoord.

surveys-form-required_mark = (verplicht)

surveys-form-submit = Mijn antwoorden versturen

surveys-form-decline = Ik wil deze vragenlijst niet invullen

surveys-form-not_open = Deze vragenlijst kan nu niet worden ingevuld.

surveys-form-agree_1 = Helemaal oneens

surveys-form-agree_2 = Oneens

surveys-form-agree_3 = Niet eens, niet oneens

surveys-form-agree_4 = Eens

surveys-form-agree_5 = Helemaal eens

surveys-form-scale_low = helemaal niet

surveys-form-scale_high = volledig

surveys-form-attribution = Bron van { $name }:

surveys-form-share_free_text = Mijn geschreven antwoorden mogen zonder mijn naam in rapporten worden geciteerd.

surveys-consent-legend = Mogen uw antwoorden voor onderzoek worden gebruikt?

surveys-consent-explain = Uw antwoorden helpen de regeling altijd te zien of het programma werkt; rapporten tonen nooit wie antwoordde, en kleine groepen worden niet getoond. Als u instemt, mogen uw antwoorden, nog steeds zonder uw naam, ook worden gegeven aan onderzoekers die mentoring in zorg en welzijn bestuderen. U kunt op elk moment van gedachten veranderen op uw pagina met vragenlijsten; ook eerder gegeven antwoorden worden dan buiten onderzoek gehouden.

surveys-consent-yes = Ja, mijn antwoorden mogen voor onderzoek worden gebruikt

surveys-consent-no = Nee, alleen voor de eigen evaluatie van de regeling

surveys-consent-current_yes = U hebt ingestemd dat uw antwoorden voor onderzoek mogen worden gebruikt.

surveys-consent-current_no = Uw antwoorden worden alleen voor de eigen evaluatie van de regeling gebruikt, niet voor onderzoek.

surveys-consent-withdraw = Mijn toestemming voor onderzoek intrekken

surveys-consent-give = Gebruik van mijn antwoorden voor onderzoek toestaan

surveys-consent-saved = Uw keuze is opgeslagen.

surveys-thanks-title = Dank u wel

surveys-thanks-body = Uw antwoorden zijn opgeslagen. Wie ze leest, ziet niet dat ze van u zijn.

surveys-declined-body = U wordt niet meer naar deze vragenlijst gevraagd.

surveys-back = Terug naar uw vragenlijsten

surveys-builder-title = Vragenlijsten van { $programme }

surveys-builder-link = Evaluatievragenlijsten

surveys-builder-intro = Elke vragenlijst wordt op de momenten die u kiest naar de deelnemers van het programma gestuurd. Instrumenten zijn gevalideerde vragenlijsten: ze worden getoond zoals ze zijn, met hun bron, en kunnen niet worden bewerkt. Een vragenlijst die iemand heeft ingevuld, kan niet worden gewijzigd.

surveys-builder-none = Dit programma heeft nog geen vragenlijst.

surveys-builder-new = Nieuwe vragenlijst

surveys-builder-edit = Bewerken

surveys-builder-version = Versie { $version }

surveys-builder-title_en = Titel (Engels)

surveys-builder-title_nl = Titel (Nederlands, optioneel)

surveys-builder-waves = Wanneer wordt hij verstuurd?

surveys-builder-items = Vragen en instrumenten

surveys-builder-instrument = Instrument (vergrendeld)

surveys-builder-questions_n =
    { $count ->
        [one] { $count } vraag
       *[other] { $count } vragen
    }

surveys-builder-add_instrument = Een instrument toevoegen

surveys-builder-add_question = Een eigen vraag toevoegen

surveys-builder-question_key = Sleutel (kort, uniek)

surveys-builder-question_en = Vraag (Engels)

surveys-builder-question_nl = Vraag (Nederlands, optioneel)

surveys-builder-kind = Soort antwoord

surveys-builder-options = Mogelijkheden, één per regel (keuzevragen)

surveys-builder-required = Verplicht

surveys-builder-kirkpatrick = Kirkpatrick-niveau

surveys-builder-barr = Barr-niveau

surveys-builder-dimension = Dimensie van het kader

surveys-builder-none_option = Geen

surveys-builder-remove = Verwijderen

surveys-builder-up = Omhoog

surveys-builder-down = Omlaag

surveys-builder-save = Vragenlijst opslaan

surveys-builder-create = Vragenlijst maken

surveys-builder-answered = Ingevuld: hij kan niet meer worden gewijzigd.

surveys-kind-likert5 = Instemming, 1–5

surveys-kind-likert7 = Instemming, 1–7

surveys-kind-scale0to10 = Schaal 0–10

surveys-kind-single_choice = Eén van meerdere mogelijkheden

surveys-kind-multiple_choice = Meerdere mogelijkheden

surveys-kind-free_text = Geschreven antwoord

surveys-kirkpatrick-reaction = 1 Reactie

surveys-kirkpatrick-learning = 2 Leren

surveys-kirkpatrick-behaviour = 3 Gedrag

surveys-kirkpatrick-results = 4 Resultaten
