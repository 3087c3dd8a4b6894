notices-journey-and = { $first } en { $last }

notices-journey-fact-programme = Programma

notices-journey-fact-intake = Instroom

notices-journey-fact-role = Rol

notices-journey-fact-reason = Opgegeven reden

notices-journey-fact-applicant = Aanmelder

notices-journey-fact-deadline = Antwoord vóór

notices-journey-fact-people = Wie

notices-journey-fact-declined_by = Afgewezen door

notices-journey-action-application = Bekijk uw aanmelding

notices-journey-action-manager = Beantwoord het verzoek

notices-journey-action-offer = Lees uw voorstel en geef antwoord

notices-journey-action-intake_relationships = Bekijk de matches van de instroom

notices-application-received-subject = Wij hebben uw aanmelding voor { $programme } ontvangen

notices-application-received-body = Dank u voor uw aanmelding voor { $programme }. Wij e-mailen u zodra er een besluit is; u kunt altijd zien hoe het met uw aanmelding staat.

notices-application-approved-subject = Uw aanmelding voor { $programme } is goedgekeurd

notices-application-approved-body = Goed nieuws: uw aanmelding voor { $programme } is goedgekeurd en er is een plaats voor u gereserveerd. U hoort opnieuw van ons zodra u bent gematcht.

notices-application-declined-subject = Uw aanmelding voor { $programme } is niet aangenomen

notices-application-declined-body = Het spijt ons: uw aanmelding voor { $programme } is deze keer niet aangenomen.

notices-application-declined-by_manager = Uw leidinggevende heeft niet ingestemd met de beschermde tijd die het programma vraagt. U kunt dit met uw leidinggevende bespreken, of u aanmelden voor een latere instroom.

notices-application-waitlisted-subject = Uw aanmelding voor { $programme } staat op de wachtlijst

notices-application-waitlisted-body = Uw aanmelding voor { $programme } staat op de wachtlijst. Komt er een plaats vrij, dan e-mailen wij u.

notices-application-manager_request-subject = { $applicant } vraagt u in te stemmen met beschermde tijd voor { $programme }

notices-application-manager_request-body = { $applicant } heeft zich aangemeld voor { $programme } als { $role } en noemt u als leidinggevende.

notices-application-manager_request-link =
    Wilt u aangeven of u instemt met de beschermde tijd die daarvoor nodig is? De link werkt één keer en verloopt over { $days ->
        [one] { $days } dag
       *[other] { $days } dagen
    }; u hebt geen account nodig.

notices-application-manager_request-ignore = Verwachtte u deze e-mail niet, dan kunt u hem negeren.

notices-offer-made-subject = U hebt een voorgestelde match in { $programme }

notices-offer-made-body = U bent gematcht in { $programme }. Log in, bekijk met wie u bent gematcht en accepteer of wijs af vóór { $deadline }.

notices-offer-declined-subject = Een match in { $programme } ({ $intake }) is afgewezen

notices-offer-declined-body = Een voorgestelde match in { $programme }, instroom { $intake }, is afgewezen: { $people }.

notices-offer-declined-back_to_pool = De match gaat niet door: de betrokkenen staan weer in de pool voor de volgende matchingronde.

notices-offer-declined-others_stay = Wie afwees staat weer in de pool; de anderen blijven samen.

notices-agreement-to_sign-subject = Uw overeenkomst voor { $programme } wacht op uw handtekening

notices-agreement-to_sign-body = Iedereen heeft de match in { $programme } geaccepteerd. Lees de overeenkomst, pas die zo nodig samen aan en onderteken haar: de relatie begint zodra iedereen heeft getekend.

notices-agreement-to_sign-action = Lees en onderteken de overeenkomst

notices-agreement-signed-subject = Iedereen heeft uw overeenkomst voor { $programme } ondertekend

notices-agreement-signed-body = Iedereen heeft de overeenkomst in { $programme } ondertekend: uw relatie is nu actief. U kunt uw eerste sessie plannen.

notices-agreement-signed-action = Open uw relatie

applications-decision-reason = Toelichting voor de aanmelder (optioneel)

applications-decision-reason_hint = Wat u hier schrijft, wordt met uw besluit naar de aanmelder gemaild. Het wordt nergens anders bewaard.

notice-published_told = Voorstellen gemaild: { $count } (iedereen die gematcht is en een e-mailadres heeft).

nav-dead_notices = Niet-bezorgde e-mails

notices-dead-title = E-mails die niet bezorgd konden worden

notices-dead-intro = Deze e-mails zijn meerdere keren geprobeerd en konden niet worden bezorgd. Los eerst de oorzaak op (het adres van iemand, de instellingen van de mailserver) en probeer het dan opnieuw.

notices-dead-kind = E-mail

notices-dead-recipient = Aan

notices-dead-recipient_hidden = Iemand die u niet kunt zien

notices-dead-failed_at = Laatst geprobeerd

notices-dead-attempts = Pogingen

notices-dead-error = Laatste fout

notices-dead-action = Actie

notices-dead-retry = Opnieuw proberen

notices-dead-none = Alle e-mails zijn bezorgd: hier wacht niets.

notices-dead-unknown_kind = E-mail van een onbekend soort

notice-notice_queued_again = De e-mail staat weer in de wachtrij en wordt zo verstuurd.

notice-notice_not_dead = Die e-mail stond niet meer in de lijst: misschien heeft iemand het al opnieuw geprobeerd.

notices-undeliverable-important = Belangrijk

notices-undeliverable-title = Wij konden geen e-mail bij deze persoon bezorgen

notices-undeliverable-body = De laatste e-mail aan deze persoon kon niet worden bezorgd ({ $date }). Controleer het e-mailadres; zolang dat niet klopt, hoort deze persoon niets over de aanmelding, voorstellen of sessies.
