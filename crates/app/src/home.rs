//! A participant's home: their live relationships and sets with the next session or meeting,
//! sessions used against the programme's cap, and the actions they have due.

use crate::{AppResult, Context, authorise};
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use tandem_domain::sessions::BookingStatus;
use tandem_domain::sets::ActionStatus;
use tandem_domain::{Action, Actor, RelationshipId, RelationshipKind, RelationshipStatus};

/// One live relationship on the home page.
#[derive(Clone, Debug, Serialize)]
pub struct HomeRelationship {
    pub id: RelationshipId,
    pub kind: RelationshipKind,
    pub status: RelationshipStatus,
    pub programme: String,
    /// The other members' names.
    pub with: Vec<String>,
    /// Sessions held or confirmed, and the programme's cap (mentoring and pairs).
    pub sessions_used: usize,
    pub session_cap: Option<u32>,
    /// The next confirmed or proposed session, in the actor's local time ("YYYY-MM-DD HH:MM"),
    /// or the next set meeting (local date and time).
    pub next_session: Option<String>,
    /// The time zone `next_session` is in (Europe/London or Europe/Amsterdam).
    pub zone: &'static str,
    pub next_session_confirmed: bool,
    pub next_meeting: Option<(NaiveDate, NaiveTime)>,
    /// Set actions the actor committed to and has not followed up.
    pub actions_due: Vec<String>,
    /// An offer waiting for the actor's answer.
    pub answer_needed: bool,
}

/// The actor's relationships that are not over, newest first.
pub async fn relationships(ctx: &Context, actor: &Actor) -> AppResult<Vec<HomeRelationship>> {
    authorise(actor, Action::KeepOwnRecords)?;
    let now = ctx.now();
    let zone = super::sessions::zone_of(ctx, actor.person_id).await?;
    let mut out = Vec::new();
    for r in ctx
        .store
        .relationships_of_person(actor.person_id)
        .await?
        .into_iter()
        .rev()
    {
        let Some(me) = r.member(actor.person_id) else {
            continue;
        };
        if !r.status.is_live() || me.left_at.is_some() {
            continue;
        }
        let intake = ctx.store.get_intake(r.intake_id).await?;
        let programme = ctx.store.get_programme(intake.programme_id).await?;
        let mut with = Vec::new();
        for m in r.remaining().filter(|m| m.person_id != actor.person_id) {
            with.push(
                ctx.store
                    .get_person(m.person_id)
                    .await?
                    .person
                    .display_name(),
            );
        }
        let bookings = ctx.store.bookings_of(r.id).await?;
        let sessions_used = bookings
            .iter()
            .filter(|b| matches!(b.status, BookingStatus::Held | BookingStatus::Confirmed))
            .count();
        let next = bookings
            .iter()
            .filter(|b| matches!(b.status, BookingStatus::Proposed | BookingStatus::Confirmed))
            .filter_map(|b| b.starts_at.filter(|t| *t >= now).map(|t| (t, b.status)))
            .min_by_key(|(t, _)| *t);
        let (mut next_meeting, mut actions_due) = (None, Vec::new());
        if r.kind == RelationshipKind::Set {
            let today = now.date_naive();
            for rec in ctx.store.set_meetings_of(r.id).await? {
                let m = &rec.meeting;
                if m.starts_on >= today
                    && next_meeting.is_none_or(|(d, t)| (m.starts_on, m.starts_time) < (d, t))
                {
                    next_meeting = Some((m.starts_on, m.starts_time));
                }
                actions_due.extend(
                    rec.actions
                        .iter()
                        .filter(|a| a.person_id == actor.person_id)
                        .filter(|a| matches!(a.status, ActionStatus::Open | ActionStatus::Carried))
                        .map(|a| a.text.clone()),
                );
            }
        }
        out.push(HomeRelationship {
            id: r.id,
            kind: r.kind,
            status: r.status,
            programme: programme.name,
            with,
            sessions_used,
            session_cap: programme.rules.session_cap,
            next_session: next.map(|(t, _)| {
                tandem_domain::sessions::to_local(zone, t)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            }),
            zone,
            next_session_confirmed: next.is_some_and(|(_, s)| s == BookingStatus::Confirmed),
            next_meeting,
            actions_due,
            answer_needed: r.status == RelationshipStatus::Proposed
                && me.response == tandem_domain::OfferResponse::Pending
                && now <= r.offer_deadline,
        });
    }
    Ok(out)
}
