//! The rules each kind of relationship brings (#15): what counts as activity for a set or a pair,
//! and the length of one session.
//!
//! Mentoring relationships meet in sessions; an action learning set meets in set meetings; a
//! paired-learning pair spends shadowing days together and attends the programme's workshops.
//! The quiet-relationship flag and the programme's "held" figures ask [`activity_of`], so a set
//! that met three times is neither "quiet" nor "0 held".

use crate::{AppResult, Context};
use chrono::NaiveDate;
use serde::Serialize;
use tandem_domain::{Programme, Relationship, RelationshipKind, ValidationErrors};

/// What a relationship has held so far, whatever its kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Activity {
    /// Mentoring sessions held (every kind may log them).
    pub sessions: usize,
    /// Set meetings with attendance recorded and someone present.
    pub set_meetings: usize,
    /// Shadowing days done.
    pub shadowing_days: usize,
    /// Workshops of the programme, held by today, that a member of the pair attended.
    pub workshops: usize,
    /// The date of the latest of them, if any.
    pub last: Option<NaiveDate>,
}

impl Activity {
    /// Everything held, of every kind: "N held" on the relationship and programme pages.
    pub fn held(&self) -> usize {
        self.sessions + self.set_meetings + self.shadowing_days + self.workshops
    }
}

/// What relationship `r` of `programme` has held by today.
pub async fn activity_of(
    ctx: &Context,
    r: &Relationship,
    programme: &Programme,
) -> AppResult<Activity> {
    let today = ctx.now().date_naive();
    let mut a = Activity::default();
    let seen = |d: NaiveDate, a: &mut Activity| {
        a.last = Some(a.last.map_or(d, |l| l.max(d)));
    };
    for s in ctx.store.sessions_of(r.id).await? {
        a.sessions += 1;
        seen(s.held_on, &mut a);
    }
    match r.kind {
        RelationshipKind::Mentoring => {}
        RelationshipKind::Set => {
            for m in ctx.store.set_meetings_of(r.id).await? {
                if m.meeting.attendance_recorded && m.attendance.iter().any(|x| x.present) {
                    a.set_meetings += 1;
                    seen(m.meeting.starts_on, &mut a);
                }
            }
        }
        RelationshipKind::Pair => {
            for d in ctx.store.shadowing_days(r.id).await? {
                if d.done {
                    a.shadowing_days += 1;
                    seen(d.day, &mut a);
                }
            }
            let members: Vec<_> = r.remaining().map(|m| m.person_id).collect();
            for w in ctx.store.workshops(programme.id).await? {
                if w.day > today {
                    continue;
                }
                let came = ctx.store.workshop_attendance(w.id).await?;
                if came.iter().any(|p| members.contains(p)) {
                    a.workshops += 1;
                    seen(w.day, &mut a);
                }
            }
        }
    }
    Ok(a)
}

/// Adds the error of a session of `minutes` longer than the programme's session length (see
/// [`tandem_domain::sessions::longer_than_programme`]), naming the maximum.
pub fn check_session_length(e: &mut ValidationErrors, minutes: u32, programme: &Programme) {
    if tandem_domain::sessions::longer_than_programme(minutes, programme.rules.session_minutes) {
        let max = programme.rules.session_minutes.unwrap_or(0).to_string();
        e.add_with(
            "minutes",
            "kinds.error.session_too_long",
            &[("max", max.as_str())],
        );
    }
}

/// Whether relationship `id` (of kind `kind`, by code) held a set meeting, shadowing day or
/// workshop on or after `since`: the weekly digest's quiet list asks this of those with no
/// session, so it agrees with the pages. Mentoring relationships have no other activity.
pub(crate) async fn active_since(
    ctx: &Context,
    id: tandem_domain::RelationshipId,
    kind: &str,
    since: NaiveDate,
) -> AppResult<bool> {
    if kind == RelationshipKind::Mentoring.code() {
        return Ok(false);
    }
    let r = ctx.store.get_relationship(id).await?;
    let intake = ctx.store.get_intake(r.intake_id).await?;
    let programme = ctx.store.get_programme(intake.programme_id).await?;
    let a = activity_of(ctx, &r, &programme).await?;
    Ok(a.last.is_some_and(|d| d >= since))
}
