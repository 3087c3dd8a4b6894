notices-meetings-fact-when = Wanneer

notices-meetings-fact-was = Eerder gepland

notices-meetings-fact-length = Duur

notices-meetings-fact-minutes =
    { $minutes ->
        [one] { $minutes } minuut
       *[other] { $minutes } minuten
    }

notices-meetings-fact-how = Hoe

notices-meetings-fact-where = Waar

notices-meetings-fact-link = Videolink

notices-meetings-fact-with = Met

notices-meetings-fact-day = Dag

notices-meetings-fact-host = Op de werkplek van

notices-meetings-fact-presenting = Brengt in

notices-meetings-fact-facilitating = Begeleidt

notices-meetings-fact-timekeeping = Bewaakt de tijd

notices-meetings-fact-workshop = Workshop

notices-meetings-fact-programme = Programma

notices-meetings-nobody = Nog niet gekozen

notices-meetings-session-action = Bekijk uw sessies

notices-meetings-session-proposed-subject = { $name } stelt een sessie voor op { $when }

notices-meetings-session-proposed-lead = { $name } heeft een sessie voorgesteld. Wilt u deze bevestigen, of een ander tijdstip voorstellen, op uw pagina met sessies?

notices-meetings-session-confirmed-subject = Sessie bevestigd op { $when }

notices-meetings-session-confirmed-lead = { $name } heeft uw sessie bevestigd. Open het bijgevoegde agendabestand om de sessie in uw agenda te zetten.

notices-meetings-session-rescheduled-subject = Sessie verplaatst naar { $when }

notices-meetings-session-rescheduled-lead = { $name } heeft uw sessie verplaatst. Wilt u het nieuwe tijdstip bevestigen, of een ander voorstellen, op uw pagina met sessies?

notices-meetings-session-cancelled-subject = Sessie op { $when } geannuleerd

notices-meetings-session-cancelled-lead = { $name } heeft uw sessie geannuleerd. Open het bijgevoegde agendabestand om de sessie uit uw agenda te halen.

notices-meetings-set-action = Open de bijeenkomst

notices-meetings-set-next-subject = Volgende bijeenkomst van de intervisiegroep: { $when }

notices-meetings-set-next-lead = { $name } heeft de volgende bijeenkomst van uw intervisiegroep gepland.

notices-meetings-set-next-rota_proposed = De rollen hieronder zijn een voorstel; de groep spreekt ze af op de pagina van de bijeenkomst.

notices-meetings-set-apologies-subject = { $name } kan niet komen naar de groepsbijeenkomst van { $when }

notices-meetings-set-apologies-lead = { $name } heeft zich afgemeld voor de volgende bijeenkomst van uw intervisiegroep.

notices-meetings-pair-action = Bekijk meelopen, verbeterproject en workshops

notices-meetings-shadowing-subject = Meeloopdag op { $date }

notices-meetings-shadowing-lead-host = { $name } heeft een meeloopdag gepland: { $name } loopt die dag met u mee op uw werkplek.

notices-meetings-shadowing-lead-visitor = { $name } heeft een meeloopdag gepland: u loopt die dag mee met { $host } op diens werkplek.

notices-meetings-shadowing-summary = Meeloopdag: { $names }

notices-meetings-workshop-subject = Uitnodiging voor de workshop { $title } op { $date }

notices-meetings-workshop-lead = U bent uitgenodigd voor een workshop van { $programme }. Open het bijgevoegde agendabestand om de dag vrij te houden.

notices-meetings-workshop-summary = Workshop: { $title }

notices-meetings-someone = Iemand

notices-meetings-set-summary = Bijeenkomst intervisiegroep
