//! API of recruitment: the intake's application form, eligibility, applying, the organisation
//! coordinator's decisions within places, and the applicant's own applications.
//!
//! Refusals caused by the state of things (a second application to the same role, no places
//! left, an application that moved on, a closed intake) are `409 Conflict` with the usual error
//! body, its `fields` naming why; they change nothing. The line manager answers through the
//! e-mailed page link, not through the API (they have no account or token).

use super::auth::ApiUser;
use super::error::{ApiError, ApiJson, MAX_JSON_BYTES};
use super::openapi::{
    JSON_ERRORS, array_of, date, id_param, input, json_body, names, nullable, object, ok, op, r,
    uuid, with,
};
use crate::i18n::{I18n, Lang};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::str::FromStr;
use tandem_app::applications::{
    self as apps, ApplicationInput, ApplicationRow, ApplicationView, Decision,
};
use tandem_domain::{
    Answers, Application, ApplicationEvent, ApplicationId, ApplicationRole, ApplicationStatus,
    FrameworkDimension, IntakeId, MatchingProfile, Mode, OrganisationId, PersonId, ProgrammeId,
    Question, QuestionKind, Slot,
};

/// This area's routes (paths below `/api`).
pub(super) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    let json = || DefaultBodyLimit::max(MAX_JSON_BYTES);
    vec![
        (
            "/v1/intakes/{id}/form",
            get(get_form).put(put_form).layer(json()),
        ),
        ("/v1/intakes/{id}/eligibility", get(eligibility)),
        (
            "/v1/intakes/{id}/applications",
            get(intake_applications).post(apply).layer(json()),
        ),
        ("/v1/applications/{id}", get(get_application)),
        ("/v1/applications/{id}/decision", post(decide).layer(json())),
        ("/v1/applications/{id}/withdraw", post(withdraw)),
        ("/v1/me/applications", get(my_applications)),
        ("/v1/me/open-intakes", get(open_intakes)),
    ]
}

// ----- errors --------------------------------------------------------------------------------

/// An error of this area: the API's usual errors, a taken value answered as a field error (`422`).
/// A refusal because of the state of things stays a refusal (`409` with the reason as a field
/// error, see `crate::error`).
enum Refused {
    Api(ApiError),
}

impl From<AppError> for Refused {
    fn from(e: AppError) -> Self {
        Refused::Api(e.into_validation().into())
    }
}

impl From<ApiError> for Refused {
    fn from(e: ApiError) -> Self {
        Refused::Api(e)
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::Api(e) => e.into_response(),
        }
    }
}

type Result<T> = std::result::Result<T, Refused>;

fn id<T: FromStr>(raw: &str) -> Result<T> {
    raw.parse()
        .map_err(|_| Refused::Api(ApiError::App(AppError::NotFound)))
}

// ----- bodies --------------------------------------------------------------------------------

/// A question of an intake's form, as sent and returned.
#[derive(Debug, Serialize, Deserialize)]
pub struct QuestionDto {
    /// Stable key answers refer to; leave empty on a new question to have one assigned.
    #[serde(default)]
    pub key: String,
    pub kind: QuestionKind,
    pub prompt: String,
    #[serde(default)]
    pub hint: String,
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub scale_max: Option<u8>,
    #[serde(default)]
    pub required: bool,
    /// Roles asked; empty = everyone.
    #[serde(default)]
    pub roles: Vec<ApplicationRole>,
}

impl From<Question> for QuestionDto {
    fn from(q: Question) -> Self {
        QuestionDto {
            key: q.key,
            kind: q.kind,
            prompt: q.prompt,
            hint: q.hint,
            options: q.options,
            scale_max: q.scale_max,
            required: q.required,
            roles: q.roles,
        }
    }
}

