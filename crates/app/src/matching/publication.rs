//! Publishing a run: its pairs and sets become offers, refused when the run's inputs changed since
//! it ran, and everyone matched is told.
use super::plan::{Candidate, RunInputs, RunParameters};
use super::*;
use crate::audit;
use crate::{AppError, AppResult, Context, Refusal};
use std::collections::HashMap;
use tandem_domain::{
    Actor, ApplicationId, MatchRunId, Member, OfferResponse, PersonId, Programme, Relationship,
    RelationshipId, RelationshipKind, RelationshipStatus, RunStatus,
};
use tandem_i18n::{I18n, Lang};
use tandem_mail::Email;
use tandem_storage::{Clash, Publication, StoreError};

/// Publishes a draft run: offers go to everyone matched, with the programme's deadline.
/// Refused when anything the run read has changed since (re-run first).
pub async fn publish(ctx: &Context, actor: &Actor, id: MatchRunId) -> AppResult<usize> {
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
    match ctx.store.publish_match_run(&publication).await {
        Ok(()) => {}
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
        format!("intake={} relationships={}", intake.id, relationships.len()),
    )
    .await?;
    for r in &relationships {
        for m in &r.members {
            notify(ctx, m.person_id, "mail.offer", &programme, deadline).await?;
        }
    }
    Ok(relationships.len())
}

/// E-mails a person (when they have an account) about their match, in their language.
pub(crate) async fn notify(
    ctx: &Context,
    person: PersonId,
    prefix: &str,
    programme: &Programme,
    deadline: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    let Some(account) = ctx.store.account_by_person(person).await? else {
        return Ok(());
    };
    let record = ctx.store.get_person(person).await?;
    let lang: Lang = record.person.language;
    let i18n = I18n::shared();
    let link = format!("{}/relationships", ctx.settings.base());
    let date = deadline.format("%Y-%m-%d").to_string();
    let params = [
        ("name", record.person.given_name.as_str()),
        ("programme", programme.name.as_str()),
        ("deadline", date.as_str()),
        ("link", link.as_str()),
    ];
    let email = Email {
        to: account.email,
        subject: i18n.t_with(lang, &format!("{prefix}.subject"), &params),
        text: i18n.t_with(lang, &format!("{prefix}.body"), &params),
        html: None,
        ..Email::default()
    };
    ctx.mailer.send(email).await.map_err(AppError::internal)
}
