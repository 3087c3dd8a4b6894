//! API of people's rights (UK GDPR / AVG): the caller's own data (`GET /v1/me/data`) and
//! consents (`GET /v1/me/consents`, `PUT /v1/me/consents/{kind}`); an administrator's export
//! and erasure of a person (`GET /v1/people/{id}/data`, `POST /v1/people/{id}/erase`) and the
//! retention rules with a dry run (`GET /v1/retention`).
//!
//! Handlers only translate: who may do what, validation and auditing are in
//! `tandem_app::rights`.

use super::auth::ApiUser;
use super::doc;
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tandem_app::rights::{self as service, ConsentKind, PersonalData};
use tandem_domain::PersonId;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_data))
        .routes(routes!(person_data))
        .routes(routes!(erase_person))
        .routes(routes!(my_consents))
        .routes(routes!(set_consent))
        .routes(routes!(retention))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

fn id<T: std::str::FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

/// One table family's rows, each an object keyed by column name.
#[derive(Debug, Serialize, ToSchema)]
pub struct DataSection {
    pub name: String,
    #[schema(value_type = Vec<Object>)]
    pub rows: Vec<serde_json::Map<String, serde_json::Value>>,
}

/// Everything held about one person.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalDataOut {
    #[schema(value_type = uuid::Uuid)]
    pub person_id: PersonId,
    pub generated_at: DateTime<Utc>,
    /// Each section holds at most this many rows.
    pub row_limit: i64,
    pub sections: Vec<DataSection>,
}

impl From<PersonalData> for PersonalDataOut {
    fn from(d: PersonalData) -> Self {
        PersonalDataOut {
            person_id: d.person_id,
            generated_at: d.generated_at,
            row_limit: d.row_limit,
            sections: d
                .sections
                .into_iter()
                .map(|s| DataSection {
                    name: s.name.to_owned(),
                    rows: s.rows,
                })
                .collect(),
        }
    }
}

/// The caller's own data: a subject access export (audited).
#[utoipa::path(get, path = "/v1/me/data", operation_id = "getMyData", tag = "people",
    responses((status = 200, description = "Everything held about the caller.", body = PersonalDataOut)))]
async fn my_data(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<PersonalDataOut>> {
    let me = user.actor().person_id;
    Ok(Json(
        service::export(&state.app, user.actor(), me).await?.into(),
    ))
}

/// Everything held about a person, for a subject access request. Administrators only; for anyone else it is not found.
#[utoipa::path(get, path = "/v1/people/{id}/data", operation_id = "getPersonData", tag = "people", params(("id" = uuid::Uuid, Path, description = "Id of the person.")),
    responses((status = 200, description = "Everything held about the person.", body = PersonalDataOut), (status = 404, response = doc::NotFound)))]
async fn person_data(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<PersonalDataOut>> {
    Ok(Json(
        service::export(&state.app, user.actor(), id(&raw)?)
            .await?
            .into(),
    ))
}

/// What an erasure removed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErasureOut {
    pub accounts: u64,
    pub notes: u64,
    pub reflections: u64,
}

/// Erases (pseudonymises) a person: their name becomes "Former participant", their contact details, profile, account, private notes and reflections go; others' records and all figures stay. Administrators only, never themselves (403), never the last administrator (409).
#[utoipa::path(post, path = "/v1/people/{id}/erase", operation_id = "erasePerson", tag = "people", params(("id" = uuid::Uuid, Path, description = "Id of the person.")),
    responses((status = 200, description = "The person is erased.", body = ErasureOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn erase_person(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<ErasureOut>> {
    let c = service::erase(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(ErasureOut {
        accounts: c.accounts,
        notes: c.notes,
        reflections: c.reflections,
    }))
}

/// A kind of consent.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKindCode {
    Research,
    Assessment,
    Equality,
}

impl From<ConsentKindCode> for ConsentKind {
    fn from(k: ConsentKindCode) -> Self {
        match k {
            ConsentKindCode::Research => ConsentKind::Research,
            ConsentKindCode::Assessment => ConsentKind::Assessment,
            ConsentKindCode::Equality => ConsentKind::Equality,
        }
    }
}

impl From<ConsentKind> for ConsentKindCode {
    fn from(k: ConsentKind) -> Self {
        match k {
            ConsentKind::Research => ConsentKindCode::Research,
            ConsentKind::Assessment => ConsentKindCode::Assessment,
            ConsentKind::Equality => ConsentKindCode::Equality,
        }
    }
}

/// One consent as it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentOut {
    pub kind: ConsentKindCode,
    /// Absent while never given nor withdrawn.
    pub given: Option<bool>,
    pub recorded_at: Option<DateTime<Utc>>,
    /// The version of the lawful-basis wording the decision was made on.
    pub basis_version: Option<String>,
}

/// One recorded decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentDecisionOut {
    pub kind: String,
    pub given: bool,
    /// The lawful-basis wording shown at the time.
    pub basis: String,
    pub basis_version: String,
    pub recorded_at: DateTime<Utc>,
}

