//! Handlers of the scheme, organisation, programme, intake and people resources.
//!
//! Each one extracts the caller and the input, calls one service (which authorises, validates,
//! writes and audits) and serialises the answer. Nothing here decides who may do what.

use super::auth::ApiUser;
use super::doc::{self, codes};
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use super::types::*;
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::str::FromStr;
use tandem_app as services;
use tandem_domain::{
    GradeSystem, IntakeId, OrganisationId, PersonId, ProgrammeId, ValidationErrors,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(scheme))
        .routes(routes!(list_organisations, create_organisation))
        .routes(routes!(
            get_organisation,
            put_organisation,
            patch_organisation
        ))
        .routes(routes!(list_programmes, create_programme))
        .routes(routes!(get_programme, put_programme))
        .routes(routes!(list_intakes, create_intake))
        .routes(routes!(get_intake, put_intake))
        .routes(routes!(list_people, create_person))
        .routes(routes!(get_person, put_person))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

/// Parses an id from the path; an id that cannot exist is simply not found.
fn id<T: FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

/// `201 Created` with a `Location` header and the created resource.
fn created<T: serde::Serialize>(location: String, body: T) -> Response {
    (StatusCode::CREATED, [(LOCATION, location)], Json(body)).into_response()
}

// ---------------------------------------------------------------------------------------------

/// The scheme dashboard: organisations, programmes and the counts the caller may see.
#[utoipa::path(get, path = "/v1/scheme", operation_id = "getScheme", tag = "scheme",
    responses((status = 200, description = "The dashboard.", body = SchemeOut), (status = 403, response = doc::Forbidden)))]
pub async fn scheme(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<SchemeOut>> {
    let dashboard = services::dashboard::summary(&state.app, user.actor()).await?;
    Ok(Json(SchemeOut::new(user.actor().scheme_id, dashboard)))
}

// ---------------------------------------------------------------------------------------------

/// All organisations of the scheme, by name.
#[utoipa::path(get, path = "/v1/organisations", operation_id = "listOrganisations", tag = "organisations",
    responses((status = 200, description = "The organisations.", body = Vec<OrganisationOut>), (status = 403, response = doc::Forbidden)))]
pub async fn list_organisations(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<OrganisationOut>>> {
    let orgs = services::organisations::list(&state.app, user.actor()).await?;
    Ok(Json(orgs.into_iter().map(Into::into).collect()))
}

/// Adds an organisation (scheme coordinators).
#[utoipa::path(post, path = "/v1/organisations", operation_id = "createOrganisation", tag = "organisations", request_body = OrganisationIn,
    responses((status = 201, description = "The new organisation; `Location` names it.", body = OrganisationOut), (status = 403, response = doc::Forbidden)))]
pub async fn create_organisation(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<OrganisationIn>,
) -> ApiResult<Response> {
    let org = services::organisations::create(&state.app, user.actor(), body.into())
        .await
        .map_err(AppError::into_validation)?;
    Ok(created(
        format!("/api/v1/organisations/{}", org.id),
        OrganisationOut::from(org),
    ))
}

