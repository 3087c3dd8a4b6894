//! How a relationship is going, for the coordinators of the organisations whose staff take part
//! in it (issue #17: they answer for their staff's time, and got a refusal on
//! `/relationships/{id}`). Status only ([`Action::ViewRelationshipStatus`]): its kind, status,
//! programme and intake, its dates, what it has held and when it was last active, and who is in
//! it from the reader's own organisations. Never notes, goals, topics or the agreement's text;
//! members from other organisations appear by their organisation only.

use crate::kinds::Activity;
use crate::{AppResult, Context, access, authorise_or_hide};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashMap;
use tandem_domain::{
    Action, Actor, ApplicationRole, OrganisationId, RelationshipId, RelationshipKind,
    RelationshipStatus,
};

/// One member as a status view shows them.
#[derive(Clone, Debug, Serialize)]
pub struct StatusMember {
    /// Their name when they take part through one of the reader's organisations, else `None`
    /// (the organisation is shown instead).
    pub name: Option<String>,
    pub organisation: String,
    pub role: ApplicationRole,
}

/// A relationship's status, without its content.
#[derive(Clone, Debug, Serialize)]
pub struct StatusView {
    pub id: RelationshipId,
    pub kind: RelationshipKind,
    pub status: RelationshipStatus,
    pub programme: String,
    pub intake: String,
    pub members: Vec<StatusMember>,
    pub created_at: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Sessions, set meetings, shadowing days and workshops held, and the latest date.
    pub activity: Activity,
    /// Everything held, of every kind.
    pub held: usize,
    pub session_cap: Option<u32>,
    /// The date of the last activity, for "last active".
    pub last_activity: Option<NaiveDate>,
}

/// The status of relationship `id`, when policy lets the actor see it (else `NotFound`, as for
/// any relationship that is not theirs to know of).
pub async fn relationship_status(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
) -> AppResult<StatusView> {
    let found = access::find(ctx, actor, id).await?;
    let r = &found.relationship;
    // The organisations whose places its current members use.
    let mut through: HashMap<tandem_domain::PersonId, OrganisationId> = HashMap::new();
    for m in r.remaining() {
        let a = ctx.store.get_application(m.application_id).await?;
        through.insert(m.person_id, a.organisation_id);
    }
    let member_organisations: Vec<OrganisationId> = through.values().copied().collect();
    authorise_or_hide(
        actor,
        Action::ViewRelationshipStatus {
            relationship: found.facts,
            member_organisations: &member_organisations,
        },
    )?;
    let names = crate::organisations::names(ctx, actor.scheme_id).await?;
    let mut members = Vec::new();
    for m in r.remaining() {
        let Some(org) = through.get(&m.person_id) else {
            continue;
        };
        // Named when the reader may see them as the staff of the organisation whose place they
        // use; anyone else by their organisation only.
        let named = tandem_domain::can(
            actor,
            Action::ViewPerson {
                person: m.person_id,
                employers: std::slice::from_ref(org),
            },
        );
        let name = if named {
            Some(
                ctx.store
                    .get_person(m.person_id)
                    .await?
                    .person
                    .display_name(),
            )
        } else {
            None
        };
        members.push(StatusMember {
            name,
            organisation: names.get(org).cloned().unwrap_or_default(),
            role: m.role,
        });
    }
    let activity = crate::kinds::activity_of(ctx, r, &found.programme).await?;
    Ok(StatusView {
        id: r.id,
        kind: r.kind,
        status: r.status,
        programme: found.programme.name.clone(),
        intake: found.intake.name.clone(),
        members,
        created_at: r.created_at,
        activated_at: r.activated_at,
        closed_at: r.closed_at,
        held: activity.held(),
        last_activity: activity.last,
        session_cap: found.programme.rules.session_cap,
        activity,
    })
}
