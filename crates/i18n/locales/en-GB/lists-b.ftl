lists--b-relationships =
    { $count ->
        [one] { $count } relationship
       *[other] { $count } relationships
    }

lists--b-relationships-more = { $count }+ relationships

lists--b-relationships-stale_on_page = (Counted on this page of the list.)

lists--b-relationships-past_end = There are no relationships on this page of the list.

lists--b-relationships-pagination = Pages of relationships

lists--b-previous = Previous

lists--b-next = Next

lists--b-audit =
    { $count ->
        [one] { $count } entry
       *[other] { $count } entries
    }

lists--b-audit-more = { $count }+ entries

lists--b-audit-newer = Newer entries

lists--b-audit-past_end = There are no entries on this page of the log.
