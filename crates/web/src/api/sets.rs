//! API of relationships in motion: action learning set meetings — the set, planning and moving
//! meetings, the rota (accept the proposal or adjust it), attendance, presenters' issues and
//! actions, and their follow-up.
//!
//! Responses are filtered by the service exactly as the pages are: an organisation coordinator
//! gets attendance of their own organisation's members only, a scheme coordinator attendance and
//! roles, and only members get links, ground rules, issues and actions. Fields a caller may not
//! see are left out of the response.

use super::auth::ApiUser;
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use super::openapi::{array_of, date, id_param, input, json_body, names, ok, op, r, uuid};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post, put};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::str::FromStr;
use tandem_app::sets as svc;
use tandem_domain::PersonId;
use tandem_domain::sets::ActionStatus;
use uuid::Uuid;

/// This area's routes (paths below `/api`).
pub(super) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    let json = || DefaultBodyLimit::max(MAX_JSON_BYTES);
    vec![
        ("/v1/sets/{id}", get(get_set)),
        ("/v1/sets/{id}/meetings", post(schedule).layer(json())),
        (
            "/v1/set-meetings/{id}",
            get(get_meeting).put(reschedule).layer(json()),
        ),
        ("/v1/set-meetings/{id}/rota", post(rota).layer(json())),
        (
            "/v1/set-meetings/{id}/attendance",
            put(attendance).layer(json()),
        ),
        ("/v1/set-meetings/{id}/issues", post(issue).layer(json())),
        ("/v1/set-meetings/{id}/actions", post(action).layer(json())),
        ("/v1/set-actions/{id}/status", post(follow_up).layer(json())),
    ]
}

fn id<T: FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScheduleIn {
    starts_on: Option<NaiveDate>,
    #[serde(default)]
    starts_time: String,
    #[serde(default)]
    link: String,
}

