//! API of personal growth: goals per person per relationship, the scheme coordinator's goal
//! counts, the reflective log with its sharing, the CPD record (also as CSV) and one's listing in
//! the opt-in directory (its search and the conversation requests are `api/peers.rs`).
//!
//! Handlers only translate: who may see what, validation and auditing are in
//! `services::growth`. Bodies are this module's own types, whose schemas are derived for the OpenAPI document.

use super::auth::ApiUser;
use super::doc::{self, codes};
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tandem_app::growth::{self as service, GoalView, ReflectionView};
use tandem_domain::growth::{
    CpdActivity, CpdActivityId, CpdInput, CpdSource, DirectoryListing, GoalId, GoalInput,
    GoalStatus, Reflection, ReflectionId, ReflectionInput,
};
use tandem_domain::{FrameworkDimension, PersonId, RelationshipId, RelationshipKind};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_goals, create_goal))
        .routes(routes!(get_goal, put_goal))
        .routes(routes!(goal_counts))
        .routes(routes!(list_reflections, create_reflection))
        .routes(routes!(get_reflection))
        .routes(routes!(put_sharing))
        .routes(routes!(get_cpd, create_cpd))
        .routes(routes!(delete_cpd))
        .routes(routes!(cpd_csv))
        .routes(routes!(get_listing, put_listing, delete_listing))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

/// Limits the use cases enforce, for the OpenAPI document (see [`super::doc::Bound`]).
pub(super) const BOUNDS: &[super::doc::Bound] = {
    use tandem_domain::growth::{MAX_CPD_MINUTES, MAX_INTERESTS, MAX_LONG_TEXT};
    use tandem_domain::validate::MAX_TEXT;
    const LONG: u64 = MAX_LONG_TEXT as u64;
    &[
        ("GoalInput", "title", "maxLength", MAX_TEXT as u64),
        ("GoalInput", "progress_note", "maxLength", LONG),
        ("ReflectionInput", "text", "maxLength", LONG),
        ("CpdActivityInput", "activity", "maxLength", MAX_TEXT as u64),
        ("CpdActivityInput", "reflection", "maxLength", LONG),
        ("CpdActivityInput", "minutes", "minimum", 1),
        (
            "CpdActivityInput",
            "minutes",
            "maximum",
            MAX_CPD_MINUTES as u64,
        ),
        (
            "DirectoryListingInput",
            "interests",
            "maxLength",
            MAX_INTERESTS as u64,
        ),
    ]
};

// ---------------------------------------------------------------------------------------------
// Bodies

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Goal)]
pub struct GoalOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: GoalId,
    #[schema(value_type = uuid::Uuid)]
    pub relationship_id: RelationshipId,
    #[schema(value_type = uuid::Uuid)]
    pub person_id: PersonId,
    pub owner_name: String,
    pub mine: bool,
    pub title: String,
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    pub dimensions: Vec<FrameworkDimension>,
    #[schema(value_type = codes::GoalStatus)]
    pub status: GoalStatus,
    pub progress_note: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The kind of appraisal conversation the goal came from, if it cites one.
    #[schema(value_type = Option<codes::AppraisalKind>, required = true)]
    pub appraisal_kind: Option<tandem_domain::appraisal::AppraisalKind>,
    /// When that conversation was held.
    #[schema(required = true)]
    pub appraisal_on: Option<NaiveDate>,
}

