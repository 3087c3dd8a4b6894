//! API of self-registration, e-mail and employment confirmation, and nominations.
//!
//! Registering and confirming an address need no token (the person has no account yet); the
//! rest act as the bearer. A nominated person completes their application with the ordinary
//! `POST /v1/intakes/{id}/applications`, which completes the nomination.

use super::auth::ApiUser;
use super::doc::{self, codes};
use super::error::{ApiJson, ApiResult, MAX_JSON_BYTES};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tandem_app::nominations;
use tandem_app::registration::{self as svc, RegistrationInput};
use tandem_domain::{
    ApplicationId, ApplicationRole, ApplicationStatus, EmailKind, GradeSystem, IntakeId, Language,
    OrganisationId, PersonId,
};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(confirm_email))
        .routes(routes!(waiting))
        .routes(routes!(confirm_employment))
        .routes(routes!(not_employed))
        .routes(routes!(nominate, intake_nominations))
        .routes(routes!(my_nominations))
        .routes(routes!(decline))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

fn id<T: std::str::FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| AppError::NotFound.into())
}

/// What a person registering gives.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationIn {
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    #[schema(value_type = codes::EmailKind)]
    pub email_kind: EmailKind,
    #[schema(value_type = uuid::Uuid)]
    pub organisation_id: OrganisationId,
    pub job_title: String,
    pub profession: String,
    #[schema(value_type = codes::GradeSystem)]
    pub grade_system: GradeSystem,
    pub grade: String,
    /// The language of the e-mails and pages; the scheme's first language when left out.
    #[serde(default)]
    #[schema(value_type = Option<codes::Language>)]
    pub language: Option<Language>,
}

/// Registers a person (only when the scheme takes registrations). Needs no token. The answer is
/// the same whether or not the address was already in use: the person is asked to check their
/// e-mail, where a single-use link confirms the address and sets their password.
#[utoipa::path(post, path = "/v1/registrations", operation_id = "register", tag = "registration", security(()), request_body = RegistrationIn,
    responses((status = 202, description = "Check your e-mail (whether or not the address was in use)."), (status = 409, description = "The scheme does not take registrations: nothing was written.", body = doc::ErrorBody), (status = 429, response = doc::TooManyRequests), (status = 500, response = doc::Internal), (status = 503, response = doc::SetupRequired)))]
async fn register(
    State(state): State<AppState>,
    crate::client::ClientAddr(client): crate::client::ClientAddr,
    ApiJson(body): ApiJson<RegistrationIn>,
) -> ApiResult<StatusCode> {
    svc::register_from(
        &state.app,
        &client,
        RegistrationInput {
            given_name: body.given_name,
            family_name: body.family_name,
            email: body.email,
            email_kind: Some(body.email_kind),
            organisation_id: Some(body.organisation_id),
            job_title: body.job_title,
            profession: body.profession,
            grade_system: Some(body.grade_system),
            grade: body.grade,
            language: body.language,
        },
    )
    .await?;
    Ok(StatusCode::ACCEPTED)
}

/// The e-mailed confirmation token with the password chosen.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmEmailIn {
    pub token: String,
    pub password: String,
    pub confirm: String,
}

/// Confirms a registered address with its single-use token and sets the first password. Needs
/// no token. An expired, used or forged token is a field error on `token`; nothing changes.
#[utoipa::path(post, path = "/v1/registrations/confirm-email", operation_id = "confirmEmail", tag = "registration", security(()), request_body = ConfirmEmailIn,
    responses((status = 204, description = "Confirmed: the person can sign in."), (status = 500, response = doc::Internal), (status = 503, response = doc::SetupRequired)))]
async fn confirm_email(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ConfirmEmailIn>,
) -> ApiResult<StatusCode> {
    svc::confirm_email(&state.app, &body.token, &body.password, &body.confirm).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A registration waiting for its employment to be confirmed.
#[derive(Debug, Serialize, ToSchema)]
pub struct WaitingRegistrationOut {
    #[schema(value_type = uuid::Uuid)]
    pub person_id: PersonId,
    pub name: String,
    pub email: String,
    #[schema(value_type = codes::EmailKind)]
    pub email_kind: EmailKind,
    #[schema(value_type = uuid::Uuid)]
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub job_title: String,
    pub profession: String,
    #[schema(value_type = codes::GradeSystem)]
    pub grade_system: GradeSystem,
    pub grade: String,
}

impl From<svc::WaitingRegistration> for WaitingRegistrationOut {
    fn from(w: svc::WaitingRegistration) -> Self {
        Self {
            person_id: w.person_id,
            name: w.name,
            email: w.email,
            email_kind: w.email_kind,
            organisation_id: w.organisation_id,
            organisation_name: w.organisation_name,
            job_title: w.job_title,
            profession: w.profession,
            grade_system: w.grade_system,
            grade: w.grade,
        }
    }
}

/// People whose address is confirmed and whose employment waits for the caller: at the
/// organisations they coordinate (everywhere for a scheme coordinator).
#[utoipa::path(get, path = "/v1/registrations", operation_id = "listWaitingRegistrations", tag = "registration",
    responses((status = 200, description = "Waiting registrations, oldest first.", body = Vec<WaitingRegistrationOut>), (status = 403, response = doc::Forbidden)))]
