lists--b-relationships =
    { $count ->
        [one] { $count } relatie
       *[other] { $count } relaties
    }

lists--b-relationships-more = Meer dan { $count } relaties

lists--b-relationships-stale_on_page = (Geteld op deze pagina van de lijst.)

lists--b-relationships-past_end = Op deze pagina van de lijst staan geen relaties.

lists--b-relationships-pagination = Pagina's met relaties

lists--b-previous = Vorige

lists--b-next = Volgende

lists--b-audit =
    { $count ->
        [one] { $count } regel
       *[other] { $count } regels
    }

lists--b-audit-more = Meer dan { $count } regels

lists--b-audit-newer = Nieuwere regels

lists--b-audit-past_end = Op deze pagina van het auditlog staan geen regels.