/// One organisation.
#[utoipa::path(get, path = "/v1/organisations/{id}", operation_id = "getOrganisation", tag = "organisations", params(("id" = uuid::Uuid, Path, description = "Id of the organisation.")),
    responses((status = 200, description = "The organisation.", body = OrganisationOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
pub async fn get_organisation(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<OrganisationOut>> {
    let org =
        services::organisations::get(&state.app, user.actor(), id::<OrganisationId>(&raw)?).await?;
    Ok(Json(org.into()))
}

/// Replaces an organisation's name, kind and country (scheme coordinators).
#[utoipa::path(put, path = "/v1/organisations/{id}", operation_id = "replaceOrganisation", tag = "organisations", params(("id" = uuid::Uuid, Path, description = "Id of the organisation.")), request_body = OrganisationIn,
    responses((status = 200, description = "The changed organisation.", body = OrganisationOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
pub async fn put_organisation(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<OrganisationIn>,
) -> ApiResult<Json<OrganisationOut>> {
    let org_id = id::<OrganisationId>(&raw)?;
    let org = services::organisations::update(&state.app, user.actor(), org_id, body.into())
        .await
        .map_err(AppError::into_validation)?;
    Ok(Json(org.into()))
}

/// Changes only the fields sent (scheme coordinators).
#[utoipa::path(patch, path = "/v1/organisations/{id}", operation_id = "updateOrganisation", tag = "organisations", params(("id" = uuid::Uuid, Path, description = "Id of the organisation.")), request_body = OrganisationPatch,
    responses((status = 200, description = "The changed organisation.", body = OrganisationOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
pub async fn patch_organisation(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<OrganisationPatch>,
) -> ApiResult<Json<OrganisationOut>> {
    let org_id = id::<OrganisationId>(&raw)?;
    let current = services::organisations::get(&state.app, user.actor(), org_id).await?;
    let org =
        services::organisations::update(&state.app, user.actor(), org_id, body.over(&current))
            .await
            .map_err(AppError::into_validation)?;
    Ok(Json(org.into()))
}

// ---------------------------------------------------------------------------------------------

/// All programmes of the scheme with their rules.
#[utoipa::path(get, path = "/v1/programmes", operation_id = "listProgrammes", tag = "programmes",
    responses((status = 200, description = "The programmes.", body = Vec<ProgrammeOut>), (status = 403, response = doc::Forbidden)))]
pub async fn list_programmes(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<ProgrammeOut>>> {
    let list = services::programmes::list(&state.app, user.actor()).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Adds a programme with its rules (scheme coordinators).
#[utoipa::path(post, path = "/v1/programmes", operation_id = "createProgramme", tag = "programmes", request_body = ProgrammeIn,
    responses((status = 201, description = "The new programme; `Location` names it.", body = ProgrammeOut), (status = 403, response = doc::Forbidden)))]
pub async fn create_programme(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<ProgrammeIn>,
) -> ApiResult<Response> {
    let p = services::programmes::create(&state.app, user.actor(), body.into())
        .await
        .map_err(AppError::into_validation)?;
    Ok(created(
        format!("/api/v1/programmes/{}", p.id),
        ProgrammeOut::from(p),
    ))
}

/// One programme with its rules.
#[utoipa::path(get, path = "/v1/programmes/{id}", operation_id = "getProgramme", tag = "programmes", params(("id" = uuid::Uuid, Path, description = "Id of the programme.")),
    responses((status = 200, description = "The programme.", body = ProgrammeOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
pub async fn get_programme(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<ProgrammeOut>> {
    let p = services::programmes::get(&state.app, user.actor(), id::<ProgrammeId>(&raw)?).await?;
    Ok(Json(p.into()))
}

/// Replaces a programme's name, kind, description and rules (scheme coordinators).
#[utoipa::path(put, path = "/v1/programmes/{id}", operation_id = "replaceProgramme", tag = "programmes", params(("id" = uuid::Uuid, Path, description = "Id of the programme.")), request_body = ProgrammeIn,
    responses((status = 200, description = "The changed programme.", body = ProgrammeOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
pub async fn put_programme(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<ProgrammeIn>,
) -> ApiResult<Json<ProgrammeOut>> {
    let pid = id::<ProgrammeId>(&raw)?;
    let p = services::programmes::update(&state.app, user.actor(), pid, body.into())
        .await
        .map_err(AppError::into_validation)?;
    Ok(Json(p.into()))
}

// ---------------------------------------------------------------------------------------------

/// The programme's intakes, earliest first.
#[utoipa::path(get, path = "/v1/programmes/{id}/intakes", operation_id = "listIntakes", tag = "intakes", params(("id" = uuid::Uuid, Path, description = "Id of the programme.")),
    responses((status = 200, description = "The intakes.", body = Vec<IntakeOut>), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
pub async fn list_intakes(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<IntakeOut>>> {
    let list = services::intakes::list(&state.app, user.actor(), id::<ProgrammeId>(&raw)?).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Adds an intake with places per organisation (scheme coordinators).
#[utoipa::path(post, path = "/v1/programmes/{id}/intakes", operation_id = "createIntake", tag = "intakes", params(("id" = uuid::Uuid, Path, description = "Id of the programme.")), request_body = IntakeIn,
    responses((status = 201, description = "The new intake; `Location` names it.", body = IntakeOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
pub async fn create_intake(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<IntakeIn>,
) -> ApiResult<Response> {
    let pid = id::<ProgrammeId>(&raw)?;
    let i = services::intakes::create(&state.app, user.actor(), pid, body.into())
        .await
        .map_err(AppError::into_validation)?;
    Ok(created(
        format!("/api/v1/intakes/{}", i.id),
        IntakeOut::from(i),
    ))
}

/// One intake.
#[utoipa::path(get, path = "/v1/intakes/{id}", operation_id = "getIntake", tag = "intakes", params(("id" = uuid::Uuid, Path, description = "Id of the intake.")),
    responses((status = 200, description = "The intake.", body = IntakeOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
pub async fn get_intake(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<IntakeOut>> {
    let (intake, _programme) =
        services::intakes::get(&state.app, user.actor(), id::<IntakeId>(&raw)?).await?;
    Ok(Json(intake.into()))
}

/// Replaces an intake's name, dates and places (scheme coordinators).
#[utoipa::path(put, path = "/v1/intakes/{id}", operation_id = "replaceIntake", tag = "intakes", params(("id" = uuid::Uuid, Path, description = "Id of the intake.")), request_body = IntakeIn,
    responses((status = 200, description = "The changed intake.", body = IntakeOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
pub async fn put_intake(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<IntakeIn>,
) -> ApiResult<Json<IntakeOut>> {
    let iid = id::<IntakeId>(&raw)?;
    let i = services::intakes::update(&state.app, user.actor(), iid, body.into())
        .await
        .map_err(AppError::into_validation)?;
    Ok(Json(i.into()))
}

// ---------------------------------------------------------------------------------------------

/// Default and largest page sizes of `GET /people`.
pub const DEFAULT_LIMIT: u64 = 25;
pub const MAX_LIMIT: u64 = tandem_storage::MAX_PAGE;

/// Query of `GET /people`, as sent; every value is checked and reported per parameter.
#[derive(Debug, Default, Deserialize)]
pub struct PeopleParams {
    pub q: Option<String>,
    pub organisation: Option<String>,
    pub profession: Option<String>,
    pub grade_system: Option<String>,
    pub offset: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

impl PeopleParams {
    /// Turns the parameters into the service's search. The service pages by page number, so an
    /// offset must be a multiple of the limit (as every offset a client gets by paging is).
    fn search(&self) -> Result<(services::people::PeopleSearch, u64), ValidationErrors> {
        let mut e = ValidationErrors::new();
        let blank = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let number = |name: &str, v: &Option<String>, e: &mut ValidationErrors| -> Option<u64> {
            let s = blank(v)?;
            s.parse::<u64>()
                .map_err(|_| e.add(name, "error.not_a_whole_number"))
                .ok()
        };
        let organisation = blank(&self.organisation).and_then(|s| {
            s.parse::<OrganisationId>()
                .map_err(|_| e.add("organisation", "error.unknown_organisation"))
                .ok()
        });
        // The same code JSON bodies and import files use (`afc`, `medical`, `local_authority`, `fwg`).
        let grade_system = blank(&self.grade_system).and_then(|s| {
            GradeSystem::from_code(&s).or_else(|| {
                e.add("grade_system", "error.unknown_grade_system");
                None
            })
        });
        let offset = number("offset", &self.offset, &mut e).unwrap_or(0);
        let limit = number("limit", &self.limit, &mut e).unwrap_or(DEFAULT_LIMIT);
        if limit == 0 {
            e.add("limit", "error.must_be_positive");
        }
        let limit = limit.clamp(1, MAX_LIMIT);
        if offset % limit != 0 {
            e.add_with(
                "offset",
                "error.offset_multiple_of_limit",
                &[("limit", &limit.to_string())],
            );
        }
        e.into_result()?;
        let search = services::people::PeopleSearch {
            text: blank(&self.q),
            organisation,
            profession: blank(&self.profession),
            grade_system,
            page: Some(offset / limit + 1),
            per_page: Some(limit),
            cursor: blank(&self.cursor),
            exact_total: false,
        };
        Ok((search, offset))
    }
}

/// Searches the people the caller may see (an organisation coordinator sees their organisations' people only), ordered by family name, given name.
#[utoipa::path(get, path = "/v1/people", operation_id = "listPeople", tag = "people",
    params(
        ("q" = Option<String>, Query, description = "Text contained in the name or e-mail address, case-insensitively."),
        ("organisation" = Option<uuid::Uuid>, Query, description = "Only people employed by this organisation."),
        ("profession" = Option<String>, Query, description = "Only people in this profession (exact)."),
        ("grade_system" = Option<codes::GradeSystem>, Query, description = "Only people graded in this system."),
        ("offset" = Option<u64>, Query, description = "Rows to skip; a multiple of `limit` (default 0)."),
        ("limit" = Option<u64>, Query, description = "Rows per page (default 25; larger values than 200 are reduced to 200)."),
        ("cursor" = Option<String>, Query, description = "A page's `next` or `previous` token: the page after or before it (costs one page however deep; `offset` is then ignored). A token naming no one the list holds is refused with 422 on `cursor`."),
    ),
    responses((status = 200, description = "One page of people and the number of matches (exact up to 1,000).", body = PeoplePageOut),
        (status = 400, response = doc::BadRequest), (status = 403, response = doc::Forbidden), (status = 422, response = doc::Invalid)))]
pub async fn list_people(
    State(state): State<AppState>,
    user: ApiUser,
    params: Result<Query<PeopleParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<PeoplePageOut>> {
    let Query(params) = params.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    let (search, _offset) = params.search()?;
    let page = services::people::search(&state.app, user.actor(), &search).await?;
    Ok(Json(PeoplePageOut {
        items: page.items.into_iter().map(Into::into).collect(),
        total: page.total,
        offset: page.offset,
        limit: page.limit,
        total_exact: page.total_exact,
        next: page.next,
        previous: page.previous,
    }))
}

/// Adds a person with their primary employment.
#[utoipa::path(post, path = "/v1/people", operation_id = "createPerson", tag = "people", request_body = PersonIn,
    responses((status = 201, description = "The new person; `Location` names them.", body = PersonOut), (status = 403, response = doc::Forbidden)))]
pub async fn create_person(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<PersonIn>,
) -> ApiResult<Response> {
    let pid = services::people::create(&state.app, user.actor(), body.into())
        .await
        .map_err(AppError::into_validation)?;
    let view = services::people::get(&state.app, user.actor(), pid).await?;
    Ok(created(
        format!("/api/v1/people/{pid}"),
        PersonOut::from(view),
    ))
}

/// A person's profile. A person the caller may not see (e.g. another organisation's) is reported as not found, so their existence is not revealed.
#[utoipa::path(get, path = "/v1/people/{id}", operation_id = "getPerson", tag = "people", params(("id" = uuid::Uuid, Path, description = "Id of the person.")),
    responses((status = 200, description = "The person.", body = PersonOut), (status = 404, response = doc::NotFound)))]
pub async fn get_person(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<PersonOut>> {
    let view = services::people::get(&state.app, user.actor(), id::<PersonId>(&raw)?).await?;
    Ok(Json(view.into()))
}

/// Replaces a person's details and primary employment; other employments are kept.
#[utoipa::path(put, path = "/v1/people/{id}", operation_id = "replacePerson", tag = "people", params(("id" = uuid::Uuid, Path, description = "Id of the person.")), request_body = PersonIn,
    responses((status = 200, description = "The changed person.", body = PersonOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
pub async fn put_person(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<PersonIn>,
) -> ApiResult<Json<PersonOut>> {
    let pid = id::<PersonId>(&raw)?;
    services::people::update(&state.app, user.actor(), pid, body.into())
        .await
        .map_err(AppError::into_validation)?;
    let view = services::people::get(&state.app, user.actor(), pid).await?;
    Ok(Json(view.into()))
}