impl From<GoalView> for GoalOut {
    fn from(v: GoalView) -> Self {
        let g = v.goal;
        GoalOut {
            id: g.id,
            relationship_id: g.relationship_id,
            person_id: g.person_id,
            owner_name: v.owner_name,
            mine: v.mine,
            title: g.title,
            dimensions: g.dimensions,
            status: g.status,
            progress_note: g.progress_note,
            created_at: g.created_at,
            updated_at: g.updated_at,
            appraisal_kind: g.appraisal.map(|a| a.kind),
            appraisal_on: g.appraisal.map(|a| a.held_on),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = GoalInput)]
pub struct GoalIn {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    pub dimensions: Vec<FrameworkDimension>,
    #[schema(value_type = Option<codes::GoalStatus>)]
    pub status: Option<GoalStatus>,
    #[serde(default)]
    pub progress_note: String,
    /// The kind of appraisal conversation the goal came from (a code); with `appraisal_on`, or
    /// both left out for none.
    #[serde(default)]
    #[schema(value_type = Option<codes::AppraisalKind>)]
    pub appraisal_kind: Option<String>,
    /// When that conversation was held (`YYYY-MM-DD`, not in the future).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub appraisal_on: Option<String>,
}

impl From<GoalIn> for GoalInput {
    fn from(g: GoalIn) -> Self {
        GoalInput {
            title: g.title,
            dimensions: g.dimensions,
            status: g.status,
            progress_note: g.progress_note,
            appraisal: tandem_domain::appraisal::CitationInput {
                kind: g.appraisal_kind.unwrap_or_default(),
                held_on: g.appraisal_on.unwrap_or_default(),
            },
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = GoalCount)]
pub struct GoalCountOut {
    #[schema(value_type = codes::GoalStatus)]
    pub status: GoalStatus,
    pub count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Reflection)]
pub struct ReflectionOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: ReflectionId,
    #[schema(value_type = uuid::Uuid)]
    pub person_id: PersonId,
    pub author_name: String,
    pub mine: bool,
    pub written_on: NaiveDate,
    pub text: String,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub relationship_id: Option<RelationshipId>,
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    pub dimensions: Vec<FrameworkDimension>,
    /// Only shown to the author: where they shared it (`null` = private).
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub shared_with: Option<RelationshipId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ReflectionOut {
    fn of(r: Reflection, author_name: String, mine: bool) -> Self {
        ReflectionOut {
            id: r.id,
            person_id: r.person_id,
            author_name,
            mine,
            written_on: r.written_on,
            text: r.text,
            relationship_id: r.relationship_id,
            dimensions: r.dimensions,
            shared_with: r.shared_with,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

impl From<ReflectionView> for ReflectionOut {
    fn from(v: ReflectionView) -> Self {
        ReflectionOut::of(v.reflection, v.author_name, v.mine)
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ReflectiveLog)]
pub struct ReflectiveLogOut {
    pub own: Vec<ReflectionOut>,
    pub shared_with_me: Vec<ReflectionOut>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = ReflectionInput)]
pub struct ReflectionIn {
    #[serde(
        default,
        deserialize_with = "tandem_domain::text::serde_date::optional"
    )]
    pub written_on: Option<NaiveDate>,
    #[serde(default)]
    pub text: String,
    #[schema(value_type = Option<uuid::Uuid>)]
    pub relationship_id: Option<RelationshipId>,
    #[serde(default)]
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    pub dimensions: Vec<FrameworkDimension>,
    /// A relationship to share with; absent or `null` = private.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub shared_with: Option<RelationshipId>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = SharingInput)]
pub struct SharingIn {
    #[schema(value_type = Option<uuid::Uuid>)]
    pub shared_with: Option<RelationshipId>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CpdLine)]
pub struct CpdLineOut {
    pub done_on: NaiveDate,
    #[schema(value_type = codes::CpdSource)]
    pub source: CpdSource,
    pub activity: String,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub relationship_id: Option<RelationshipId>,
    #[schema(value_type = Option<codes::RelationshipKind>, required = true)]
    pub relationship_kind: Option<RelationshipKind>,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub activity_id: Option<CpdActivityId>,
    pub minutes: u32,
    pub participatory: bool,
    pub reflection: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CpdRecord)]
pub struct CpdRecordOut {
    #[schema(value_type = uuid::Uuid)]
    pub person_id: PersonId,
    pub lines: Vec<CpdLineOut>,
    pub total_minutes: u64,
    pub participatory_minutes: u64,
    pub meets_nmc_revalidation_hours: bool,
}

