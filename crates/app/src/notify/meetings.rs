//! Notices about meetings: sessions of mentoring relationships and pairs (proposed, confirmed,
//! moved, cancelled), action learning set meetings (the next one planned, apologies), and paired
//! learning's shadowing days and workshops.
//!
//! Each is caused by a use case ([`crate::sessions`], [`crate::sets`], [`crate::pairs`]) and
//! queued in the same transaction as the change, to the other people concerned (never to the
//! person who acted). The payload holds ids and the facts of the moment (the session's sequence,
//! the old time of a moved session); the renderer reads the rest at delivery, so what is sent is
//! true when it is sent.
//!
//! # Superseded notices are not sent
//!
//! A session's notices carry the SEQUENCE the change produced. At delivery a notice is sent only
//! while the session still is as that change left it: a proposal while the session is still a
//! proposal at that sequence, a confirmation while it is confirmed, a move while the moved time
//! stands; a cancellation always (it cannot be undone). So if a session is proposed and then moved
//! before the worker reaches the proposal, only the move is sent: the person is never told about
//! a time that no longer holds, and every `.ics` they receive carries the session's current
//! SEQUENCE, so calendars apply them in order. A notice about a session whose start has passed is
//! dropped too. Set meetings, shadowing days and workshops follow the same rule: a set meeting
//! moved since is told by the notice of its new time only.
//!
//! Times are shown in the recipient's time zone (their primary employer's country's, as on their
//! sessions page), formatted for their language; the `.ics` files carry UTC.

use super::layout::{self, Body};
use super::{Attachment, Notice, NoticeKind, Queued, Recipient, Rendered};
use crate::{AppError, AppResult, Context, calendar, set_roles};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use tandem_domain::sessions::{
    self as dom, Booking, BookingStatus, CalendarEvent, DayEvent, Method, Party,
};
use tandem_domain::{
    Language, Mode, PersonId, Relationship, RelationshipId, RelationshipStatus, SessionId,
};
use tandem_i18n::I18n;
use tandem_storage::StoreError;
use uuid::Uuid;

// ----- payloads ---------------------------------------------------------------------------------

/// What a session notice carries: the session, the SEQUENCE its change produced, who acted, and
/// for a move the time it was moved from.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SessionPayload {
    pub session: SessionId,
    pub sequence: u32,
    pub by: PersonId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub was: Option<DateTime<Utc>>,
}

/// A set meeting planned (or moved) to `starts`, local time at the members' place.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SetMeetingPayload {
    pub meeting: Uuid,
    pub by: PersonId,
    pub starts: NaiveDateTime,
}

/// A member's apologies for a set meeting.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ApologiesPayload {
    pub meeting: Uuid,
    pub by: PersonId,
    /// Their role in the agreed rota went to someone else (the notice names the roles now).
    #[serde(default)]
    pub reassigned: bool,
}

/// A shadowing day arranged by `by`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ShadowingPayload {
    pub relationship: RelationshipId,
    pub day: Uuid,
    pub by: PersonId,
}

/// A workshop, and the recipient's pair (whose page lists the programme's workshops).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WorkshopPayload {
    pub workshop: Uuid,
    pub relationship: RelationshipId,
}

// ----- causing ----------------------------------------------------------------------------------

/// The notices of a change to session `b` (as it is after the change) for everyone in `people`
/// but `by`. The key's cause is the session and its sequence: each change notifies once.
pub(crate) fn session_notices(
    ctx: &Context,
    kind: NoticeKind,
    b: &Booking,
    people: &[PersonId],
    by: PersonId,
    was: Option<DateTime<Utc>>,
) -> AppResult<Vec<Notice>> {
    let cause = format!("{}:{}", b.id, b.sequence);
    let payload = SessionPayload {
        session: b.id,
        sequence: b.sequence,
        by,
        was,
    };
    people
        .iter()
        .filter(|p| **p != by)
        .map(|p| Notice::to_person(ctx, kind, *p, &cause, &payload))
        .collect()
}

/// `notice` for each of `people` but `by`, with one cause.
pub(crate) fn to_others(
    ctx: &Context,
    kind: NoticeKind,
    people: &[PersonId],
    by: PersonId,
    cause: &str,
    payload: &impl Serialize,
) -> AppResult<Vec<Notice>> {
    people
        .iter()
        .filter(|p| **p != by)
        .map(|p| Notice::to_person(ctx, kind, *p, cause, payload))
        .collect()
}

// ----- words ------------------------------------------------------------------------------------

