//! The mentoring agreement both members sign, and the fit check after the first session.
use super::*;
use crate::notify;
use crate::{AppError, AppResult, Context, Refusal};
use crate::{access, audited};
use tandem_domain::{
    Actor, AgreementKind, AgreementTerms, FitCheck, PersonId, Programme, RelationshipId,
    RelationshipKind, RelationshipStatus,
};
use tandem_i18n::{I18n, Lang};

/// Standard agreement terms to start from.
pub(crate) fn default_terms(
    kind: RelationshipKind,
    programme: &Programme,
    lang: Lang,
) -> AgreementTerms {
    let i18n = I18n::shared();
    let frequency = match (programme.rules.session_cap, programme.rules.session_minutes) {
        (Some(n), Some(m)) => i18n.t_with(
            lang,
            "agreement.default_frequency_capped",
            &[("sessions", &n.to_string()), ("minutes", &m.to_string())],
        ),
        _ => i18n.t(lang, "agreement.default_frequency"),
    };
    AgreementTerms {
        goals: String::new(),
        frequency,
        channel: programme.rules.modes.first().copied(),
        cancellation_notice_hours: 48,
        confidentiality_notes: String::new(),
        ground_rules: if kind == RelationshipKind::Set {
            i18n.t(lang, "agreement.default_ground_rules")
        } else {
            String::new()
        },
    }
}

/// Saves the agreement terms (any member, before it is active).
pub async fn save_agreement(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    terms: AgreementTerms,
    version: u32,
) -> AppResult<u32> {
    let r = access::member(ctx, actor, id).await?.relationship;
    let terms = terms.normalised();
    terms.validate(AgreementKind::for_relationship(r.kind))?;
    // An edit makes earlier signatures void: the others are asked to sign the new version
    // (the editor has it in front of them).
    let others = r
        .remaining()
        .map(|m| m.person_id)
        .filter(|p| *p != actor.person_id);
    let staged = notify::stage(ctx, notify::journey::to_sign(ctx, id, version + 1, others)?);
    let staged = staged.audited(
        ctx,
        Some(actor),
        "agreement.save",
        id.to_string(),
        format!("version={}", version + 1),
    );
    let v = staged
        .store
        .save_agreement(id, &terms, version, actor.person_id, ctx.now())
        .await
        .map_err(|e| refusal(e, &r))?;
    staged.done()?;
    Ok(v)
}

/// Signs the agreement version the member read.
pub async fn sign(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    version: u32,
) -> AppResult<RelationshipStatus> {
    let r = access::member(ctx, actor, id).await?.relationship;
    // The last signature tells everyone, in its own transaction; as for offers, a concurrent
    // signature that beats the prediction is caught by the outcome below (same keys).
    let me = actor.person_id;
    let remaining: Vec<PersonId> = r.remaining().map(|m| m.person_id).collect();
    let last = r
        .remaining()
        .all(|m| m.person_id == me || m.signed_version == Some(version));
    let notices = if last {
        notify::journey::signed(ctx, id, remaining.iter().copied())?
    } else {
        Vec::new()
    };
    // The resulting status (active after the last signature) is in the relationship itself.
    let staged = notify::stage(ctx, notices).audited(
        ctx,
        Some(actor),
        "agreement.sign",
        id.to_string(),
        format!("version={version}"),
    );
    let status = staged
        .store
        .sign_agreement(id, me, version, ctx.now())
        .await
        .map_err(|e| refusal(e, &r))?;
    staged.done()?;
    if status == RelationshipStatus::Active && !last {
        notify::queue(ctx, notify::journey::signed(ctx, id, remaining)?).await?;
    }
    Ok(status)
}

/// Records the member's fit check.
pub async fn fit_check(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    fit: FitCheck,
) -> AppResult<()> {
    let r = access::member(ctx, actor, id).await?.relationship;
    // The fit check asks how it is going after the first session.
    if ctx.store.sessions_of(id).await?.is_empty() {
        return Err(AppError::Refused(Refusal::FitBeforeFirstSession));
    }
    let change = audited(
        ctx,
        Some(actor),
        "relationship.fit_check",
        id.to_string(),
        format!("fit={}", fit.code()),
    );
    change
        .store
        .record_fit_check(id, actor.person_id, fit, ctx.now())
        .await
        .map_err(|e| refusal(e, &r))?;
    change.done()
}
