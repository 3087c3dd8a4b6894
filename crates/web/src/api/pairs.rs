//! API of paired learning: the pair's shadowing days and improvement project, and the
//! programme's workshops with attendance.

use super::auth::ApiUser;
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use super::openapi::{array_of, id_param, input, json_body, ok, op, r, uuid};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::routing::{MethodRouter, get, post, put};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::str::FromStr;
use tandem_app::pairs as svc;
use tandem_domain::PersonId;
use uuid::Uuid;

/// This area's routes (paths below `/api`).
pub(super) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    let json = || DefaultBodyLimit::max(MAX_JSON_BYTES);
    vec![
        ("/v1/relationships/{id}/paired-learning", get(get_pair)),
        (
            "/v1/relationships/{id}/shadowing",
            post(plan_shadowing).layer(json()),
        ),
        (
            "/v1/relationships/{id}/shadowing/{day}/done",
            post(complete_shadowing).layer(json()),
        ),
        (
            "/v1/relationships/{id}/project",
            put(save_project).layer(json()),
        ),
        (
            "/v1/relationships/{id}/project/milestones",
            post(add_milestone).layer(json()),
        ),
        (
            "/v1/relationships/{id}/project/milestones/{milestone}",
            put(set_milestone).layer(json()),
        ),
        (
            "/v1/relationships/{id}/project/measures",
            post(add_measure).layer(json()),
        ),
        (
            "/v1/relationships/{id}/project/measures/{measure}",
            put(update_measure).layer(json()),
        ),
        (
            "/v1/programmes/{id}/workshops",
            get(list_workshops).post(create_workshop).layer(json()),
        ),
        (
            "/v1/workshops/{id}/attendance",
            get(get_attendance).put(put_attendance).layer(json()),
        ),
    ]
}

fn id<T: FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

