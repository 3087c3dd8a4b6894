//! Use cases of relationships in motion: sessions of mentoring relationships and pairs.
//!
//! A member proposes a time (seeing the other's stated availability), the other confirms; either
//! may move it (back to proposed, calendar SEQUENCE raised) or cancel it with the agreed notice.
//! The programme's caps are enforced when a session is proposed and again when it is confirmed,
//! inside the store's transaction, so the cap can never be passed by booking. Times are stored in
//! UTC and entered and shown in the person's organisation's time zone.
//!
//! Private notes are readable by their author only: every read goes through
//! [`own_note`]/[`overview`], which ask the store for the signed-in person's note and nobody
//! else's.

use super::{accounts, audited};
use crate::notify::{self, NoticeKind, meetings};
use crate::{AppError, AppResult, Context, Refusal, access, authorise, authorise_or_hide};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use tandem_domain::policy::{Action as Policy, LinkAction, can_by_link};
use tandem_domain::sessions::{self as dom, Booking, BookingChange, BookingStatus};
use tandem_domain::{
    Actor, Membership, Mode, PersonId, Programme, Relationship, RelationshipId, RelationshipKind,
    RelationshipStatus, SessionId, Slot, ValidationErrors,
};
use tandem_storage::{Clash, SessionCaps, StoreError};

/// Longest session that can be booked, in minutes (a typo guard, as for logging).
pub const MAX_MINUTES: u32 = super::matching::MAX_SESSION_MINUTES;

pub use crate::calendar::zone_of;
use crate::calendar::{event_of, names_of};

/// What a member enters to propose or move a session: a local date and start time in their
/// organisation's zone.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct BookingInput {
    pub date: Option<NaiveDate>,
    /// "HH:MM", local time.
    pub start: Option<String>,
    pub minutes: Option<u32>,
    pub mode: Option<Mode>,
    #[serde(default)]
    pub link: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
}

/// One session as a member sees it.
#[derive(Clone, Debug, Serialize)]
pub struct SessionView {
    #[serde(flatten)]
    pub session: Booking,
    /// Start and end in the viewer's zone ("YYYY-MM-DD HH:MM"), when booked with a time.
    pub local_start: Option<String>,
    pub local_end: Option<String>,
    /// Whether the viewer may confirm it (a proposal by the other member).
    pub can_confirm: bool,
    /// Whether it is confirmed and has started, so it can be marked held.
    pub can_mark_held: bool,
    /// Whether it can still be moved or cancelled (live, in the future).
    pub can_change: bool,
    /// The viewer's own private note.
    pub my_note: Option<String>,
    /// For a telephone session still to come, whose number is called and the number: shown to
    /// the current members only.
    pub call: Option<crate::calendar::Call>,
    /// The other member whose number could be called instead (id and name), so either member
    /// may change the choice.
    pub call_switch: Option<(PersonId, String)>,
    /// The number called is the viewer's own.
    pub call_mine: bool,
}

/// Another member's stated availability.
#[derive(Clone, Debug, Serialize)]
pub struct Availability {
    pub name: String,
    pub slots: Vec<Slot>,
}

/// A relationship's sessions for one of its members.
#[derive(Clone, Debug, Serialize)]
pub struct SessionsView {
    pub relationship: Relationship,
    pub programme_name: String,
    pub zone: &'static str,
    pub sessions: Vec<SessionView>,
    /// Confirmed and held sessions (those the caps count), and their minutes.
    pub used: u32,
    pub minutes_used: u32,
    pub session_cap: Option<u32>,
    pub minutes_cap: Option<u32>,
    pub modes: Vec<Mode>,
    pub notice_hours: u32,
    pub partners: Vec<Availability>,
    /// Whether sessions can be booked (a live mentoring relationship or pair).
    pub can_book: bool,
    /// Longest one session may be, in minutes (the programme's session length), if set.
    pub session_minutes: Option<u32>,
    /// Why no session can be proposed now (the relationship is not live, or a cap is used up),
    /// decided by [`can_propose`], the rule the proposal itself applies; `None` when one can.
    #[serde(skip)]
    pub cannot_propose: Option<Refusal>,
}

