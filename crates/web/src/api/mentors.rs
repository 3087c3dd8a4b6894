//! API of mentor development: training and supervision records per person, a person's mentor
//! standing (status and personal load), and the coordinators' list of mentors.
//!
//! Handlers only translate: who may do what, validation and auditing are in
//! `services::mentors`. The bodies are this module's own types, described one for one in
//! [`schemas`], so a change in the domain cannot silently change what clients receive.

use super::auth::ApiUser;
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use super::openapi::{
    JSON_ERRORS, array_of, date, id_param, input, json_body, names, object, ok, op, r, uuid, with,
};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value, json};
use tandem_app::mentors::{self as service, StandingInput, StandingView};
use tandem_domain::mentor::{
    MAX_EVIDENCE, MAX_PERSONAL_LOAD, MAX_THEMES, MentorOverview, SUPERVISION_MINUTES,
    SupervisionInput, TrainingInput,
};
use tandem_domain::validate::MAX_TEXT;
use tandem_domain::{
    MentorStatus, PersonId, SupervisionId, SupervisionRecord, TrainingId, TrainingRecord,
};

/// This area's routes (paths below `/api`).
pub(super) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    let json = || DefaultBodyLimit::max(MAX_JSON_BYTES);
    vec![
        (
            "/v1/people/{id}/training",
            get(list_training).post(create_training).layer(json()),
        ),
        (
            "/v1/people/{id}/supervision",
            get(list_supervision).post(create_supervision).layer(json()),
        ),
        (
            "/v1/people/{id}/mentor-standing",
            get(get_standing).put(put_standing).layer(json()),
        ),
        ("/v1/mentors", get(list_mentors)),
    ]
}

// ---------------------------------------------------------------------------------------------
// Bodies

#[derive(Debug, Serialize)]
pub struct TrainingOut {
    pub id: TrainingId,
    pub person_id: PersonId,
    pub course: String,
    pub provider: String,
    pub completed_on: NaiveDate,
    pub evidence: String,
    pub counts_as_mentor_training: bool,
    pub recorded_by: Option<PersonId>,
    pub recorded_at: DateTime<Utc>,
}

