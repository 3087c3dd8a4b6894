//! Goals tied to appraisal: at the end of a relationship its mentee may share a short summary of
//! progress on the goals that cite an appraisal conversation with their line manager, for the
//! next appraisal.
//!
//! Who and what, and why:
//! - **Only the mentee** shares, withdraws or looks at their summary (policy:
//!   `Action::ShareAppraisalSummary`), current or former member (ending the relationship
//!   themselves does not take the summary away). Everyone else is told the page does not exist.
//! - **Only once it has ended** (closed as planned, or ended early): the summary is a look back
//!   for the next appraisal, not a running report to the employer.
//! - **Only to the line manager on record** (their primary employment's), who may have no
//!   account and may work at another organisation: they are e-mailed a single-use link
//!   (minted at delivery, like the approval link; only its hash is stored). The link page shows
//!   the mentee's name, the goals that cite an appraisal (title, kind, date) and the summary,
//!   built here from those fields alone, so nothing else about the relationship — sessions,
//!   notes, the mentor's content, other goals — can reach the manager.
//! - **Withdrawable until opened**: opening and withdrawing are each one conditional update, so
//!   of the two only one counts.

use crate::access::{self, Found};
use crate::applications::primary_employment;
use crate::notify::appraisal::SummaryPayload;
use crate::notify::{self, Notice, NoticeKind};
use crate::tokens::token_hash;
use crate::{AppError, AppResult, Context, Refusal, audited, authorise_or_hide};
use chrono::NaiveDate;
use serde::Serialize;
use tandem_domain::appraisal::{
    AppraisalCitation, AppraisalKind, AppraisalSummary, SummaryId, SummaryLinkProblem,
    SummaryStatus, summary_text,
};
use tandem_domain::growth::{GoalId, GoalStatus};
use tandem_domain::{
    Action, Actor, ApplicationRole, LinkAction, PersonId, Relationship, RelationshipId,
    RelationshipKind, RelationshipStatus, can_by_link,
};
use tandem_storage::{Clash, StoreError};

/// The audit detail's part for a goal's citation: its kind code (never the date: a date of
/// someone's appraisal is personal data, and the log cannot be erased).
pub(crate) fn audit_citation(c: Option<&AppraisalCitation>) -> String {
    c.map(|c| format!("; appraisal={}", c.kind.code()))
        .unwrap_or_default()
}

/// A goal that cites an appraisal conversation, as the mentee's page and the manager's link show
/// it: nothing but these fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CitedGoal {
    pub id: GoalId,
    pub title: String,
    pub status: GoalStatus,
    pub kind: AppraisalKind,
    pub held_on: NaiveDate,
}

/// The mentee's page about their summary.
#[derive(Clone, Debug, Serialize)]
pub struct SummaryPage {
    pub relationship_id: RelationshipId,
    pub kind: RelationshipKind,
    pub status: RelationshipStatus,
    /// Closed as planned or ended early: a summary may be shared.
    pub ended: bool,
    /// The actor's goals in it that cite an appraisal conversation.
    pub goals: Vec<CitedGoal>,
    /// The line manager on record (`None`: none, so the option is explained, not offered).
    pub manager_name: Option<String>,
    pub summary: Option<AppraisalSummary>,
    /// A summary may be shared now.
    pub can_share: bool,
    /// Translation key of why sharing is not offered, when it is not and nothing is shared.
    pub unavailable: Option<&'static str>,
    /// The summary is still `sent` but its link expired unopened: the page says so (and the
    /// mentee may withdraw it to share anew), also after retention forgot the link's hash.
    pub link_expired: bool,
}

/// The mentee of `r`: the actor when they are its mentee, else its first mentee (`None` for a
/// relationship without one, such as a set).
fn mentee_of(r: &Relationship, actor: PersonId) -> Option<PersonId> {
    let is_mentee = |p: PersonId| {
        r.member(p)
            .is_some_and(|m| m.role == ApplicationRole::Mentee)
    };
    if is_mentee(actor) {
        return Some(actor);
    }
    r.members
        .iter()
        .find(|m| m.role == ApplicationRole::Mentee)
        .map(|m| m.person_id)
}

/// The relationship, when the actor is its mentee (`NotFound` otherwise).
async fn as_mentee(ctx: &Context, actor: &Actor, id: RelationshipId) -> AppResult<Found> {
    let found = access::find(ctx, actor, id).await?;
    let mentee = mentee_of(&found.relationship, actor.person_id);
    authorise_or_hide(
        actor,
        Action::ShareAppraisalSummary {
            relationship: found.facts,
            mentee,
        },
    )?;
    Ok(found)
}

fn ended(r: &Relationship) -> bool {
    matches!(
        r.status,
        RelationshipStatus::Closed | RelationshipStatus::Ended
    )
}

