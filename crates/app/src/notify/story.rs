//! `offer.declined_to_member`: when someone declines a proposed match, the others in it hear of
//! it (issue #17: the only e-mail about a decline went to the coordinators, and a member found
//! out from an empty "My matches" page). The e-mail names the programme and the intake, names
//! who declined when policy lets the reader see them ([`Action::ViewRelationship`]: the members
//! of a relationship see one another), and links to the relationship's page, which says what
//! happens next.
//!
//! Rendered at delivery from the relationship as it is then: a notice whose reader is no longer
//! in it is dropped.

use super::journey::RelationshipPayload;
use super::layout::{self, Body};
use super::{Notice, NoticeKind, Queued, Recipient, Rendered};
use crate::{AppError, AppResult, Context};
use tandem_domain::{
    Action, Actor, PersonId, Relationship, RelationshipFacts, RelationshipId, RelationshipStatus,
    policy::can,
};
use tandem_i18n::I18n;
use tandem_storage::StoreError;

/// The notices to stage when `by` declines relationship `r`: one to each other member still in
/// it. `by`'s id is part of the cause, so each decline is told once.
pub(crate) fn on_decline(ctx: &Context, r: &Relationship, by: PersonId) -> AppResult<Vec<Notice>> {
    r.remaining()
        .filter(|m| m.person_id != by)
        .map(|m| {
            super::journey::about_relationship(
                ctx,
                NoticeKind::OfferDeclinedToMember,
                m.person_id,
                r.id,
                &format!("declined:{by}"),
                RelationshipPayload {
                    relationship: r.id,
                    version: None,
                    by: Some(by),
                },
            )
        })
        .collect()
}

fn gone<T>(r: Result<T, StoreError>) -> AppResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Renders the notice for `to`, or `None` when they are no longer in the relationship.
pub async fn render(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Rendered>> {
    let p: RelationshipPayload =
        serde_json::from_value(notice.payload.clone()).map_err(AppError::internal)?;
    let Some(reader) = to.person_id else {
        return Ok(None);
    };
    let Some(r) = gone(ctx.store.get_relationship(p.relationship).await)? else {
        return Ok(None);
    };
    if r.member(reader).is_none_or(|m| m.left_at.is_some()) {
        return Ok(None);
    }
    let intake = ctx.store.get_intake(r.intake_id).await?;
    let programme = ctx.store.get_programme(intake.programme_id).await?;
    let who = who_declined(ctx, &r, reader, programme.scheme_id, p.by).await?;
    let lang = to.language;
    let i18n = I18n::shared();
    let params = [
        ("programme", programme.name.as_str()),
        ("intake", intake.name.as_str()),
        ("name", who.as_deref().unwrap_or_default()),
    ];
    let opening = if who.is_some() {
        "story.declined_notice.body_named"
    } else {
        "story.declined_notice.body"
    };
    // A pair's decline ends the match; a set of enough members goes on without who declined.
    let next = if r.status == RelationshipStatus::Declined {
        "story.declined_notice.next_pool"
    } else {
        "story.declined_notice.next_goes_on"
    };
    let mut facts = vec![
        (
            i18n.t(lang, "notices.journey.fact.programme"),
            programme.name.clone(),
        ),
        (
            i18n.t(lang, "notices.journey.fact.intake"),
            intake.name.clone(),
        ),
    ];
    if let Some(name) = &who {
        facts.push((
            i18n.t(lang, "notices.journey.fact.declined_by"),
            name.clone(),
        ));
    }
    let mut body = Body {
        subject: i18n.t_with(lang, "story.declined_notice.subject", &params),
        greeting: layout::greeting(to),
        paragraphs: vec![i18n.t_with(lang, opening, &params), i18n.t(lang, next)],
        facts,
        action: Some((
            i18n.t(lang, "story.declined_notice.action"),
            relationship_url(ctx, r.id),
        )),
        ..Body::default()
    };
    body.preferences_url = to.preferences_url.clone();
    body.unsubscribe_url = to.unsubscribe_url.clone();
    Ok(Some(layout::render(lang, &body)))
}

fn relationship_url(ctx: &Context, id: RelationshipId) -> String {
    format!("{}/relationships/{id}", ctx.settings.base())
}

/// The name of who declined, when the reader may see the relationship's members (policy), and
/// they still exist (not erased since).
async fn who_declined(
    ctx: &Context,
    r: &Relationship,
    reader: PersonId,
    scheme: tandem_domain::SchemeId,
    by: Option<PersonId>,
) -> AppResult<Option<String>> {
    let Some(by) = by else {
        return Ok(None);
    };
    let actor = Actor {
        person_id: reader,
        scheme_id: scheme,
        roles: ctx.store.roles_in_scheme(reader, scheme).await?,
    };
    let facts = RelationshipFacts {
        scheme,
        kind: r.kind,
        membership: crate::access::membership(r, reader),
    };
    if !can(
        &actor,
        Action::ViewRelationship {
            relationship: facts,
        },
    ) {
        return Ok(None);
    }
    Ok(gone(ctx.store.get_person(by).await)?.map(|p| p.person.display_name()))
}
