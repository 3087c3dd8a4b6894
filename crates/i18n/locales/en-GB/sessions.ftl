sessions-title = Sessions

sessions-used_of =
    { $used } of { $cap ->
        [one] { $cap } session used
       *[other] { $cap } sessions used
    }

sessions-used =
    { $used ->
        [one] { $used } session confirmed or held
       *[other] { $used } sessions confirmed or held
    }

sessions-minutes_of = { $used } of { $cap } minutes used

sessions-zone = Times are in { $zone } time

sessions-notice =
    { $hours ->
        [one] cancel or move confirmed sessions at least { $hours } hour ahead
       *[other] cancel or move confirmed sessions at least { $hours } hours ahead
    }

sessions-caption = Sessions of this relationship

sessions-when = When

sessions-minutes = Length in minutes

sessions-mode = Way of meeting

sessions-status = Status

sessions-actions = Actions

sessions-join = Video link

sessions-status-proposed = Proposed

sessions-status-confirmed = Confirmed

sessions-status-held = Held

sessions-status-cancelled = Cancelled

sessions-confirm = Confirm

sessions-reschedule = Move this session

sessions-cancel = Cancel session

sessions-ics = Add to calendar (.ics)

sessions-about = Session of { $when }

sessions-topics = Topics discussed

sessions-action_points = Action points (shared with your partner)

sessions-mark_held = Mark as held

sessions-note = My private note

sessions-note_hint = Only you can read this note. Your partner and the coordinators cannot.

sessions-propose = Propose a session

sessions-availability_of = { $name } said they are usually free on:

sessions-no_availability = no times given

sessions-date = Date

sessions-start = Start time

sessions-start_hint = 24-hour clock, for example 14:30

sessions-link = Video link

sessions-link_hint = For video sessions: the address starting with https://

sessions-place = Place

sessions-place_hint = For sessions in person: where you will meet

sessions-propose_button = Propose session

sessions-reschedule_button = Propose the new time

sessions-calendar-title = My calendar feed

sessions-calendar-intro = Subscribe to this secret address in Outlook or Google Calendar to see your sessions there. Anyone with the address can see your session times, so keep it to yourself.

sessions-calendar-shown_once = Your feed address is shown only now. Copy it into your calendar program:

sessions-calendar-made = You made a feed address on { $date }. If you lost it or shared it by mistake, make a new one: the old address stops working.

sessions-calendar-new = Make a feed address

sessions-calendar-regenerate = Make a new feed address

error-sessions-start_required = Enter the start time

error-sessions-start_invalid = Enter the start time as hours and minutes, for example 14:30

error-sessions-clocks_change = That time does not exist on this date because the clocks go forward: choose another time

error-sessions-in_past = The session must start in the future. To record a session already held, log it on the relationship page

error-sessions-link_required = Enter the video link, starting with https://

error-sessions-place_required = Enter where you will meet

error-sessions-text_too_long = Must be 4000 characters or fewer (links and places 500)

error-sessions-session_cap =
    { $cap ->
        [one] The programme allows { $cap } session and it is confirmed or held. Nothing was booked.
       *[other] The programme allows { $cap } sessions and they are all confirmed or held. Nothing was booked.
    }

error-sessions-minutes_cap = This session would take the relationship over the programme's { $cap } minutes. Nothing was booked; choose a shorter session.

error-sessions-overlap = One of you already has a session at that time. Nothing was booked; choose another time.

error-sessions-changed = The session was changed since you opened the page. Nothing was changed; look at it again.

error-sessions-not_live = Sessions can only be booked in an active or winding-down mentoring relationship or pair.

error-sessions-cannot_confirm = Only a proposal for a future time can be confirmed.

error-sessions-confirm_own = You proposed this time: your partner confirms it.

error-sessions-cannot_change = Only a proposed or confirmed session in the future can be moved or cancelled.

error-sessions-notice =
    { $hours ->
        [one] Your agreement asks for { $hours } hour's notice to cancel or move a session. It is too late to change it here: contact your partner directly.
       *[other] Your agreement asks for { $hours } hours' notice to cancel or move a session. It is too late to change it here: contact your partner directly.
    }

error-sessions-cannot_mark_held = Only a confirmed session that has started can be marked as held.
