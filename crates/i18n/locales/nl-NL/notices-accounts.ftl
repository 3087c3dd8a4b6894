notices-account-confirm_email-action = Bevestig uw e-mailadres

notices-account-confirm_email-expiry =
    { $amount ->
        [one] De link werkt één keer en verloopt over { $amount } dag.
       *[other] De link werkt één keer en verloopt over { $amount } dagen.
    }

notices-account-confirm_email-ignore = Als u zich niet bij Tandem hebt geregistreerd, kunt u deze e-mail negeren: er gebeurt dan niets.

notices-account-confirm_email-intro = U hebt zich geregistreerd bij Tandem, het mentoring- en intervisieprogramma. Bevestig alstublieft dat dit e-mailadres van u is.

notices-account-confirm_email-subject = Bevestig uw e-mailadres voor Tandem

notices-account-greeting = Beste { $name },

notices-account-invitation-action = Stel uw wachtwoord in

notices-account-invitation-expiry =
    { $amount ->
        [one] De link werkt één keer en verloopt over { $amount } dag.
       *[other] De link werkt één keer en verloopt over { $amount } dagen.
    }

notices-account-invitation-ignore = Als u deze e-mail niet verwachtte, kunt u hem negeren.

notices-account-invitation-intro = U bent uitgenodigd om in te loggen bij Tandem, het mentoring- en intervisieprogramma.

notices-account-invitation-subject = U bent uitgenodigd voor Tandem

notices-account-reset-action = Stel een nieuw wachtwoord in

notices-account-reset-expiry =
    { $amount ->
        [one] De link werkt één keer en verloopt over { $amount } minuut.
       *[other] De link werkt één keer en verloopt over { $amount } minuten.
    }

notices-account-reset-ignore = Als u dit niet hebt gevraagd, kunt u deze e-mail negeren: uw wachtwoord is niet gewijzigd.

notices-account-reset-intro = Iemand heeft gevraagd het wachtwoord van uw Tandem-account opnieuw in te stellen.

notices-account-reset-subject = Stel uw Tandem-wachtwoord opnieuw in

notices-account-sign_in_link-action = Inloggen bij Tandem

notices-account-sign_in_link-expiry =
    { $amount ->
        [one] De link werkt één keer en verloopt over { $amount } minuut.
       *[other] De link werkt één keer en verloopt over { $amount } minuten.
    }

notices-account-sign_in_link-ignore = Als u hier niet om hebt gevraagd, kunt u deze e-mail negeren: zonder de link kan niemand inloggen.

notices-account-sign_in_link-intro = U hebt gevraagd om een link om zonder wachtwoord in te loggen bij Tandem.

notices-account-sign_in_link-subject = Uw inloglink voor Tandem