/// Whether one more session can be proposed in `r`, given the sessions and minutes the caps
/// count already (confirmed and held): the one rule both the proposal and the page that offers
/// it apply, so the page never offers what would be refused. Proposals themselves do not count
/// (the cap is checked again, atomically, when one is confirmed), but once every capped
/// session or minute is used there is nothing left to propose.
pub fn can_propose(
    r: &Relationship,
    used: u32,
    minutes_used: u32,
    caps: SessionCaps,
) -> Result<(), Refusal> {
    if !live(r) {
        return Err(Refusal::NotLive);
    }
    if let Some(cap) = caps.sessions
        && used >= cap
    {
        return Err(Refusal::BookedSessionsCap { cap });
    }
    if let Some(cap) = caps.minutes
        && minutes_used >= cap
    {
        return Err(Refusal::BookedMinutesCap { cap });
    }
    Ok(())
}

/// Whether a member may add a session to `r` now (propose one, or log one already held): the
/// caps counted from its confirmed and held sessions by [`can_propose`]'s rule, which is also
/// what the store checks when a held session is logged. The relationship page asks this before
/// it offers the "Log a session" form, so a pair at its cap is told so instead of being refused.
pub(crate) async fn can_add_session(
    ctx: &Context,
    r: &Relationship,
    programme: &Programme,
) -> AppResult<Result<(), Refusal>> {
    let (used, minutes_used) = usage(&ctx.store.bookings_of(r.id).await?);
    Ok(can_propose(r, used, minutes_used, caps_of(programme)))
}

/// The sessions and minutes the caps count: confirmed and held sessions.
fn usage(bookings: &[Booking]) -> (u32, u32) {
    bookings
        .iter()
        .filter(|b| b.status.counts_against_cap())
        .fold((0, 0), |(n, m), b| (n + 1, m + b.minutes))
}

fn caps_of(p: &Programme) -> SessionCaps {
    SessionCaps {
        sessions: p.rules.session_cap,
        minutes: p.rules.minutes_cap(),
    }
}

fn live(r: &Relationship) -> bool {
    matches!(
        r.status,
        RelationshipStatus::Active | RelationshipStatus::WindingDown
    ) && r.kind != RelationshipKind::Set
}

fn local_text(zone: &str, t: DateTime<Utc>) -> String {
    dom::to_local(zone, t).format("%Y-%m-%d %H:%M").to_string()
}

/// The sessions of a relationship, for one of its members (anyone else: NotFound).
pub async fn overview(ctx: &Context, actor: &Actor, id: RelationshipId) -> AppResult<SessionsView> {
    let access::Found {
        relationship: r,
        programme,
        ..
    } = access::member(ctx, actor, id).await?;
    let zone = zone_of(ctx, actor.person_id).await?;
    let now = ctx.now();
    let notice_hours = notice_of(ctx, r.id).await?;
    let mut sessions = Vec::new();
    let (mut used, mut minutes_used) = (0, 0);
    for b in ctx.store.bookings_of(r.id).await? {
        if b.status.counts_against_cap() {
            used += 1;
            minutes_used += b.minutes;
        }
        let future = b.starts_at.is_some_and(|s| s > now);
        let ongoing =
            future && matches!(b.status, BookingStatus::Proposed | BookingStatus::Confirmed);
        let call = if ongoing && access::membership(&r, actor.person_id) == Membership::Current {
            crate::calendar::call_of(ctx, &b, &r).await?
        } else {
            None
        };
        let mut call_switch = None;
        if let Some(c) = &call
            && let Some(m) = r.remaining().find(|m| m.person_id != c.member)
        {
            let name = ctx
                .store
                .get_person(m.person_id)
                .await?
                .person
                .display_name();
            call_switch = Some((m.person_id, name));
        }
        sessions.push(SessionView {
            call_mine: call.as_ref().is_some_and(|c| c.member == actor.person_id),
            call_switch,
            call,
            local_start: b.starts_at.map(|t| local_text(zone, t)),
            local_end: b.ends_at().map(|t| local_text(zone, t)),
            can_confirm: live(&r)
                && b.status == BookingStatus::Proposed
                && future
                && b.proposed_by != Some(actor.person_id),
            can_mark_held: live(&r)
                && b.status == BookingStatus::Confirmed
                && b.starts_at.is_some_and(|s| s <= now),
            can_change: live(&r)
                && matches!(b.status, BookingStatus::Proposed | BookingStatus::Confirmed)
                && future,
            my_note: ctx.store.own_session_note(b.id, actor.person_id).await?,
            session: b,
        });
    }
    let mut partners = Vec::new();
    for m in r.remaining() {
        if m.person_id == actor.person_id {
            continue;
        }
        let person = ctx.store.get_person(m.person_id).await?;
        let application = ctx.store.get_application(m.application_id).await?;
        partners.push(Availability {
            name: person.person.display_name(),
            slots: application.profile.availability,
        });
    }
    let cannot_propose = can_propose(&r, used, minutes_used, caps_of(&programme)).err();
    Ok(SessionsView {
        cannot_propose,
        can_book: live(&r),
        programme_name: programme.name.clone(),
        zone,
        sessions,
        used,
        minutes_used,
        session_cap: programme.rules.session_cap,
        minutes_cap: programme.rules.minutes_cap(),
        modes: programme.rules.modes.clone(),
        notice_hours,
        partners,
        relationship: r,
        session_minutes: programme.rules.session_minutes,
    })
}