fn t(lang: Language, key: &str) -> String {
    I18n::shared().t(lang, key)
}

fn t_with(lang: Language, key: &str, params: &[(&str, &str)]) -> String {
    I18n::shared().t_with(lang, key, params)
}

pub use super::words::{date_text, local_when_text, when_text};

fn url(ctx: &Context, path: &str) -> String {
    format!("{}{path}", ctx.settings.base())
}

fn body(to: &Recipient, subject: String) -> Body {
    Body {
        subject,
        greeting: layout::greeting(to),
        preferences_url: to.preferences_url.clone(),
        unsubscribe_url: to.unsubscribe_url.clone(),
        ..Body::default()
    }
}

/// A person's display name, or "Someone" once they are gone (erased): the notice still matters.
async fn name_of(ctx: &Context, lang: Language, person: PersonId) -> AppResult<String> {
    match ctx.store.get_person(person).await {
        Ok(p) => Ok(p.person.display_name()),
        Err(StoreError::NotFound) => Ok(t(lang, "notices.meetings.someone")),
        Err(e) => Err(e.into()),
    }
}

async fn names_of(ctx: &Context, lang: Language, people: &[PersonId]) -> AppResult<String> {
    let mut names = Vec::new();
    for p in people {
        names.push(name_of(ctx, lang, *p).await?);
    }
    Ok(names.join(", "))
}

fn is_member(r: &Relationship, person: PersonId) -> bool {
    r.remaining().any(|m| m.person_id == person)
}

fn running(r: &Relationship) -> bool {
    matches!(
        r.status,
        RelationshipStatus::Active | RelationshipStatus::WindingDown
    )
}

fn payload<T: serde::de::DeserializeOwned>(notice: &Queued) -> AppResult<T> {
    serde_json::from_value(notice.payload.clone()).map_err(AppError::internal)
}

/// `Ok(None)` for a row that is gone, else the row.
fn found<T>(r: Result<T, StoreError>) -> AppResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

// ----- rendering --------------------------------------------------------------------------------

