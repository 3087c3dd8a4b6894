//! API of personal growth: goals per person per relationship, the scheme coordinator's goal
//! counts, the reflective log with its sharing, the CPD record (also as CSV) and the opt-in
//! directory.
//!
//! Handlers only translate: who may see what, validation and auditing are in
//! `services::growth`. Bodies are this module's own types, described one for one in [`schemas`].

use super::auth::ApiUser;
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use super::openapi::{
    JSON_ERRORS, array_of, date, id_param, input, json_body, names, object, ok, op, query, r, uuid,
    with,
};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, put};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use tandem_app::growth::{self as service, GoalView, ReflectionView};
use tandem_domain::growth::{
    CpdActivity, CpdActivityId, CpdInput, CpdSource, DirectoryEntry, DirectoryListing, GoalId,
    GoalInput, GoalStatus, MAX_CPD_MINUTES, MAX_INTERESTS, MAX_LONG_TEXT, Reflection, ReflectionId,
    ReflectionInput,
};
use tandem_domain::validate::MAX_TEXT;
use tandem_domain::{FrameworkDimension, PersonId, RelationshipId, RelationshipKind};

/// This area's routes (paths below `/api`).
pub(super) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    let json = || DefaultBodyLimit::max(MAX_JSON_BYTES);
    vec![
        (
            "/v1/relationships/{id}/goals",
            get(list_goals).post(create_goal).layer(json()),
        ),
        ("/v1/goals/{id}", get(get_goal).put(put_goal).layer(json())),
        ("/v1/goal-counts", get(goal_counts)),
        (
            "/v1/reflections",
            get(list_reflections).post(create_reflection).layer(json()),
        ),
        ("/v1/reflections/{id}", get(get_reflection)),
        (
            "/v1/reflections/{id}/sharing",
            put(put_sharing).layer(json()),
        ),
        ("/v1/cpd", get(get_cpd).post(create_cpd).layer(json())),
        ("/v1/cpd/activities/{id}", axum::routing::delete(delete_cpd)),
        ("/v1/cpd/export.csv", get(cpd_csv)),
        ("/v1/directory", get(directory)),
        (
            "/v1/directory/listing",
            get(get_listing)
                .put(put_listing)
                .delete(delete_listing)
                .layer(json()),
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Bodies

#[derive(Debug, Serialize)]
pub struct GoalOut {
    pub id: GoalId,
    pub relationship_id: RelationshipId,
    pub person_id: PersonId,
    pub owner_name: String,
    pub mine: bool,
    pub title: String,
    pub dimensions: Vec<FrameworkDimension>,
    pub status: GoalStatus,
    pub progress_note: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
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
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct GoalIn {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub dimensions: Vec<FrameworkDimension>,
    pub status: Option<GoalStatus>,
    #[serde(default)]
    pub progress_note: String,
}

impl From<GoalIn> for GoalInput {
    fn from(g: GoalIn) -> Self {
        GoalInput {
            title: g.title,
            dimensions: g.dimensions,
            status: g.status,
            progress_note: g.progress_note,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct GoalCountOut {
    pub status: GoalStatus,
    pub count: u64,
}

#[derive(Debug, Serialize)]
pub struct ReflectionOut {
    pub id: ReflectionId,
    pub person_id: PersonId,
    pub author_name: String,
    pub mine: bool,
    pub written_on: NaiveDate,
    pub text: String,
    pub relationship_id: Option<RelationshipId>,
    pub dimensions: Vec<FrameworkDimension>,
    /// Only shown to the author: where they shared it (`null` = private).
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

#[derive(Debug, Serialize)]
pub struct ReflectiveLogOut {
    pub own: Vec<ReflectionOut>,
    pub shared_with_me: Vec<ReflectionOut>,
}

#[derive(Debug, Deserialize)]
pub struct ReflectionIn {
    pub written_on: Option<NaiveDate>,
    #[serde(default)]
    pub text: String,
    pub relationship_id: Option<RelationshipId>,
    #[serde(default)]
    pub dimensions: Vec<FrameworkDimension>,
    /// A relationship to share with; absent or `null` = private.
    pub shared_with: Option<RelationshipId>,
}

#[derive(Debug, Deserialize)]
pub struct SharingIn {
    pub shared_with: Option<RelationshipId>,
}

#[derive(Debug, Serialize)]
pub struct CpdLineOut {
    pub done_on: NaiveDate,
    pub source: CpdSource,
    pub activity: String,
    pub relationship_id: Option<RelationshipId>,
    pub relationship_kind: Option<RelationshipKind>,
    pub activity_id: Option<CpdActivityId>,
    pub minutes: u32,
    pub participatory: bool,
    pub reflection: String,
}

#[derive(Debug, Serialize)]
pub struct CpdRecordOut {
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

#[derive(Debug, Deserialize)]
pub struct CpdIn {
    #[serde(default)]
    pub activity: String,
    pub done_on: Option<NaiveDate>,
    pub minutes: Option<u32>,
    #[serde(default)]
    pub participatory: bool,
    #[serde(default)]
    pub reflection: String,
}

#[derive(Debug, Serialize)]
pub struct CpdActivityOut {
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

#[derive(Debug, Deserialize)]
pub struct DirectoryQuery {
    #[serde(default)]
    pub q: String,
    pub dimension: Option<FrameworkDimension>,
}

#[derive(Debug, Serialize)]
pub struct DirectoryEntryOut {
    pub person_id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub job_title: String,
    pub organisation: String,
    pub interests: String,
    pub dimensions: Vec<FrameworkDimension>,
}

impl From<DirectoryEntry> for DirectoryEntryOut {
    fn from(e: DirectoryEntry) -> Self {
        DirectoryEntryOut {
            person_id: e.person_id,
            given_name: e.given_name,
            family_name: e.family_name,
            job_title: e.job_title,
            organisation: e.organisation,
            interests: e.interests,
            dimensions: e.dimensions,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ListingOut {
    pub listed: bool,
    pub interests: String,
    pub dimensions: Vec<FrameworkDimension>,
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

#[derive(Debug, Deserialize)]
pub struct ListingIn {
    #[serde(default)]
    pub interests: String,
    #[serde(default)]
    pub dimensions: Vec<FrameworkDimension>,
}

// ---------------------------------------------------------------------------------------------
// Handlers

fn id<T: std::str::FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

async fn list_goals(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<GoalOut>>> {
    let view = service::goals(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(view.goals.into_iter().map(Into::into).collect()))
}

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

async fn get_goal(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<GoalOut>> {
    let view = service::get_goal(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(view.into()))
}

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

async fn get_cpd(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<CpdRecordOut>> {
    let record = service::cpd_record(&state.app, user.actor()).await?;
    Ok(Json(record.into()))
}

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

async fn delete_cpd(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<StatusCode> {
    service::delete_cpd(&state.app, user.actor(), id(&raw)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

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

async fn directory(
    State(state): State<AppState>,
    user: ApiUser,
    params: Result<Query<DirectoryQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Vec<DirectoryEntryOut>>> {
    let Query(p) = params.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    let list = service::directory(&state.app, user.actor(), &p.q, p.dimension).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

async fn get_listing(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<ListingOut>> {
    Ok(Json(
        service::my_listing(&state.app, user.actor()).await?.into(),
    ))
}

async fn put_listing(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<ListingIn>,
) -> ApiResult<Json<ListingOut>> {
    let l = service::opt_in(&state.app, user.actor(), &body.interests, &body.dimensions).await?;
    Ok(Json(Some(l).into()))
}

async fn delete_listing(State(state): State<AppState>, user: ApiUser) -> ApiResult<StatusCode> {
    service::opt_out(&state.app, user.actor()).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------------------------------------
// OpenAPI

/// This area's OpenAPI paths (with the `/api` prefix).
pub(super) fn paths() -> Map<String, Value> {
    let write = with(&JSON_ERRORS, &["404"]);
    let members = "Current members of the relationship only; for anyone else it is not found.";
    let v = json!({
        "/api/v1/relationships/{id}/goals": {
            "get": op("listGoals", "growth", &format!("The goals every member set in the relationship, oldest first. {members}"),
                vec![id_param("relationship")], None, ("200", ok("The goals.", array_of(r("Goal")))), &["404"]),
            "post": op("createGoal", "growth", &format!("Sets a goal of the caller's own in the relationship (refused with 409 once it has closed). {members}"),
                vec![id_param("relationship")], Some(json_body("GoalInput")), ("201", ok("The new goal.", r("Goal"))), &with(&write, &["409"])),
        },
        "/api/v1/goals/{id}": {
            "get": op("getGoal", "growth", &format!("One goal. {members}"),
                vec![id_param("goal")], None, ("200", ok("The goal.", r("Goal"))), &["404"]),
            "put": op("updateGoal", "growth", "Updates the caller's own goal: title, dimensions and progress. Other members get 403; anyone else 404.",
                vec![id_param("goal")], Some(json_body("GoalInput")), ("200", ok("The goal now.", r("Goal"))), &with(&write, &["403"])),
        },
        "/api/v1/goal-counts": {
            "get": op("getGoalCounts", "growth", "How many goals stand at each status across the scheme: the scheme coordinator's view, counts only. Refused for anyone else.",
                vec![], None, ("200", ok("A count per status.", array_of(r("GoalCount")))), &["403"]),
        },
        "/api/v1/reflections": {
            "get": op("listReflections", "growth", "The caller's own reflective log, and the entries others shared with relationships the caller is a current member of.",
                vec![], None, ("200", ok("The log.", r("ReflectiveLog"))), &[]),
            "post": op("createReflection", "growth", "Adds an entry to the caller's log. Private unless `shared_with` names one of the caller's current relationships.",
                vec![], Some(json_body("ReflectionInput")), ("201", ok("The new entry.", r("Reflection"))), &JSON_ERRORS),
        },
        "/api/v1/reflections/{id}": {
            "get": op("getReflection", "growth", "One entry: for its author, or for a current member of the relationship it is shared with. Anyone else, coordinators included, gets 404.",
                vec![id_param("reflection")], None, ("200", ok("The entry.", r("Reflection"))), &["404"]),
        },
        "/api/v1/reflections/{id}/sharing": {
            "put": op("setReflectionSharing", "growth", "Shares the caller's own entry with one of their current relationships, or makes it private again (`null`).",
                vec![id_param("reflection")], Some(json_body("SharingInput")), ("200", ok("The entry now.", r("Reflection"))), &write),
        },
        "/api/v1/cpd": {
            "get": op("getCpdRecord", "growth", "The caller's CPD record: sessions held in their relationships (participatory) and the activities they added, most recent first, with totals in minutes.",
                vec![], None, ("200", ok("The record.", r("CpdRecord"))), &[]),
            "post": op("createCpdActivity", "growth", "Adds a learning activity to the caller's CPD record.",
                vec![], Some(json_body("CpdActivityInput")), ("201", ok("The new activity.", r("CpdActivity"))), &JSON_ERRORS),
        },
        "/api/v1/cpd/activities/{id}": {
            "delete": {
                "operationId": "deleteCpdActivity",
                "tags": ["growth"],
                "summary": "Removes one of the caller's own CPD activities.",
                "parameters": [id_param("CPD activity")],
                "responses": {
                    "204": { "description": "Removed." },
                    "401": super::openapi::err("Unauthenticated"),
                    "404": super::openapi::err("NotFound"),
                    "500": super::openapi::err("Internal"),
                },
            },
        },
        "/api/v1/cpd/export.csv": {
            "get": {
                "operationId": "exportCpdRecord",
                "tags": ["growth"],
                "summary": "The caller's CPD record as CSV (UTF-8 with a byte order mark, RFC 4180 quoting, headed in the caller's language), totals on the last line.",
                "responses": {
                    "200": { "description": "The file, as an attachment.", "content": { "text/csv": { "schema": { "type": "string" } } } },
                    "401": super::openapi::err("Unauthenticated"),
                    "500": super::openapi::err("Internal"),
                },
            },
        },
        "/api/v1/directory": {
            "get": op("searchDirectory", "growth", "Participants across the scheme's organisations who opted in to the directory, by family name. People who did not opt in never appear.",
                vec![
                    query("q", "Text contained in the name, job title, organisation or interests, case-insensitively.", json!({ "type": "string" })),
                    query("dimension", "Only people showing this framework dimension.", r("FrameworkDimension")),
                ], None, ("200", ok("The listed participants.", array_of(r("DirectoryEntry")))), &["400"]),
        },
        "/api/v1/directory/listing": {
            "get": op("getDirectoryListing", "growth", "Whether the caller is listed in the directory, and what they show.",
                vec![], None, ("200", ok("The listing.", r("DirectoryListing"))), &[]),
            "put": op("setDirectoryListing", "growth", "Opts the caller in to the directory, or changes what they show (interests as text and/or dimensions; at least one).",
                vec![], Some(json_body("DirectoryListingInput")), ("200", ok("The listing now.", r("DirectoryListing"))), &JSON_ERRORS),
            "delete": {
                "operationId": "removeDirectoryListing",
                "tags": ["growth"],
                "summary": "Opts the caller out of the directory: their listing is deleted.",
                "responses": {
                    "204": { "description": "Not listed (any more)." },
                    "401": super::openapi::err("Unauthenticated"),
                    "500": super::openapi::err("Internal"),
                },
            },
        },
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// This area's OpenAPI schemas.
pub(super) fn schemas() -> Map<String, Value> {
    let dims = array_of(r("FrameworkDimension"));
    let nullable_uuid = json!({ "type": ["string", "null"], "format": "uuid" });
    let ts = json!({ "type": "string", "format": "date-time" });
    let v = json!({
        "GoalStatus": { "type": "string", "enum": names(&GoalStatus::ALL) },
        "Goal": object(json!({
            "id": uuid(),
            "relationship_id": uuid(),
            "person_id": uuid(),
            "owner_name": { "type": "string" },
            "mine": { "type": "boolean", "description": "The caller owns it and may update it." },
            "title": { "type": "string" },
            "dimensions": dims.clone(),
            "status": r("GoalStatus"),
            "progress_note": { "type": "string" },
            "created_at": ts.clone(),
            "updated_at": ts.clone(),
        })),
        "GoalInput": input(json!({
            "title": { "type": "string", "maxLength": MAX_TEXT },
            "dimensions": dims.clone(),
            "status": r("GoalStatus"),
            "progress_note": { "type": "string", "maxLength": MAX_LONG_TEXT },
        }), &["title", "status"]),
        "GoalCount": object(json!({
            "status": r("GoalStatus"),
            "count": { "type": "integer", "minimum": 0 },
        })),
        "Reflection": object(json!({
            "id": uuid(),
            "person_id": uuid(),
            "author_name": { "type": "string" },
            "mine": { "type": "boolean" },
            "written_on": date(),
            "text": { "type": "string" },
            "relationship_id": nullable_uuid.clone(),
            "dimensions": dims.clone(),
            "shared_with": { "type": ["string", "null"], "format": "uuid", "description": "The relationship whose members may read it; null = private. Only shown to the author." },
            "created_at": ts.clone(),
            "updated_at": ts.clone(),
        })),
        "ReflectiveLog": object(json!({
            "own": array_of(r("Reflection")),
            "shared_with_me": array_of(r("Reflection")),
        })),
        "ReflectionInput": input(json!({
            "written_on": { "type": "string", "format": "date", "description": "Today or earlier, from 1950." },
            "text": { "type": "string", "maxLength": MAX_LONG_TEXT },
            "relationship_id": { "type": ["string", "null"], "format": "uuid", "description": "A relationship of the caller's the entry is about." },
            "dimensions": dims.clone(),
            "shared_with": { "type": ["string", "null"], "format": "uuid", "description": "One of the caller's current relationships to share with; absent or null = private." },
        }), &["written_on", "text"]),
        "SharingInput": input(json!({
            "shared_with": { "type": ["string", "null"], "format": "uuid", "description": "null = private." },
        }), &["shared_with"]),
        "CpdLine": object(json!({
            "done_on": date(),
            "source": { "type": "string", "enum": ["session", "activity"] },
            "activity": { "type": "string", "description": "Empty for sessions (see relationship_kind)." },
            "relationship_id": nullable_uuid.clone(),
            "relationship_kind": { "type": ["string", "null"], "enum": ["mentoring", "pair", "set", null] },
            "activity_id": nullable_uuid.clone(),
            "minutes": { "type": "integer", "minimum": 1 },
            "participatory": { "type": "boolean" },
            "reflection": { "type": "string" },
        })),
        "CpdRecord": object(json!({
            "person_id": uuid(),
            "lines": array_of(r("CpdLine")),
            "total_minutes": { "type": "integer", "minimum": 0 },
            "participatory_minutes": { "type": "integer", "minimum": 0 },
            "meets_nmc_revalidation_hours": { "type": "boolean", "description": "At least 35 hours, 20 of them participatory." },
        })),
        "CpdActivity": object(json!({
            "id": uuid(),
            "activity": { "type": "string" },
            "done_on": date(),
            "minutes": { "type": "integer" },
            "participatory": { "type": "boolean" },
            "reflection": { "type": "string" },
            "created_at": ts.clone(),
        })),
        "CpdActivityInput": input(json!({
            "activity": { "type": "string", "maxLength": MAX_TEXT },
            "done_on": { "type": "string", "format": "date", "description": "Today or earlier, from 1950." },
            "minutes": { "type": "integer", "minimum": 1, "maximum": MAX_CPD_MINUTES },
            "participatory": { "type": "boolean", "default": false, "description": "Learning with other people." },
            "reflection": { "type": "string", "maxLength": MAX_LONG_TEXT },
        }), &["activity", "done_on", "minutes"]),
        "DirectoryEntry": object(json!({
            "person_id": uuid(),
            "given_name": { "type": "string" },
            "family_name": { "type": "string" },
            "job_title": { "type": "string" },
            "organisation": { "type": "string" },
            "interests": { "type": "string" },
            "dimensions": dims.clone(),
        })),
        "DirectoryListing": object(json!({
            "listed": { "type": "boolean" },
            "interests": { "type": "string" },
            "dimensions": dims.clone(),
            "updated_at": { "type": ["string", "null"], "format": "date-time" },
        })),
        "DirectoryListingInput": input(json!({
            "interests": { "type": "string", "maxLength": MAX_INTERESTS },
            "dimensions": dims,
        }), &[]),
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
