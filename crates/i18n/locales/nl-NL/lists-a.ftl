lists-applications =
    { $count ->
        [one] { $count } aanmelding
       *[other] { $count } aanmeldingen
    }

lists-applications-more = { $count }+ aanmeldingen

lists-applications-filter_label = De aanmeldingen filteren

lists-applications-status = Status

lists-applications-any_status = Elke status

lists-applications-apply = Aanmeldingen tonen

lists-applications-pagination = Pagina's met aanmeldingen

lists-applications-previous = Vorige

lists-applications-next = Volgende

lists-mentors =
    { $count ->
        [one] { $count } mentor
       *[other] { $count } mentoren
    }

lists-mentors-more = { $count }+ mentoren

lists-mentors-pagination = Pagina's met mentoren

lists-mentors-previous = Vorige

lists-mentors-next = Volgende

error-lists-unknown_status = Kies een van de statussen van een aanmelding