/// Renders one of this module's kinds, or `None` when it is no longer relevant.
pub async fn render(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Rendered>> {
    // Every meetings notice is for a member of something: a bare address has no place in it.
    let Some(person) = to.person_id else {
        return Ok(None);
    };
    use NoticeKind as K;
    match notice.kind {
        K::SessionProposed | K::SessionConfirmed | K::SessionRescheduled | K::SessionCancelled => {
            session(ctx, notice, to, person).await
        }
        K::SetMeetingNext => set_meeting_next(ctx, notice, to, person).await,
        K::SetApologies => set_apologies(ctx, notice, to, person).await,
        K::PairShadowingInvitation => shadowing(ctx, notice, to, person).await,
        K::PairWorkshopInvitation => workshop(ctx, notice, to, person).await,
        other => Err(AppError::internal(std::io::Error::other(format!(
            "{other} is not a meetings notice"
        )))),
    }
}

/// Whether a session notice caused at `sequence` still describes the session (see the module's
/// documentation).
pub fn session_still_relevant(
    kind: NoticeKind,
    b: &Booking,
    sequence: u32,
    now: DateTime<Utc>,
) -> bool {
    if b.sequence != sequence {
        return false;
    }
    let future = b.starts_at.is_some_and(|s| s > now);
    match kind {
        NoticeKind::SessionProposed => b.status == BookingStatus::Proposed && future,
        NoticeKind::SessionConfirmed => b.status == BookingStatus::Confirmed && future,
        NoticeKind::SessionRescheduled => {
            matches!(b.status, BookingStatus::Proposed | BookingStatus::Confirmed) && future
        }
        NoticeKind::SessionCancelled => b.status == BookingStatus::Cancelled,
        _ => false,
    }
}

/// The `.ics` file of a session as it is now, as an iTIP message for e-mail: METHOD:REQUEST
/// while it is on (proposed or confirmed), METHOD:CANCEL with STATUS:CANCELLED once cancelled;
/// the same UID and SEQUENCE as the calendar feed. The organiser is the member who proposed the
/// current time; the attendees are the members. `None` for a session without a time.
/// The scheduler's session reminder attaches it too.
pub async fn session_ics(ctx: &Context, b: &Booking) -> AppResult<Option<Attachment>> {
    let r = ctx.store.get_relationship(b.relationship_id).await?;
    let names = calendar::names_of(ctx, &r).await?;
    // Sent to the current members only (see `session`), so it may carry the number to call,
    // read now, at delivery: the outbox payload holds the session's id and nothing else of it.
    let call = calendar::call_of(ctx, b, &r).await?;
    let Some(event) = calendar::event_of(b, &names, call.as_ref()) else {
        return Ok(None);
    };
    let confirmed = matches!(b.status, BookingStatus::Confirmed | BookingStatus::Held);
    let mut attendees = Vec::new();
    let mut organiser = None;
    for m in r.remaining() {
        // An erased member is left out of the file.
        let Some(p) = found(ctx.store.get_person(m.person_id).await)? else {
            continue;
        };
        let party = Party {
            name: p.person.display_name(),
            address: p.person.email.clone(),
            accepted: confirmed || b.proposed_by == Some(m.person_id),
        };
        if b.proposed_by == Some(m.person_id) {
            organiser = Some(party.clone());
        }
        attendees.push(party);
    }
    let Some(organiser) = organiser.or_else(|| attendees.first().cloned()) else {
        return Ok(None);
    };
    let method = if b.status == BookingStatus::Cancelled {
        Method::Cancel
    } else {
        Method::Request
    };
    Ok(Some(Attachment {
        file_name: "session.ics".into(),
        content_type: format!("text/calendar; charset=utf-8; method={}", method.code()),
        body: dom::scheduling_message(method, &organiser, &attendees, &event),
    }))
}

async fn session(
    ctx: &Context,
    notice: &Queued,
    to: &Recipient,
    person: PersonId,
) -> AppResult<Option<Rendered>> {
    let p: SessionPayload = payload(notice)?;
    let Some(b) = found(ctx.store.get_booking(p.session).await)? else {
        return Ok(None);
    };
    if !session_still_relevant(notice.kind, &b, p.sequence, ctx.now()) {
        return Ok(None);
    }
    let r = ctx.store.get_relationship(b.relationship_id).await?;
    if !is_member(&r, person) {
        return Ok(None);
    }
    let (Some(starts_at), Some(ics)) = (b.starts_at, session_ics(ctx, &b).await?) else {
        return Ok(None);
    };
    let lang = to.language;
    let zone = calendar::zone_of(ctx, person).await?;
    let when = when_text(lang, zone, starts_at);
    let by = name_of(ctx, lang, p.by).await?;
    let stem = match notice.kind {
        NoticeKind::SessionProposed => "proposed",
        NoticeKind::SessionConfirmed => "confirmed",
        NoticeKind::SessionRescheduled => "rescheduled",
        _ => "cancelled",
    };
    let key = |part: &str| format!("notices.meetings.session.{stem}.{part}");
    let mut out = body(
        to,
        t_with(lang, &key("subject"), &[("name", &by), ("when", &when)]),
    );
    out.paragraphs
        .push(t_with(lang, &key("lead"), &[("name", &by)]));
    let fact = |k: &str| t(lang, &format!("notices.meetings.fact.{k}"));
    out.facts.push((fact("when"), when));
    if let (NoticeKind::SessionRescheduled, Some(was)) = (notice.kind, p.was) {
        out.facts.push((fact("was"), when_text(lang, zone, was)));
    }
    out.facts.push((
        fact("length"),
        t_with(
            lang,
            "notices.meetings.fact.minutes",
            &[("minutes", &b.minutes.to_string())],
        ),
    ));
    out.facts
        .push((fact("how"), t(lang, &format!("mode.{}", b.mode.code()))));
    match b.mode {
        Mode::Video if !b.link.is_empty() => out.facts.push((fact("link"), b.link.clone())),
        Mode::InPerson if !b.place.is_empty() => out.facts.push((fact("where"), b.place.clone())),
        _ => {}
    }
    let others: Vec<PersonId> = r
        .remaining()
        .map(|m| m.person_id)
        .filter(|p| *p != person)
        .collect();
    out.facts
        .push((fact("with"), names_of(ctx, lang, &others).await?));
    out.action = Some((
        t(lang, "notices.meetings.session.action"),
        url(ctx, &format!("/relationships/{}/bookings", r.id)),
    ));
    let mut rendered = layout::render(lang, &out);
    rendered.attachments.push(ics);
    Ok(Some(rendered))
}

/// The set meeting and its set while a notice about it still matters to `person`: the meeting
/// is not yet held and not past, the set is active, and `person` (and `also`, when given) still
/// in it.
async fn live_meeting(
    ctx: &Context,
    meeting: Uuid,
    person: PersonId,
    also: Option<PersonId>,
) -> AppResult<Option<(Relationship, set_roles::Roles)>> {
    let Some(rec) = found(ctx.store.get_set_meeting(meeting).await)? else {
        return Ok(None);
    };
    let m = &rec.meeting;
    if m.attendance_recorded || m.starts_on < ctx.now().date_naive() {
        return Ok(None);
    }
    let r = ctx.store.get_relationship(m.relationship_id).await?;
    if r.status != RelationshipStatus::Active
        || !is_member(&r, person)
        || also.is_some_and(|a| !is_member(&r, a))
    {
        return Ok(None);
    }
    let Some(roles) = set_roles::roles_of(ctx, &r, meeting).await? else {
        return Ok(None);
    };
    Ok(Some((r, roles)))
}

async fn set_meeting_next(
    ctx: &Context,
    notice: &Queued,
    to: &Recipient,
    person: PersonId,
) -> AppResult<Option<Rendered>> {
    let p: SetMeetingPayload = payload(notice)?;
    let Some((_, roles)) = live_meeting(ctx, p.meeting, person, None).await? else {
        return Ok(None);
    };
    // Moved since: the notice of the new time tells it.
    if roles.starts != p.starts {
        return Ok(None);
    }
    let lang = to.language;
    let when = local_when_text(lang, roles.starts);
    let by = name_of(ctx, lang, p.by).await?;
    let mut out = body(
        to,
        t_with(
            lang,
            "notices.meetings.set.next.subject",
            &[("when", &when)],
        ),
    );
    out.paragraphs.push(t_with(
        lang,
        "notices.meetings.set.next.lead",
        &[("name", &by)],
    ));
    if !roles.agreed {
        out.paragraphs
            .push(t(lang, "notices.meetings.set.next.rota_proposed"));
    }
    let fact = |k: &str| t(lang, &format!("notices.meetings.fact.{k}"));
    out.facts.push((fact("when"), when));
    out.facts.push((fact("link"), roles.link.clone()));
    let or_nobody = |s: String| {
        if s.is_empty() {
            t(lang, "notices.meetings.nobody")
        } else {
            s
        }
    };
    out.facts.push((
        fact("presenting"),
        or_nobody(names_of(ctx, lang, &roles.presenters).await?),
    ));
    out.facts.push((
        fact("facilitating"),
        or_nobody(
            names_of(
                ctx,
                lang,
                &roles.facilitator.into_iter().collect::<Vec<_>>(),
            )
            .await?,
        ),
    ));
    out.facts.push((
        fact("timekeeping"),
        or_nobody(names_of(ctx, lang, &roles.timekeeper.into_iter().collect::<Vec<_>>()).await?),
    ));
    out.action = Some((
        t(lang, "notices.meetings.set.action"),
        url(ctx, &format!("/set-meetings/{}", p.meeting)),
    ));
    let mut rendered = layout::render(lang, &out);
    // The meeting's local time is read in the recipient's zone, as their pages show it; a time
    // the clocks skip has no instant, and then no file (the text still says when).
    let zone = calendar::zone_of(ctx, person).await?;
    if let Some(starts_at) = dom::from_local(zone, roles.starts) {
        let event = CalendarEvent {
            uid: format!("set-meeting-{}@tandem", p.meeting),
            sequence: roles.sequence,
            stamp: notice.created_at,
            starts_at,
            ends_at: starts_at + Duration::minutes(SET_MEETING_MINUTES),
            summary: t(lang, "notices.meetings.set.summary"),
            description: String::new(),
            location: roles.link.clone(),
            cancelled: false,
            confirmed: true,
        };
        rendered.attachments.push(Attachment {
            file_name: "set-meeting.ics".into(),
            content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
            body: dom::calendar("Tandem", &[event]),
        });
    }
    Ok(Some(rendered))
}

/// How long a set meeting's calendar event lasts: sets meet for a half-day slot's usual three
/// hours (the meeting itself records no end).
pub const SET_MEETING_MINUTES: i64 = 180;

async fn set_apologies(
    ctx: &Context,
    notice: &Queued,
    to: &Recipient,
    person: PersonId,
) -> AppResult<Option<Rendered>> {
    let p: ApologiesPayload = payload(notice)?;
    let Some((_, roles)) = live_meeting(ctx, p.meeting, person, Some(p.by)).await? else {
        return Ok(None);
    };
    let lang = to.language;
    let when = local_when_text(lang, roles.starts);
    let by = name_of(ctx, lang, p.by).await?;
    let mut out = body(
        to,
        t_with(
            lang,
            "notices.meetings.set.apologies.subject",
            &[("name", &by), ("when", &when)],
        ),
    );
    out.paragraphs.push(t_with(
        lang,
        "notices.meetings.set.apologies.lead",
        &[("name", &by)],
    ));
    let fact = |k: &str| t(lang, &format!("notices.meetings.fact.{k}"));
    out.facts.push((fact("when"), when));
    if let Some(f) = roles.facilitator {
        out.facts
            .push((fact("facilitating"), name_of(ctx, lang, f).await?));
    }
    if p.reassigned {
        out.paragraphs.push(t_with(
            lang,
            "kinds.notice.roles_reassigned",
            &[("name", &by)],
        ));
        if let Some(k) = roles.timekeeper {
            out.facts
                .push((fact("timekeeping"), name_of(ctx, lang, k).await?));
        }
        out.facts.push((
            fact("presenting"),
            names_of(ctx, lang, &roles.presenters).await?,
        ));
    }
    out.action = Some((
        t(lang, "notices.meetings.set.action"),
        url(ctx, &format!("/set-meetings/{}", p.meeting)),
    ));
    Ok(Some(layout::render(lang, &out)))
}

fn day_attachment(event: &DayEvent, file_name: &str) -> Attachment {
    Attachment {
        file_name: file_name.into(),
        content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
        body: dom::day_calendar(event),
    }
}

async fn shadowing(
    ctx: &Context,
    notice: &Queued,
    to: &Recipient,
    person: PersonId,
) -> AppResult<Option<Rendered>> {
    let p: ShadowingPayload = payload(notice)?;
    let Some(r) = found(ctx.store.get_relationship(p.relationship).await)? else {
        return Ok(None);
    };
    if !running(&r) || !is_member(&r, person) {
        return Ok(None);
    }
    let days = ctx.store.shadowing_days(r.id).await?;
    let Some(d) = days.into_iter().find(|d| d.id == p.day) else {
        return Ok(None);
    };
    if d.done || d.day < ctx.now().date_naive() {
        return Ok(None);
    }
    let lang = to.language;
    let date = date_text(lang, d.day);
    let by = name_of(ctx, lang, p.by).await?;
    let host = name_of(ctx, lang, d.host_id).await?;
    let mut out = body(
        to,
        t_with(
            lang,
            "notices.meetings.shadowing.subject",
            &[("date", &date)],
        ),
    );
    let lead = if d.host_id == person {
        "notices.meetings.shadowing.lead.host"
    } else {
        "notices.meetings.shadowing.lead.visitor"
    };
    out.paragraphs
        .push(t_with(lang, lead, &[("name", &by), ("host", &host)]));
    let fact = |k: &str| t(lang, &format!("notices.meetings.fact.{k}"));
    out.facts.push((fact("day"), date));
    out.facts.push((fact("host"), host));
    if !d.place.is_empty() {
        out.facts.push((fact("where"), d.place.clone()));
    }
    out.action = Some((
        t(lang, "notices.meetings.pair.action"),
        url(ctx, &format!("/relationships/{}/paired-learning", r.id)),
    ));
    let members: Vec<PersonId> = r.remaining().map(|m| m.person_id).collect();
    let event = DayEvent {
        uid: format!("shadowing-{}@tandem", d.id),
        sequence: 0,
        stamp: notice.created_at,
        day: d.day,
        summary: t_with(
            lang,
            "notices.meetings.shadowing.summary",
            &[("names", &names_of(ctx, lang, &members).await?)],
        ),
        description: String::new(),
        location: d.place.clone(),
    };
    let mut rendered = layout::render(lang, &out);
    rendered
        .attachments
        .push(day_attachment(&event, "shadowing.ics"));
    Ok(Some(rendered))
}

async fn workshop(
    ctx: &Context,
    notice: &Queued,
    to: &Recipient,
    person: PersonId,
) -> AppResult<Option<Rendered>> {
    let p: WorkshopPayload = payload(notice)?;
    let Some(w) = found(ctx.store.get_workshop(p.workshop).await)? else {
        return Ok(None);
    };
    let Some(r) = found(ctx.store.get_relationship(p.relationship).await)? else {
        return Ok(None);
    };
    if w.day < ctx.now().date_naive() || !invited(&r) || !is_member(&r, person) {
        return Ok(None);
    }
    let programme = ctx.store.get_programme(w.programme_id).await?;
    let lang = to.language;
    let date = date_text(lang, w.day);
    let mut out = body(
        to,
        t_with(
            lang,
            "notices.meetings.workshop.subject",
            &[("title", &w.title), ("date", &date)],
        ),
    );
    out.paragraphs.push(t_with(
        lang,
        "notices.meetings.workshop.lead",
        &[("programme", &programme.name)],
    ));
    let fact = |k: &str| t(lang, &format!("notices.meetings.fact.{k}"));
    out.facts.push((fact("workshop"), w.title.clone()));
    out.facts.push((fact("day"), date));
    if !w.place.is_empty() {
        out.facts.push((fact("where"), w.place.clone()));
    }
    out.facts.push((fact("programme"), programme.name.clone()));
    out.action = Some((
        t(lang, "notices.meetings.pair.action"),
        url(ctx, &format!("/relationships/{}/paired-learning", r.id)),
    ));
    let event = DayEvent {
        uid: format!("workshop-{}@tandem", w.id),
        sequence: 0,
        stamp: notice.created_at,
        day: w.day,
        summary: t_with(
            lang,
            "notices.meetings.workshop.summary",
            &[("title", &w.title)],
        ),
        description: programme.name.clone(),
        location: w.place.clone(),
    };
    let mut rendered = layout::render(lang, &out);
    rendered
        .attachments
        .push(day_attachment(&event, "workshop.ics"));
    Ok(Some(rendered))
}

/// Whether a pair's members are invited to its programme's workshops: once they accepted the
/// match and while the pair runs.
pub(crate) fn invited(r: &Relationship) -> bool {
    matches!(
        r.status,
        RelationshipStatus::Accepted | RelationshipStatus::Active | RelationshipStatus::WindingDown
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn booking(status: BookingStatus, sequence: u32, starts_in_hours: i64) -> Booking {
        let now = Utc::now();
        Booking {
            id: SessionId::new(),
            relationship_id: RelationshipId::new(),
            status,
            starts_at: Some(now + Duration::hours(starts_in_hours)),
            held_on: now.date_naive(),
            minutes: 60,
            mode: Mode::Video,
            link: String::new(),
            place: String::new(),
            proposed_by: None,
            sequence,
            topics: String::new(),
            action_points: String::new(),
            logged_by: None,
            updated_at: now,
        }
    }

    #[test]
    fn superseded_and_past_session_notices_are_not_sent() {
        use BookingStatus as S;
        use NoticeKind as K;
        let now = Utc::now();
        // Still as the change left it.
        assert!(session_still_relevant(
            K::SessionProposed,
            &booking(S::Proposed, 0, 24),
            0,
            now
        ));
        assert!(session_still_relevant(
            K::SessionConfirmed,
            &booking(S::Confirmed, 0, 24),
            0,
            now
        ));
        assert!(session_still_relevant(
            K::SessionRescheduled,
            &booking(S::Confirmed, 1, 24),
            1,
            now
        ));
        assert!(session_still_relevant(
            K::SessionCancelled,
            &booking(S::Cancelled, 2, -24),
            2,
            now
        ));
        // Moved or cancelled since (a higher sequence): superseded.
        assert!(!session_still_relevant(
            K::SessionProposed,
            &booking(S::Proposed, 1, 24),
            0,
            now
        ));
        assert!(!session_still_relevant(
            K::SessionConfirmed,
            &booking(S::Cancelled, 1, 24),
            0,
            now
        ));
        // Answered since, or already started.
        assert!(!session_still_relevant(
            K::SessionProposed,
            &booking(S::Confirmed, 0, 24),
            0,
            now
        ));
        assert!(!session_still_relevant(
            K::SessionConfirmed,
            &booking(S::Confirmed, 0, -1),
            0,
            now
        ));
        assert!(!session_still_relevant(
            K::SessionReminder,
            &booking(S::Confirmed, 0, 24),
            0,
            now
        ));
    }

    #[test]
    fn dates_are_written_in_the_language() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 4).unwrap();
        let at = d.and_hms_opt(9, 30, 0).unwrap();
        assert_eq!(date_text(Language::EnGb, d), "Tuesday, 4 March 2025");
        assert_eq!(
            local_when_text(Language::NlNl, at),
            "dinsdag 4 maart 2025 om 09:30"
        );
        // 08:30 UTC in summer is 10:30 in Amsterdam.
        let t = DateTime::parse_from_rfc3339("2026-07-01T08:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            when_text(Language::EnGb, "Europe/Amsterdam", t),
            "Wednesday, 1 July 2026 at 10:30"
        );
    }
}
