//! Relationship-level access in one place: load the relationship, gather the facts about the
//! actor's place in it, and ask [`tandem_domain::policy`].
//!
//! Every use case about one relationship (its offer and agreement, sessions, goals, a set's
//! meetings, a pair's records) starts here, so what makes someone a member is worked out once
//! ([`membership`]) and who may do what is decided by the policy alone. What policy refuses is
//! `NotFound`: a relationship is nobody else's business, not even that it exists.

use crate::{AppResult, Context, authorise_or_hide};
use tandem_domain::{
    Action, Actor, Intake, Membership, PersonId, Programme, Relationship, RelationshipFacts,
    RelationshipId,
};

/// The person's place in a relationship: a current member is still in it (neither declined the
/// offer nor left); a former member has a member record but is no longer in it.
pub(crate) fn membership(r: &Relationship, person: PersonId) -> Membership {
    if r.remaining().any(|m| m.person_id == person) {
        Membership::Current
    } else if r.member(person).is_some() {
        Membership::Former
    } else {
        Membership::None
    }
}

/// A relationship with its intake and programme, and the facts policy decides on. Callers use the
/// intake and programme loaded here rather than reading them again.
pub(crate) struct Found {
    pub relationship: Relationship,
    pub intake: Intake,
    pub programme: Programme,
    pub facts: RelationshipFacts,
}

/// Loads a relationship (`NotFound` when there is none) and gathers the facts about the actor's
/// place in it. Decides nothing: callers ask the policy with the facts.
pub(crate) async fn find(ctx: &Context, actor: &Actor, id: RelationshipId) -> AppResult<Found> {
    let relationship = ctx.store.get_relationship(id).await?;
    let intake = ctx.store.get_intake(relationship.intake_id).await?;
    let programme = ctx.store.get_programme(intake.programme_id).await?;
    let facts = RelationshipFacts {
        scheme: programme.scheme_id,
        kind: relationship.kind,
        membership: membership(&relationship, actor.person_id),
    };
    Ok(Found {
        relationship,
        intake,
        programme,
        facts,
    })
}

/// The relationship, when the policy lets the actor do `action` in it; `NotFound` otherwise.
pub(crate) async fn unless_hidden(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    action: fn(RelationshipFacts) -> Action<'static>,
) -> AppResult<Found> {
    let found = find(ctx, actor, id).await?;
    authorise_or_hide(actor, action(found.facts))?;
    Ok(found)
}

/// A relationship the actor may see ([`Action::ViewRelationship`]).
pub(crate) async fn view(ctx: &Context, actor: &Actor, id: RelationshipId) -> AppResult<Found> {
    unless_hidden(ctx, actor, id, |r| Action::ViewRelationship {
        relationship: r,
    })
    .await
}

/// A relationship the actor may wind down or close ([`Action::SteerRelationship`]).
pub(crate) async fn steer(ctx: &Context, actor: &Actor, id: RelationshipId) -> AppResult<Found> {
    unless_hidden(ctx, actor, id, |r| Action::SteerRelationship {
        relationship: r,
    })
    .await
}

/// A relationship the actor acts in as a member ([`Action::ActInRelationship`]).
pub(crate) async fn member(ctx: &Context, actor: &Actor, id: RelationshipId) -> AppResult<Found> {
    unless_hidden(ctx, actor, id, |r| Action::ActInRelationship {
        relationship: r,
    })
    .await
}