async fn get_pair(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<svc::PairView>> {
    Ok(Json(svc::view(&state.app, user.actor(), id(&raw)?).await?))
}

async fn plan_shadowing(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<svc::ShadowingInput>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let day = svc::plan_shadowing(&state.app, user.actor(), id(&raw)?, body).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": day }))))
}

#[derive(Deserialize)]
struct LearningIn {
    #[serde(default)]
    learning: String,
}

async fn complete_shadowing(
    State(state): State<AppState>,
    user: ApiUser,
    Path((raw, day)): Path<(String, String)>,
    ApiJson(body): ApiJson<LearningIn>,
) -> ApiResult<StatusCode> {
    svc::complete_shadowing(
        &state.app,
        user.actor(),
        id(&raw)?,
        id(&day)?,
        &body.learning,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn save_project(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<svc::ProjectInput>,
) -> ApiResult<StatusCode> {
    svc::save_project(&state.app, user.actor(), id(&raw)?, body).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct MilestoneIn {
    #[serde(default)]
    title: String,
    due_on: Option<chrono::NaiveDate>,
}

async fn add_milestone(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<MilestoneIn>,
) -> ApiResult<StatusCode> {
    svc::add_milestone(
        &state.app,
        user.actor(),
        id(&raw)?,
        &body.title,
        body.due_on,
    )
    .await
    .map_err(AppError::into_validation)?;
    Ok(StatusCode::CREATED)
}

#[derive(Deserialize)]
struct DoneIn {
    done: bool,
}

async fn set_milestone(
    State(state): State<AppState>,
    user: ApiUser,
    Path((raw, milestone)): Path<(String, String)>,
    ApiJson(body): ApiJson<DoneIn>,
) -> ApiResult<StatusCode> {
    svc::set_milestone(
        &state.app,
        user.actor(),
        id(&raw)?,
        id(&milestone)?,
        body.done,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn add_measure(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<svc::MeasureInput>,
) -> ApiResult<StatusCode> {
    svc::add_measure(&state.app, user.actor(), id(&raw)?, body).await?;
    Ok(StatusCode::CREATED)
}

#[derive(Deserialize)]
struct LatestIn {
    #[serde(default)]
    latest: String,
}

async fn update_measure(
    State(state): State<AppState>,
    user: ApiUser,
    Path((raw, measure)): Path<(String, String)>,
    ApiJson(body): ApiJson<LatestIn>,
) -> ApiResult<StatusCode> {
    svc::update_measure(
        &state.app,
        user.actor(),
        id(&raw)?,
        id(&measure)?,
        &body.latest,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn list_workshops(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<svc::WorkshopSummary>>> {
    let (_, list) = svc::workshops(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(list))
}

async fn create_workshop(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<svc::WorkshopInput>,
) -> ApiResult<(StatusCode, Json<tandem_domain::pairs::Workshop>)> {
    let w = svc::create_workshop(&state.app, user.actor(), id(&raw)?, body).await?;
    Ok((StatusCode::CREATED, Json(w)))
}

async fn get_attendance(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<svc::Attendee>>> {
    let (_, _, people) = svc::workshop(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(people))
}

#[derive(Deserialize)]
struct AttendanceIn {
    present: Vec<PersonId>,
}

async fn put_attendance(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<AttendanceIn>,
) -> ApiResult<Json<Vec<svc::Attendee>>> {
    let wid: Uuid = id(&raw)?;
    svc::set_attendance(&state.app, user.actor(), wid, body.present).await?;
    let (_, _, people) = svc::workshop(&state.app, user.actor(), wid).await?;
    Ok(Json(people))
}

/// This area's OpenAPI paths (with the `/api` prefix).
pub(super) fn paths() -> Map<String, Value> {
    let write = ["400", "404", "409", "413", "415", "422"];
    let rel = || vec![id_param("relationship")];
    let sub =
        |what: &str| json!({ "name": what, "in": "path", "required": true, "schema": uuid() });
    let v = json!({
        "/api/v1/relationships/{id}/paired-learning": {
            "get": op("getPairedLearning", "pairs", "A pair's shadowing days (both directions), improvement project with milestones and measures, and the programme's workshops with the caller's attendance. Members and the scheme coordinator.",
                rel(), None, ("200", ok("The pair's paired learning.", r("PairedLearning"))), &["404"]),
        },
        "/api/v1/relationships/{id}/shadowing": {
            "post": op("planShadowingDay", "pairs", "Plans a shadowing day at one member's workplace (members of a running pair).",
                rel(), Some(json_body("ShadowingInput")), ("201", ok("The new day's id.", json!({ "type": "object", "properties": { "id": uuid() } }))), &write),
        },
        "/api/v1/relationships/{id}/shadowing/{day}/done": {
            "post": op("completeShadowingDay", "pairs", "Marks a shadowing day done with what was learnt (on or after the day).",
                vec![id_param("relationship"), sub("day")], Some(json_body("LearningInput")), ("204", json!({ "description": "Saved." })), &write),
        },
        "/api/v1/relationships/{id}/project": {
            "put": op("saveProject", "pairs", "Creates or replaces the pair's improvement project (title, aim, final presentation).",
                rel(), Some(json_body("ProjectInput")), ("204", json!({ "description": "Saved." })), &write),
        },
        "/api/v1/relationships/{id}/project/milestones": {
            "post": op("addMilestone", "pairs", "Adds a milestone to the project.",
                rel(), Some(json_body("MilestoneInput")), ("201", json!({ "description": "Added." })), &write),
        },
        "/api/v1/relationships/{id}/project/milestones/{milestone}": {
            "put": op("setMilestone", "pairs", "Marks a milestone done or open.",
                vec![id_param("relationship"), sub("milestone")], Some(json_body("DoneInput")), ("204", json!({ "description": "Saved." })), &write),
        },
        "/api/v1/relationships/{id}/project/measures": {
            "post": op("addMeasure", "pairs", "Adds an outcome measure (baseline, target, latest).",
                rel(), Some(json_body("MeasureInput")), ("201", json!({ "description": "Added." })), &write),
        },
        "/api/v1/relationships/{id}/project/measures/{measure}": {
            "put": op("updateMeasure", "pairs", "Records a measure's latest value.",
                vec![id_param("relationship"), sub("measure")], Some(json_body("LatestInput")), ("204", json!({ "description": "Saved." })), &write),
        },
        "/api/v1/programmes/{id}/workshops": {
            "get": op("listWorkshops", "pairs", "The paired-learning programme's workshops with attendance counts (scheme coordinators).",
                vec![id_param("programme")], None, ("200", ok("The workshops.", array_of(json!({ "type": "object" })))), &["403", "404"]),
            "post": op("createWorkshop", "pairs", "Adds a workshop to the programme (scheme coordinators).",
                vec![id_param("programme")], Some(json_body("WorkshopInput")), ("201", ok("The workshop.", json!({ "type": "object" }))), &["400", "403", "404", "413", "415", "422"]),
        },
        "/api/v1/workshops/{id}/attendance": {
            "get": op("getAttendance", "pairs", "Everyone in the programme's pairs and whether they attended (scheme coordinators).",
                vec![id_param("workshop")], None, ("200", ok("The attendance.", array_of(r("Attendee")))), &["403", "404"]),
            "put": op("setAttendance", "pairs", "Replaces the attendance: the people present (members of the programme's pairs only).",
                vec![id_param("workshop")], Some(json_body("AttendanceInput")), ("200", ok("The attendance.", array_of(r("Attendee")))), &["400", "403", "404", "413", "415", "422"]),
        },
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// This area's OpenAPI schemas.
pub(super) fn schemas() -> Map<String, Value> {
    let date = json!({ "type": "string", "format": "date" });
    let s = json!({ "type": "string" });
    let v = json!({
        "PairedLearning": { "type": "object", "description": "The relationship, members, programme, shadowing days, days done per host, the project (or null) with its progress, and the workshops.",
            "properties": { "shadowing": { "type": "array" }, "directions": { "type": "array" }, "project": { "type": ["object", "null"] }, "progress_percent": { "type": "integer" }, "workshops": { "type": "array" } } },
        "ShadowingInput": input(json!({ "host": uuid(), "day": date, "place": s }), &["host", "day", "place"]),
        "LearningInput": input(json!({ "learning": s }), &[]),
        "ProjectInput": input(json!({ "title": s, "aim": s, "presentation_on": { "type": ["string", "null"], "format": "date" }, "presented": { "type": "boolean" } }), &["title", "aim"]),
        "MilestoneInput": input(json!({ "title": s, "due_on": date }), &["title", "due_on"]),
        "DoneInput": input(json!({ "done": { "type": "boolean" } }), &["done"]),
        "MeasureInput": input(json!({ "name": s, "baseline": s, "target": s, "latest": s }), &["name", "baseline", "target"]),
        "LatestInput": input(json!({ "latest": s }), &["latest"]),
        "WorkshopInput": input(json!({ "title": s, "day": date, "place": s }), &["title", "day", "place"]),
        "AttendanceInput": input(json!({ "present": array_of(uuid()) }), &["present"]),
        "Attendee": { "type": "object", "properties": { "person_id": uuid(), "name": s, "organisation": s, "attended": { "type": "boolean" } } },
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