impl From<service::CpdRecord> for CpdRecordOut {
    fn from(c: service::CpdRecord) -> Self {
        let kinds = c.kinds;
        CpdRecordOut {
            person_id: c.person_id,
            total_minutes: c.totals.minutes,
            participatory_minutes: c.totals.participatory_minutes,
            meets_nmc_revalidation_hours: c.meets_nmc,
            lines: c
                .lines
                .into_iter()
                .map(|l| CpdLineOut {
                    relationship_kind: l.relationship_id.and_then(|r| kinds.get(&r).copied()),
                    done_on: l.done_on,
                    source: l.source,
                    activity: l.activity,
                    relationship_id: l.relationship_id,
                    activity_id: l.activity_id,
                    minutes: l.minutes,
                    participatory: l.participatory,
                    reflection: l.reflection,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = CpdActivityInput)]
pub struct CpdIn {
    #[serde(default)]
    pub activity: String,
    #[serde(
        default,
        deserialize_with = "tandem_domain::text::serde_date::optional"
    )]
    pub done_on: Option<NaiveDate>,
    pub minutes: Option<u32>,
    #[serde(default)]
    pub participatory: bool,
    #[serde(default)]
    pub reflection: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CpdActivity)]
pub struct CpdActivityOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: CpdActivityId,
    pub activity: String,
    pub done_on: NaiveDate,
    pub minutes: u32,
    pub participatory: bool,
    pub reflection: String,
    pub created_at: DateTime<Utc>,
}

impl From<CpdActivity> for CpdActivityOut {
    fn from(a: CpdActivity) -> Self {
        CpdActivityOut {
            id: a.id,
            activity: a.activity,
            done_on: a.done_on,
            minutes: a.minutes,
            participatory: a.participatory,
            reflection: a.reflection,
            created_at: a.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = DirectoryListing)]
pub struct ListingOut {
    pub listed: bool,
    pub interests: String,
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    pub dimensions: Vec<FrameworkDimension>,
    #[schema(required = true)]
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<Option<DirectoryListing>> for ListingOut {
    fn from(l: Option<DirectoryListing>) -> Self {
        match l {
            Some(l) => ListingOut {
                listed: true,
                interests: l.interests,
                dimensions: l.dimensions,
                updated_at: Some(l.updated_at),
            },
            None => ListingOut {
                listed: false,
                interests: String::new(),
                dimensions: Vec::new(),
                updated_at: None,
            },
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = DirectoryListingInput)]
pub struct ListingIn {
    #[serde(default)]
    pub interests: String,
    #[serde(default)]
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    pub dimensions: Vec<FrameworkDimension>,
}

// ---------------------------------------------------------------------------------------------
// Handlers

fn id<T: std::str::FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

/// The goals every member set in the relationship, oldest first. Current members of the relationship only; for anyone else it is not found.
#[utoipa::path(get, path = "/v1/relationships/{id}/goals", operation_id = "listGoals", tag = "growth", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")),
    responses((status = 200, description = "The goals.", body = Vec<GoalOut>), (status = 404, response = doc::NotFound)))]
async fn list_goals(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<GoalOut>>> {
    let view = service::goals(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(view.goals.into_iter().map(Into::into).collect()))
}

/// Sets a goal of the caller's own in the relationship (refused with 409 once it has closed). Current members of the relationship only; for anyone else it is not found.
#[utoipa::path(post, path = "/v1/relationships/{id}/goals", operation_id = "createGoal", tag = "growth", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")), request_body = GoalIn,
    responses((status = 201, description = "The new goal.", body = GoalOut), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn create_goal(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<GoalIn>,
) -> ApiResult<Response> {
    let g = service::add_goal(&state.app, user.actor(), id(&raw)?, body.into()).await?;
    let view = service::get_goal(&state.app, user.actor(), g.id).await?;
    Ok((StatusCode::CREATED, Json(GoalOut::from(view))).into_response())
}

/// One goal. Current members of the relationship only; for anyone else it is not found.
#[utoipa::path(get, path = "/v1/goals/{id}", operation_id = "getGoal", tag = "growth", params(("id" = uuid::Uuid, Path, description = "Id of the goal.")),
    responses((status = 200, description = "The goal.", body = GoalOut), (status = 404, response = doc::NotFound)))]
async fn get_goal(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<GoalOut>> {
    let view = service::get_goal(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(view.into()))
}

/// Updates the caller's own goal: title, dimensions, progress and the appraisal conversation it cites. Other members get 403; anyone else 404.
#[utoipa::path(put, path = "/v1/goals/{id}", operation_id = "updateGoal", tag = "growth", params(("id" = uuid::Uuid, Path, description = "Id of the goal.")), request_body = GoalIn,
    responses((status = 200, description = "The goal now.", body = GoalOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
async fn put_goal(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<GoalIn>,
) -> ApiResult<Json<GoalOut>> {
    let goal = id(&raw)?;
    service::update_goal(&state.app, user.actor(), goal, body.into()).await?;
    let view = service::get_goal(&state.app, user.actor(), goal).await?;
    Ok(Json(view.into()))
}

/// How many goals stand at each status across the scheme: the scheme coordinator's view, counts only. Refused for anyone else.
#[utoipa::path(get, path = "/v1/goal-counts", operation_id = "getGoalCounts", tag = "growth",
    responses((status = 200, description = "A count per status.", body = Vec<GoalCountOut>), (status = 403, response = doc::Forbidden)))]
async fn goal_counts(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<GoalCountOut>>> {
    let counts = service::goal_counts(&state.app, user.actor()).await?;
    Ok(Json(
        counts
            .into_iter()
            .map(|(status, count)| GoalCountOut { status, count })
            .collect(),
    ))
}

/// The caller's own reflective log, and the entries others shared with relationships the caller is a current member of.
#[utoipa::path(get, path = "/v1/reflections", operation_id = "listReflections", tag = "growth",
    responses((status = 200, description = "The log.", body = ReflectiveLogOut)))]
async fn list_reflections(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<ReflectiveLogOut>> {
    let log = service::reflective_log(&state.app, user.actor()).await?;
    let me = user.0.person.display_name();
    Ok(Json(ReflectiveLogOut {
        own: log
            .own
            .into_iter()
            .map(|r| ReflectionOut::of(r, me.clone(), true))
            .collect(),
        shared_with_me: log.shared_with_me.into_iter().map(Into::into).collect(),
    }))
}

/// Adds an entry to the caller's log. Private unless `shared_with` names one of the caller's current relationships.
#[utoipa::path(post, path = "/v1/reflections", operation_id = "createReflection", tag = "growth", request_body = ReflectionIn,
    responses((status = 201, description = "The new entry.", body = ReflectionOut)))]
