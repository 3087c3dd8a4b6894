applications-apply-already_applied = u hebt zich al aangemeld

applications-apply-asked_of = Gevraagd aan:

applications-apply-eligibility = Kunt u zich aanmelden?

applications-apply-eligible = u kunt zich aanmelden.

applications-apply-manager_notice = Als u zich aanmeldt, krijgt uw leidinggevende een e-mail met een link om in te stemmen met uw vrijgemaakte tijd. Daarna beslist de coördinator van uw organisatie over een plaats.

applications-apply-no_manager_notice = Er staat geen leidinggevende voor u geregistreerd, dus de coördinator van uw organisatie beslist direct over uw aanmelding.

applications-apply-not_eligible = u kunt zich niet aanmelden.

applications-apply-not_open = Deze instroom is niet open voor aanmeldingen: aanmelden kan van { $opens } tot en met { $closes }.

applications-apply-optional = (optioneel)

applications-apply-questions = Vragen voor dit programma

applications-apply-submit = Aanmelding versturen

applications-apply-title = Aanmelden voor { $intake }

applications-decision-approve = Goedkeuren

applications-decision-decline = Afwijzen

applications-decision-waiting_list = Wachtlijst

applications-field-applicant = Aanmelder

applications-field-availability = Wanneer kunt u afspreken?

applications-field-availability_hint = Kies elk dagdeel dat u meestal schikt.

applications-field-expertise = Wat kunt u bieden?

applications-field-expertise_hint = Mentoren kiezen er minstens één.

applications-field-goals = Wat wilt u ontwikkelen?

applications-field-goals_hint = Kies er minstens één, tenzij u zich als mentor aanmeldt.

applications-field-modes = Hoe kunt u afspreken?

applications-field-programme = Programma

applications-field-role = Rol

applications-field-status = Status

applications-field-step = Stap

applications-field-submitted = Verstuurd

applications-field-when = Wanneer

applications-form-hint = Toelichting (optioneel)

applications-form-intro = Elke aanmelding vraagt naar de rol, doelen, expertise, beschikbaarheid en manieren van afspreken. Voeg hier de vragen toe die dit programma daarnaast nodig heeft. Vul de lege vraag in en sla op om een vraag toe te voegen; vink een vraag aan en sla op om haar te verwijderen.

applications-form-kind = Soort antwoord

applications-form-new_question = Nieuwe vraag

applications-form-options = Keuzes

applications-form-options_hint = Voor één of meer keuzes: één keuze per regel.

applications-form-prompt = Vraag

applications-form-question_n = Vraag { $n }

applications-form-remove = Deze vraag verwijderen

applications-form-required = Een antwoord is verplicht

applications-form-roles = Stel deze vraag aan

applications-form-roles_hint = Vink niets aan om het iedereen te vragen.

applications-form-scale_max = Hoogste punt van de schaal

applications-form-scale_max_hint = Voor een schaal: van 2 tot en met 10.

applications-form-title = Aanmeldformulier

applications-framework-connecting_our_service = Onze dienstverlening verbinden

applications-framework-developing_capability = Vermogen ontwikkelen

applications-framework-engaging_the_team = Het team betrekken

applications-framework-evaluating_information = Informatie beoordelen

applications-framework-holding_to_account = Aanspreken op verantwoordelijkheid

applications-framework-influencing_for_results = Beïnvloeden voor resultaat

applications-framework-inspiring_shared_purpose = Inspireren met een gedeeld doel

applications-framework-leading_with_care = Leidinggeven met zorg

applications-framework-sharing_the_vision = De visie delen

applications-history-approved = Goedgekeurd door de coördinator van de organisatie: er is een plaats gereserveerd

applications-history-declined = Afgewezen door de coördinator van de organisatie

applications-history-manager_approved = Leidinggevende stemde in met vrijgemaakte tijd

applications-history-manager_declined = Leidinggevende weigerde vrijgemaakte tijd

applications-history-submitted = Aanmelding verstuurd; wacht op de leidinggevende