impl From<ScheduleIn> for svc::ScheduleInput {
    fn from(s: ScheduleIn) -> Self {
        svc::ScheduleInput {
            starts_on: s.starts_on,
            starts_time: s.starts_time,
            link: s.link,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RotaIn {
    #[serde(default)]
    accept: bool,
    facilitator: Option<PersonId>,
    timekeeper: Option<PersonId>,
    #[serde(default)]
    presenters: Vec<PersonId>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AttendanceIn {
    present: Vec<PersonId>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IssueIn {
    person_id: PersonId,
    issue: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionIn {
    person_id: PersonId,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusIn {
    status: ActionStatus,
}

async fn get_set(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<svc::SetView>> {
    Ok(Json(svc::view(&state.app, user.actor(), id(&raw)?).await?))
}

async fn meeting_out(
    state: &AppState,
    user: &ApiUser,
    m: Uuid,
) -> ApiResult<Json<svc::MeetingView>> {
    Ok(Json(svc::meeting(&state.app, user.actor(), m).await?.1))
}

async fn schedule(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<ScheduleIn>,
) -> ApiResult<Response> {
    let m = svc::schedule(&state.app, user.actor(), id(&raw)?, body.into()).await?;
    let out = svc::meeting(&state.app, user.actor(), m).await?.1;
    Ok((
        StatusCode::CREATED,
        [(LOCATION, format!("/api/v1/set-meetings/{m}"))],
        Json(out),
    )
        .into_response())
}

async fn get_meeting(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<svc::MeetingView>> {
    meeting_out(&state, &user, id(&raw)?).await
}

async fn reschedule(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<ScheduleIn>,
) -> ApiResult<Json<svc::MeetingView>> {
    let m: Uuid = id(&raw)?;
    svc::reschedule(&state.app, user.actor(), m, body.into()).await?;
    meeting_out(&state, &user, m).await
}

async fn rota(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<RotaIn>,
) -> ApiResult<Json<svc::MeetingView>> {
    let m: Uuid = id(&raw)?;
    if body.accept {
        svc::accept_rota(&state.app, user.actor(), m).await?;
    } else {
        let input = svc::RotaInput {
            facilitator: body.facilitator,
            timekeeper: body.timekeeper,
            presenters: body.presenters,
        };
        svc::adjust_rota(&state.app, user.actor(), m, input).await?;
    }
    meeting_out(&state, &user, m).await
}

async fn attendance(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<AttendanceIn>,
) -> ApiResult<Json<svc::MeetingView>> {
    let m: Uuid = id(&raw)?;
    svc::record_attendance(&state.app, user.actor(), m, &body.present).await?;
    meeting_out(&state, &user, m).await
}

async fn issue(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<IssueIn>,
) -> ApiResult<Json<svc::MeetingView>> {
    let m: Uuid = id(&raw)?;
    svc::record_issue(&state.app, user.actor(), m, body.person_id, &body.issue).await?;
    meeting_out(&state, &user, m).await
}

async fn action(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<ActionIn>,
) -> ApiResult<Response> {
    let m: Uuid = id(&raw)?;
    let a = svc::add_action(&state.app, user.actor(), m, body.person_id, &body.text).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": a }))).into_response())
}

async fn follow_up(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<StatusIn>,
) -> ApiResult<StatusCode> {
    svc::follow_up(&state.app, user.actor(), id(&raw)?, Some(body.status)).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ----- OpenAPI -------------------------------------------------------------------------------

/// This area's OpenAPI paths (with the `/api` prefix).
pub(super) fn paths() -> Map<String, Value> {
    let write = ["400", "404", "409", "413", "415", "422"];
    let meeting = || vec![id_param("set meeting")];
    let v = json!({
        "/api/v1/sets/{id}": {
            "get": op("getSet", "sets", "An action learning set as the caller may see it: members see everything; the scheme coordinator attendance and roles; an organisation coordinator only their own members' attendance.",
                vec![id_param("set (relationship)")], None, ("200", ok("The set.", r("SetView"))), &["404"]),
        },
        "/api/v1/sets/{id}/meetings": {
            "post": op("scheduleSetMeeting", "sets", "Plans a meeting of an active set (a member).",
                vec![id_param("set (relationship)")], Some(json_body("SetMeetingSchedule")), ("201", ok("The meeting.", r("SetMeetingView"))), &write),
        },
        "/api/v1/set-meetings/{id}": {
            "get": op("getSetMeeting", "sets", "One meeting as the caller may see it; with the proposed rota until the members agree one.",
                meeting(), None, ("200", ok("The meeting.", r("SetMeetingView"))), &["404"]),
            "put": op("rescheduleSetMeeting", "sets", "Moves a meeting or changes its link (a member; refused once attendance is recorded).",
                meeting(), Some(json_body("SetMeetingSchedule")), ("200", ok("The meeting.", r("SetMeetingView"))), &write),
        },
        "/api/v1/set-meetings/{id}/rota": {
            "post": op("agreeSetRota", "sets", "Accepts the proposed rota (`accept: true`) or agrees an adjusted one. Refused once an issue is recorded.",
                meeting(), Some(json_body("SetRotaInput")), ("200", ok("The meeting.", r("SetMeetingView"))), &write),
        },
        "/api/v1/set-meetings/{id}/attendance": {
            "put": op("recordSetAttendance", "sets", "Records who attended (every other member was absent); from the meeting's day.",
                meeting(), Some(json_body("SetAttendanceInput")), ("200", ok("The meeting.", r("SetMeetingView"))), &write),
        },
        "/api/v1/set-meetings/{id}/issues": {
            "post": op("recordSetIssue", "sets", "Records the issue a presenter of the agreed rota brought.",
                meeting(), Some(json_body("SetIssueInput")), ("200", ok("The meeting.", r("SetMeetingView"))), &write),
        },
        "/api/v1/set-meetings/{id}/actions": {
            "post": op("addSetAction", "sets", "Records an action a presenter commits to.",
                meeting(), Some(json_body("SetActionInput")), ("201", ok("The new action's id.", json!({ "type": "object", "properties": { "id": uuid() }, "required": ["id"] }))), &write),
        },
        "/api/v1/set-actions/{id}/status": {
            "post": op("followUpSetAction", "sets", "Follows an action up: done, not done, or carried to later meetings.",
                vec![id_param("action")], Some(json_body("SetActionStatusInput")), ("204", json!({ "description": "Saved." })), &write),
        },
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// This area's OpenAPI schemas.
pub(super) fn schemas() -> Map<String, Value> {
    let person = json!({ "type": "object", "properties": { "id": uuid(), "name": { "type": "string" } }, "required": ["id", "name"] });
    let action = json!({ "type": "object", "properties": {
        "id": uuid(), "person": person, "text": { "type": "string" },
        "status": { "enum": names(&ActionStatus::ALL) }, "committed_on": date(),
    }, "required": ["id", "person", "text", "status", "committed_on"] });
    let v = json!({
        "SetView": { "type": "object", "properties": {
            "relationship_id": uuid(), "status": { "type": "string" },
            "access": { "enum": ["member", "scheme_coordinator", "organisation_coordinator"] },
            "programme": { "type": "string" }, "slot": { "type": ["string", "null"] },
            "cadence_weeks": { "type": ["integer", "null"] },
            "members": array_of(person.clone()),
            "ground_rules": { "type": ["string", "null"], "description": "Members only." },
            "meetings": array_of(r("SetMeetingView")),
            "next": { "type": "object", "description": "Members of an active set: the proposed date and time of the next meeting.",
                "properties": { "starts_on": date(), "starts_time": { "type": "string" } }, "required": ["starts_on", "starts_time"] },
        }, "required": ["relationship_id", "status", "access", "programme", "slot", "cadence_weeks", "members", "meetings"] },
        "SetMeetingView": { "type": "object", "properties": {
            "id": uuid(), "relationship_id": uuid(), "starts_on": date(), "starts_time": { "type": "string" },
            "attendance_recorded": { "type": "boolean" },
            "attendance": array_of(json!({ "type": "object", "properties": { "person": person, "present": { "type": "boolean" } }, "required": ["person", "present"] })),
            "link": { "type": "string", "description": "Members only." },
            "rota": { "type": "object", "description": "Members and the scheme coordinator.", "properties": {
                "agreed": { "type": "boolean" },
                "facilitator": { "oneOf": [person, { "type": "null" }] },
                "timekeeper": { "oneOf": [person, { "type": "null" }] },
                "presenters": array_of(person.clone()),
            }, "required": ["agreed", "facilitator", "timekeeper", "presenters"] },
            "presentations": { "description": "Members only.", "type": "array", "items": { "type": "object", "properties": {
                "person": person, "issue": { "type": "string" }, "actions": array_of(action.clone()),
            }, "required": ["person", "issue", "actions"] } },
            "follow_up": { "description": "Members only: actions of earlier meetings to follow up.", "type": "array", "items": action },
        }, "required": ["id", "relationship_id", "starts_on", "starts_time", "attendance_recorded", "attendance"] },
        "SetMeetingSchedule": input(json!({
            "starts_on": date(), "starts_time": { "type": "string", "description": "Local time, hh:mm." },
            "link": { "type": "string", "description": "The online meeting link (http or https)." },
        }), &["starts_on", "starts_time", "link"]),
        "SetRotaInput": input(json!({
            "accept": { "type": "boolean", "description": "Accept the proposed rota; the other fields are then ignored." },
            "facilitator": uuid(), "timekeeper": uuid(), "presenters": array_of(uuid()),
        }), &[]),
        "SetAttendanceInput": input(json!({ "present": array_of(uuid()) }), &["present"]),
        "SetIssueInput": input(json!({ "person_id": uuid(), "issue": { "type": "string" } }), &["person_id", "issue"]),
        "SetActionInput": input(json!({ "person_id": uuid(), "text": { "type": "string" } }), &["person_id", "text"]),
        "SetActionStatusInput": input(json!({ "status": { "enum": ["done", "not_done", "carried"] } }), &["status"]),
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
