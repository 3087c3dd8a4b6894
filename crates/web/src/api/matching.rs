//! API of matching runs and relationships: criteria, runs (run, read, publish), pins, and the
//! participant's offers, agreements, fit checks, lifecycle and no-fault endings.
//!
//! Refusals caused by the state of things (a deadline passed, a run whose inputs changed, an
//! agreement edited since it was read) are `409` with `code: "refused"` and the reason in
//! `message`; they change nothing.

use super::auth::ApiUser;
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use super::openapi::{
    array_of, id_param, input, json_body, names, nullable, object, ok, op, r, uuid,
};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::str::FromStr;
use tandem_app::matching as svc;
use tandem_domain::{
    AgreementTerms, FitCheck, IntakeId, Level, MatchRun, MatchRunId, MatchingCriteria, Mode, Pin,
    PinKind, ProgrammeId, RelationshipId, RelationshipStatus,
};

/// This area's routes (paths below `/api`).
pub(super) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    let json = || DefaultBodyLimit::max(MAX_JSON_BYTES);
    vec![
        (
            "/v1/programmes/{id}/matching-criteria",
            get(get_criteria).put(put_criteria).layer(json()),
        ),
        (
            "/v1/intakes/{id}/match-runs",
            get(list_runs).post(create_run),
        ),
        ("/v1/match-runs/{id}", get(get_run)),
        ("/v1/match-runs/{id}/publish", post(publish)),
        (
            "/v1/intakes/{id}/pins",
            get(list_pins).post(add_pin).layer(json()),
        ),
        (
            "/v1/intakes/{id}/pins/remove",
            post(remove_pin).layer(json()),
        ),
        ("/v1/intakes/{id}/relationships", get(intake_relationships)),
        ("/v1/me/relationships", get(my_relationships)),
        ("/v1/relationships/{id}", get(get_relationship)),
        (
            "/v1/relationships/{id}/response",
            post(respond).layer(json()),
        ),
        (
            "/v1/relationships/{id}/agreement",
            axum::routing::put(put_agreement).layer(json()),
        ),
        ("/v1/relationships/{id}/signature", post(sign).layer(json())),
        (
            "/v1/relationships/{id}/fit-check",
            post(fit_check).layer(json()),
        ),
        ("/v1/relationships/{id}/status", post(move_to).layer(json())),
        ("/v1/relationships/{id}/ending", post(end).layer(json())),
        (
            "/v1/intakes/{id}/shortlist",
            get(get_shortlist).put(put_shortlist).layer(json()),
        ),
        (
            "/v1/relationships/{id}/sessions",
            get(list_sessions).post(log_session).layer(json()),
        ),
    ]
}

fn id<T: FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

// ----- criteria ------------------------------------------------------------------------------

