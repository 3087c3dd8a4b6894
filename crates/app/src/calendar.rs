//! What pages, feeds and notices need to place a session in time and name it: a person's time
//! zone, the names of a relationship's members, a session's calendar event. A leaf under the
//! use cases, because the session use cases and the notices rendered about them both read it.

use crate::{AppResult, Context};
use serde::Serialize;
use tandem_domain::profile::format_phone;
use tandem_domain::sessions::{Booking, BookingStatus, CalendarEvent};
use tandem_domain::{Mode, PersonId, Relationship, RelationshipKind, RelationshipStatus};

/// The time zone a person's times are shown and entered in: their primary employer's country's.
pub async fn zone_of(ctx: &Context, person: PersonId) -> AppResult<&'static str> {
    let rec = ctx.store.get_person(person).await?;
    let job = rec
        .employments
        .iter()
        .find(|e| e.primary)
        .or(rec.employments.first());
    Ok(match job {
        Some(j) => ctx
            .store
            .get_organisation(j.organisation_id)
            .await?
            .country
            .time_zone(),
        None => "Europe/London",
    })
}

/// A relationship in which sessions run and whose members may reach each other by telephone.
pub(crate) fn live(r: &Relationship) -> bool {
    matches!(
        r.status,
        RelationshipStatus::Active | RelationshipStatus::WindingDown
    ) && r.kind != RelationshipKind::Set
}

/// Whose number is called for a telephone session, and the number (formatted), when they gave
/// one. Only ever shown to the session's current members: pages, their `.ics` files and their
/// own feeds; never lists, coordinators, the outbox or logs.
#[derive(Clone, Debug, Serialize)]
pub struct Call {
    pub member: PersonId,
    pub name: String,
    /// `None` when the member has no phone number in their profile.
    pub number: Option<String>,
}

/// The call of a telephone session of a live relationship: the member the pair chose, or until
/// they choose, the member who did not propose the current time. `None` for other modes or a
/// relationship no longer live.
pub(crate) async fn call_of(
    ctx: &Context,
    b: &Booking,
    r: &Relationship,
) -> AppResult<Option<Call>> {
    if b.mode != Mode::Telephone || !live(r) {
        return Ok(None);
    }
    let members: Vec<PersonId> = r.remaining().map(|m| m.person_id).collect();
    let chosen = ctx
        .store
        .session_call_member(b.id)
        .await?
        .filter(|p| members.contains(p));
    let Some(member) = chosen
        .or_else(|| members.iter().copied().find(|p| Some(*p) != b.proposed_by))
        .or_else(|| members.first().copied())
    else {
        return Ok(None);
    };
    let name = ctx.store.get_person(member).await?.person.display_name();
    let number = ctx
        .store
        .profile_of(member)
        .await?
        .and_then(|p| p.profile.contact.preferred_number().map(format_phone));
    Ok(Some(Call {
        member,
        name,
        number,
    }))
}

/// The calendar event of a session (booked with a time); shared text only, never notes. `call`
/// (telephone sessions, for members only) puts the number in LOCATION and DESCRIPTION, written
/// "Tel." so that it reads in English and Dutch alike.
pub(crate) fn event_of(b: &Booking, names: &str, call: Option<&Call>) -> Option<CalendarEvent> {
    let (starts_at, ends_at) = (b.starts_at?, b.ends_at()?);
    let mut description = String::new();
    if !b.topics.is_empty() {
        description.push_str(&b.topics);
    }
    if !b.action_points.is_empty() {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&b.action_points);
    }
    let number = call.and_then(|c| c.number.as_ref().map(|n| (n, &c.name)));
    if let Some((n, name)) = number {
        let line = format!("Tel. {n} ({name})");
        description = if description.is_empty() {
            line
        } else {
            format!("{line}\n\n{description}")
        };
    }
    Some(CalendarEvent {
        uid: format!("session-{}@tandem", b.id),
        sequence: b.sequence,
        stamp: b.updated_at,
        starts_at,
        ends_at,
        summary: format!("Tandem: {names}"),
        description,
        location: match b.mode {
            Mode::Video => b.link.clone(),
            Mode::InPerson => b.place.clone(),
            Mode::Telephone => number.map(|(n, _)| format!("Tel. {n}")).unwrap_or_default(),
        },
        cancelled: b.status == BookingStatus::Cancelled,
        confirmed: matches!(b.status, BookingStatus::Confirmed | BookingStatus::Held),
    })
}

pub(crate) async fn names_of(ctx: &Context, r: &Relationship) -> AppResult<String> {
    let mut names = Vec::new();
    for m in &r.members {
        names.push(
            ctx.store
                .get_person(m.person_id)
                .await?
                .person
                .display_name(),
        );
    }
    Ok(names.join(", "))
}

/// The instant a set meeting starts, from its local date and time in the scheme's zone.
pub(crate) fn meeting_start(
    zone: &str,
    on: chrono::NaiveDate,
    time: &str,
) -> Option<chrono::DateTime<chrono::Utc>> {
    let time = chrono::NaiveTime::parse_from_str(time, "%H:%M").ok()?;
    tandem_domain::sessions::from_local(zone, chrono::NaiveDateTime::new(on, time))
}
