//! Shortlist mode: mentees see suggested mentors and rank them; the run then uses the rankings.
use super::*;
use crate::{AppError, AppResult, Context, Refusal};
use crate::{audited, authorise, programmes};
use serde::Serialize;
use std::collections::HashMap;
use tandem_domain::{
    Action, Actor, ApplicationId, ApplicationRole, ApplicationStatus, Intake, IntakeId, Programme,
};

/// A mentor suggested to a mentee in shortlist mode, as the mentee sees them.
#[derive(Clone, Debug, Serialize)]
pub struct Suggestion {
    pub application_id: ApplicationId,
    pub name: String,
    pub organisation: String,
    pub job_title: String,
    pub expertise: Vec<tandem_domain::FrameworkDimension>,
}

/// What a mentee sees in shortlist mode: their suggested mentors and their current ranking.
#[derive(Clone, Debug, Serialize)]
pub struct ShortlistView {
    pub intake: Intake,
    pub programme: Programme,
    pub application_id: ApplicationId,
    pub suggestions: Vec<Suggestion>,
    /// The mentee's ranking, first choice first.
    pub ranking: Vec<ApplicationId>,
}

/// The actor's shortlist for the intake: only in shortlist mode, only for a mentee whose
/// application is approved and not yet matched.
pub async fn shortlist(ctx: &Context, actor: &Actor, intake: IntakeId) -> AppResult<ShortlistView> {
    let intake = ctx.store.get_intake(intake).await?;
    let programme = programmes::get(ctx, actor, intake.programme_id).await?;
    if programme.rules.matching.shortlist.is_none() {
        return Err(AppError::NotFound);
    }
    let mine = ctx
        .store
        .applications_of_person(actor.person_id)
        .await?
        .into_iter()
        .find(|a| a.intake_id == intake.id && a.role == ApplicationRole::Mentee)
        .ok_or(AppError::NotFound)?;
    if mine.status != ApplicationStatus::Approved {
        return Err(AppError::Refused(Refusal::ShortlistNotInPool));
    }
    // The pool as matching sees it; the actor is not a coordinator, so gather with the scheme's
    // data directly (it reads, never returns, other people's details beyond the suggestions).
    let (inputs, _) = gather(ctx, actor, &intake, &programme).await?;
    let suggested = plan::suggestions(&inputs, &programme.rules.matching)
        .into_iter()
        .find(|(m, _)| *m == mine.id)
        .map(|(_, s)| s)
        .unwrap_or_default();
    let orgs: HashMap<_, _> = crate::organisations::names(ctx, actor.scheme_id).await?;
    let mut suggestions = Vec::new();
    for id in &suggested {
        let a = ctx.store.get_application(*id).await?;
        let rec = ctx.store.get_person(a.person_id).await?;
        let job = rec
            .employments
            .iter()
            .find(|e| e.primary)
            .or(rec.employments.first());
        suggestions.push(Suggestion {
            application_id: a.id,
            name: rec.person.display_name(),
            organisation: orgs.get(&a.organisation_id).cloned().unwrap_or_default(),
            job_title: job.map(|j| j.job_title.clone()).unwrap_or_default(),
            expertise: a.profile.expertise.clone(),
        });
    }
    let ranking = ctx
        .store
        .shortlist_rankings(intake.id)
        .await?
        .into_iter()
        .find(|(m, _)| *m == mine.id)
        .map(|(_, r)| r)
        .unwrap_or_default();
    Ok(ShortlistView {
        intake,
        programme,
        application_id: mine.id,
        suggestions,
        ranking,
    })
}

/// Saves the actor's ranking of their suggested mentors (first choice first). Every entry must
/// be one of their suggestions, each at most once.
pub async fn rank(
    ctx: &Context,
    actor: &Actor,
    intake: IntakeId,
    ranking: Vec<ApplicationId>,
) -> AppResult<()> {
    let view = shortlist(ctx, actor, intake).await?;
    let allowed: std::collections::HashSet<ApplicationId> =
        view.suggestions.iter().map(|s| s.application_id).collect();
    let mut seen = std::collections::HashSet::new();
    for id in &ranking {
        if !allowed.contains(id) {
            return Err(AppError::field("ranking", "error.matching.not_suggested"));
        }
        if !seen.insert(*id) {
            return Err(AppError::field("ranking", "error.matching.ranked_twice"));
        }
    }
    let change = audited(
        ctx,
        Some(actor),
        "matching.shortlist_ranked",
        view.application_id.to_string(),
        format!("ranked={}", ranking.len()),
    );
    change
        .store
        .save_shortlist_ranking(view.intake.id, view.application_id, &ranking, ctx.now())
        .await?;
    change.done()
}

/// Intakes in shortlist mode where the actor, as an approved mentee, can rank suggestions.
pub async fn open_shortlists(ctx: &Context, actor: &Actor) -> AppResult<Vec<(Intake, Programme)>> {
    authorise(actor, Action::KeepOwnRecords)?;
    let mut out = Vec::new();
    for a in ctx.store.applications_of_person(actor.person_id).await? {
        if a.role != ApplicationRole::Mentee || a.status != ApplicationStatus::Approved {
            continue;
        }
        let intake = ctx.store.get_intake(a.intake_id).await?;
        let programme = ctx.store.get_programme(intake.programme_id).await?;
        if programme.rules.matching.shortlist.is_some() {
            out.push((intake, programme));
        }
    }
    Ok(out)
}
