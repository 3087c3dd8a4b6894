//! API of mentor development: training and supervision records per person, a person's mentor
//! standing (status and personal load), and the coordinators' list of mentors.
//!
//! Handlers only translate: who may do what, validation and auditing are in
//! `services::mentors`. The bodies are this module's own types, whose schemas are derived for the
//! OpenAPI document, so a change in the domain cannot silently change what clients receive.

use super::auth::ApiUser;
use super::doc::{self, codes};
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use tandem_app::mentors::{self as service, StandingInput, StandingView};
use tandem_domain::mentor::{MentorOverview, SupervisionInput, TrainingInput};
use tandem_domain::{
    MentorStatus, PersonId, SupervisionId, SupervisionRecord, TrainingId, TrainingRecord,
};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_training, create_training))
        .routes(routes!(verify_training))
        .routes(routes!(list_supervision, create_supervision))
        .routes(routes!(get_standing, put_standing))
        .routes(routes!(list_mentors))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

/// Limits the use cases enforce, for the OpenAPI document (see [`super::doc::Bound`]).
pub(super) const BOUNDS: &[super::doc::Bound] = {
    use tandem_domain::mentor::{MAX_EVIDENCE, MAX_PERSONAL_LOAD, MAX_THEMES, SUPERVISION_MINUTES};
    use tandem_domain::validate::MAX_TEXT;
    const MIN: u64 = *SUPERVISION_MINUTES.start() as u64;
    const MAX: u64 = *SUPERVISION_MINUTES.end() as u64;
    const LOAD: u64 = MAX_PERSONAL_LOAD as u64;
    &[
        ("TrainingInput", "course", "maxLength", MAX_TEXT as u64),
        ("TrainingInput", "provider", "maxLength", MAX_TEXT as u64),
        (
            "TrainingInput",
            "evidence",
            "maxLength",
            MAX_EVIDENCE as u64,
        ),
        (
            "SupervisionInput",
            "supervisor",
            "maxLength",
            MAX_TEXT as u64,
        ),
        ("SupervisionInput", "themes", "maxLength", MAX_THEMES as u64),
        ("SupervisionInput", "minutes", "minimum", MIN),
        ("SupervisionInput", "minutes", "maximum", MAX),
        ("Supervision", "minutes", "minimum", MIN),
        ("Supervision", "minutes", "maximum", MAX),
        ("MentorStandingInput", "load_max", "maximum", LOAD),
        ("MentorStanding", "load_max", "maximum", LOAD),
        ("Mentor", "load_max", "maximum", LOAD),
    ]
};

// ---------------------------------------------------------------------------------------------
// Bodies

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Training)]
pub struct TrainingOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: TrainingId,
    #[schema(value_type = uuid::Uuid)]
    pub person_id: PersonId,
    pub course: String,
    pub provider: String,
    pub completed_on: NaiveDate,
    pub evidence: String,
    pub counts_as_mentor_training: bool,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub recorded_by: Option<PersonId>,
    pub recorded_at: DateTime<Utc>,
    /// The coordinator who verified it (or recorded it for the person); only verified training
    /// counts for "mentor training required".
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub verified_by: Option<PersonId>,
    #[schema(required = true)]
    pub verified_at: Option<DateTime<Utc>>,
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
            verified_by: t.verified_by,
            verified_at: t.verified_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = TrainingInput)]
pub struct TrainingIn {
    #[serde(default)]
    pub course: String,
    #[serde(default)]
    pub provider: String,
    #[serde(
        default,
        deserialize_with = "tandem_domain::text::serde_date::optional"
    )]
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

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Supervision)]
pub struct SupervisionOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: SupervisionId,
    #[schema(value_type = uuid::Uuid)]
    pub person_id: PersonId,
    pub held_on: NaiveDate,
    pub supervisor: String,
    pub minutes: u32,
    pub themes: String,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
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

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = SupervisionInput)]
pub struct SupervisionIn {
    #[serde(
        default,
        deserialize_with = "tandem_domain::text::serde_date::optional"
    )]
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

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = MentorStanding)]
pub struct StandingOut {
    #[schema(value_type = uuid::Uuid)]
    pub person_id: PersonId,
    #[schema(value_type = codes::MentorStatus)]
    pub status: MentorStatus,
    /// Personal load; `null` = the programme's.
    #[schema(required = true)]
    pub load_max: Option<u32>,
    pub current_load: u32,
    pub trained: bool,
    /// `null` when never recorded (active with the programme's load).
    #[schema(required = true)]
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

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = MentorStandingInput)]
pub struct StandingIn {
    #[schema(value_type = Option<codes::MentorStatus>)]
    pub status: Option<MentorStatus>,
    /// Absent: keep the personal load; `null`: the programme's; a number: that load.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<u32>, minimum = 1)]
    pub load_max: Option<Option<u32>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Mentor)]
