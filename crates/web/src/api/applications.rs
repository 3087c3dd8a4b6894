//! API of recruitment: the intake's application form, eligibility, applying, the organisation
//! coordinator's decisions within places, and the applicant's own applications.
//!
//! Refusals caused by the state of things (a second application to the same role, no places
//! left, an application that moved on, a closed intake) are `409 Conflict` with the usual error
//! body, its `fields` naming why; they change nothing. The line manager answers through the
//! e-mailed page link, not through the API (they have no account or token).

use super::auth::ApiUser;
use super::doc::{self, codes};
use super::error::{ApiError, ApiJson, MAX_JSON_BYTES};
use crate::i18n::{I18n, Lang};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use tandem_app::applications::{
    self as apps, ApplicationInput, ApplicationRow, ApplicationView, Decision,
};
use tandem_domain::{
    Answers, Application, ApplicationEvent, ApplicationId, ApplicationRole, ApplicationStatus,
    FrameworkDimension, IntakeId, MatchingProfile, Mode, OrganisationId, PersonId, ProgrammeId,
    Question, QuestionKind, Slot,
};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_form, put_form))
        .routes(routes!(eligibility))
        .routes(routes!(intake_applications, apply))
        .routes(routes!(get_application))
        .routes(routes!(decide))
        .routes(routes!(withdraw))
        .routes(routes!(my_applications))
        .routes(routes!(open_intakes))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

/// Limits the use cases enforce, for the OpenAPI document (see [`super::doc::Bound`]).
pub(super) const BOUNDS: &[super::doc::Bound] = &[
    ("Question", "key", "maxLength", apps::MAX_KEY as u64),
    ("Question", "prompt", "maxLength", apps::MAX_PROMPT as u64),
    ("Question", "hint", "maxLength", apps::MAX_PROMPT as u64),
    ("Question", "options", "maxLength", apps::MAX_OPTION as u64),
    (
        "Question",
        "options",
        "maxItems",
        tandem_domain::application::MAX_OPTIONS as u64,
    ),
    ("Question", "scale_max", "minimum", 2),
    ("Question", "scale_max", "maximum", 10),
    (
        "ApplicationFormInput",
        "questions",
        "maxItems",
        tandem_domain::application::MAX_QUESTIONS as u64,
    ),
];

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
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(as = Question)]
pub struct QuestionDto {
    /// Stable key answers refer to; leave empty on a new question to have one assigned.
    #[serde(default)]
    pub key: String,
    #[schema(value_type = codes::QuestionKind)]
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
    #[schema(value_type = Vec<codes::ApplicationRole>)]
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

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ApplicationForm)]
pub struct FormOut {
    #[schema(value_type = uuid::Uuid)]
    pub intake_id: IntakeId,
    pub questions: Vec<QuestionDto>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = ApplicationFormInput)]
pub struct FormIn {
    pub questions: Vec<QuestionDto>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = ApplicationInput)]
pub struct ApplicationIn {
    #[schema(value_type = Option<codes::ApplicationRole>)]
    pub role: Option<ApplicationRole>,
    #[serde(default)]
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    pub goals: Vec<FrameworkDimension>,
    #[serde(default)]
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    pub expertise: Vec<FrameworkDimension>,
    #[serde(default)]
    #[schema(value_type = Vec<codes::Slot>)]
    pub availability: Vec<Slot>,
    #[serde(default)]
    #[schema(value_type = Vec<codes::Mode>)]
    pub modes: Vec<Mode>,
    #[serde(default)]
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub conflicts: Vec<PersonId>,
    #[serde(default)]
    /// Answers by question key.
    #[schema(value_type = std::collections::BTreeMap<String, codes::Answer>)]
    pub answers: Answers,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Application)]
pub struct ApplicationOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: ApplicationId,
    #[schema(value_type = uuid::Uuid)]
    pub intake_id: IntakeId,
    #[schema(value_type = uuid::Uuid)]
    pub person_id: PersonId,
    #[schema(value_type = codes::ApplicationRole)]
    pub role: ApplicationRole,
    #[schema(value_type = uuid::Uuid)]
    pub organisation_id: OrganisationId,
    #[schema(value_type = codes::ApplicationStatus)]
    pub status: ApplicationStatus,
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    pub goals: Vec<FrameworkDimension>,
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    pub expertise: Vec<FrameworkDimension>,
    #[schema(value_type = Vec<codes::Slot>)]
    pub availability: Vec<Slot>,
    #[schema(value_type = Vec<codes::Mode>)]
    pub modes: Vec<Mode>,
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub conflicts: Vec<PersonId>,
    /// Answers by question key.
    #[schema(value_type = std::collections::BTreeMap<String, codes::Answer>)]
    pub answers: Answers,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
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

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ApplicationEvent)]
pub struct EventOut {
    pub at: DateTime<Utc>,
    /// None for the line manager acting through the e-mailed link.
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub actor_id: Option<PersonId>,
    #[schema(value_type = codes::ApplicationStatus)]
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

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ApplicationDetail)]
pub struct ApplicationDetailOut {
    #[serde(flatten)]
    pub application: ApplicationOut,
    #[schema(value_type = uuid::Uuid)]
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

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = RoleEligibility)]
pub struct RoleEligibilityOut {
    #[schema(value_type = codes::ApplicationRole)]
    pub role: ApplicationRole,
    pub eligible: bool,
    /// Stable code of the reason (a translation key), when not eligible.
    #[schema(required = true)]
    pub reason: Option<String>,
    #[schema(required = true)]
    pub message: Option<String>,
    /// The applicant's application to this role, if they made one.
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub application_id: Option<ApplicationId>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ApplyEligibility)]
pub struct EligibilityOut {
    #[schema(value_type = uuid::Uuid)]
    pub intake_id: IntakeId,
    pub open: bool,
    pub asks_line_manager: bool,
    pub roles: Vec<RoleEligibilityOut>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PlaceUse)]