async fn create_reflection(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<ReflectionIn>,
) -> ApiResult<Response> {
    let input = ReflectionInput {
        written_on: body.written_on,
        text: body.text,
        relationship_id: body.relationship_id,
        dimensions: body.dimensions,
    };
    let r = service::add_reflection(&state.app, user.actor(), input, body.shared_with).await?;
    let out = ReflectionOut::of(r, user.0.person.display_name(), true);
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// One entry: for its author, or for a current member of the relationship it is shared with. Anyone else, coordinators included, gets 404.
#[utoipa::path(get, path = "/v1/reflections/{id}", operation_id = "getReflection", tag = "growth", params(("id" = uuid::Uuid, Path, description = "Id of the reflection.")),
    responses((status = 200, description = "The entry.", body = ReflectionOut), (status = 404, response = doc::NotFound)))]
async fn get_reflection(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<ReflectionOut>> {
    let view = service::get_reflection(&state.app, user.actor(), id(&raw)?).await?;
    let mut out = ReflectionOut::from(view);
    if !out.mine {
        // Where the author shared it is theirs to know; a reader only knows they may read it.
        out.shared_with = None;
    }
    Ok(Json(out))
}

/// Shares the caller's own entry with one of their current relationships, or makes it private again (`null`).
#[utoipa::path(put, path = "/v1/reflections/{id}/sharing", operation_id = "setReflectionSharing", tag = "growth", params(("id" = uuid::Uuid, Path, description = "Id of the reflection.")), request_body = SharingIn,
    responses((status = 200, description = "The entry now.", body = ReflectionOut), (status = 404, response = doc::NotFound)))]