applications-history-submitted_no_manager = Aanmelding verstuurd naar de coördinator van de organisatie (geen leidinggevende geregistreerd)

applications-history-waiting_list = Op de wachtlijst geplaatst

applications-history-withdrawn = Ingetrokken door de aanmelder

applications-intake-applications = Aanmeldingen

applications-intake-decide = Beslissen

applications-intake-none = Er zijn nog geen aanmeldingen.

applications-intake-places_caption = Plaatsen per organisatie

applications-intake-places_offered = Plaatsen

applications-intake-places_taken = Bezet

applications-intake-title = Aanmeldingen voor { $intake }

applications-manager-approve = Instemmen met vrijgemaakte tijd

applications-manager-cadence =
    { $weeks ->
        [one] Elke week een bijeenkomst
       *[other] Elke { $weeks } weken een bijeenkomst
    }

applications-manager-decline = Weigeren

applications-manager-done_approved = U hebt ingestemd met de vrijgemaakte tijd. De aanmelding gaat nu naar de coördinator van de organisatie.

applications-manager-done_declined = U hebt de vrijgemaakte tijd geweigerd. De aanmelder ziet dat de aanmelding niet doorgaat.

applications-manager-done_title = Dank u wel

applications-manager-intro = Beste { $manager }, { $applicant } heeft zich aangemeld voor { $programme } en noemt u als leidinggevende. Stemt u in met de vrijgemaakte tijd die daarvoor nodig is?

applications-manager-question = Uw antwoord gaat naar de coördinator van de organisatie van de aanmelder. De link werkt één keer.

applications-manager-starts = Vanaf { $date }

applications-manager-term =
    { $months ->
        [one] Gedurende { $months } maand
       *[other] Gedurende { $months } maanden
    }

applications-manager-time = Benodigde tijd

applications-manager-title = Vrijgemaakte tijd voor een ontwikkelprogramma

applications-mine-apply_link = Aanmelden voor een programma

applications-mine-caption = Uw aanmeldingen, nieuwste eerst

applications-mine-none = U hebt zich nog niet voor een programma aangemeld.

applications-mine-title = Mijn aanmeldingen

applications-open-applied = u hebt zich aangemeld

applications-open-apply_as = Aanmelden als { $role }

applications-open-closes = Aanmelden kan tot en met { $date }

applications-open-intro = Voor deze instromen kunt u zich nu aanmelden. U kunt zich voor meerdere programma's en voor meer dan één rol aanmelden.

applications-open-none = Er is op dit moment geen instroom open voor aanmeldingen.

applications-open-title = Aanmelden voor een programma

applications-question_kind-multiple_choice = Meerdere keuzes

applications-question_kind-scale = Schaal

applications-question_kind-single_choice = Eén keuze

applications-question_kind-text = Tekst

applications-role-mentee = mentee

applications-role-mentor = mentor

applications-role-pair_clinician = klinische partner in een duo

applications-role-pair_manager = managementpartner in een duo

applications-role-set_member = lid van een intervisiegroep

applications-slot-fri_am = vrijdagochtend

applications-slot-fri_eve = vrijdagavond

applications-slot-fri_pm = vrijdagmiddag

applications-slot-mon_am = maandagochtend

applications-slot-mon_eve = maandagavond

applications-slot-mon_pm = maandagmiddag

applications-slot-sat_am = zaterdagochtend

applications-slot-sat_eve = zaterdagavond

applications-slot-sat_pm = zaterdagmiddag

applications-slot-sun_am = zondagochtend

applications-slot-sun_eve = zondagavond

applications-slot-sun_pm = zondagmiddag

applications-slot-thu_am = donderdagochtend

applications-slot-thu_eve = donderdagavond

applications-slot-thu_pm = donderdagmiddag

applications-slot-tue_am = dinsdagochtend

applications-slot-tue_eve = dinsdagavond

applications-slot-tue_pm = dinsdagmiddag

applications-slot-wed_am = woensdagochtend

applications-slot-wed_eve = woensdagavond

applications-slot-wed_pm = woensdagmiddag

applications-status-approved = Goedgekeurd

