//! API of surveys: a programme's surveys (the scheme's coordinators), the caller's own survey
//! requests and answering one. Handlers only translate; `surveys::builder` and
//! `surveys::answer` decide. Items travel as the domain writes them
//! (`{"item": "instrument", "code": "gses"}` or `{"item": "question", "key": …}`), so the API
//! and the pages store the same thing.

use super::auth::ApiUser;
use super::doc;
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;
use tandem_app::surveys::answer::{self, MyRequest, SubmitInput};
use tandem_app::surveys::builder::{self, SurveyInput};
use tandem_domain::survey::{AnswerValue, Item, LocalText, Survey, WaveKind};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_surveys, create_survey))
        .routes(routes!(update_survey))
        .routes(routes!(my_requests))
        .routes(routes!(submit_answers))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

fn id<T: FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

/// A survey to create or the new content of one.
#[derive(Deserialize, ToSchema)]
pub struct SurveyIn {
    pub title_en: String,
    #[serde(default)]
    pub title_nl: String,
    /// Wave codes: `baseline`, `end`, `follow_up`, `session`.
    pub waves: Vec<String>,
    /// The items in order: `{"item": "instrument", "code": "gses" | "goal_attainment" |
    /// "reaction" | "session_feedback"}` or `{"item": "question", "key", "text": {"en", "nl"},
    /// "kind": {"type": "likert5" | "likert7" | "scale0to10" | "single_choice" |
    /// "multiple_choice" | "free_text", "options"?}, "required", "kirkpatrick", "barr",
    /// "dimension"}`.
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<serde_json::Value>,
    /// For a change: the version it was read at (a change since is refused with 409).
    #[serde(default)]
    pub version: Option<i64>,
}

impl SurveyIn {
    fn input(self) -> ApiResult<SurveyInput> {
        let mut waves = Vec::new();
        for w in &self.waves {
            waves.push(WaveKind::from_code(w).ok_or(AppError::BadRequest("unknown wave"))?);
        }
        let mut items = Vec::new();
        for i in self.items {
            items.push(
                serde_json::from_value::<Item>(i)
                    .map_err(|_| AppError::BadRequest("malformed item"))?,
            );
        }
        Ok(SurveyInput {
            title: LocalText::new(&self.title_en, &self.title_nl),
            waves,
            items,
        })
    }
}

/// A survey.
#[derive(Serialize, ToSchema)]
pub struct SurveyOut {
    pub id: uuid::Uuid,
    pub programme_id: uuid::Uuid,
    pub title_en: String,
    pub title_nl: String,
    pub waves: Vec<String>,
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<serde_json::Value>,
    /// Rises with every change.
    pub version: i64,
}

impl From<Survey> for SurveyOut {
    fn from(s: Survey) -> Self {
        SurveyOut {
            id: s.id.0,
            programme_id: s.programme_id.0,
            title_en: s.title.en,
            title_nl: s.title.nl,
            waves: s.waves.iter().map(|w| w.code().to_owned()).collect(),
            items: s
                .items
                .iter()
                .filter_map(|i| serde_json::to_value(i).ok())
                .collect(),
            version: s.version,
        }
    }
}

/// The programme's surveys (the scheme's coordinators).
#[utoipa::path(get, path = "/v1/programmes/{id}/surveys", operation_id = "listProgrammeSurveys", tag = "surveys", params(("id" = uuid::Uuid, Path, description = "Id of the programme.")),
    responses((status = 200, description = "The surveys, oldest first.", body = Vec<SurveyOut>), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
async fn list_surveys(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<SurveyOut>>> {
    let list = builder::list(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(list.into_iter().map(SurveyOut::from).collect()))
}

/// Makes a survey for the programme.
#[utoipa::path(post, path = "/v1/programmes/{id}/surveys", operation_id = "createProgrammeSurvey", tag = "surveys", params(("id" = uuid::Uuid, Path, description = "Id of the programme.")), request_body = SurveyIn,
    responses((status = 201, description = "The survey.", body = SurveyOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 422, response = doc::Invalid)))]
async fn create_survey(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<SurveyIn>,
) -> ApiResult<Response> {
    let s = builder::create(&state.app, user.actor(), id(&raw)?, body.input()?).await?;
    Ok((
        StatusCode::CREATED,
        [(LOCATION, format!("/api/v1/surveys/{}", s.id))],
        Json(SurveyOut::from(s)),
    )
        .into_response())
}

