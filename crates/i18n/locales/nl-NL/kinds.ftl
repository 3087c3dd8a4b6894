kinds-error-own_application = Dit is uw eigen aanmelding. Een andere coördinator beslist erover.

kinds-error-nominate_self = U kunt uzelf niet voordragen. Meld u zelf aan, of vraag een andere coördinator u voor te dragen.

kinds-error-session_too_long = Een sessie in dit programma duurt hoogstens { $max } minuten

kinds-error-workshop_not_yet = De aanwezigheid kan worden vastgelegd vanaf de dag van de workshop, { $date }

kinds-workshop-attendance_from = De aanwezigheid kan worden vastgelegd vanaf de dag van de workshop, { $date }.

kinds-figures-set_meetings =
    { $held ->
        [one] { $held } bijeenkomst van een intervisiegroep gehouden
       *[other] { $held } bijeenkomsten van intervisiegroepen gehouden
    }

kinds-figures-pair_activity =
    { $held ->
        [one] { $held } sessie, meeloopdag of workshop gehouden
       *[other] { $held } sessies, meeloopdagen en workshops gehouden
    }

kinds-notice-roles_reassigned = { $name } had een rol in het afgesproken rooster. Die rol is volgens de roosterregel aan een ander lid gegeven: zie de rollen hieronder.

kinds-notice-apologies_withdrawn = Uw afmelding is ingetrokken.

kinds-notice-training_verified = De opleiding is geverifieerd.

kinds-apologies-from = Afgemeld:

kinds-apologies-sent_yours = U hebt zich voor deze bijeenkomst afgemeld.

kinds-apologies-withdraw = Mijn afmelding intrekken

kinds-apologies-rota_hint = Als het rooster u een rol geeft, gaat die naar een ander lid.

kinds-attendance-apologies = Afgemeld

kinds-training-verification = Geverifieerd

kinds-training-verified = Geverifieerd

kinds-training-unverified = Niet geverifieerd

kinds-training-verify = Verifiëren

kinds-training-own_hint = Een opleiding die u zelf vastlegt, telt voor „mentoropleiding vereist” zodra een coördinator haar heeft geverifieerd.

kinds-applications-own_explained = Dit is uw eigen aanmelding. Een andere coördinator beslist erover; daarom wordt de beslissing u niet aangeboden.

kinds-applications-own_short = Uw eigen aanmelding: een andere coördinator beslist

kinds-sessions-minutes_max = Hoogstens { $max } minuten

kinds-relationship-title-mentoring = Uw mentorrelatie

kinds-relationship-title-virtual_cohort = Uw mentoring in een cohort

kinds-relationship-title-paired_learning = Uw leerkoppel

kinds-relationship-title-action_learning_sets = Uw intervisiegroep

kinds-relationship-members-action_learning_sets = Groepsleden

kinds-relationship-members-paired_learning = Partners

kinds-mine-with-action_learning_sets = Groepsleden:

kinds-mine-with-paired_learning = Partner:

kinds-set-held =
    { $held ->
        [one] { $held } bijeenkomst gehouden
       *[other] { $held } bijeenkomsten gehouden
    }

kinds-set-next_meeting = Volgende bijeenkomst

kinds-set-meetings_link = Alle bijeenkomsten, het rooster en de acties

kinds-set-open_actions = Openstaande acties

kinds-set-no_open_actions = Geen openstaande acties.

kinds-set-roles = Rollen

kinds-pair-held = { $held } gehouden: sessies, meeloopdagen en workshops

kinds-set-agreement_shared = Het groepscontract wordt door alle leden afgesproken.
