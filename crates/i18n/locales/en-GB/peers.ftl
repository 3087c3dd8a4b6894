peers-directory-title = Peer directory

peers-directory-intro = Practitioners from every organisation in the scheme who chose to be listed, so that you can find peers who share your work or interests, wherever they are employed. People who did not choose to be listed never appear.

peers-directory-requests_link = Your conversation requests

peers-filter-heading = Narrow the list

peers-filter-profession = Profession

peers-filter-any_profession = Any profession

peers-filter-organisation_kind = Kind of organisation

peers-filter-any_kind = Any kind of organisation

peers-filter-language = Language

peers-filter-any_language = Any language

peers-filter-region = Region

peers-filter-any_region = Any region

peers-filter-show = Show people

peers-directory-count =
    { $count ->
        [one] 1 person listed
       *[other] { $count } people listed
    }

peers-directory-count-more = { $count }+ people listed

peers-directory-profession = Profession

peers-directory-region = Region

peers-directory-language = Language

peers-directory-contact = Contact

peers-directory-ask = Ask for a conversation

peers-directory-ask_hidden = with { $name }

peers-directory-you = This is you

peers-directory-pagination = Pages of the peer directory

peers-directory-previous = Previous people

peers-directory-next = More people

peers-directory-cursor_unknown = That page of the list no longer exists, so the list starts again from the beginning.

peers-kind-nhs_trust = NHS trust

peers-kind-local_authority = Council (local authority)

peers-kind-independent_provider = Independent care provider

peers-kind-charity = Charity

peers-kind-dutch_care_organisation = Dutch care organisation

peers-language-en--GB = English

peers-language-nl--NL = Dutch

peers-ask-title = Ask for a conversation

peers-ask-intro = Tandem sends { $name } your message by email and shows it in their conversation requests. They can accept or decline.

peers-ask-privacy = Your email address is not sent. You see each other's email addresses only if { $name } accepts.

peers-ask-message = Your message

peers-ask-message_hint = Say who you are and what you would like to talk about, in at most { $max } characters. Do not include anything confidential about people you work with.

peers-ask-left =
    { $count ->
        [one] You can send 1 more request today.
       *[other] You can send { $count } more requests today.
    }

peers-ask-send = Send the request

peers-ask-cancel = Back to the directory

peers-requests-title = Conversation requests

peers-requests-intro = Requests from peers who found you in the directory, and the requests you sent. Email addresses are shown only once a request is accepted.

peers-requests-received = Requests to you

peers-requests-sent = Requests you sent

peers-requests-none_received = Nobody has asked you for a conversation yet.

peers-requests-none_sent = You have not asked anyone for a conversation yet.

peers-requests-from = From

peers-requests-to = To

peers-requests-message = Message

peers-requests-status = Status

peers-requests-sent_on = Sent

peers-requests-email = Their email address

peers-requests-my_email = They can see your email address: { $email }

peers-requests-accept = Accept

peers-requests-decline = Decline

peers-requests-answer_label = Answer the request from { $name }

peers-requests-find = Find peers in the directory

peers-status-open = Waiting for an answer

peers-status-accepted = Accepted

peers-status-declined = Declined

peers-status-unavailable = No longer available

peers-notice-sent = Your request was sent.

peers-notice-accepted = You accepted the request: you can now see each other's email addresses.

peers-notice-declined = You declined the request.

peers-todo-requests =
    { $count ->
        [one] A peer asked you for a conversation
       *[other] { $count } peers asked you for a conversation
    }

peers-todo-requests-link = Answer conversation requests

peers-error-request_open = There is already a conversation request between you and this person waiting for an answer.

peers-error-daily_cap = You have sent { $cap } conversation requests in the last 24 hours, the most allowed. Please try again tomorrow.

peers-error-request_closed = This request has already been answered or is no longer available.

peers-error-cursor = That page of the list no longer exists.

peers-notice-from = From

peers-notice-work = Works as

peers-notice-message = Their message

peers-notice-request-subject = { $name } would like a conversation with you

peers-notice-request-body = { $name } found you in the Tandem peer directory and would like to talk. Their message is below.

peers-notice-request-privacy = Their email address and yours stay private unless you accept. If you accept, you both see each other's email address in Tandem.

peers-notice-request-action = Accept or decline the request

peers-notice-accepted-subject = { $name } accepted your request for a conversation

peers-notice-accepted-body = { $name } accepted your request for a conversation. Their email address is on your conversation requests page in Tandem.

peers-notice-accepted-action = See your conversation requests

notices-kind-peer-conversation_request = Conversation requests from peers

notices-kind-peer-request_accepted = Your conversation requests accepted

peers-region-title = Region of { $name }

peers-region-intro = The peer directory can be narrowed by region, so that people can find peers they could meet. Everyone listed from this organisation is shown in its region.

peers-region-label = Region

peers-region-hint = For example North West or Gelderland, in at most { $max } characters. Leave it empty if the organisation has no region.

peers-region-link = Set region

peers-region-link_hidden = of { $name }

peers-notice-region_saved = The region was saved.

# The subject access export's sections of the peer network (rights.section.<name>).
rights-section-peer_requests_sent = Conversation requests you sent to peers

rights-section-peer_requests_received = Conversation requests peers sent you
