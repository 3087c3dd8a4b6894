//! What pages, feeds and notices need to place a session in time and name it: a person's time
//! zone, the names of a relationship's members, a session's calendar event. A leaf under the
//! use cases, because the session use cases and the notices rendered about them both read it.

use crate::{AppResult, Context};
use tandem_domain::sessions::{Booking, BookingStatus, CalendarEvent};
use tandem_domain::{Mode, PersonId, Relationship};

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

/// The calendar event of a session (booked with a time); shared text only, never notes.
pub(crate) fn event_of(b: &Booking, names: &str) -> Option<CalendarEvent> {
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
            Mode::Telephone => String::new(),
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
