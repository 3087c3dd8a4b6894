//! Offers: accept or decline before the deadline; a lapsed offer returns people to the pool.
use super::*;
use crate::{AppError, AppResult, Context, Refusal};
use crate::{access, audit, authorise};
use tandem_domain::{Action, Actor, RelationshipId, RelationshipStatus, Role, Scope};
use tandem_storage::{Clash, StoreError};

/// Accepts or declines an offer. A decline tells the scheme coordinators and returns people to
/// the pool.
pub async fn respond(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    accept: bool,
) -> AppResult<RelationshipStatus> {
    let access::Found {
        relationship: r,
        programme,
        ..
    } = access::member(ctx, actor, id).await?;
    let lang = ctx.store.get_person(actor.person_id).await?.person.language;
    let terms = default_terms(r.kind, &programme, lang);
    let outcome = ctx
        .store
        .respond_to_offer(id, actor.person_id, accept, &terms, ctx.now())
        .await
        .map_err(|e| refusal(e, &r))?;
    audit(
        ctx,
        Some(actor),
        if accept {
            "offer.accept"
        } else {
            "offer.decline"
        },
        id.to_string(),
        format!("status={}", outcome.status.code()),
    )
    .await?;
    if !accept {
        for c in ctx
            .store
            .holders_of_role(Role::SchemeCoordinator, Scope::Scheme(actor.scheme_id))
            .await?
        {
            notify(ctx, c, "mail.offer_declined", &programme, r.offer_deadline).await?;
        }
    }
    Ok(outcome.status)
}

/// Lets a lapsed offer go (coordinator): everyone returns to the pool.
pub async fn lapse(ctx: &Context, actor: &Actor, id: RelationshipId) -> AppResult<()> {
    authorise(actor, Action::ManageScheme)?;
    let v = get(ctx, actor, id).await?;
    ctx.store
        .lapse_offer(id, Some(actor.person_id), ctx.now())
        .await
        .map_err(|e| match e {
            StoreError::Refused(Clash::OfferStillOpen) => {
                AppError::Refused(Refusal::OfferStillOpen)
            }
            other => refusal(other, &v.relationship),
        })?;
    audit(
        ctx,
        Some(actor),
        "offer.lapse",
        id.to_string(),
        String::new(),
    )
    .await
}