async fn notice_of(ctx: &Context, id: RelationshipId) -> AppResult<u32> {
    Ok(ctx
        .store
        .get_agreement(id)
        .await?
        .map(|a| a.terms.cancellation_notice_hours)
        .unwrap_or(0))
}

/// A checked booking: start (UTC), minutes, mode, link, place.
struct Checked {
    starts_at: DateTime<Utc>,
    minutes: u32,
    mode: Mode,
    link: String,
    place: String,
}

fn check_input(
    input: BookingInput,
    zone: &str,
    programme: &Programme,
    now: DateTime<Utc>,
) -> AppResult<Checked> {
    let mut e = ValidationErrors::new();
    let start = match input.start.as_deref().map(str::trim) {
        None | Some("") => {
            e.add("start", "error.sessions.start_required");
            None
        }
        Some(s) => match tandem_domain::text::parse_time(s) {
            Ok(t) => Some(t),
            Err(_) => {
                e.add("start", "error.sessions.start_invalid");
                None
            }
        },
    };
    if input.date.is_none() {
        e.add("date", "error.date_required");
    }
    let mut starts_at = None;
    if let (Some(d), Some(t)) = (input.date, start) {
        match dom::from_local(zone, NaiveDateTime::new(d, t)) {
            None => e.add("start", "error.sessions.clocks_change"),
            Some(at) if at <= now => e.add("date", "error.sessions.in_past"),
            Some(at) => starts_at = Some(at),
        }
    }
    match input.minutes {
        None => e.add("minutes", "error.matching.minutes_required"),
        Some(m) if m == 0 || m > MAX_MINUTES => e.add("minutes", "error.matching.minutes_range"),
        Some(m) => crate::kinds::check_session_length(&mut e, m, programme),
    }
    let mut text_errors = ValidationErrors::new();
    let link = tandem_domain::text::check(
        &mut text_errors,
        "link",
        input.link.as_deref().unwrap_or_default(),
        tandem_domain::text::Shape::Line,
        dom::MAX_WHERE,
    );
    let place = tandem_domain::text::check(
        &mut text_errors,
        "place",
        input.place.as_deref().unwrap_or_default(),
        tandem_domain::text::Shape::Line,
        dom::MAX_WHERE,
    );
    let text_ok = text_errors.is_empty();
    e.errors.extend(text_errors.errors);
    let link = link.unwrap_or_default();
    let place = place.unwrap_or_default();
    match input.mode {
        None => e.add("mode", "error.choose_a_mode"),
        Some(m) if !programme.rules.modes.contains(&m) => e.add("mode", "error.mode_not_offered"),
        Some(Mode::Video)
            if text_ok && !(link.starts_with("https://") || link.starts_with("http://"))
                || link.chars().any(char::is_whitespace) =>
        {
            e.add("link", "error.sessions.link_required")
        }
        Some(Mode::InPerson) if text_ok && place.is_empty() => {
            e.add("place", "error.sessions.place_required")
        }
        _ => {}
    }
    e.into_result()?;
    let mode = input.mode.unwrap_or(Mode::Video);
    Ok(Checked {
        starts_at: starts_at.unwrap_or(now),
        minutes: input.minutes.unwrap_or(0),
        link: if mode == Mode::Video {
            link
        } else {
            String::new()
        },
        place: if mode == Mode::InPerson {
            place
        } else {
            String::new()
        },
        mode,
    })
}