async fn waiting(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<WaitingRegistrationOut>>> {
    let list = svc::waiting(&state.app, user.actor()).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Confirms that the person works at the organisation they named.
#[utoipa::path(post, path = "/v1/registrations/{person}/confirm", operation_id = "confirmEmployment", tag = "registration", params(("person" = uuid::Uuid, Path, description = "Id of the person.")),
    responses((status = 204, description = "Confirmed."), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn confirm_employment(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<StatusCode> {
    svc::confirm_employment(&state.app, user.actor(), id(&raw)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends the registration: the person does not work there. Their account is disabled and they
/// are told.
#[utoipa::path(post, path = "/v1/registrations/{person}/not-employed", operation_id = "endRegistration", tag = "registration", params(("person" = uuid::Uuid, Path, description = "Id of the person.")),
    responses((status = 204, description = "Ended."), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn not_employed(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<StatusCode> {
    svc::not_employed(&state.app, user.actor(), id(&raw)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whom to nominate, and for which role.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NominationIn {
    #[schema(value_type = codes::ApplicationRole)]
    pub role: ApplicationRole,
    /// Members of the caller's organisations' staff (at most 50).
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub people: Vec<PersonId>,
}

/// One person not nominated, and why (a translation key).
#[derive(Debug, Serialize, ToSchema)]
pub struct SkippedOut {
    #[schema(value_type = uuid::Uuid)]
    pub person_id: PersonId,
    pub reason: String,
}

/// What a nomination request did.
#[derive(Debug, Serialize, ToSchema)]
pub struct NominatedOut {
    /// The applications started.
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub nominated: Vec<ApplicationId>,
    /// How many of those nominated could not sign in yet and were invited.
    pub invited: usize,
    pub skipped: Vec<SkippedOut>,
}

/// Nominates staff into an open intake: an application is started on each one's behalf (they
/// complete or decline it), and those without an account are invited.
#[utoipa::path(post, path = "/v1/intakes/{id}/nominations", operation_id = "nominate", tag = "registration", params(("id" = uuid::Uuid, Path, description = "Id of the intake.")), request_body = NominationIn,
    responses((status = 200, description = "Who was nominated, invited and skipped.", body = NominatedOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn nominate(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<NominationIn>,
) -> ApiResult<Json<NominatedOut>> {
    let intake: IntakeId = id(&raw)?;
    let done = nominations::nominate(
        &state.app,
        user.actor(),
        intake,
        Some(body.role),
        &body.people,
    )
    .await?;
    Ok(Json(NominatedOut {
        nominated: done.nominated,
        invited: done.invited,
        skipped: done
            .skipped
            .into_iter()
            .map(|s| SkippedOut {
                person_id: s.person_id,
                reason: s.reason,
            })
            .collect(),
    }))
}

/// One nomination and where it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct NominationOut {
    #[schema(value_type = uuid::Uuid)]
    pub application_id: ApplicationId,
    #[schema(value_type = uuid::Uuid)]
    pub person_id: PersonId,
    pub name: String,
    #[schema(value_type = codes::ApplicationRole)]
    pub role: ApplicationRole,
    #[schema(value_type = codes::ApplicationStatus)]
    pub status: ApplicationStatus,
}

/// The intake's nominations at the caller's organisations, with where each stands (completed,
/// declined, or still waiting).
#[utoipa::path(get, path = "/v1/intakes/{id}/nominations", operation_id = "listNominations", tag = "registration", params(("id" = uuid::Uuid, Path, description = "Id of the intake.")),
    responses((status = 200, description = "Nominations, oldest first.", body = Vec<NominationOut>), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
async fn intake_nominations(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<NominationOut>>> {
    let intake: IntakeId = id(&raw)?;
    let list = nominations::list(&state.app, user.actor(), intake).await?;
    Ok(Json(
        list.into_iter()
            .map(|n| NominationOut {
                application_id: n.application_id,
                person_id: n.person_id,
                name: n.name,
                role: n.role,
                status: n.status,
            })
            .collect(),
    ))
}

/// One of the caller's nominations waiting for them.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyNominationOut {
    #[schema(value_type = uuid::Uuid)]
    pub application_id: ApplicationId,
    #[schema(value_type = uuid::Uuid)]
    pub intake_id: IntakeId,
    pub intake_name: String,
    pub programme_name: String,
    #[schema(value_type = codes::ApplicationRole)]
    pub role: ApplicationRole,
    pub nominated_by: String,
    /// The intake takes applications today (so the nomination can be completed).
    pub open: bool,
}

/// The caller's nominations waiting to be completed or declined.
#[utoipa::path(get, path = "/v1/nominations/mine", operation_id = "listMyNominations", tag = "registration",
    responses((status = 200, description = "Open nominations, oldest first.", body = Vec<MyNominationOut>), (status = 403, response = doc::Forbidden)))]
async fn my_nominations(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<MyNominationOut>>> {
    let list = nominations::mine(&state.app, user.actor()).await?;
    Ok(Json(
        list.into_iter()
            .map(|n| MyNominationOut {
                application_id: n.application_id,
                intake_id: n.intake.id,
                intake_name: n.intake.name,
                programme_name: n.programme.name,
                role: n.role,
                nominated_by: n.nominated_by,
                open: n.open,
            })
            .collect(),
    ))
}

/// Declines one of the caller's nominations.
#[utoipa::path(post, path = "/v1/nominations/{id}/decline", operation_id = "declineNomination", tag = "registration", params(("id" = uuid::Uuid, Path, description = "Id of the nominated application.")),
    responses((status = 204, description = "Declined."), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn decline(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<StatusCode> {
    nominations::decline(&state.app, user.actor(), id(&raw)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
