//! A programme's relationships in figures, per intake.
use super::*;
use crate::{AppResult, Context};
use crate::{authorise, programmes};
use serde::Serialize;
use tandem_domain::{Action, Actor, IntakeId, ProgrammeId, RelationshipKind, RelationshipStatus};

/// One intake's relationships in figures, for the programme page.
#[derive(Clone, Debug, Default, Serialize)]
pub struct IntakeFigures {
    pub intake_id: IntakeId,
    /// Active or winding down.
    pub live: usize,
    pub sessions_held: usize,
    pub minutes_held: u32,
    /// Sessions the live relationships may hold in all (cap × live), when the programme caps them.
    pub sessions_allowed: Option<u32>,
    /// Live relationships with no session for `stale_weeks` weeks.
    pub quiet: usize,
    pub stale_weeks: u32,
    /// Sessions booked ahead (proposed or confirmed).
    pub sessions_planned: usize,
    /// Set meetings: members present and members expected, over meetings with attendance.
    pub set_present: usize,
    pub set_expected: usize,
    /// Everything the live relationships held, of every kind: sessions, set meetings with
    /// someone present, shadowing days done and workshops attended (what "held" means for
    /// sets and pairs).
    pub held: usize,
}

/// Sessions held against caps and quiet relationships per intake: pooled figures with no
/// personal data, for the scheme coordinator and evaluators.
pub async fn programme_figures(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
) -> AppResult<Vec<IntakeFigures>> {
    authorise(actor, Action::ViewAggregates)?;
    let p = programmes::get(ctx, actor, programme).await?;
    let mut out = Vec::new();
    for intake in ctx.store.list_intakes(p.id).await? {
        let mut f = IntakeFigures {
            intake_id: intake.id,
            stale_weeks: STALE_WEEKS,
            ..IntakeFigures::default()
        };
        for r in ctx.store.relationships_of_intake(intake.id).await? {
            if !matches!(
                r.status,
                RelationshipStatus::Active | RelationshipStatus::WindingDown
            ) {
                continue;
            }
            let sessions = ctx.store.sessions_of(r.id).await?;
            let now = ctx.now();
            f.sessions_planned += ctx
                .store
                .bookings_of(r.id)
                .await?
                .iter()
                .filter(|b| {
                    matches!(
                        b.status,
                        tandem_domain::sessions::BookingStatus::Proposed
                            | tandem_domain::sessions::BookingStatus::Confirmed
                    ) && b.starts_at.is_some_and(|t| t > now)
                })
                .count();
            if r.kind == RelationshipKind::Set {
                for m in ctx.store.set_meetings_of(r.id).await? {
                    if m.meeting.attendance_recorded {
                        f.set_present += m.attendance.iter().filter(|a| a.present).count();
                        f.set_expected += m.attendance.len();
                    }
                }
            }
            f.live += 1;
            // Set meetings, shadowing days and workshops count as held, as sessions do.
            let activity = crate::kinds::activity_of(ctx, &r, &p).await?;
            f.sessions_held += sessions.len();
            f.held += activity.held();
            f.minutes_held += sessions.iter().map(|s| s.minutes).sum::<u32>();
            if is_stale(&r, activity.last, ctx.now(), STALE_WEEKS) {
                f.quiet += 1;
            }
        }
        f.sessions_allowed = p.rules.session_cap.map(|c| c * f.live as u32);
        out.push(f);
    }
    Ok(out)
}