/// Explains the store's refusals of a booking.
fn refusal(e: StoreError, caps: SessionCaps) -> AppError {
    let why = match e {
        StoreError::Refused(Clash::SessionsCap) => Refusal::BookedSessionsCap {
            cap: caps.sessions.unwrap_or(0),
        },
        StoreError::Refused(Clash::MinutesCap) => Refusal::BookedMinutesCap {
            cap: caps.minutes.unwrap_or(0),
        },
        StoreError::Refused(Clash::Overlap) => Refusal::SessionOverlap,
        StoreError::Refused(Clash::Stale) => Refusal::SessionChanged,
        StoreError::Refused(Clash::StatusChanged) => Refusal::NotLive,
        other => return other.into(),
    };
    AppError::Refused(why)
}

fn people_of(r: &Relationship) -> Vec<PersonId> {
    r.remaining().map(|m| m.person_id).collect()
}

/// Proposes a session (a member of a live mentoring relationship or pair).
pub async fn propose(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    input: BookingInput,
) -> AppResult<Booking> {
    let access::Found {
        relationship: r,
        programme,
        ..
    } = access::member(ctx, actor, id).await?;
    let (used, minutes_used) = usage(&ctx.store.bookings_of(r.id).await?);
    can_propose(&r, used, minutes_used, caps_of(&programme)).map_err(AppError::Refused)?;
    let zone = zone_of(ctx, actor.person_id).await?;
    let now = ctx.now();
    let c = check_input(input, zone, &programme, now)?;
    let b = Booking {
        id: SessionId::new(),
        relationship_id: r.id,
        status: BookingStatus::Proposed,
        starts_at: Some(c.starts_at),
        held_on: c.starts_at.date_naive(),
        minutes: c.minutes,
        mode: c.mode,
        link: c.link,
        place: c.place,
        proposed_by: Some(actor.person_id),
        sequence: 0,
        topics: String::new(),
        action_points: String::new(),
        logged_by: None,
        updated_at: now,
    };
    let caps = caps_of(&programme);
    let people = people_of(&r);
    // The other members are told in the booking's own transaction.
    let notices = meetings::session_notices(
        ctx,
        NoticeKind::SessionProposed,
        &b,
        &people,
        actor.person_id,
        None,
    )?;
    let staged = notify::stage(ctx, notices);
    let staged = staged.audited(
        ctx,
        Some(actor),
        "session.proposed",
        b.id.to_string(),
        format!("relationship={}", r.id),
    );
    staged
        .store
        .propose_session(&b, &people, caps)
        .await
        .map_err(|e| refusal(e, caps))?;
    staged.done()?;
    Ok(b)
}

/// The session and its relationship, for a member of it (anyone else: NotFound).
async fn session_as_member(
    ctx: &Context,
    actor: &Actor,
    id: SessionId,
) -> AppResult<(Booking, access::Found)> {
    let b = ctx.store.get_booking(id).await?;
    let found = access::member(ctx, actor, b.relationship_id).await?;
    Ok((b, found))
}

/// What a member does to a session.
#[derive(Clone, Debug)]
pub enum Action {
    Confirm,
    Reschedule(BookingInput),
    Cancel,
    Held {
        topics: String,
        action_points: String,
    },
}