/// Replaces a survey's title, waves and items. Refused (409) once someone answered it, or
/// when it changed since `version`.
#[utoipa::path(put, path = "/v1/surveys/{id}", operation_id = "updateSurvey", tag = "surveys", params(("id" = uuid::Uuid, Path, description = "Id of the survey.")), request_body = SurveyIn,
    responses((status = 200, description = "The survey as saved.", body = SurveyOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict), (status = 422, response = doc::Invalid)))]
async fn update_survey(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<SurveyIn>,
) -> ApiResult<Json<SurveyOut>> {
    let version = body.version.ok_or(AppError::BadRequest("version"))?;
    let s = builder::update(&state.app, user.actor(), id(&raw)?, version, body.input()?).await?;
    Ok(Json(s.into()))
}

/// One of the caller's survey requests.
#[derive(Serialize, ToSchema)]
pub struct SurveyRequestOut {
    pub id: uuid::Uuid,
    /// The survey's title in the caller's language.
    pub title: String,
    /// `baseline`, `end`, `follow_up` or `session`.
    pub wave: String,
    /// `due`, `answered`, `declined` or `closed`.
    pub state: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

impl From<MyRequest> for SurveyRequestOut {
    fn from(m: MyRequest) -> Self {
        SurveyRequestOut {
            id: m.id.0,
            title: m.title,
            wave: m.wave.code().to_owned(),
            state: m.state.code().to_owned(),
            opens_at: m.opens_at,
            closes_at: m.closes_at,
        }
    }
}

/// The caller's own survey requests, due ones first.
#[utoipa::path(get, path = "/v1/me/survey-requests", operation_id = "listMySurveyRequests", tag = "surveys",
    responses((status = 200, description = "The requests.", body = Vec<SurveyRequestOut>), (status = 403, response = doc::Forbidden)))]
async fn my_requests(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<SurveyRequestOut>>> {
    let lang = user.0.person.language;
    let list = answer::mine(&state.app, user.actor(), lang).await?;
    Ok(Json(list.into_iter().map(SurveyRequestOut::from).collect()))
}

/// Answers to one request.
#[derive(Deserialize, ToSchema)]
pub struct AnswersIn {
    /// The survey version the questions were read at.
    pub version: i64,
    /// By question key: a number (scales, numbers), a list of option indexes (choices), or a
    /// text (free text).
    #[schema(value_type = Object)]
    pub answers: BTreeMap<String, serde_json::Value>,
    /// Asked with the caller's first survey only (required then): may the answers be used for
    /// research?
    #[serde(default)]
    pub research_consent: Option<bool>,
    /// May free-text answers be quoted, without a name, in reports?
    #[serde(default)]
    pub share_free_text: bool,
}

fn answer_value(v: serde_json::Value) -> ApiResult<AnswerValue> {
    Ok(match v {
        serde_json::Value::Number(n) => {
            AnswerValue::Number(n.as_f64().ok_or(AppError::BadRequest("number"))?)
        }
        serde_json::Value::String(s) => AnswerValue::Text(s),
        serde_json::Value::Array(list) => AnswerValue::Choices(
            list.into_iter()
                .map(|x| {
                    x.as_u64()
                        .and_then(|i| usize::try_from(i).ok())
                        .ok_or(AppError::BadRequest("choice"))
                })
                .collect::<Result<_, _>>()?,
        ),
        _ => return Err(AppError::BadRequest("answer").into()),
    })
}

/// Answers one of the caller's own survey requests. Answers outside their scale are refused
/// per question (422); a request answered already, closed, or a survey changed since `version`
/// is refused (409). Nothing is stored when refused.
#[utoipa::path(post, path = "/v1/survey-requests/{id}/answers", operation_id = "answerSurveyRequest", tag = "surveys", params(("id" = uuid::Uuid, Path, description = "Id of the survey request.")), request_body = AnswersIn,
    responses((status = 204, description = "Stored."), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict), (status = 422, response = doc::Invalid)))]
async fn submit_answers(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<AnswersIn>,
) -> ApiResult<StatusCode> {
    let mut answers = BTreeMap::new();
    for (k, v) in body.answers {
        answers.insert(k, answer_value(v)?);
    }
    let input = SubmitInput {
        version: body.version,
        answers,
        research_consent: body.research_consent,
        share_free_text: body.share_free_text,
    };
    answer::submit(&state.app, user.actor(), id(&raw)?, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
