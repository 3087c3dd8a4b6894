lists-people =
    { $count ->
        [one] { $count } persoon
       *[other] { $count } mensen
    }

lists-people-more = Meer dan { $count } mensen

lists-cursor_unknown = Die pagina van de lijst bestaat niet meer; u ziet de eerste pagina.

lists-past_end = Op deze pagina van de lijst staat niemand.

lists-first_page = Naar de eerste pagina

error-lists-cursor_unknown = Deze cursor hoort niet bij een pagina van deze lijst. Begin opnieuw bij de eerste pagina.