/// The person's goals in the relationship that cite an appraisal, oldest first.
async fn cited_goals(
    ctx: &Context,
    relationship: RelationshipId,
    person: PersonId,
) -> AppResult<Vec<CitedGoal>> {
    Ok(ctx
        .store
        .goals_of_relationship(relationship)
        .await?
        .into_iter()
        .filter(|g| g.person_id == person)
        .filter_map(|g| {
            g.appraisal.map(|a| CitedGoal {
                id: g.id,
                title: g.title,
                status: g.status,
                kind: a.kind,
                held_on: a.held_on,
            })
        })
        .collect())
}

/// The person's line manager on record (their primary employment's), never themselves.
async fn line_manager(ctx: &Context, person: PersonId) -> AppResult<Option<PersonId>> {
    let record = ctx.store.get_person(person).await?;
    Ok(primary_employment(&record.employments)
        .and_then(|e| e.line_manager_id)
        .filter(|m| *m != person))
}

/// The mentee's page: their appraisal goals, their manager, the summary shared if any.
pub async fn summary_page(
    ctx: &Context,
    actor: &Actor,
    relationship: RelationshipId,
) -> AppResult<SummaryPage> {
    let r = as_mentee(ctx, actor, relationship).await?.relationship;
    let goals = cited_goals(ctx, r.id, actor.person_id).await?;
    let manager = line_manager(ctx, actor.person_id).await?;
    let manager_name = match manager {
        Some(m) => Some(ctx.store.get_person(m).await?.person.display_name()),
        None => None,
    };
    let summary = ctx
        .store
        .appraisal_summary_of(r.id, actor.person_id)
        .await?;
    let live = summary
        .as_ref()
        .is_some_and(|s| s.status != SummaryStatus::Withdrawn);
    let now = ctx.now();
    let link_expired = summary
        .as_ref()
        .is_some_and(|s| s.status == SummaryStatus::Sent && s.expires_at.is_some_and(|e| e <= now));
    let unavailable = if live {
        None
    } else if !ended(&r) {
        Some("appraisal.unavailable.not_ended")
    } else if manager.is_none() {
        Some("appraisal.unavailable.no_manager")
    } else if goals.is_empty() {
        Some("appraisal.unavailable.no_goals")
    } else {
        None
    };
    Ok(SummaryPage {
        relationship_id: r.id,
        kind: r.kind,
        status: r.status,
        ended: ended(&r),
        can_share: !live && unavailable.is_none(),
        goals,
        manager_name,
        summary,
        unavailable,
        link_expired,
    })
}

/// Shares the mentee's summary with their line manager: checks, in order, that the actor is the
/// mentee (`NotFound`), that the relationship has ended (a refusal), the text, that there are
/// goals citing an appraisal, a line manager on record and no summary shared already (field
/// errors on `summary`). The manager's e-mail is queued in the same transaction.
pub async fn share_summary(
    ctx: &Context,
    actor: &Actor,
    relationship: RelationshipId,
    text: &str,
) -> AppResult<AppraisalSummary> {
    let r = as_mentee(ctx, actor, relationship).await?.relationship;
    if !ended(&r) {
        return Err(AppError::Refused(Refusal::RelationshipStage));
    }
    let text = summary_text(text).map_err(AppError::Validation)?;
    if cited_goals(ctx, r.id, actor.person_id).await?.is_empty() {
        return Err(AppError::field("summary", "error.appraisal.no_cited_goals"));
    }
    let Some(manager) = line_manager(ctx, actor.person_id).await? else {
        return Err(AppError::field(
            "summary",
            "error.appraisal.no_line_manager",
        ));
    };
    if let Some(s) = ctx
        .store
        .appraisal_summary_of(r.id, actor.person_id)
        .await?
        && s.status != SummaryStatus::Withdrawn
    {
        return Err(AppError::field("summary", "error.appraisal.already_shared"));
    }
    let summary = AppraisalSummary {
        id: SummaryId::new(),
        relationship_id: r.id,
        person_id: actor.person_id,
        manager_id: manager,
        text,
        status: SummaryStatus::Sent,
        created_at: ctx.now(),
        sent_at: None,
        expires_at: None,
        opened_at: None,
        withdrawn_at: None,
    };
    let notice = Notice::to_person(
        ctx,
        NoticeKind::AppraisalSummaryShared,
        manager,
        &summary.id.to_string(),
        SummaryPayload {
            summary: summary.id,
        },
    )?;
    let staged = notify::stage(ctx, vec![notice]).audited(
        ctx,
        Some(actor),
        "appraisal.summary.share",
        summary.id.to_string(),
        format!("relationship={}; manager={manager}", r.id),
    );
    match staged.store.share_appraisal_summary(&summary).await {
        Ok(()) => {}
        Err(StoreError::Refused(Clash::StatusChanged)) => {
            return Err(AppError::field("summary", "error.appraisal.already_shared"));
        }
        Err(e) => return Err(e.into()),
    }
    staged.done()?;
    Ok(summary)
}

