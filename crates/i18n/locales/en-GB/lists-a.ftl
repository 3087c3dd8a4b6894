lists-applications =
    { $count ->
        [one] { $count } application
       *[other] { $count } applications
    }

lists-applications-more = { $count }+ applications

lists-applications-filter_label = Filter the applications

lists-applications-status = Status

lists-applications-any_status = Any status

lists-applications-apply = Show applications

lists-applications-pagination = Pages of applications

lists-applications-previous = Previous

lists-applications-next = Next

lists-mentors =
    { $count ->
        [one] { $count } mentor
       *[other] { $count } mentors
    }

lists-mentors-more = { $count }+ mentors

lists-mentors-pagination = Pages of mentors

lists-mentors-previous = Previous

lists-mentors-next = Next

error-lists-unknown_status = Choose one of the application statuses