pub struct PlaceUseOut {
    #[schema(value_type = uuid::Uuid)]
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub places: u32,
    pub taken: u32,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = IntakeApplication)]
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

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = IntakeApplications)]
pub struct IntakeApplicationsOut {
    #[schema(value_type = uuid::Uuid)]
    pub intake_id: IntakeId,
    pub places: Vec<PlaceUseOut>,
    /// One page of the applications, oldest submission first.
    pub applications: Vec<IntakeApplicationOut>,
    /// The number of applications listed (with `status`, of that status); a lower bound
    /// (1,000) when `total_exact` is false.
    pub total: u64,
    pub total_exact: bool,
    /// Token of the next page (as `cursor`), when there are more applications.
    pub next: Option<String>,
    /// Token of the previous page (as `cursor`), when this is not the first.
    pub previous: Option<String>,
}

/// Query parameters of a paged list (all optional).
#[derive(Debug, Default, Deserialize)]
pub(super) struct PageParams {
    pub cursor: Option<String>,
    pub limit: Option<String>,
    pub status: Option<String>,
}

impl PageParams {
    /// The page size asked for (`None`: the list's default); not a whole number is 422 on `limit`.
    pub(super) fn limit(
        &self,
    ) -> std::result::Result<Option<u64>, tandem_domain::ValidationErrors> {
        match self
            .limit
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => Ok(None),
            Some(s) => s.parse::<u64>().map(Some).map_err(|_| {
                let mut e = tandem_domain::ValidationErrors::new();
                e.add("limit", "error.not_a_whole_number");
                e
            }),
        }
    }

    /// The cursor token, blank as none.
    pub(super) fn cursor(&self) -> Option<String> {
        self.cursor
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = DecisionInput)]
pub struct DecisionIn {
    #[schema(value_type = codes::Decision)]
    pub decision: Decision,
    /// The status the caller saw; when given and no longer current, the decision is refused.
    #[serde(default)]
    #[schema(value_type = Option<codes::ApplicationStatus>)]
    pub expected_status: Option<ApplicationStatus>,
    /// What the applicant is told with the decision (at most 1,000 characters); it goes into
    /// the e-mail telling them, and is kept nowhere else.
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OpenIntake)]
pub struct OpenIntakeOut {
    #[schema(value_type = uuid::Uuid)]
    pub intake_id: IntakeId,
    pub intake_name: String,
    #[schema(value_type = uuid::Uuid)]
    pub programme_id: ProgrammeId,
    pub programme_name: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    #[schema(value_type = Vec<codes::ApplicationRole>)]
    pub roles: Vec<ApplicationRole>,
    #[schema(value_type = Vec<codes::ApplicationRole>)]
    pub applied: Vec<ApplicationRole>,
}

// ----- handlers ------------------------------------------------------------------------------

