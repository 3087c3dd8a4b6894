//! Publishing a run: its pairs and sets become offers, refused when the run's inputs changed since
//! it ran, and everyone matched is told.
use super::plan::{Candidate, RunInputs, RunParameters};
use super::*;
use crate::audit;
use crate::notify::{self, NoticeKind};
use crate::{AppError, AppResult, Context, Refusal};
use std::collections::HashMap;
use tandem_domain::{
    Actor, ApplicationId, MatchRunId, Member, OfferResponse, Relationship, RelationshipId,
    RelationshipKind, RelationshipStatus, RunStatus,
};
use tandem_storage::{Clash, Publication, StoreError};

/// What a publication did: how many relationships were offered, and how many people were
/// told by e-mail (everyone matched who has an address).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Published {
    pub relationships: usize,
    pub told: usize,
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
    // people with an address can be told (the count is what the coordinator is shown).
    let mut notices = Vec::new();
    for r in &relationships {
        for m in &r.members {
            let record = ctx.store.get_person(m.person_id).await?;
            if record.person.email.trim().is_empty() {
                continue;
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
    let told = notices.len();
    let staged = notify::stage(ctx, notices);
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
    audit(
        ctx,
        Some(actor),
        "matching.publish",
        run.id.to_string(),
        format!(
            "intake={} relationships={} told={told}",
            intake.id,
            relationships.len()
        ),
    )
    .await?;
    Ok(Published {
        relationships: relationships.len(),
        told,
    })
}
