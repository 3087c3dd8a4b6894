//! Offers: accept or decline before the deadline; a lapsed offer returns people to the pool.
use super::*;
use crate::notify::{self, NoticeKind};
use crate::{AppError, AppResult, Context, Refusal};
use crate::{access, audited, authorise};
use tandem_domain::{
    Action, Actor, OfferResponse, PersonId, RelationshipId, RelationshipKind, RelationshipStatus,
    Role, Scope,
};
use tandem_storage::{Clash, StoreError};

/// Whether the offer of `r` can still be accepted at `now`: on or before its deadline (the store
/// checks again in the answer's transaction). The one rule [`respond`] and the relationship page
/// (which offers "Accept" only then) apply.
pub fn can_accept_offer(
    r: &tandem_domain::Relationship,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Refusal> {
    if r.status == RelationshipStatus::Proposed && now > r.offer_deadline {
        return Err(Refusal::OfferClosed {
            deadline: r.offer_deadline.date_naive(),
        });
    }
    Ok(())
}

/// Accepts or declines an offer. A decline tells the scheme coordinators and returns people to
/// the pool; the answer that completes the acceptances asks everyone to sign the agreement.
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
    if accept {
        can_accept_offer(&r, ctx.now()).map_err(AppError::Refused)?;
    }
    let lang = ctx.store.get_person(actor.person_id).await?.person.language;
    let terms = default_terms(r.kind, &programme, lang);
    // What this answer leads to, worked out from the relationship as read: the notices go into
    // the answer's own transaction. Should a concurrent answer make the prediction wrong, the
    // outcome below queues what is missing under the same keys, and a notice predicted in
    // error is dropped at delivery (its renderer checks the relationship).
    let me = actor.person_id;
    let after: Vec<PersonId> = r
        .remaining()
        .filter(|m| accept || m.person_id != me)
        .map(|m| m.person_id)
        .collect();
    let all_accepted = r
        .remaining()
        .filter(|m| accept || m.person_id != me)
        .all(|m| m.person_id == me || m.response == OfferResponse::Accepted);
    let stays = accept || (r.kind == RelationshipKind::Set && after.len() >= 2);
    let agreeing = stays && all_accepted && !after.is_empty();
    let mut notices = Vec::new();
    if !accept {
        for c in ctx
            .store
            .holders_of_role(Role::SchemeCoordinator, Scope::Scheme(actor.scheme_id))
            .await?
        {
            notices.push(notify::journey::about_relationship(
                ctx,
                NoticeKind::OfferDeclined,
                c,
                id,
                &me.to_string(),
                notify::journey::RelationshipPayload {
                    relationship: id,
                    version: None,
                    by: Some(me),
                },
            )?);
        }
    }
    if !accept {
        // The others in it hear of it too, from their own notice (issue #17).
        notices.extend(notify::story::on_decline(ctx, &r, me)?);
    }
    if agreeing {
        notices.extend(notify::journey::to_sign(ctx, id, 1, after.iter().copied())?);
    }
    let staged = notify::stage(ctx, notices).audited(
        ctx,
        Some(actor),
        if accept {
            "offer.accept"
        } else {
            "offer.decline"
        },
        id.to_string(),
        String::new(),
    );
    let outcome = staged
        .store
        .respond_to_offer(id, me, accept, &terms, ctx.now())
        .await
        .map_err(|e| refusal(e, &r))?;
    staged.done()?;
    if outcome.status == RelationshipStatus::Accepted && !agreeing {
        let now = ctx.store.get_relationship(id).await?;
        let people = now.remaining().map(|m| m.person_id);
        notify::queue(ctx, notify::journey::to_sign(ctx, id, 1, people)?).await?;
    }
    Ok(outcome.status)
}

/// Lets a lapsed offer go (coordinator): everyone returns to the pool.
pub async fn lapse(ctx: &Context, actor: &Actor, id: RelationshipId) -> AppResult<()> {
    authorise(actor, Action::ManageScheme)?;
    let v = get(ctx, actor, id).await?;
    let change = audited(
        ctx,
        Some(actor),
        "offer.lapse",
        id.to_string(),
        String::new(),
    );
    change
        .store
        .lapse_offer(id, Some(actor.person_id), ctx.now())
        .await
        .map_err(|e| match e {
            StoreError::Refused(Clash::OfferStillOpen) => {
                AppError::Refused(Refusal::OfferStillOpen)
            }
            other => refusal(other, &v.relationship),
        })?;
    change.done()
}
