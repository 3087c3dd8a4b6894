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

/// An open intake the actor may apply to, with the roles still open to them.
#[derive(Clone, Debug, Serialize)]
pub struct HomeIntake {
    pub intake_id: tandem_domain::IntakeId,
    pub intake: String,
    pub programme: String,
    pub closes_on: NaiveDate,
    /// Roles the actor is eligible for and has not applied for yet.
    pub roles: Vec<tandem_domain::ApplicationRole>,
}

/// One of the actor's applications still under way, with what happens next.
#[derive(Clone, Debug, Serialize)]
pub struct HomeApplication {
    pub id: tandem_domain::ApplicationId,
    pub intake: String,
    pub programme: String,
    pub role: tandem_domain::ApplicationRole,
    pub status: tandem_domain::ApplicationStatus,
    /// The translation key saying what happens next (and who acts).
    pub next_step: &'static str,
}

/// What the actor can do next in recruitment: open intakes they may apply to, and their
/// applications in progress.
#[derive(Clone, Debug, Default, Serialize)]
pub struct NextSteps {
    pub intakes: Vec<HomeIntake>,
    pub applications: Vec<HomeApplication>,
}

/// What happens next for an application in `status`; `None` once it is settled (declined,
/// withdrawn, or matched: a match shows as a relationship instead).
fn next_step(status: tandem_domain::ApplicationStatus) -> Option<&'static str> {
    use tandem_domain::ApplicationStatus as S;
    match status {
        S::AwaitingManager => Some("home.next.awaiting_manager"),
        S::AwaitingCoordinator => Some("home.next.awaiting_coordinator"),
        S::Approved => Some("home.next.approved"),
        S::WaitingList => Some("home.next.waiting_list"),
        S::Nominated => Some("home.next.nominated"),
        S::ManagerDeclined | S::Declined | S::Withdrawn | S::Matched | S::NominationDeclined => {
            None
        }
    }
}

/// The recruitment half of a participant's home. An intake is listed when it takes applications
/// today, the actor's organisation has places in it (or it lists no places: open to all), and
/// some role of it is still open to them: one they are eligible for and have not applied for.
pub async fn next_steps(ctx: &Context, actor: &Actor) -> AppResult<NextSteps> {
    authorise(actor, Action::KeepOwnRecords)?;
    let mut steps = NextSteps::default();
    for open in crate::applications::open_intakes(ctx, actor).await? {
        let form = crate::applications::apply_context(ctx, actor, open.intake.id).await?;
        let has_places = open.intake.places.is_empty()
            || form.organisation_id.is_some_and(|o| {
                open.intake
                    .places
                    .iter()
                    .any(|p| p.organisation_id == o && p.places > 0)
            });
        let roles: Vec<_> = form
            .roles
            .iter()
            .filter(|c| c.ineligible.is_none() && c.applied.is_none())
            .map(|c| c.role)
            .collect();
        if form.open && has_places && !roles.is_empty() {
            steps.intakes.push(HomeIntake {
                intake_id: open.intake.id,
                intake: open.intake.name.clone(),
                programme: open.programme.name.clone(),
                closes_on: open.intake.closes_on,
                roles,
            });
        }
    }
    for a in ctx.store.applications_of_person(actor.person_id).await? {
        let Some(next) = next_step(a.status) else {
            continue;
        };
        let intake = ctx.store.get_intake(a.intake_id).await?;
        let programme = ctx.store.get_programme(intake.programme_id).await?;
        if programme.scheme_id != actor.scheme_id {
            continue;
        }
        steps.applications.push(HomeApplication {
            id: a.id,
            intake: intake.name,
            programme: programme.name,
            role: a.role,
            status: a.status,
            next_step: next,
        });
    }
    Ok(steps)
}