applications-status-awaiting_coordinator = Wacht op coördinator

applications-status-awaiting_manager = Wacht op leidinggevende

applications-status-declined = Afgewezen

applications-status-manager_declined = Leidinggevende heeft geweigerd

applications-status-matched = Gekoppeld

applications-status-waiting_list = Op de wachtlijst

applications-status-withdrawn = Ingetrokken

applications-view-history = Geschiedenis

applications-view-title = Aanmelding voor { $programme }

applications-view-withdraw = Aanmelding intrekken

applications-view-withdraw_hint = Als u zich terugtrekt, gaat uw plaats (als u er een hebt) terug naar uw organisatie. Dit kunt u niet ongedaan maken.

applications-view-withdraw_title = Uw aanmelding intrekken

eligibility-grade = Uw schaal valt buiten de schalen waarvoor dit programma is ({ $allowed }).

eligibility-mentor_training = Mentoren in dit programma hebben een geregistreerde mentortraining nodig, en voor u staat er geen geregistreerd.

eligibility-no_employment = Er staat geen dienstverband voor u geregistreerd, dus er is geen organisatie van wie u een plaats kunt gebruiken.

eligibility-organisation_kind = Dit programma is alleen voor medewerkers van deze soorten organisaties: { $allowed }.

eligibility-profession = Dit programma is alleen voor deze beroepen: { $allowed }.

eligibility-role_not_offered = Dit programma werft niet voor die rol.

error-answer_invalid = Kies een van de gegeven keuzes

error-answer_required = Beantwoord deze vraag

error-applications-already_applied = U hebt zich al voor deze rol in deze instroom aangemeld.

error-applications-cannot_decide = Deze aanmelding wacht niet op die beslissing.

error-applications-cannot_withdraw = Deze aanmelding kan niet meer worden ingetrokken.

error-applications-choose_role = Kies de rol waarvoor u zich aanmeldt

error-applications-intake_closed = Deze instroom is niet open voor aanmeldingen.

error-applications-link_expired = Deze link is verlopen. Vraag de aanmelder contact op te nemen met de coördinator van de organisatie.

error-applications-link_settled = Deze aanmelding heeft uw antwoord niet meer nodig (de aanmelder heeft haar bijvoorbeeld ingetrokken).

error-applications-link_unknown = Deze link is niet geldig. Controleer of u de hele link uit de e-mail hebt gekopieerd.

error-applications-link_used = Deze link is al gebruikt: uw antwoord is vastgelegd en kan niet via de link worden gewijzigd.

error-applications-places_below_taken = Goedgekeurde aanmeldingen bezetten al { $taken } van deze plaatsen; vul { $taken } of meer in.

error-applications-places_full = Alle { $places } plaatsen van { $organisation } in { $intake } zijn bezet; zet de aanmelding in plaats daarvan op de wachtlijst.

error-applications-question_too_long = Vragen en toelichtingen mogen hoogstens { $max } tekens lang zijn, keuzes { $option_max }.

error-applications-role_not_offered = Kies alleen rollen waarvoor dit programma werft.

error-applications-status_changed = Deze aanmelding is gewijzigd sinds u ernaar keek. Bekijk haar opnieuw voordat u beslist.

error-applications-unknown_person = Een opgegeven belangenconflict noemt iemand die niet in deze regeling zit.

error-choose_a_goal = Kies minstens één ding dat u wilt ontwikkelen

error-choose_availability = Kies minstens één moment waarop u kunt afspreken

error-choose_expertise = Kies minstens één ding dat u kunt bieden

error-mode_not_offered = Kies alleen manieren van afspreken die dit programma aanbiedt

error-question_key = De sleutel van deze vraag is ongeldig of komt twee keer voor

error-question_needs_options = Geef minstens twee keuzes, één per regel

error-question_prompt_required = Vul de vraag in

error-question_scale = Vul het hoogste punt van de schaal in, van 2 tot en met 10

error-question_too_many_options = Een vraag kan hoogstens 20 keuzes hebben

error-too_many_questions = Een formulier kan hoogstens { $max } vragen hebben
