//! API of goals tied to appraisal: the mentee's summary for their line manager at the end of a
//! relationship (see `tandem_app::appraisal`). The goals' citations themselves are fields of the
//! goal routes (`appraisal_kind`, `appraisal_on`). The manager's single-use link is a page, not
//! an API route: the manager has no token.
//!
//! Handlers only translate: who may do what, validation and auditing are in the use cases.

use super::auth::ApiUser;
use super::doc::{self, codes};
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tandem_app::appraisal as service;
use tandem_domain::RelationshipId;
use tandem_domain::appraisal::{AppraisalKind, AppraisalSummary, SummaryStatus};
use tandem_domain::growth::{GoalId, GoalStatus};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_summary, share_summary))
        .routes(routes!(withdraw_summary))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

/// Limits the use cases enforce, for the OpenAPI document.
pub(super) const BOUNDS: &[super::doc::Bound] = &[(
    "AppraisalSummaryInput",
    "summary",
    "maxLength",
    tandem_domain::appraisal::MAX_SUMMARY as u64,
)];

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CitedGoal)]
pub struct CitedGoalOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: GoalId,
    pub title: String,
    #[schema(value_type = codes::GoalStatus)]
    pub status: GoalStatus,
    #[schema(value_type = codes::AppraisalKind)]
    pub appraisal_kind: AppraisalKind,
    pub appraisal_on: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AppraisalSummary)]
pub struct SummaryOut {
    #[schema(value_type = codes::SummaryStatus)]
    pub status: SummaryStatus,
    pub summary: String,
    pub shared_at: DateTime<Utc>,
    #[schema(required = true)]
    pub sent_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub opened_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub withdrawn_at: Option<DateTime<Utc>>,
}

impl From<AppraisalSummary> for SummaryOut {
    fn from(s: AppraisalSummary) -> Self {
        Self {
            status: s.status,
            summary: s.text,
            shared_at: s.created_at,
            sent_at: s.sent_at,
            opened_at: s.opened_at,
            withdrawn_at: s.withdrawn_at,
        }
    }
}

/// The mentee's view of sharing a summary with their line manager.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AppraisalSummaryPage)]
pub struct SummaryPageOut {
    #[schema(value_type = uuid::Uuid)]
    pub relationship_id: RelationshipId,
    /// The relationship has ended (closed or ended early).
    pub ended: bool,
    /// The caller's goals in it that cite an appraisal conversation.
    pub goals: Vec<CitedGoalOut>,
    /// The caller's line manager on record (`null`: none, so sharing is not available).
    #[schema(required = true)]
    pub manager_name: Option<String>,
    /// The summary shared, if any.
    #[schema(required = true)]
    pub summary: Option<SummaryOut>,
    /// A summary may be shared now.
    pub can_share: bool,
    /// Translation key of why sharing is not available, when it is not and none is shared.
    #[schema(required = true)]
    pub unavailable: Option<String>,
    /// The summary is still `sent` but its single-use link expired before the manager opened
    /// it: the manager can no longer read it, so the mentee may withdraw it and share anew.
    pub link_expired: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = AppraisalSummaryInput)]
pub struct SummaryIn {
    #[serde(default)]
    pub summary: String,
}

fn id(raw: &str) -> ApiResult<RelationshipId> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

/// The caller's appraisal goals in the relationship, their line manager and the summary shared, if any. The relationship's mentee only; for anyone else it is not found.
#[utoipa::path(get, path = "/v1/relationships/{id}/appraisal-summary", operation_id = "getAppraisalSummary", tag = "growth", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")),
    responses((status = 200, description = "The summary page.", body = SummaryPageOut), (status = 404, response = doc::NotFound)))]
async fn get_summary(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<SummaryPageOut>> {
    let p = service::summary_page(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(SummaryPageOut {
        relationship_id: p.relationship_id,
        ended: p.ended,
        goals: p
            .goals
            .into_iter()
            .map(|g| CitedGoalOut {
                id: g.id,
                title: g.title,
                status: g.status,
                appraisal_kind: g.kind,
                appraisal_on: g.held_on,
            })
            .collect(),
        manager_name: p.manager_name,
        summary: p.summary.map(Into::into),
        can_share: p.can_share,
        unavailable: p.unavailable.map(str::to_string),
        link_expired: p.link_expired,
    }))
}

/// Shares a summary of progress on the caller's appraisal goals with their line manager, who is e-mailed a single-use link to it. Refused with 409 before the relationship has ended; 422 without goals citing an appraisal, without a line manager on record or with a summary already shared. The relationship's mentee only; for anyone else it is not found.
#[utoipa::path(post, path = "/v1/relationships/{id}/appraisal-summary", operation_id = "shareAppraisalSummary", tag = "growth", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")), request_body = SummaryIn,
    responses((status = 201, description = "Shared.", body = SummaryOut), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict), (status = 422, response = doc::Invalid)))]
async fn share_summary(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<SummaryIn>,
) -> ApiResult<Response> {
    let s = service::share_summary(&state.app, user.actor(), id(&raw)?, &body.summary).await?;
    Ok((StatusCode::CREATED, Json(SummaryOut::from(s))).into_response())
}

/// Withdraws the caller's summary before their line manager opens it (422 once it was opened); the link then says it was withdrawn. The relationship's mentee only; for anyone else it is not found.
#[utoipa::path(post, path = "/v1/relationships/{id}/appraisal-summary/withdraw", operation_id = "withdrawAppraisalSummary", tag = "growth", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")),
    responses((status = 204, description = "Withdrawn."), (status = 404, response = doc::NotFound), (status = 422, response = doc::Invalid)))]
async fn withdraw_summary(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<StatusCode> {
    service::withdraw_summary(&state.app, user.actor(), id(&raw)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