/// Applies a member's action to a session they saw at `sequence`.
pub async fn act(
    ctx: &Context,
    actor: &Actor,
    id: SessionId,
    sequence: Option<u32>,
    action: Action,
) -> AppResult<Booking> {
    let (
        b,
        access::Found {
            relationship: r,
            programme,
            ..
        },
    ) = session_as_member(ctx, actor, id).await?;
    if !live(&r) {
        return Err(AppError::Refused(Refusal::NotLive));
    }
    let caps = caps_of(&programme);
    let now = ctx.now();
    let future = b.starts_at.is_some_and(|s| s > now);
    let notice = notice_of(ctx, r.id).await?;
    let within_notice = b.status == BookingStatus::Confirmed
        && b.starts_at
            .is_some_and(|s| now > s - Duration::hours(i64::from(notice)));
    let change = match action {
        Action::Confirm => {
            if b.status != BookingStatus::Proposed || !future {
                return Err(AppError::Refused(Refusal::CannotConfirm));
            }
            if b.proposed_by == Some(actor.person_id) {
                return Err(AppError::Refused(Refusal::ConfirmOwn));
            }
            BookingChange::Confirm
        }
        Action::Reschedule(input) => {
            if !matches!(b.status, BookingStatus::Proposed | BookingStatus::Confirmed) || !future {
                return Err(AppError::Refused(Refusal::CannotChange));
            }
            let zone = zone_of(ctx, actor.person_id).await?;
            let c = check_input(input, zone, &programme, now)?;
            if within_notice {
                return Err(AppError::Refused(Refusal::WithinNotice { hours: notice }));
            }
            BookingChange::Reschedule {
                starts_at: c.starts_at,
                minutes: c.minutes,
                mode: c.mode,
                link: c.link,
                place: c.place,
            }
        }
        Action::Cancel => {
            if !matches!(b.status, BookingStatus::Proposed | BookingStatus::Confirmed) || !future {
                return Err(AppError::Refused(Refusal::CannotChange));
            }
            if within_notice {
                return Err(AppError::Refused(Refusal::WithinNotice { hours: notice }));
            }
            BookingChange::Cancel
        }
        Action::Held {
            topics,
            action_points,
        } => {
            if b.status != BookingStatus::Confirmed || future {
                return Err(AppError::Refused(Refusal::CannotMarkHeld));
            }
            let mut e = ValidationErrors::new();
            let block = tandem_domain::text::Shape::Block;
            let topics =
                tandem_domain::text::check(&mut e, "topics", &topics, block, dom::MAX_SESSION_TEXT);
            let action_points = tandem_domain::text::check(
                &mut e,
                "action_points",
                &action_points,
                block,
                dom::MAX_SESSION_TEXT,
            );
            e.into_result()?;
            BookingChange::Held {
                topics: topics.unwrap_or_default(),
                action_points: action_points.unwrap_or_default(),
            }
        }
    };
    let what = match change {
        BookingChange::Confirm => "session.confirmed",
        BookingChange::Reschedule { .. } => "session.rescheduled",
        BookingChange::Cancel => "session.cancelled",
        BookingChange::Held { .. } => "session.held",
    };
    // The other members are told in the change's own transaction, about the session as the
    // change leaves it (a move or a cancellation raises its SEQUENCE; the store refuses the
    // change if anyone changed the session meanwhile, so the sequence below is the one it gets).
    let people = people_of(&r);
    let notices = {
        let mut after = b.clone();
        let kind = match &change {
            BookingChange::Confirm => {
                after.status = BookingStatus::Confirmed;
                Some(NoticeKind::SessionConfirmed)
            }
            BookingChange::Reschedule { .. } => {
                after.sequence += 1;
                Some(NoticeKind::SessionRescheduled)
            }
            BookingChange::Cancel => {
                after.sequence += 1;
                Some(NoticeKind::SessionCancelled)
            }
            BookingChange::Held { .. } => None,
        };
        let was = matches!(change, BookingChange::Reschedule { .. })
            .then_some(b.starts_at)
            .flatten();
        match kind {
            Some(kind) => {
                meetings::session_notices(ctx, kind, &after, &people, actor.person_id, was)?
            }
            None => Vec::new(),
        }
    };
    let staged = notify::stage(ctx, notices);
    let staged = staged.audited(ctx, Some(actor), what, id.to_string(), String::new());
    let next = staged
        .store
        .change_booking(
            id,
            (b.status, sequence.unwrap_or(b.sequence)),
            &change,
            actor.person_id,
            &people,
            caps,
            now,
        )
        .await
        .map_err(|e| refusal(e, caps))?;
    staged.done()?;
    Ok(next)
}

/// Saves the actor's private note on a session of theirs (an empty note deletes it).
pub async fn save_note(ctx: &Context, actor: &Actor, id: SessionId, body: &str) -> AppResult<()> {
    session_as_member(ctx, actor, id).await?;
    // The store keeps notes by author: the one written is the actor's own.
    authorise(
        actor,
        Policy::ChangePrivate {
            author: actor.person_id,
        },
    )?;
    let mut e = ValidationErrors::new();
    let body = tandem_domain::text::check(
        &mut e,
        "note",
        body,
        tandem_domain::text::Shape::Block,
        dom::MAX_SESSION_TEXT,
    );
    e.into_result()?;
    let body = body.unwrap_or_default();
    let body = body.as_str();
    let change = audited(
        ctx,
        Some(actor),
        "session.note_saved",
        id.to_string(),
        String::new(),
    );
    change
        .store
        .save_session_note(id, actor.person_id, body, ctx.now())
        .await?;
    // The audit names the session only: the note is its author's alone.
    change.done()
}

