//! Who presents, facilitates and keeps time at an action learning set's meeting: the agreed rota,
//! or else the fair proposal from the meetings before it. A leaf under the use cases, because
//! the set's pages and the notices about its meetings both show it.

use crate::{AppResult, Context};
use chrono::NaiveDateTime;
use std::collections::BTreeSet;
use tandem_domain::sets::{self as rota, MeetingRecord};
use tandem_domain::{PersonId, Relationship};
use uuid::Uuid;

/// Issues heard per meeting: two is the usual practice for a set of four to eight.
pub const PRESENTERS_PER_MEETING: usize = 2;

/// The rota proposed for the meeting at `index` of `records`, from the meetings before it;
/// `away` (who sent apologies for it) get no role.
pub(crate) fn proposal(
    records: &[MeetingRecord],
    index: usize,
    members: &[PersonId],
    away: &BTreeSet<PersonId>,
) -> rota::Rota<PersonId> {
    rota::propose(
        members,
        &history(records, index),
        PRESENTERS_PER_MEETING,
        away,
    )
}

/// The rota history before the meeting at `index`.
pub(crate) fn history(records: &[MeetingRecord], index: usize) -> Vec<rota::PastMeeting<PersonId>> {
    records[..index]
        .iter()
        .filter_map(MeetingRecord::as_past)
        .collect()
}

/// Who sent apologies for `meeting`.
pub(crate) async fn away_from(
    ctx: &Context,
    r: &Relationship,
    meeting: Uuid,
) -> AppResult<BTreeSet<PersonId>> {
    Ok(ctx
        .store
        .set_apologies_of(r.id)
        .await?
        .into_iter()
        .filter(|(m, _)| *m == meeting)
        .map(|(_, p)| p)
        .collect())
}

/// A meeting's time, link and roles as they stand (see [`roles_of`]).
pub(crate) struct Roles {
    pub agreed: bool,
    /// The meeting's calendar SEQUENCE.
    pub sequence: u32,
    pub starts: NaiveDateTime,
    pub link: String,
    pub facilitator: Option<PersonId>,
    pub timekeeper: Option<PersonId>,
    pub presenters: Vec<PersonId>,
}

/// A meeting's time, link and roles as they stand: agreed, or else proposed from the meetings
/// before it (as the meeting page shows them). For notices, which no signed-in person reads:
/// the caller decides who may hear them. `None` when the meeting is not of the set.
pub(crate) async fn roles_of(
    ctx: &Context,
    r: &Relationship,
    meeting: Uuid,
) -> AppResult<Option<Roles>> {
    let records = ctx.store.set_meetings_of(r.id).await?;
    let Some(index) = records.iter().position(|m| m.meeting.id == meeting) else {
        return Ok(None);
    };
    let rec = &records[index];
    let m = &rec.meeting;
    let starts = NaiveDateTime::new(m.starts_on, m.starts_time);
    let link = m.link.clone();
    if m.rota_agreed {
        return Ok(Some(Roles {
            agreed: true,
            sequence: m.sequence,
            starts,
            link,
            facilitator: m.facilitator,
            timekeeper: m.timekeeper,
            presenters: rec.presentations.iter().map(|p| p.person_id).collect(),
        }));
    }
    let members: Vec<PersonId> = r.remaining().map(|m| m.person_id).collect();
    let away = away_from(ctx, r, meeting).await?;
    let p = proposal(&records, index, &members, &away);
    Ok(Some(Roles {
        agreed: false,
        sequence: m.sequence,
        starts,
        link,
        facilitator: p.facilitator,
        timekeeper: p.timekeeper,
        presenters: p.presenters,
    }))
}
