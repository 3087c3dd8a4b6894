explain-grade = Functieniveau

explain-not_met_locked = niet voldaan (bij elkaar gehouden door uw vastzetting)

explain-pairs-intro = Bij elk paar ziet u elk criterium met de punten en het aandeel van het maximum van dat criterium, het aandeel van de best mogelijke score en elke regel waaraan het paar moest voldoen.

explain-passed = voldaan

explain-points = { $points } van { $max } punten ({ $percent }%)

explain-profession = Beroep

explain-rule-availability = Ten minste één gezamenlijk tijdvak

explain-rule-declared_conflict = Geen gemeld belangenconflict

explain-rule-different_organisation = Andere organisatie

explain-rule-direct_report = Geen van beiden is de leidinggevende van de ander

explain-rule-forbidden = Geen paar dat u hebt uitgesloten

explain-rule-goals = Doelen gedekt

explain-rule-grade_gap = Niveauverschil binnen één niveau van het ideaal

explain-rule-language = Een gemeenschappelijke taal

explain-rule-managers_manager = Geen van beiden is de leidinggevende van de leidinggevende van de ander

explain-rule-mode = Een manier van afspreken die beiden kunnen gebruiken

explain-rule-previous_partner = Niet eerder in deze instroom aan elkaar gekoppeld

explain-rule-profession = Beroep zoals het programma de voorkeur geeft

explain-rule-reverse_pair = Niet tegelijk elkaars mentor en mentee

explain-rule-same_line_manager = Niet dezelfde leidinggevende

explain-total = { $percent }% van het best mogelijke

explain-unknown = Niet vastgelegd

explain-unmatched-nobody = Niemand heeft zich aan de andere kant aangemeld.

explain-unmatched-rule_count =
    { $rule }: sloot { $excluded } van { $total ->
        [one] { $total } mogelijke partner uit
       *[other] { $total } mogelijke partners uit
    }

matching-reason-blocked_by_rules = Elke mogelijke partner valt af door een regel

matching-reason-too_few_for_set = Te weinig mensen voor een groep van de kleinste omvang van het programma