async fn get_criteria(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<MatchingCriteria>> {
    let p = tandem_app::programmes::get(&state.app, user.actor(), id::<ProgrammeId>(&raw)?).await?;
    Ok(Json(p.rules.matching))
}

async fn put_criteria(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<MatchingCriteria>,
) -> ApiResult<Json<MatchingCriteria>> {
    let p = svc::update_criteria(&state.app, user.actor(), id(&raw)?, body).await?;
    Ok(Json(p.rules.matching))
}

// ----- runs ----------------------------------------------------------------------------------

/// A run as the API shows it: stored inputs and parameters as JSON, not text.
#[derive(Serialize)]
struct RunOut {
    id: MatchRunId,
    intake_id: IntakeId,
    number: u32,
    status: tandem_domain::RunStatus,
    created_at: chrono::DateTime<chrono::Utc>,
    inputs_digest: String,
    inputs: Value,
    parameters: Value,
    result: tandem_domain::RunResult,
    published_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<MatchRun> for RunOut {
    fn from(r: MatchRun) -> Self {
        Self {
            id: r.id,
            intake_id: r.intake_id,
            number: r.number,
            status: r.status,
            created_at: r.created_at,
            inputs_digest: r.inputs_digest,
            inputs: serde_json::from_str(&r.inputs).unwrap_or(Value::Null),
            parameters: serde_json::from_str(&r.parameters).unwrap_or(Value::Null),
            result: r.result,
            published_at: r.published_at,
        }
    }
}

async fn list_runs(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<RunOut>>> {
    let o = svc::overview(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(o.runs.into_iter().map(Into::into).collect()))
}

async fn create_run(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Response> {
    let run = svc::run(&state.app, user.actor(), id(&raw)?).await?;
    Ok((
        StatusCode::CREATED,
        [(LOCATION, format!("/api/v1/match-runs/{}", run.id))],
        Json(RunOut::from(run)),
    )
        .into_response())
}

async fn get_run(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<RunOut>> {
    let (run, ..) = svc::get_run(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(run.into()))
}

#[derive(Serialize)]
struct Published {
    relationships: usize,
}

async fn publish(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Published>> {
    let n = svc::publish(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(Published { relationships: n }))
}

// ----- pins ----------------------------------------------------------------------------------

async fn list_pins(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<Pin>>> {
    let o = svc::overview(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(o.pins))
}

async fn add_pin(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(pin): ApiJson<Pin>,
) -> ApiResult<StatusCode> {
    svc::add_pin(&state.app, user.actor(), id(&raw)?, pin).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove_pin(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(pin): ApiJson<Pin>,
) -> ApiResult<StatusCode> {
    svc::remove_pin(&state.app, user.actor(), id(&raw)?, pin).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ----- relationships -------------------------------------------------------------------------

#[derive(Deserialize)]
struct StaleQuery {
    weeks: Option<u32>,
}

async fn intake_relationships(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    axum::extract::Query(query): axum::extract::Query<StaleQuery>,
) -> ApiResult<Json<Vec<svc::RelationshipView>>> {
    let weeks = query
        .weeks
        .filter(|w| (1..=52).contains(w))
        .unwrap_or(svc::STALE_WEEKS);
    let (_, _, list) = svc::of_intake(&state.app, user.actor(), id(&raw)?, weeks).await?;
    Ok(Json(list))
}

async fn my_relationships(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<svc::RelationshipView>>> {
    Ok(Json(svc::mine(&state.app, user.actor()).await?))
}

async fn get_relationship(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<svc::RelationshipView>> {
    Ok(Json(svc::get(&state.app, user.actor(), id(&raw)?).await?))
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Answer {
    Accept,
    Decline,
}

#[derive(Deserialize)]
struct AnswerIn {
    answer: Answer,
}

#[derive(Serialize)]
struct StatusOut {
    status: RelationshipStatus,
}

async fn respond(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<AnswerIn>,
) -> ApiResult<Json<StatusOut>> {
    let accept = matches!(body.answer, Answer::Accept);
    let status = svc::respond(
        &state.app,
        user.actor(),
        id::<RelationshipId>(&raw)?,
        accept,
    )
    .await?;
    Ok(Json(StatusOut { status }))
}

#[derive(Deserialize)]
struct AgreementIn {
    /// The version being replaced (from the relationship's `agreement.version`).
    version: u32,
    #[serde(flatten)]
    terms: AgreementTerms,
}

#[derive(Serialize)]
struct VersionOut {
    version: u32,
}

async fn put_agreement(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<AgreementIn>,
) -> ApiResult<Json<VersionOut>> {
    let v = svc::save_agreement(
        &state.app,
        user.actor(),
        id(&raw)?,
        body.terms,
        body.version,
    )
    .await?;
    Ok(Json(VersionOut { version: v }))
}

#[derive(Deserialize)]
struct SignIn {
    version: u32,
}

async fn sign(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<SignIn>,
) -> ApiResult<Json<StatusOut>> {
    let status = svc::sign(&state.app, user.actor(), id(&raw)?, body.version).await?;
    Ok(Json(StatusOut { status }))
}

#[derive(Deserialize)]
struct FitIn {
    fit: FitCheck,
}

async fn fit_check(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<FitIn>,
) -> ApiResult<StatusCode> {
    svc::fit_check(&state.app, user.actor(), id(&raw)?, body.fit).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct MoveIn {
    status: RelationshipStatus,
}

async fn move_to(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<MoveIn>,
) -> ApiResult<Json<StatusOut>> {
    svc::move_to(&state.app, user.actor(), id(&raw)?, body.status).await?;
    Ok(Json(StatusOut {
        status: body.status,
    }))
}

#[derive(Deserialize)]
struct EndIn {
    #[serde(default)]
    reason: String,
}

async fn end(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<EndIn>,
) -> ApiResult<Json<StatusOut>> {
    let status = svc::end(&state.app, user.actor(), id(&raw)?, &body.reason).await?;
    Ok(Json(StatusOut { status }))
}

async fn get_shortlist(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<svc::ShortlistView>> {
    Ok(Json(
        svc::shortlist(&state.app, user.actor(), id(&raw)?).await?,
    ))
}

#[derive(Deserialize)]
struct RankingIn {
    ranking: Vec<tandem_domain::ApplicationId>,
}

async fn put_shortlist(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<RankingIn>,
) -> ApiResult<Json<svc::ShortlistView>> {
    let intake: IntakeId = id(&raw)?;
    svc::rank(&state.app, user.actor(), intake, body.ranking).await?;
    Ok(Json(
        svc::shortlist(&state.app, user.actor(), intake).await?,
    ))
}

async fn list_sessions(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<tandem_domain::SessionLog>>> {
    Ok(Json(
        svc::get(&state.app, user.actor(), id(&raw)?)
            .await?
            .sessions,
    ))
}

async fn log_session(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<svc::SessionInput>,
) -> ApiResult<StatusCode> {
    svc::log_session(&state.app, user.actor(), id(&raw)?, body).await?;
    Ok(StatusCode::CREATED)
}

// ----- OpenAPI -------------------------------------------------------------------------------

/// This area's OpenAPI paths (with the `/api` prefix).
pub(super) fn paths() -> Map<String, Value> {
    let refused = ["403", "404", "409"];
    let write = ["400", "403", "404", "409", "413", "415", "422"];
    let rel = || vec![id_param("relationship")];
    let v = json!({
        "/api/v1/programmes/{id}/matching-criteria": {
            "get": op("getMatchingCriteria", "matching", "The programme's matching criteria: a level per criterion, the ideal seniority gap, the profession preference, the days to answer an offer.",
                vec![id_param("programme")], None, ("200", ok("The criteria.", r("MatchingCriteria"))), &["403", "404"]),
            "put": op("replaceMatchingCriteria", "matching", "Replaces the programme's matching criteria (scheme coordinators). \"different_organisation\" takes only \"must\" or \"off\".",
                vec![id_param("programme")], Some(json_body("MatchingCriteria")), ("200", ok("The saved criteria.", r("MatchingCriteria"))), &write),
        },
        "/api/v1/intakes/{id}/match-runs": {
            "get": op("listMatchRuns", "matching", "The intake's matching runs, newest first (scheme coordinators).",
                vec![id_param("intake")], None, ("200", ok("The runs.", array_of(r("MatchRun")))), &["403", "404"]),
            "post": op("runMatching", "matching", "Runs matching on the intake's approved pool with the programme's criteria and the pins, and saves the run as a draft that only coordinators see.",
                vec![id_param("intake")], None, ("201", ok("The new run; `Location` names it.", r("MatchRun"))), &refused),
        },
        "/api/v1/match-runs/{id}": {
            "get": op("getMatchRun", "matching", "One run with its stored inputs, parameters and result.",
                vec![id_param("run")], None, ("200", ok("The run.", r("MatchRun"))), &["403", "404"]),
        },
        "/api/v1/match-runs/{id}/publish": {
            "post": op("publishMatchRun", "matching", "Publishes the newest draft run: offers go to everyone matched. Refused (409) when the pool changed since the run.",
                vec![id_param("run")], None, ("200", ok("How many relationships were offered.", object(json!({ "relationships": { "type": "integer" } })))), &refused),
        },
        "/api/v1/intakes/{id}/pins": {
            "get": op("listPins", "matching", "The intake's locked and forbidden pairs.",
                vec![id_param("intake")], None, ("200", ok("The pins.", array_of(r("Pin")))), &["403", "404"]),
            "post": op("addPin", "matching", "Locks or forbids a pair of applications for the next runs. A lock replaces other locks of either application.",
                vec![id_param("intake")], Some(json_body("Pin")), ("204", json!({ "description": "Saved." })), &write),
        },
        "/api/v1/intakes/{id}/pins/remove": {
            "post": op("removePin", "matching", "Removes a pin (either order of the pair).",
                vec![id_param("intake")], Some(json_body("Pin")), ("204", json!({ "description": "Removed." })), &write),
        },
        "/api/v1/intakes/{id}/relationships": {
            "get": op("listIntakeRelationships", "relationships", "The intake's published relationships (scheme coordinators); `stale` marks live ones with no session for `weeks` weeks (default 6).",
                vec![id_param("intake"), super::openapi::query("weeks", "Weeks without a session after which a live relationship is flagged (1 to 52).", json!({ "type": "integer" }))], None, ("200", ok("The relationships.", array_of(r("Relationship")))), &["403", "404"]),
        },
        "/api/v1/me/relationships": {
            "get": op("listMyRelationships", "relationships", "The caller's offers and relationships, newest first.",
                vec![], None, ("200", ok("The relationships.", array_of(r("Relationship")))), &[]),
        },
        "/api/v1/relationships/{id}": {
            "get": op("getRelationship", "relationships", "One relationship (its members and scheme coordinators only).",
                rel(), None, ("200", ok("The relationship.", r("Relationship"))), &["404"]),
        },
        "/api/v1/relationships/{id}/response": {
            "post": op("answerOffer", "relationships", "Accepts or declines the offer before its deadline. A decline tells the coordinator and returns people to the pool.",
                rel(), Some(json_body("OfferAnswer")), ("200", ok("The relationship's status now.", r("RelationshipStatusOut"))), &write),
        },
        "/api/v1/relationships/{id}/agreement": {
            "put": op("replaceAgreement", "relationships", "Replaces the agreement's terms while it is being agreed; every member signs again.",
                rel(), Some(json_body("AgreementInput")), ("200", ok("The new version.", object(json!({ "version": { "type": "integer" } })))), &write),
        },
        "/api/v1/relationships/{id}/signature": {
            "post": op("signAgreement", "relationships", "Signs the agreement version read. When everyone has signed, the relationship is active.",
                rel(), Some(json_body("Signature")), ("200", ok("The relationship's status now.", r("RelationshipStatusOut"))), &write),
        },
        "/api/v1/relationships/{id}/fit-check": {
            "post": op("recordFitCheck", "relationships", "Answers \"how is it going?\" (active relationships).",
                rel(), Some(json_body("FitCheckInput")), ("204", json!({ "description": "Saved." })), &write),
        },
        "/api/v1/relationships/{id}/status": {
            "post": op("moveRelationship", "relationships", "Winds down or closes an active relationship (a member or the scheme coordinator).",
                rel(), Some(json_body("StatusInput")), ("200", ok("The new status.", r("RelationshipStatusOut"))), &write),
        },
        "/api/v1/intakes/{id}/shortlist": {
            "get": op("getShortlist", "matching", "Shortlist mode: the mentors suggested to the caller (an approved mentee) and their ranking.",
                vec![id_param("intake")], None, ("200", ok("The shortlist.", r("Shortlist"))), &["404", "409"]),
            "put": op("rankShortlist", "matching", "Replaces the caller's ranking of their suggested mentors, first choice first.",
                vec![id_param("intake")], Some(json_body("RankingInput")), ("200", ok("The shortlist.", r("Shortlist"))), &write),
        },
        "/api/v1/relationships/{id}/sessions": {
            "get": op("listSessions", "relationships", "The sessions the relationship held, oldest first.",
                rel(), None, ("200", ok("The sessions.", array_of(r("SessionLog")))), &["404"]),
            "post": op("logSession", "relationships", "Logs a session held (a member; also after the fact). Refused (409) beyond the programme's session or minutes cap.",
                rel(), Some(json_body("SessionInput")), ("201", json!({ "description": "Logged." })), &write),
        },
        "/api/v1/relationships/{id}/ending": {
            "post": op("endRelationship", "relationships", "Ends the relationship without fault. The reason is stored for its author only; the others return to the pool.",
                rel(), Some(json_body("EndingInput")), ("200", ok("The relationship's status now.", r("RelationshipStatusOut"))), &write),
        },
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// This area's OpenAPI schemas.
pub(super) fn schemas() -> Map<String, Value> {
    let level = json!({ "type": "string", "enum": names(&Level::ALL) });
    let statuses = json!({ "type": "string", "enum": names(&RelationshipStatus::ALL) });
    let v = json!({
        "MatchingCriteria": object(json!({
            "goals": level, "grade_gap": level, "profession": level, "availability": level, "mode": level, "different_organisation": level,
            "ideal_grade_gap": { "type": "integer", "minimum": -3, "maximum": 5 },
            "cross_profession": { "type": "boolean" },
            "offer_days": { "type": "integer", "minimum": 1, "maximum": 60 },
            "shortlist": nullable("integer"),
        })),
        "Pin": input(json!({
            "kind": { "type": "string", "enum": names(&[PinKind::Lock, PinKind::Forbid]) },
            "first": uuid(), "second": uuid(),
        }), &["kind", "first", "second"]),
        "MatchRun": object(json!({
            "id": uuid(), "intake_id": uuid(), "number": { "type": "integer" },
            "status": { "type": "string", "enum": ["draft", "published", "superseded"] },
            "created_at": { "type": "string", "format": "date-time" },
            "inputs_digest": { "type": "string" },
            "inputs": { "type": "object", "description": "The pool the run read (applicants, versions, capacities)." },
            "parameters": { "type": "object", "description": "Criteria, pins and seed." },
            "result": { "type": "object", "description": "Proposed matches with score breakdowns and rules met, the unmatched with reasons, quality overall and per organisation." },
            "published_at": nullable("string"),
        })),
        "Relationship": { "type": "object", "description": "A relationship with its members (name, organisation, answers, signatures), agreement, programme and intake; `me` is the caller's membership.",
            "properties": { "relationship": { "type": "object" }, "members": { "type": "array" }, "agreement": { "type": ["object", "null"] } } },
        "RelationshipStatusOut": object(json!({ "status": statuses })),
        "OfferAnswer": input(json!({ "answer": { "type": "string", "enum": ["accept", "decline"] } }), &["answer"]),
        "AgreementInput": input(json!({
            "version": { "type": "integer" }, "goals": { "type": "string" }, "frequency": { "type": "string" },
            "channel": { "type": ["string", "null"], "enum": [Mode::Telephone.code(), Mode::Video.code(), Mode::InPerson.code(), null] },
            "cancellation_notice_hours": { "type": "integer" }, "confidentiality_notes": { "type": "string" }, "ground_rules": { "type": "string" },
        }), &["version", "goals", "frequency", "cancellation_notice_hours"]),
        "Signature": input(json!({ "version": { "type": "integer" } }), &["version"]),
        "FitCheckInput": input(json!({ "fit": { "type": "string", "enum": names(&FitCheck::ALL) } }), &["fit"]),
        "StatusInput": input(json!({ "status": { "type": "string", "enum": ["winding_down", "closed"] } }), &["status"]),
        "Shortlist": { "type": "object", "description": "The intake, programme, the caller's application, the suggested mentors (name, organisation, job title, expertise) and the caller's ranking.",
            "properties": { "application_id": uuid(), "suggestions": { "type": "array" }, "ranking": array_of(uuid()) } },
        "RankingInput": input(json!({ "ranking": array_of(uuid()) }), &["ranking"]),
        "SessionLog": object(json!({
            "id": uuid(), "relationship_id": uuid(), "held_on": { "type": "string", "format": "date" },
            "minutes": { "type": "integer" }, "mode": { "type": "string" }, "logged_by": { "type": ["string", "null"] },
            "logged_at": { "type": "string", "format": "date-time" },
            "topics": { "type": "string" }, "action_points": { "type": "string", "description": "Shared between the members." },
        })),
        "SessionInput": input(json!({
            "held_on": { "type": "string", "format": "date" }, "minutes": { "type": "integer", "minimum": 1, "maximum": 600 },
            "mode": { "type": "string", "enum": [Mode::Telephone.code(), Mode::Video.code(), Mode::InPerson.code()] },
            "topics": { "type": "string", "maxLength": 4000 }, "action_points": { "type": "string", "maxLength": 4000, "description": "Shared between the members." },
        }), &["held_on", "minutes", "mode"]),
        "EndingInput": input(json!({ "reason": { "type": "string", "description": "Private to the caller." } }), &[]),
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