/// The caller's consents and their history.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentsOut {
    pub current: Vec<ConsentOut>,
    pub history: Vec<ConsentDecisionOut>,
}

/// The caller's consents (research use, assessment and equality data) and every decision made.
#[utoipa::path(get, path = "/v1/me/consents", operation_id = "getMyConsents", tag = "people",
    responses((status = 200, description = "The caller's consents.", body = ConsentsOut)))]
async fn my_consents(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<ConsentsOut>> {
    Ok(Json(consents_out(
        service::consents(&state.app, user.actor()).await?,
    )))
}

fn consents_out(c: service::Consents) -> ConsentsOut {
    ConsentsOut {
        current: c
            .current
            .into_iter()
            .map(|s| ConsentOut {
                kind: s.kind.into(),
                given: s.given,
                recorded_at: s.recorded_at,
                basis_version: s.basis_version,
            })
            .collect(),
        history: c
            .history
            .into_iter()
            .map(|h| ConsentDecisionOut {
                kind: h.kind,
                given: h.given,
                basis: h.basis,
                basis_version: h.basis_version,
                recorded_at: h.recorded_at,
            })
            .collect(),
    }
}

/// A consent given or withdrawn.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ConsentIn {
    pub given: bool,
}

/// Gives or withdraws one of the caller's consents. Withdrawing research use leaves the caller's answers, given and future, out of research exports.
#[utoipa::path(put, path = "/v1/me/consents/{kind}", operation_id = "setMyConsent", tag = "people", params(("kind" = ConsentKindCode, Path, description = "The kind of consent.")), request_body = ConsentIn,
    responses((status = 200, description = "The caller's consents now.", body = ConsentsOut), (status = 404, response = doc::NotFound)))]
async fn set_consent(
    State(state): State<AppState>,
    user: ApiUser,
    Path(kind): Path<String>,
    ApiJson(body): ApiJson<ConsentIn>,
) -> ApiResult<Json<ConsentsOut>> {
    let kind = ConsentKind::from_code(&kind).ok_or(ApiError::App(AppError::NotFound))?;
    let lang = user.0.person.language;
    service::set_consent(&state.app, user.actor(), kind, body.given, lang).await?;
    Ok(Json(consents_out(
        service::consents(&state.app, user.actor()).await?,
    )))
}

/// A scheme's retention periods.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetentionSettingsOut {
    pub closed_relationship_years: u32,
    pub registration_days: u32,
    pub dead_notice_days: u32,
    /// Months a person's assessment scores in a programme are kept after their part in it ended.
    pub assessment_score_months: u32,
    /// Days a spent appraisal-summary link keeps its token hash.
    pub appraisal_link_days: u32,
}

/// How many records each rule would remove now.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetentionCountsOut {
    pub closed_relationships: u64,
    pub unconfirmed_registrations: u64,
    pub expired_credentials: u64,
    pub dead_notices: u64,
    pub assessment_scores: u64,
    pub appraisal_links: u64,
}

/// The retention rules and a dry run of them.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetentionOut {
    pub settings: RetentionSettingsOut,
    pub would_remove: RetentionCountsOut,
}

/// The scheme's retention rules and what applying them now would remove (counts only; nothing is removed). Administrators only.
#[utoipa::path(get, path = "/v1/retention", operation_id = "getRetention", tag = "settings",
    responses((status = 200, description = "The rules and the dry run.", body = RetentionOut), (status = 403, response = doc::Forbidden)))]
async fn retention(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<RetentionOut>> {
    let r = service::retention(&state.app, user.actor()).await?;
    Ok(Json(RetentionOut {
        settings: RetentionSettingsOut {
            closed_relationship_years: r.settings.closed_relationship_years,
            registration_days: r.settings.registration_days,
            dead_notice_days: r.settings.dead_notice_days,
            assessment_score_months: r.settings.assessment_score_months,
            appraisal_link_days: r.settings.appraisal_link_days,
        },
        would_remove: RetentionCountsOut {
            closed_relationships: r.would_remove.closed_relationships,
            unconfirmed_registrations: r.would_remove.unconfirmed_registrations,
            expired_credentials: r.would_remove.expired_credentials,
            dead_notices: r.would_remove.dead_notices,
            assessment_scores: r.would_remove.assessment_scores,
            appraisal_links: r.would_remove.appraisal_links,
        },
    }))
}
