//! Publishing a run: its pairs and sets become offers, refused when the run's inputs changed since
//! it ran, and everyone matched is told.
use super::plan::{Candidate, RunInputs, RunParameters};
use super::*;

use crate::notify::{self, NoticeKind};
use crate::{AppError, AppResult, Context, Refusal};
use std::collections::HashMap;
use tandem_domain::{
    Actor, ApplicationId, MatchRunId, Member, OfferResponse, Relationship, RelationshipId,
    RelationshipKind, RelationshipStatus, RunStatus,
};
use tandem_storage::{Clash, Publication, StoreError};

/// What a publication did: how many relationships were offered, how many people were sent
/// their offer by e-mail (everyone matched who has an address), and how many of those had no
/// way to sign in yet and were invited to first (their account created if they had none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Published {
    pub relationships: usize,
    pub told: usize,
    pub invited: usize,
}

/// Publishes a draft run: offers go to everyone matched, with the programme's deadline.
/// Refused when anything the run read has changed since (re-run first).
pub async fn publish(ctx: &Context, actor: &Actor, id: MatchRunId) -> AppResult<Published> {
    let (run, intake, programme) = get_run(ctx, actor, id).await?;
    if run.status != RunStatus::Draft {
        return Err(AppError::Refused(Refusal::RunNotDraft));
    }
    let (_, _, now_digest) = current(ctx, actor, &intake, &programme).await?;
    if now_digest != run.inputs_digest {
        return Err(AppError::Refused(Refusal::InputsChanged));
    }
    let inputs: RunInputs = serde_json::from_str(&run.inputs).map_err(AppError::internal)?;
    let params: RunParameters =
        serde_json::from_str(&run.parameters).map_err(AppError::internal)?;
    let by_app: HashMap<ApplicationId, &Candidate> = inputs
        .candidates
        .iter()
        .map(|c| (c.application_id, c))
        .collect();
    let now = ctx.now();
    let deadline = now + chrono::Duration::days(i64::from(params.criteria.offer_days));
    let kind = RelationshipKind::for_programme(programme.kind);
    let mut relationships = Vec::new();
    let mut expected = Vec::new();
    for m in &run.result.matches {
        let mut members = Vec::new();
        for a in &m.applications {
            let c = by_app
                .get(a)
                .ok_or(AppError::Refused(Refusal::InputsChanged))?;
            expected.push((c.application_id, c.version));
            members.push(Member {
                person_id: c.person_id,
                application_id: c.application_id,
                role: c.role,
                response: OfferResponse::Pending,
                responded_at: None,
                signed_version: None,
                signed_at: None,
                fit_check: None,
                left_at: None,
            });
        }
        relationships.push(Relationship {
            id: RelationshipId::new(),
            intake_id: intake.id,
            run_id: Some(run.id),
            kind,
            status: RelationshipStatus::Proposed,
            offer_deadline: deadline,
            meeting_slot: m.shared_slot,
            members,
            created_at: now,
            updated_at: now,
            activated_at: None,
            closed_at: None,
        });
    }
    let publication = Publication {
        run_id: run.id,
        intake_id: intake.id,
        expected,
        relationships: relationships.clone(),
        actor: Some(actor.person_id),
        at: now,
    };
    // Everyone matched is offered their place in the publication's own transaction; only
    // people with an address can be told (the count is what the coordinator is shown). Someone
    // who cannot sign in to answer (no account, or an invitation never accepted) is invited in
    // the same transaction: their account is made beforehand (harmless if the publication is
    // refused: an account without a password lets nobody in, and the next publication reuses
    // it), but the invitation is queued only with the publication.
    let mut notices = Vec::new();
    let mut invited = 0;
    for r in &relationships {
        for m in &r.members {
            let record = ctx.store.get_person(m.person_id).await?;
            if record.person.email.trim().is_empty() {
                continue;
            }
            if let Some(account) = sign_in_account(ctx, actor, &record.person).await? {
                notices.push(notify::Notice::to_person(
                    ctx,
                    NoticeKind::AccountInvitation,
                    m.person_id,
                    &format!("publication:{}", run.id),
                    notify::accounts::AccountNotice {
                        account: account.id,
                    },
                )?);
                invited += 1;
            }
            notices.push(notify::journey::about_relationship(
                ctx,
                NoticeKind::OfferMade,
                m.person_id,
                r.id,
                "",
                notify::journey::RelationshipPayload {
                    relationship: r.id,
                    version: None,
                    by: None,
                },
            )?);
        }
    }
    let told = notices.len() - invited;
    let staged = notify::stage(ctx, notices).audited(
        ctx,
        Some(actor),
        "matching.publish",
        run.id.to_string(),
        format!(
            "intake={} relationships={} told={told} invited={invited}",
            intake.id,
            relationships.len()
        ),
    );
    match staged.store.publish_match_run(&publication).await {
        Ok(()) => staged.done()?,
        Err(StoreError::Refused(Clash::InputsChanged)) => {
            return Err(AppError::Refused(Refusal::InputsChanged));
        }
        Err(StoreError::Refused(Clash::RunNotDraft)) => {
            return Err(AppError::Refused(Refusal::RunNotDraft));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(Published {
        relationships: relationships.len(),
        told,
        invited,
    })
}

/// The account a matched person must be invited to before they can answer their offer: `None`
/// when they can sign in already (or their account is disabled: nobody invites them back in by
/// publishing). A person without an account gets one, without a password.
async fn sign_in_account(
    ctx: &Context,
    actor: &Actor,
    person: &tandem_domain::Person,
) -> AppResult<Option<tandem_storage::Account>> {
    match ctx.store.account_by_person(person.id).await? {
        Some(a) if a.disabled || a.password_hash.is_some() => Ok(None),
        Some(a) => Ok(Some(a)),
        None => {
            let a = tandem_storage::Account {
                id: tandem_domain::AccountId::new(),
                person_id: person.id,
                scheme_id: actor.scheme_id,
                email: person.email.clone(),
                password_hash: None,
                disabled: false,
                failed_logins: 0,
                locked_until: None,
            };
            match ctx.store.create_account(&a).await {
                Ok(()) => Ok(Some(a)),
                // Made meanwhile (a parallel publication or invitation): use that one.
                Err(StoreError::Conflict {
                    field: tandem_storage::UniqueField::Person,
                }) => Ok(ctx.store.account_by_person(person.id).await?),
                // The address belongs to another person's account: this person cannot be given
                // one; they are sent the offer and nothing else.
                Err(StoreError::Conflict { .. }) => Ok(None),
                Err(e) => Err(e.into()),
            }
        }
    }
}