async fn put_sharing(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<SharingIn>,
) -> ApiResult<Json<ReflectionOut>> {
    let r =
        service::share_reflection(&state.app, user.actor(), id(&raw)?, body.shared_with).await?;
    Ok(Json(ReflectionOut::of(
        r,
        user.0.person.display_name(),
        true,
    )))
}

/// The caller's CPD record: sessions held in their relationships (participatory) and the activities they added, most recent first, with totals in minutes.
#[utoipa::path(get, path = "/v1/cpd", operation_id = "getCpdRecord", tag = "growth",
    responses((status = 200, description = "The record.", body = CpdRecordOut)))]
async fn get_cpd(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<CpdRecordOut>> {
    let record = service::cpd_record(&state.app, user.actor()).await?;
    Ok(Json(record.into()))
}

/// Adds a learning activity to the caller's CPD record.
#[utoipa::path(post, path = "/v1/cpd", operation_id = "createCpdActivity", tag = "growth", request_body = CpdIn,
    responses((status = 201, description = "The new activity.", body = CpdActivityOut)))]
async fn create_cpd(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<CpdIn>,
) -> ApiResult<Response> {
    let input = CpdInput {
        activity: body.activity,
        done_on: body.done_on,
        minutes: body.minutes,
        participatory: body.participatory,
        reflection: body.reflection,
    };
    let a = service::add_cpd(&state.app, user.actor(), input).await?;
    Ok((StatusCode::CREATED, Json(CpdActivityOut::from(a))).into_response())
}

/// Removes one of the caller's own CPD activities.
#[utoipa::path(delete, path = "/v1/cpd/activities/{id}", operation_id = "deleteCpdActivity", tag = "growth", params(("id" = uuid::Uuid, Path, description = "Id of the CPD activity.")),
    responses((status = 204, description = "Removed."), (status = 404, response = doc::NotFound)))]
async fn delete_cpd(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<StatusCode> {
    service::delete_cpd(&state.app, user.actor(), id(&raw)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's CPD record as CSV (UTF-8 with a byte order mark, RFC 4180 quoting, headed in the caller's language), totals on the last line.
#[utoipa::path(get, path = "/v1/cpd/export.csv", operation_id = "exportCpdRecord", tag = "growth",
    responses((status = 200, description = "The file, as an attachment.", content_type = "text/csv", body = String)))]
async fn cpd_csv(State(state): State<AppState>, user: ApiUser) -> ApiResult<Response> {
    let record = service::cpd_record(&state.app, user.actor()).await?;
    let body = tandem_app::growth::cpd_csv(&record, user.0.person.language);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"cpd-record.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// Whether the caller is listed in the directory, and what they show.
#[utoipa::path(get, path = "/v1/directory/listing", operation_id = "getDirectoryListing", tag = "growth",
    responses((status = 200, description = "The listing.", body = ListingOut)))]
async fn get_listing(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<ListingOut>> {
    Ok(Json(
        service::my_listing(&state.app, user.actor()).await?.into(),
    ))
}

/// Opts the caller in to the directory, or changes what they show (interests as text and/or dimensions; at least one).
#[utoipa::path(put, path = "/v1/directory/listing", operation_id = "setDirectoryListing", tag = "growth", request_body = ListingIn,
    responses((status = 200, description = "The listing now.", body = ListingOut)))]
async fn put_listing(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<ListingIn>,
) -> ApiResult<Json<ListingOut>> {
    let l = service::opt_in(&state.app, user.actor(), &body.interests, &body.dimensions).await?;
    Ok(Json(Some(l).into()))
}

/// Opts the caller out of the directory: their listing is deleted.
#[utoipa::path(delete, path = "/v1/directory/listing", operation_id = "removeDirectoryListing", tag = "growth",
    responses((status = 204, description = "Not listed (any more).")))]
async fn delete_listing(State(state): State<AppState>, user: ApiUser) -> ApiResult<StatusCode> {
    service::opt_out(&state.app, user.actor()).await?;
    Ok(StatusCode::NO_CONTENT)
}