/// The actor's own note on a session of theirs.
pub async fn own_note(ctx: &Context, actor: &Actor, id: SessionId) -> AppResult<Option<String>> {
    session_as_member(ctx, actor, id).await?;
    // The store reads notes by author: the one read is the actor's own, never shared.
    authorise_or_hide(
        actor,
        Policy::ReadPrivate {
            author: actor.person_id,
            shared_with: None,
        },
    )?;
    Ok(ctx.store.own_session_note(id, actor.person_id).await?)
}

/// One session for a member (anyone else: NotFound).
pub async fn get(ctx: &Context, actor: &Actor, id: SessionId) -> AppResult<Booking> {
    Ok(session_as_member(ctx, actor, id).await?.0)
}

// ----- calendars ------------------------------------------------------------------------------

/// The `.ics` file of one session, for a member (anyone else, or a session without a time:
/// NotFound).
pub async fn ics(ctx: &Context, actor: &Actor, id: SessionId) -> AppResult<String> {
    let (b, found) = session_as_member(ctx, actor, id).await?;
    let names = names_of(ctx, &found.relationship).await?;
    // The number to call is for current members only (a former member keeps the file, not it).
    let call = if access::membership(&found.relationship, actor.person_id) == Membership::Current {
        crate::calendar::call_of(ctx, &b, &found.relationship).await?
    } else {
        None
    };
    let event = event_of(&b, &names, call.as_ref()).ok_or(AppError::NotFound)?;
    Ok(dom::calendar("Tandem", &[event]))
}

/// Makes (or replaces) the actor's secret calendar feed token; only its SHA-256 is kept, so it
/// is shown once. The previous token stops working.
pub async fn new_feed_token(ctx: &Context, actor: &Actor) -> AppResult<String> {
    authorise(actor, Policy::KeepOwnRecords)?;
    let token = accounts::random_token();
    let change = audited(
        ctx,
        Some(actor),
        "session.feed_regenerated",
        actor.person_id.to_string(),
        String::new(),
    );
    change
        .store
        .set_calendar_feed(actor.person_id, &accounts::token_hash(&token), ctx.now())
        .await?;
    change.done()?;
    Ok(token)
}

/// When the actor's feed was made, if they have one.
pub async fn feed_made(ctx: &Context, actor: &Actor) -> AppResult<Option<DateTime<Utc>>> {
    authorise(actor, Policy::KeepOwnRecords)?;
    Ok(ctx.store.calendar_feed_of(actor.person_id).await?)
}

/// The calendar feed behind a token: the owner's booked sessions of live relationships. An
/// unknown, forged or replaced token is NotFound, revealing nothing.
pub async fn feed(ctx: &Context, token: &str) -> AppResult<String> {
    if token.is_empty() || token.len() > 100 {
        return Err(AppError::NotFound);
    }
    let owner = ctx
        .store
        .calendar_feed_owner(&accounts::token_hash(token))
        .await?;
    // No account is involved: the owner's current token is the authority.
    if !can_by_link(LinkAction::ReadCalendarFeed {
        token_valid: owner.is_some(),
    }) {
        return Err(AppError::NotFound);
    }
    let (person, _) = owner.ok_or(AppError::NotFound)?;
    let mut events = Vec::new();
    let mut names_cache: std::collections::HashMap<RelationshipId, (String, Relationship)> =
        Default::default();
    for b in ctx.store.bookings_of_person(person).await? {
        let (names, r) = match names_cache.get(&b.relationship_id) {
            Some(n) => n.clone(),
            None => {
                let r = ctx.store.get_relationship(b.relationship_id).await?;
                let n = names_of(ctx, &r).await?;
                names_cache.insert(r.id, (n.clone(), r.clone()));
                (n, r)
            }
        };
        // The owner's own sessions only; the number to call while they are a current member.
        let call = if access::membership(&r, person) == Membership::Current {
            crate::calendar::call_of(ctx, &b, &r).await?
        } else {
            None
        };
        if let Some(e) = event_of(&b, &names, call.as_ref()) {
            events.push(e);
        }
    }
    Ok(dom::calendar("Tandem", &events))
}