pub struct MentorOut {
    #[schema(value_type = uuid::Uuid)]
    pub person_id: PersonId,
    pub given_name: String,
    pub family_name: String,
    #[schema(value_type = codes::MentorStatus)]
    pub status: MentorStatus,
    #[schema(required = true)]
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

/// A person's training and qualifications, most recently completed first. The mentor themselves, a coordinator of an organisation employing them, or the scheme coordinator; for anyone else the person is not found.
#[utoipa::path(get, path = "/v1/people/{id}/training", operation_id = "listTraining", tag = "mentors", params(("id" = uuid::Uuid, Path, description = "Id of the person.")),
    responses((status = 200, description = "The training records.", body = Vec<TrainingOut>), (status = 404, response = doc::NotFound)))]
async fn list_training(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<TrainingOut>>> {
    let list = service::list_training(&state.app, user.actor(), person(&raw)?).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Records completed training or a qualification. The mentor themselves, a coordinator of an organisation employing them, or the scheme coordinator; for anyone else the person is not found.
#[utoipa::path(post, path = "/v1/people/{id}/training", operation_id = "createTraining", tag = "mentors", params(("id" = uuid::Uuid, Path, description = "Id of the person.")), request_body = TrainingIn,
    responses((status = 201, description = "The new record.", body = TrainingOut), (status = 404, response = doc::NotFound)))]
async fn create_training(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<TrainingIn>,
) -> ApiResult<Response> {
    let t = service::add_training(&state.app, user.actor(), person(&raw)?, body.into()).await?;
    Ok((StatusCode::CREATED, Json(TrainingOut::from(t))).into_response())
}

/// Verifies one of a person's training records, so that it counts for "mentor training required": the scheme coordinator or a coordinator of an organisation employing them, never the person themselves (403); for anyone who may not see the person, not found.
#[utoipa::path(put, path = "/v1/people/{id}/training/{training}/verification", operation_id = "verifyTraining", tag = "mentors", params(("id" = uuid::Uuid, Path, description = "Id of the person."), ("training" = uuid::Uuid, Path, description = "Id of the training record.")),
    responses((status = 204, description = "Verified."), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
async fn verify_training(
    State(state): State<AppState>,
    user: ApiUser,
    Path((raw, training)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let training = training
        .parse()
        .map_err(|_| ApiError::App(AppError::NotFound))?;
    service::verify_training(&state.app, user.actor(), person(&raw)?, training).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A person's supervision sessions, most recent first. The mentor themselves, a coordinator of an organisation employing them, or the scheme coordinator; for anyone else the person is not found.
#[utoipa::path(get, path = "/v1/people/{id}/supervision", operation_id = "listSupervision", tag = "mentors", params(("id" = uuid::Uuid, Path, description = "Id of the person.")),
    responses((status = 200, description = "The sessions.", body = Vec<SupervisionOut>), (status = 404, response = doc::NotFound)))]
async fn list_supervision(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<SupervisionOut>>> {
    let list = service::list_supervision(&state.app, user.actor(), person(&raw)?).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Records a supervision session the mentor had. The mentor themselves, a coordinator of an organisation employing them, or the scheme coordinator; for anyone else the person is not found.
#[utoipa::path(post, path = "/v1/people/{id}/supervision", operation_id = "createSupervision", tag = "mentors", params(("id" = uuid::Uuid, Path, description = "Id of the person.")), request_body = SupervisionIn,
    responses((status = 201, description = "The new record.", body = SupervisionOut), (status = 404, response = doc::NotFound)))]
async fn create_supervision(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<SupervisionIn>,
) -> ApiResult<Response> {
    let s = service::add_supervision(&state.app, user.actor(), person(&raw)?, body.into()).await?;
    Ok((StatusCode::CREATED, Json(SupervisionOut::from(s))).into_response())
}

/// A person's mentor status, personal load and current load. The mentor themselves, a coordinator of an organisation employing them, or the scheme coordinator; for anyone else the person is not found.
#[utoipa::path(get, path = "/v1/people/{id}/mentor-standing", operation_id = "getMentorStanding", tag = "mentors", params(("id" = uuid::Uuid, Path, description = "Id of the person.")),
    responses((status = 200, description = "The standing.", body = StandingOut), (status = 404, response = doc::NotFound)))]
