lists-people =
    { $count ->
        [one] { $count } person
       *[other] { $count } people
    }

lists-people-more = { $count }+ people

lists-cursor_unknown = That page of the list no longer exists, so the first page is shown.

lists-past_end = There is no one on this page of the list.

lists-first_page = Go to the first page

error-lists-cursor_unknown = This cursor is not one a page of this list gave out. Start again from the first page.