/// Withdraws the mentee's summary before the manager opens it; the link then shows that it was
/// withdrawn. Once opened, or with none shared, there is nothing to withdraw (a field error;
/// nothing changes).
pub async fn withdraw_summary(
    ctx: &Context,
    actor: &Actor,
    relationship: RelationshipId,
) -> AppResult<()> {
    let r = as_mentee(ctx, actor, relationship).await?.relationship;
    let Some(s) = ctx
        .store
        .appraisal_summary_of(r.id, actor.person_id)
        .await?
    else {
        return Err(AppError::field(
            "summary",
            "error.appraisal.not_withdrawable",
        ));
    };
    if !s.withdrawable() {
        return Err(AppError::field(
            "summary",
            "error.appraisal.not_withdrawable",
        ));
    }
    let change = audited(
        ctx,
        Some(actor),
        "appraisal.summary.withdraw",
        s.id.to_string(),
        format!("relationship={}", r.id),
    );
    match change
        .store
        .withdraw_appraisal_summary(r.id, actor.person_id, ctx.now())
        .await
    {
        Ok(()) => change.done(),
        Err(StoreError::Refused(Clash::StatusChanged)) => Err(AppError::field(
            "summary",
            "error.appraisal.not_withdrawable",
        )),
        Err(e) => Err(e.into()),
    }
}

// ----- the line manager's link ---------------------------------------------------------------

/// What the manager's link shows, and nothing more.
#[derive(Clone, Debug, Serialize)]
pub struct ManagerSummary {
    pub mentee_name: String,
    pub goals: Vec<ManagerGoal>,
    pub summary: String,
}

/// A goal as the manager sees it: title, appraisal kind and date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ManagerGoal {
    pub title: String,
    pub kind: AppraisalKind,
    pub held_on: NaiveDate,
}

/// Why the link cannot be used now, if it cannot: the policy decides on the token's validity.
fn link_problem(
    found: Option<&AppraisalSummary>,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<SummaryLinkProblem> {
    let Some(s) = found else {
        return Some(SummaryLinkProblem::Unknown);
    };
    let problem = SummaryLinkProblem::of(s, now);
    if can_by_link(LinkAction::ReadAppraisalSummary {
        token_valid: problem.is_none(),
    }) {
        None
    } else {
        problem.or(Some(SummaryLinkProblem::Unknown))
    }
}

/// Checks a manager's link without using it (the page before opening): e-mail scanners that
/// follow links do not use it up.
pub async fn check_link(ctx: &Context, token: &str) -> AppResult<Option<SummaryLinkProblem>> {
    let found = ctx
        .store
        .appraisal_summary_by_link(&token_hash(token))
        .await?;
    Ok(link_problem(found.as_ref(), ctx.now()))
}

/// Opens the summary through the manager's link, once: the result, or why not (nothing
/// changes then).
pub async fn open_link(
    ctx: &Context,
    token: &str,
) -> AppResult<Result<ManagerSummary, SummaryLinkProblem>> {
    let hash = token_hash(token);
    let found = ctx.store.appraisal_summary_by_link(&hash).await?;
    if let Some(p) = link_problem(found.as_ref(), ctx.now()) {
        return Ok(Err(p));
    }
    let Some(s) = found else {
        return Ok(Err(SummaryLinkProblem::Unknown));
    };
    let change = audited(
        ctx,
        None,
        "appraisal.summary.open",
        s.id.to_string(),
        format!("manager={}", s.manager_id),
    );
    let Some(opened) = change
        .store
        .open_appraisal_summary(&hash, ctx.now())
        .await?
    else {
        // Withdrawn or opened in the meantime: say which.
        let now = ctx.now();
        let again = ctx.store.appraisal_summary_by_link(&hash).await?;
        return Ok(Err(
            link_problem(again.as_ref(), now).unwrap_or(SummaryLinkProblem::Used)
        ));
    };
    change.done()?;
    let mentee = ctx.store.get_person(opened.person_id).await?.person;
    let goals = cited_goals(ctx, opened.relationship_id, opened.person_id)
        .await?
        .into_iter()
        .map(|g| ManagerGoal {
            title: g.title,
            kind: g.kind,
            held_on: g.held_on,
        })
        .collect();
    Ok(Ok(ManagerSummary {
        mentee_name: mentee.display_name(),
        goals,
        summary: opened.text,
    }))
}