async fn get_standing(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<StandingOut>> {
    let v = service::standing(&state.app, user.actor(), person(&raw)?).await?;
    Ok(Json(v.into()))
}

/// Sets a person's mentor status and personal load. Coordinators may set anything; the mentor themselves may only pause and resume (anything else is 403). Nobody is matched while paused or withdrawn, or beyond their load.
#[utoipa::path(put, path = "/v1/people/{id}/mentor-standing", operation_id = "setMentorStanding", tag = "mentors", params(("id" = uuid::Uuid, Path, description = "Id of the person.")), request_body = StandingIn,
    responses((status = 200, description = "The standing now.", body = StandingOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
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

/// Everyone with a mentor standing, training or an application to mentor, by family name: the whole scheme for the scheme coordinator, the people their organisations employ for an organisation coordinator; refused for anyone else.
///
/// One page at a time (the body stays a plain array): the `Link` header names the next and previous pages (`rel="next"`, `rel="prev"`), and `Tandem-Total` their number (`1000+` beyond 1,000).
#[utoipa::path(get, path = "/v1/mentors", operation_id = "listMentors", tag = "mentors",
    params(
        ("limit" = Option<u64>, Query, description = "Mentors per page (default 50; larger values than 200 are reduced to 200)."),
        ("cursor" = Option<String>, Query, description = "A token from the `Link` header: the page after or before it (costs one page however deep). A token naming no one of the scheme is refused with 422 on `cursor`."),
    ),
    responses((status = 200, description = "One page of mentors.", body = Vec<MentorOut>,
        headers(("Link" = String, description = "The next and previous pages, as `</api/v1/mentors?cursor=…>; rel=\"next\"`."),
            ("Tandem-Total" = String, description = "The number of mentors listed: exact up to 1,000, else `1000+`."))),
        (status = 400, response = doc::BadRequest), (status = 403, response = doc::Forbidden), (status = 422, response = doc::Invalid)))]
async fn list_mentors(
    State(state): State<AppState>,
    user: ApiUser,
    params: Result<
        axum::extract::Query<super::applications::PageParams>,
        axum::extract::rejection::QueryRejection,
    >,
) -> ApiResult<Response> {
    let axum::extract::Query(params) = params.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    let paging = service::MentorsPaging {
        cursor: params.cursor(),
        per_page: params.limit().map_err(ApiError::from)?,
    };
    let page = service::list_mentors_page(&state.app, user.actor(), &paging).await?;
    let limit = paging
        .per_page
        .map(|l| format!("&limit={l}"))
        .unwrap_or_default();
    let mut links = Vec::new();
    if let Some(next) = &page.next {
        links.push(format!(
            "</api/v1/mentors?cursor={next}{limit}>; rel=\"next\""
        ));
    }
    if let Some(previous) = &page.previous {
        links.push(format!(
            "</api/v1/mentors?cursor={previous}{limit}>; rel=\"prev\""
        ));
    }
    let total = if page.total_exact {
        page.total.to_string()
    } else {
        format!("{}+", page.total)
    };
    let body: Vec<MentorOut> = page.items.into_iter().map(Into::into).collect();
    let mut response = Json(body).into_response();
    let headers = response.headers_mut();
    if !links.is_empty()
        && let Ok(v) = axum::http::HeaderValue::from_str(&links.join(", "))
    {
        headers.insert(axum::http::header::LINK, v);
    }
    if let Ok(v) = axum::http::HeaderValue::from_str(&total) {
        headers.insert("tandem-total", v);
    }
    Ok(response)
}