impl From<QuestionDto> for Question {
    fn from(q: QuestionDto) -> Self {
        Question {
            key: q.key,
            kind: q.kind,
            prompt: q.prompt,
            hint: q.hint,
            options: q.options,
            scale_max: q.scale_max,
            required: q.required,
            roles: q.roles,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct FormOut {
    pub intake_id: IntakeId,
    pub questions: Vec<QuestionDto>,
}

#[derive(Debug, Deserialize)]
pub struct FormIn {
    pub questions: Vec<QuestionDto>,
}

#[derive(Debug, Deserialize)]
pub struct ApplicationIn {
    pub role: Option<ApplicationRole>,
    #[serde(default)]
    pub goals: Vec<FrameworkDimension>,
    #[serde(default)]
    pub expertise: Vec<FrameworkDimension>,
    #[serde(default)]
    pub availability: Vec<Slot>,
    #[serde(default)]
    pub modes: Vec<Mode>,
    #[serde(default)]
    pub conflicts: Vec<PersonId>,
    #[serde(default)]
    pub answers: Answers,
}

#[derive(Debug, Serialize)]
pub struct ApplicationOut {
    pub id: ApplicationId,
    pub intake_id: IntakeId,
    pub person_id: PersonId,
    pub role: ApplicationRole,
    pub organisation_id: OrganisationId,
    pub status: ApplicationStatus,
    pub goals: Vec<FrameworkDimension>,
    pub expertise: Vec<FrameworkDimension>,
    pub availability: Vec<Slot>,
    pub modes: Vec<Mode>,
    pub conflicts: Vec<PersonId>,
    pub answers: Answers,
    pub line_manager_id: Option<PersonId>,
    pub submitted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: u32,
}

impl From<Application> for ApplicationOut {
    fn from(a: Application) -> Self {
        ApplicationOut {
            id: a.id,
            intake_id: a.intake_id,
            person_id: a.person_id,
            role: a.role,
            organisation_id: a.organisation_id,
            status: a.status,
            goals: a.profile.goals,
            expertise: a.profile.expertise,
            availability: a.profile.availability,
            modes: a.profile.modes,
            conflicts: a.profile.conflicts,
            answers: a.answers,
            line_manager_id: a.line_manager_id,
            submitted_at: a.submitted_at,
            updated_at: a.updated_at,
            version: a.version,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct EventOut {
    pub at: DateTime<Utc>,
    /// None for the line manager acting through the e-mailed link.
    pub actor_id: Option<PersonId>,
    pub status: ApplicationStatus,
    /// Stable code of the step (a translation key).
    pub note: String,
    pub description: String,
}

impl From<ApplicationEvent> for EventOut {
    fn from(e: ApplicationEvent) -> Self {
        EventOut {
            description: I18n::shared().t(Lang::EnGb, &e.note),
            at: e.at,
            actor_id: e.actor_id,
            status: e.status,
            note: e.note,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ApplicationDetailOut {
    #[serde(flatten)]
    pub application: ApplicationOut,
    pub programme_id: ProgrammeId,
    pub applicant_name: String,
    pub can_withdraw: bool,
    pub history: Vec<EventOut>,
}

impl From<ApplicationView> for ApplicationDetailOut {
    fn from(v: ApplicationView) -> Self {
        ApplicationDetailOut {
            programme_id: v.programme.id,
            applicant_name: v.applicant_name,
            can_withdraw: v.can_withdraw,
            history: v.history.into_iter().map(Into::into).collect(),
            application: v.application.into(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RoleEligibilityOut {
    pub role: ApplicationRole,
    pub eligible: bool,
    /// Stable code of the reason (a translation key), when not eligible.
    pub reason: Option<String>,
    pub message: Option<String>,
    /// The applicant's application to this role, if they made one.
    pub application_id: Option<ApplicationId>,
}

#[derive(Debug, Serialize)]
pub struct EligibilityOut {
    pub intake_id: IntakeId,
    pub open: bool,
    pub asks_line_manager: bool,
    pub roles: Vec<RoleEligibilityOut>,
}

#[derive(Debug, Serialize)]
pub struct PlaceUseOut {
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub places: u32,
    pub taken: u32,
}

#[derive(Debug, Serialize)]
pub struct IntakeApplicationOut {
    #[serde(flatten)]
    pub application: ApplicationOut,
    pub applicant_name: String,
    pub organisation_name: String,
}

impl From<ApplicationRow> for IntakeApplicationOut {
    fn from(r: ApplicationRow) -> Self {
        IntakeApplicationOut {
            application: r.application.into(),
            applicant_name: r.applicant_name,
            organisation_name: r.organisation_name,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct IntakeApplicationsOut {
    pub intake_id: IntakeId,
    pub places: Vec<PlaceUseOut>,
    pub applications: Vec<IntakeApplicationOut>,
}

#[derive(Debug, Deserialize)]
pub struct DecisionIn {
    pub decision: Decision,
    /// The status the caller saw; when given and no longer current, the decision is refused.
    #[serde(default)]
    pub expected_status: Option<ApplicationStatus>,
}

#[derive(Debug, Serialize)]
pub struct OpenIntakeOut {
    pub intake_id: IntakeId,
    pub intake_name: String,
    pub programme_id: ProgrammeId,
    pub programme_name: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub roles: Vec<ApplicationRole>,
    pub applied: Vec<ApplicationRole>,
}

// ----- handlers ------------------------------------------------------------------------------

async fn get_form(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> Result<Json<FormOut>> {
    let (intake, _, questions) = apps::form(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(FormOut {
        intake_id: intake.id,
        questions: questions.into_iter().map(Into::into).collect(),
    }))
}

async fn put_form(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<FormIn>,
) -> Result<Json<FormOut>> {
    let intake: IntakeId = id(&raw)?;
    let questions = body.questions.into_iter().map(Into::into).collect();
    let saved = apps::set_form(&state.app, user.actor(), intake, questions).await?;
    Ok(Json(FormOut {
        intake_id: intake,
        questions: saved.into_iter().map(Into::into).collect(),
    }))
}

async fn eligibility(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> Result<Json<EligibilityOut>> {
    let ctx = apps::apply_context(&state.app, user.actor(), id(&raw)?).await?;
    let i18n = I18n::shared();
    Ok(Json(EligibilityOut {
        intake_id: ctx.intake.id,
        open: ctx.open,
        asks_line_manager: ctx.asks_line_manager,
        roles: ctx
            .roles
            .into_iter()
            .map(|c| {
                let message = c.ineligible.as_ref().map(|why| {
                    let params: Vec<(&str, &str)> = why
                        .params
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    i18n.t_with(Lang::EnGb, why.reason, &params)
                });
                RoleEligibilityOut {
                    role: c.role,
                    eligible: c.ineligible.is_none(),
                    reason: c.ineligible.map(|w| w.reason.to_string()),
                    message,
                    application_id: c.applied,
                }
            })
            .collect(),
    }))
}

async fn apply(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<ApplicationIn>,
) -> Result<Response> {
    let input = ApplicationInput {
        role: body.role,
        profile: MatchingProfile {
            goals: body.goals,
            expertise: body.expertise,
            availability: body.availability,
            modes: body.modes,
            conflicts: body.conflicts,
        },
        answers: body.answers,
    };
    let a = apps::apply(&state.app, user.actor(), id(&raw)?, input).await?;
    Ok((
        StatusCode::CREATED,
        [(LOCATION, format!("/api/v1/applications/{}", a.id))],
        Json(ApplicationOut::from(a)),
    )
        .into_response())
}

async fn intake_applications(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> Result<Json<IntakeApplicationsOut>> {
    let list = apps::intake_applications(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(IntakeApplicationsOut {
        intake_id: list.intake.id,
        places: list
            .places
            .into_iter()
            .map(|p| PlaceUseOut {
                organisation_id: p.organisation_id,
                organisation_name: p.organisation_name,
                places: p.places,
                taken: p.taken,
            })
            .collect(),
        applications: list.applications.into_iter().map(Into::into).collect(),
    }))
}

async fn get_application(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> Result<Json<ApplicationDetailOut>> {
    let view = apps::view(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(view.into()))
}

async fn decide(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<DecisionIn>,
) -> Result<Json<ApplicationOut>> {
    let a = apps::decide(
        &state.app,
        user.actor(),
        id(&raw)?,
        body.decision,
        body.expected_status,
    )
    .await?;
    Ok(Json(a.into()))
}

async fn withdraw(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> Result<Json<ApplicationOut>> {
    let a = apps::withdraw(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(a.into()))
}

async fn my_applications(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<Vec<ApplicationDetailOut>>> {
    let list = apps::mine(&state.app, user.actor()).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

async fn open_intakes(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<Vec<OpenIntakeOut>>> {
    let list = apps::open_intakes(&state.app, user.actor()).await?;
    Ok(Json(
        list.into_iter()
            .map(|o| OpenIntakeOut {
                intake_id: o.intake.id,
                intake_name: o.intake.name,
                programme_id: o.programme.id,
                programme_name: o.programme.name,
                opens_on: o.intake.opens_on,
                closes_on: o.intake.closes_on,
                roles: o.roles,
                applied: o.applied,
            })
            .collect(),
    ))
}

// ----- OpenAPI -------------------------------------------------------------------------------

/// Adds the `409` refusal to an operation.
fn refusable(mut operation: Value, description: &str) -> Value {
    operation["responses"]["409"] = ok(description, r("Error"));
    operation
}

/// This area's OpenAPI paths (with the `/api` prefix).
pub(super) fn paths() -> Map<String, Value> {
    let write_errors = with(&JSON_ERRORS, &["403", "404"]);
    let v = json!({
        "/api/v1/intakes/{id}/form": {
            "get": op("getApplicationForm", "applications", "The intake's programme-specific questions (any member of the scheme; they are what applicants are asked).",
                vec![id_param("intake")], None, ("200", ok("The form.", r("ApplicationForm"))), &["403", "404"]),
            "put": op("replaceApplicationForm", "applications", "Replaces the intake's questions (scheme coordinators). A question without a key gets one; errors name `question_<key>`.",
                vec![id_param("intake")], Some(json_body("ApplicationFormInput")), ("200", ok("The form as saved.", r("ApplicationForm"))), &write_errors),
        },
        "/api/v1/intakes/{id}/eligibility": {
            "get": op("getEligibility", "applications", "Whether the caller may apply to the intake, per role, with the reason when not (checked before anything is sent).",
                vec![id_param("intake")], None, ("200", ok("Eligibility per role.", r("ApplyEligibility"))), &["403", "404"]),
        },
        "/api/v1/intakes/{id}/applications": {
            "get": op("listIntakeApplications", "applications", "The applications using the caller's organisations' places in the intake (a scheme coordinator sees all), oldest first, with places offered and taken.",
                vec![id_param("intake")], None, ("200", ok("Places and applications.", r("IntakeApplications"))), &["403", "404"]),
            "post": refusable(op("apply", "applications", "Applies to an open intake for one role. Ineligibility is an error on `role` with the reason. With a line manager on record the application waits for them (they are e-mailed a single-use link), otherwise for the organisation coordinator.",
                vec![id_param("intake")], Some(json_body("ApplicationInput")), ("201", ok("The application; `Location` names it.", r("Application"))), &write_errors),
                "A second application to the same role, or the intake is not open: nothing was written."),
        },
        "/api/v1/applications/{id}": {
            "get": op("getApplication", "applications", "One application with its history: the caller's own, or one using the places of an organisation they coordinate. Anyone else's is not found.",
                vec![id_param("application")], None, ("200", ok("The application.", r("ApplicationDetail"))), &["404"]),
        },
        "/api/v1/applications/{id}/decision": {
            "post": refusable(op("decideApplication", "applications", "The organisation coordinator's decision: approve (takes one of the organisation's places), waiting list or decline. Another organisation's application is not found.",
                vec![id_param("application")], Some(json_body("DecisionInput")), ("200", ok("The application after the decision.", r("Application"))), &write_errors),
                "All the organisation's places are taken (approve), or the application is not waiting for this decision or changed since `expected_status`: nothing changed."),
        },
        "/api/v1/applications/{id}/withdraw": {
            "post": refusable(op("withdrawApplication", "applications", "Withdraws the caller's own application; a held place goes back to the organisation. Anyone else's is not found.",
                vec![id_param("application")], None, ("200", ok("The withdrawn application.", r("Application"))), &["404"]),
                "The application can no longer be withdrawn."),
        },
        "/api/v1/me/applications": {
            "get": op("listMyApplications", "applications", "The caller's applications, newest first, with their history.",
                vec![], None, ("200", ok("The applications.", array_of(r("ApplicationDetail")))), &["403"]),
        },
        "/api/v1/me/open-intakes": {
            "get": op("listOpenIntakes", "applications", "The scheme's intakes open for applications today, with the roles they recruit and those the caller applied for.",
                vec![], None, ("200", ok("The open intakes.", array_of(r("OpenIntake")))), &["403"]),
        },
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// This area's OpenAPI schemas.
pub(super) fn schemas() -> Map<String, Value> {
    let slots: Vec<String> = Slot::all().map(|s| s.code()).collect();
    let application = json!({
        "id": uuid(),
        "intake_id": uuid(),
        "person_id": uuid(),
        "role": r("ApplicationRole"),
        "organisation_id": { "type": "string", "format": "uuid", "description": "The organisation whose places the application uses (the applicant's primary employer)." },
        "status": r("ApplicationStatus"),
        "goals": array_of(r("FrameworkDimension")),
        "expertise": array_of(r("FrameworkDimension")),
        "availability": array_of(r("Slot")),
        "modes": array_of(r("Mode")),
        "conflicts": { "type": "array", "items": uuid(), "description": "People the applicant must not be matched with." },
        "answers": { "type": "object", "additionalProperties": r("Answer"), "description": "Answers by question key." },
        "line_manager_id": { "type": ["string", "null"], "format": "uuid" },
        "submitted_at": { "type": "string", "format": "date-time" },
        "updated_at": { "type": "string", "format": "date-time" },
        "version": { "type": "integer", "description": "Raised on every change." },
    });
    let mut detail = application.clone();
    detail["programme_id"] = uuid();
    detail["applicant_name"] = json!({ "type": "string" });
    detail["can_withdraw"] = json!({ "type": "boolean" });
    detail["history"] = array_of(r("ApplicationEvent"));
    let mut row = application.clone();
    row["applicant_name"] = json!({ "type": "string" });
    row["organisation_name"] = json!({ "type": "string" });
    let question = json!({
        "key": { "type": "string", "maxLength": apps::MAX_KEY, "description": "Stable key (lower-case letters, digits, `_`); empty on a new question to have one assigned." },
        "kind": r("QuestionKind"),
        "prompt": { "type": "string", "maxLength": apps::MAX_PROMPT },
        "hint": { "type": "string", "maxLength": apps::MAX_PROMPT },
        "options": { "type": "array", "items": { "type": "string", "maxLength": apps::MAX_OPTION }, "description": "Single and multiple choice: 2 to 20 options." },
        "scale_max": { "type": ["integer", "null"], "minimum": 2, "maximum": 10, "description": "Scale: the highest point (from 1)." },
        "required": { "type": "boolean" },
        "roles": { "type": "array", "items": r("ApplicationRole"), "description": "Roles asked; empty = everyone." },
    });
    let v = json!({
        "ApplicationRole": { "type": "string", "enum": names(&ApplicationRole::ALL) },
        "ApplicationStatus": { "type": "string", "enum": names(&ApplicationStatus::ALL) },
        "FrameworkDimension": { "type": "string", "enum": names(&FrameworkDimension::ALL) },
        "QuestionKind": { "type": "string", "enum": names(&QuestionKind::ALL) },
        "Slot": { "type": "string", "enum": slots, "description": "A half-day of the week: day (mon…sun) and part (am, pm, eve)." },
        "Answer": { "oneOf": [
            { "type": "string", "description": "Text, or the chosen option of a single choice." },
            { "type": "integer", "minimum": 1, "maximum": 10, "description": "A point of a scale." },
            { "type": "array", "items": { "type": "string" }, "description": "The chosen options of a multiple choice." },
        ] },
        "Question": object(question.clone()),
        "QuestionInput": input(question, &["kind", "prompt"]),
        "ApplicationForm": object(json!({
            "intake_id": uuid(),
            "questions": array_of(r("Question")),
        })),
        "ApplicationFormInput": input(json!({
            "questions": { "type": "array", "items": r("QuestionInput"), "maxItems": tandem_domain::application::MAX_QUESTIONS },
        }), &["questions"]),
        "ApplyEligibility": object(json!({
            "intake_id": uuid(),
            "open": { "type": "boolean", "description": "Today is between the intake's opening and closing dates." },
            "asks_line_manager": { "type": "boolean" },
            "roles": array_of(r("RoleEligibility")),
        })),
        "RoleEligibility": object(json!({
            "role": r("ApplicationRole"),
            "eligible": { "type": "boolean" },
            "reason": { "type": ["string", "null"], "description": "Stable code, e.g. `eligibility.grade`, `eligibility.mentor_training`." },
            "message": nullable("string"),
            "application_id": { "type": ["string", "null"], "format": "uuid", "description": "The caller's application to this role, if any." },
        })),
        "ApplicationInput": input(json!({
            "role": r("ApplicationRole"),
            "goals": array_of(r("FrameworkDimension")),
            "expertise": array_of(r("FrameworkDimension")),
            "availability": array_of(r("Slot")),
            "modes": array_of(r("Mode")),
            "conflicts": { "type": "array", "items": uuid() },
            "answers": { "type": "object", "additionalProperties": r("Answer") },
        }), &["role"]),
        "Application": object(application),
        "ApplicationEvent": object(json!({
            "at": { "type": "string", "format": "date-time" },
            "actor_id": { "type": ["string", "null"], "format": "uuid", "description": "null for the line manager, who acts through the e-mailed link." },
            "status": r("ApplicationStatus"),
            "note": { "type": "string", "description": "Stable code of the step." },
            "description": { "type": "string" },
        })),
        "ApplicationDetail": object(detail),
        "PlaceUse": object(json!({
            "organisation_id": uuid(),
            "organisation_name": { "type": "string" },
            "places": { "type": "integer" },
            "taken": { "type": "integer", "description": "Held by approved or matched applications." },
        })),
        "IntakeApplication": object(row),
        "IntakeApplications": object(json!({
            "intake_id": uuid(),
            "places": array_of(r("PlaceUse")),
            "applications": array_of(r("IntakeApplication")),
        })),
        "DecisionInput": input(json!({
            "decision": { "type": "string", "enum": ["approve", "waiting_list", "decline"] },
            "expected_status": r("ApplicationStatus"),
        }), &["decision"]),
        "OpenIntake": object(json!({
            "intake_id": uuid(),
            "intake_name": { "type": "string" },
            "programme_id": uuid(),
            "programme_name": { "type": "string" },
            "opens_on": date(),
            "closes_on": date(),
            "roles": array_of(r("ApplicationRole")),
            "applied": array_of(r("ApplicationRole")),
        })),
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