impl From<TrainingRecord> for TrainingOut {
    fn from(t: TrainingRecord) -> Self {
        TrainingOut {
            id: t.id,
            person_id: t.person_id,
            course: t.course,
            provider: t.provider,
            completed_on: t.completed_on,
            evidence: t.evidence,
            counts_as_mentor_training: t.qualifies_as_mentor_training,
            recorded_by: t.recorded_by,
            recorded_at: t.recorded_at,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct TrainingIn {
    #[serde(default)]
    pub course: String,
    #[serde(default)]
    pub provider: String,
    pub completed_on: Option<NaiveDate>,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub counts_as_mentor_training: bool,
}

impl From<TrainingIn> for TrainingInput {
    fn from(t: TrainingIn) -> Self {
        TrainingInput {
            course: t.course,
            provider: t.provider,
            completed_on: t.completed_on,
            evidence: t.evidence,
            qualifies_as_mentor_training: t.counts_as_mentor_training,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct SupervisionOut {
    pub id: SupervisionId,
    pub person_id: PersonId,
    pub held_on: NaiveDate,
    pub supervisor: String,
    pub minutes: u32,
    pub themes: String,
    pub recorded_by: Option<PersonId>,
    pub recorded_at: DateTime<Utc>,
}

impl From<SupervisionRecord> for SupervisionOut {
    fn from(s: SupervisionRecord) -> Self {
        SupervisionOut {
            id: s.id,
            person_id: s.person_id,
            held_on: s.held_on,
            supervisor: s.supervisor,
            minutes: s.minutes,
            themes: s.themes,
            recorded_by: s.recorded_by,
            recorded_at: s.recorded_at,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct SupervisionIn {
    pub held_on: Option<NaiveDate>,
    #[serde(default)]
    pub supervisor: String,
    pub minutes: Option<u32>,
    #[serde(default)]
    pub themes: String,
}

impl From<SupervisionIn> for SupervisionInput {
    fn from(s: SupervisionIn) -> Self {
        SupervisionInput {
            held_on: s.held_on,
            supervisor: s.supervisor,
            minutes: s.minutes,
            themes: s.themes,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct StandingOut {
    pub person_id: PersonId,
    pub status: MentorStatus,
    /// Personal load; `null` = the programme's.
    pub load_max: Option<u32>,
    pub current_load: u32,
    pub trained: bool,
    /// `null` when never recorded (active with the programme's load).
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<StandingView> for StandingOut {
    fn from(v: StandingView) -> Self {
        StandingOut {
            person_id: v.standing.person_id,
            status: v.standing.status,
            load_max: v.standing.load_max,
            current_load: v.current_load,
            trained: v.trained,
            updated_at: v.recorded.then_some(v.standing.updated_at),
        }
    }
}

/// Reads a present value (even `null`) as `Some`, so an absent field stays `None`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize)]
pub struct StandingIn {
    pub status: Option<MentorStatus>,
    /// Absent: keep the personal load; `null`: the programme's; a number: that load.
    #[serde(default, deserialize_with = "present")]
    pub load_max: Option<Option<u32>>,
}

#[derive(Debug, Serialize)]
pub struct MentorOut {
    pub person_id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub status: MentorStatus,
    pub load_max: Option<u32>,
    pub current_load: u32,
    pub trained: bool,
}

impl From<MentorOverview> for MentorOut {
    fn from(m: MentorOverview) -> Self {
        MentorOut {
            status: m.status(),
            load_max: m.load_max(),
            person_id: m.person_id,
            given_name: m.given_name,
            family_name: m.family_name,
            current_load: m.current_load,
            trained: m.trained,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Handlers

fn person(raw: &str) -> ApiResult<PersonId> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

async fn list_training(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<TrainingOut>>> {
    let list = service::list_training(&state.app, user.actor(), person(&raw)?).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

async fn create_training(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<TrainingIn>,
) -> ApiResult<Response> {
    let t = service::add_training(&state.app, user.actor(), person(&raw)?, body.into()).await?;
    Ok((StatusCode::CREATED, Json(TrainingOut::from(t))).into_response())
}

async fn list_supervision(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<SupervisionOut>>> {
    let list = service::list_supervision(&state.app, user.actor(), person(&raw)?).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

async fn create_supervision(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<SupervisionIn>,
) -> ApiResult<Response> {
    let s = service::add_supervision(&state.app, user.actor(), person(&raw)?, body.into()).await?;
    Ok((StatusCode::CREATED, Json(SupervisionOut::from(s))).into_response())
}

async fn get_standing(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<StandingOut>> {
    let v = service::standing(&state.app, user.actor(), person(&raw)?).await?;
    Ok(Json(v.into()))
}

async fn put_standing(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<StandingIn>,
) -> ApiResult<Json<StandingOut>> {
    let input = StandingInput {
        status: body.status,
        load_max: body.load_max,
    };
    let v = service::set_standing(&state.app, user.actor(), person(&raw)?, input).await?;
    Ok(Json(v.into()))
}

async fn list_mentors(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<MentorOut>>> {
    let list = service::list_mentors(&state.app, user.actor()).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

// ---------------------------------------------------------------------------------------------
// OpenAPI

/// This area's OpenAPI paths (with the `/api` prefix).
pub(super) fn paths() -> Map<String, Value> {
    let read = ["404"];
    let write = with(&JSON_ERRORS, &["404"]);
    let standing_write = with(&JSON_ERRORS, &["403", "404"]);
    let who = "The mentor themselves, a coordinator of an organisation employing them, or the scheme coordinator; for anyone else the person is not found.";
    let v = json!({
        "/api/v1/people/{id}/training": {
            "get": op("listTraining", "mentors", &format!("A person's training and qualifications, most recently completed first. {who}"),
                vec![id_param("person")], None, ("200", ok("The training records.", array_of(r("Training")))), &read),
            "post": op("createTraining", "mentors", &format!("Records completed training or a qualification. {who}"),
                vec![id_param("person")], Some(json_body("TrainingInput")), ("201", ok("The new record.", r("Training"))), &write),
        },
        "/api/v1/people/{id}/supervision": {
            "get": op("listSupervision", "mentors", &format!("A person's supervision sessions, most recent first. {who}"),
                vec![id_param("person")], None, ("200", ok("The sessions.", array_of(r("Supervision")))), &read),
            "post": op("createSupervision", "mentors", &format!("Records a supervision session the mentor had. {who}"),
                vec![id_param("person")], Some(json_body("SupervisionInput")), ("201", ok("The new record.", r("Supervision"))), &write),
        },
        "/api/v1/people/{id}/mentor-standing": {
            "get": op("getMentorStanding", "mentors", &format!("A person's mentor status, personal load and current load. {who}"),
                vec![id_param("person")], None, ("200", ok("The standing.", r("MentorStanding"))), &read),
            "put": op("setMentorStanding", "mentors", "Sets a person's mentor status and personal load. Coordinators may set anything; the mentor themselves may only pause and resume (anything else is 403). Nobody is matched while paused or withdrawn, or beyond their load.",
                vec![id_param("person")], Some(json_body("MentorStandingInput")), ("200", ok("The standing now.", r("MentorStanding"))), &standing_write),
        },
        "/api/v1/mentors": {
            "get": op("listMentors", "mentors", "Everyone with a mentor standing, training or an application to mentor, by family name: the whole scheme for the scheme coordinator, the people their organisations employ for an organisation coordinator; refused for anyone else.",
                vec![], None, ("200", ok("The mentors.", array_of(r("Mentor")))), &["403"]),
        },
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// This area's OpenAPI schemas.
pub(super) fn schemas() -> Map<String, Value> {
    let minutes = json!({ "type": "integer", "minimum": SUPERVISION_MINUTES.start(), "maximum": SUPERVISION_MINUTES.end() });
    let load = json!({ "type": ["integer", "null"], "minimum": 1, "maximum": MAX_PERSONAL_LOAD, "description": "Most mentees at once; null = the programme's `mentor_load_max`." });
    let v = json!({
        "MentorStatus": { "type": "string", "enum": names(&MentorStatus::ALL), "description": "Paused and withdrawn mentors keep their current mentees and are not matched with new ones." },
        "Training": object(json!({
            "id": uuid(),
            "person_id": uuid(),
            "course": { "type": "string" },
            "provider": { "type": "string" },
            "completed_on": date(),
            "evidence": { "type": "string", "description": "A certificate reference or where it is kept; may be empty." },
            "counts_as_mentor_training": { "type": "boolean" },
            "recorded_by": { "type": ["string", "null"], "format": "uuid" },
            "recorded_at": { "type": "string", "format": "date-time" },
        })),
        "TrainingInput": input(json!({
            "course": { "type": "string", "maxLength": MAX_TEXT },
            "provider": { "type": "string", "maxLength": MAX_TEXT },
            "completed_on": { "type": "string", "format": "date", "description": "Today or earlier, from 1950." },
            "evidence": { "type": "string", "maxLength": MAX_EVIDENCE },
            "counts_as_mentor_training": { "type": "boolean", "default": false, "description": "Counts for programmes that require mentor training." },
        }), &["course", "provider", "completed_on"]),
        "Supervision": object(json!({
            "id": uuid(),
            "person_id": uuid(),
            "held_on": date(),
            "supervisor": { "type": "string" },
            "minutes": minutes.clone(),
            "themes": { "type": "string" },
            "recorded_by": { "type": ["string", "null"], "format": "uuid" },
            "recorded_at": { "type": "string", "format": "date-time" },
        })),
        "SupervisionInput": input(json!({
            "held_on": { "type": "string", "format": "date", "description": "Today or earlier, from 1950." },
            "supervisor": { "type": "string", "maxLength": MAX_TEXT },
            "minutes": minutes,
            "themes": { "type": "string", "maxLength": MAX_THEMES, "description": "What was discussed, in general terms (never mentee detail)." },
        }), &["held_on", "supervisor", "minutes", "themes"]),
        "MentorStanding": object(json!({
            "person_id": uuid(),
            "status": r("MentorStatus"),
            "load_max": load.clone(),
            "current_load": { "type": "integer", "description": "Live relationships (proposed, accepted, active, winding down) in which they are the mentor." },
            "trained": { "type": "boolean", "description": "Holds training that counts as mentor training." },
            "updated_at": { "type": ["string", "null"], "format": "date-time", "description": "null when never recorded: active, with the programme's load." },
        })),
        "MentorStandingInput": input(json!({
            "status": r("MentorStatus"),
            "load_max": { "type": ["integer", "null"], "minimum": 1, "maximum": MAX_PERSONAL_LOAD, "description": "Left out: kept as it is. null: the programme's. Coordinators only." },
        }), &["status"]),
        "Mentor": object(json!({
            "person_id": uuid(),
            "given_name": { "type": "string" },
            "family_name": { "type": "string" },
            "status": r("MentorStatus"),
            "load_max": load,
            "current_load": { "type": "integer" },
            "trained": { "type": "boolean" },
        })),
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
