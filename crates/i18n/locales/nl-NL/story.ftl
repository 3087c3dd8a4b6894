notices-kind-offer-declined_to_member = Een match die u werd voorgesteld, is door iemand daarin afgewezen

story-declined_notice-subject = Een voorgestelde match in { $programme } ({ $intake }) is afgewezen

story-declined_notice-body_named = { $name } heeft de voorgestelde match in { $programme }, instroom { $intake }, afgewezen.

story-declined_notice-body = De voorgestelde match in { $programme }, instroom { $intake }, is afgewezen.

story-declined_notice-next_pool = De match gaat niet door en u hoeft verder niets te doen. U staat weer in de pool van de instroom: de coördinator kan u bij de volgende matchingronde een nieuwe match voorstellen, en dan krijgt u een e-mail.

story-declined_notice-next_goes_on = De anderen gaan zonder deze persoon verder: u hoeft er verder niets voor te doen.

story-declined_notice-action = Lees wat er nu gebeurt

story-declined-title = Deze match is afgewezen

story-declined-by_you = U hebt deze match op { $date } afgewezen.

story-declined-by = { $name } heeft deze match op { $date } afgewezen.

story-declined-next_pool = De match gaat niet door. Iedereen daarin staat weer in de pool van de instroom: de coördinator kan bij de volgende matchingronde een nieuwe match voorstellen, en dan krijgt u een e-mail. U hoeft verder niets te doen.

story-declined-next_you_left = De anderen gaan zonder u verder. U staat weer in de pool van de instroom voor de volgende matchingronde.

story-declined-next_goes_on = De anderen gaan zonder deze persoon verder: u hoeft er verder niets voor te doen.

story-declined-home = Zie op uw startpagina wat u nu kunt doen

story-manager_not_shown = Niet zichtbaar voor u

story-status-title = Hoe deze match verloopt

story-status-intro = U ziet dit omdat een van uw medewerkers hieraan deelneemt. Wat er wordt gezegd en geschreven, blijft bij de deelnemers.

story-status-members = Wie doen er mee

story-status-member_elsewhere = Een deelnemer van { $organisation }

story-status-proposed_on = Voorgesteld op

story-status-started_on = Gestart op

story-status-not_yet = Nog niet gestart

story-status-closed_on = Afgesloten op

story-status-sessions = Gehouden sessies

story-status-sessions_of_cap = { $held } van { $cap }

story-status-set_meetings = Gehouden bijeenkomsten van de groep

story-status-shadowing_days = Meeloopdagen gedaan

story-status-workshops = Workshops bijgewoond

story-status-last_activity = Laatste activiteit

story-status-no_content = Aantekeningen, doelen, onderwerpen van sessies en de overeenkomst staan hier niet.