/// The intake's programme-specific questions (any member of the scheme; they are what applicants are asked).
#[utoipa::path(get, path = "/v1/intakes/{id}/form", operation_id = "getApplicationForm", tag = "applications", params(("id" = uuid::Uuid, Path, description = "Id of the intake.")),
    responses((status = 200, description = "The form.", body = FormOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
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

/// Replaces the intake's questions (scheme coordinators). A question without a key gets one; errors name `question_<key>`.
#[utoipa::path(put, path = "/v1/intakes/{id}/form", operation_id = "replaceApplicationForm", tag = "applications", params(("id" = uuid::Uuid, Path, description = "Id of the intake.")), request_body = FormIn,
    responses((status = 200, description = "The form as saved.", body = FormOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
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

/// Whether the caller may apply to the intake, per role, with the reason when not (checked before anything is sent).
#[utoipa::path(get, path = "/v1/intakes/{id}/eligibility", operation_id = "getEligibility", tag = "applications", params(("id" = uuid::Uuid, Path, description = "Id of the intake.")),
    responses((status = 200, description = "Eligibility per role.", body = EligibilityOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
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

/// Applies to an open intake for one role. Ineligibility is an error on `role` with the reason. With a line manager on record the application waits for them (they are e-mailed a single-use link), otherwise for the organisation coordinator.
#[utoipa::path(post, path = "/v1/intakes/{id}/applications", operation_id = "apply", tag = "applications", params(("id" = uuid::Uuid, Path, description = "Id of the intake.")), request_body = ApplicationIn,
    responses((status = 201, description = "The application; `Location` names it.", body = ApplicationOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, description = "A second application to the same role, or the intake is not open: nothing was written.", body = doc::ErrorBody)))]
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

/// The applications using the caller's organisations' places in the intake (a scheme coordinator sees all), oldest first, with places offered and taken.
#[utoipa::path(get, path = "/v1/intakes/{id}/applications", operation_id = "listIntakeApplications", tag = "applications",
    params(
        ("id" = uuid::Uuid, Path, description = "Id of the intake."),
        ("status" = Option<codes::ApplicationStatus>, Query, description = "Only applications in this status."),
        ("limit" = Option<u64>, Query, description = "Applications per page (default 50; larger values than 200 are reduced to 200)."),
        ("cursor" = Option<String>, Query, description = "A page's `next` or `previous` token: the page after or before it (costs one page however deep). A token naming no application of the intake is refused with 422 on `cursor`."),
    ),
    responses((status = 200, description = "Places and one page of applications, with their number (exact up to 1,000).", body = IntakeApplicationsOut), (status = 400, response = doc::BadRequest), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 422, response = doc::Invalid)))]
async fn intake_applications(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    params: std::result::Result<
        axum::extract::Query<PageParams>,
        axum::extract::rejection::QueryRejection,
    >,
) -> Result<Json<IntakeApplicationsOut>> {
    let axum::extract::Query(params) = params.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    let status = match params
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(code) => Some(ApplicationStatus::from_code(code).ok_or_else(|| {
            let mut e = tandem_domain::ValidationErrors::new();
            e.add("status", "error.lists.unknown_status");
            ApiError::from(e)
        })?),
    };
    let paging = apps::ApplicationsPaging {
        status,
        cursor: params.cursor(),
        per_page: params.limit().map_err(ApiError::from)?,
    };
    let list = apps::intake_applications_page(&state.app, user.actor(), id(&raw)?, &paging).await?;
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
        total: list.total,
        total_exact: list.total_exact,
        next: list.next,
        previous: list.previous,
    }))
}

/// One application with its history: the caller's own, or one using the places of an organisation they coordinate. Anyone else's is not found.
#[utoipa::path(get, path = "/v1/applications/{id}", operation_id = "getApplication", tag = "applications", params(("id" = uuid::Uuid, Path, description = "Id of the application.")),
    responses((status = 200, description = "The application.", body = ApplicationDetailOut), (status = 404, response = doc::NotFound)))]
async fn get_application(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> Result<Json<ApplicationDetailOut>> {
    let view = apps::view(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(view.into()))
}

/// The organisation coordinator's decision: approve (takes one of the organisation's places), waiting list or decline. Another organisation's application is not found.
#[utoipa::path(post, path = "/v1/applications/{id}/decision", operation_id = "decideApplication", tag = "applications", params(("id" = uuid::Uuid, Path, description = "Id of the application.")), request_body = DecisionIn,
    responses((status = 200, description = "The application after the decision.", body = ApplicationOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, description = "All the organisation's places are taken (approve), or the application is not waiting for this decision or changed since `expected_status`: nothing changed.", body = doc::ErrorBody)))]
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
        body.reason.as_deref().unwrap_or(""),
    )
    .await?;
    Ok(Json(a.into()))
}

/// Withdraws the caller's own application; a held place goes back to the organisation. Anyone else's is not found.
#[utoipa::path(post, path = "/v1/applications/{id}/withdraw", operation_id = "withdrawApplication", tag = "applications", params(("id" = uuid::Uuid, Path, description = "Id of the application.")),
    responses((status = 200, description = "The withdrawn application.", body = ApplicationOut), (status = 404, response = doc::NotFound), (status = 409, description = "The application can no longer be withdrawn.", body = doc::ErrorBody)))]
async fn withdraw(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> Result<Json<ApplicationOut>> {
    let a = apps::withdraw(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(a.into()))
}

/// The caller's applications, newest first, with their history.
#[utoipa::path(get, path = "/v1/me/applications", operation_id = "listMyApplications", tag = "applications",
    responses((status = 200, description = "The applications.", body = Vec<ApplicationDetailOut>), (status = 403, response = doc::Forbidden)))]
async fn my_applications(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<Vec<ApplicationDetailOut>>> {
    let list = apps::mine(&state.app, user.actor()).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// The scheme's intakes open for applications today, with the roles they recruit and those the caller applied for.
#[utoipa::path(get, path = "/v1/me/open-intakes", operation_id = "listOpenIntakes", tag = "applications",
    responses((status = 200, description = "The open intakes.", body = Vec<OpenIntakeOut>), (status = 403, response = doc::Forbidden)))]
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
