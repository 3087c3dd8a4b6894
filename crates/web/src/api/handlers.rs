//! Handlers of the scheme, organisation, programme, intake and people resources.
//!
//! Each one extracts the caller and the input, calls one service (which authorises, validates,
//! writes and audits) and serialises the answer. Nothing here decides who may do what.

use super::auth::ApiUser;
use super::error::{ApiError, ApiJson, ApiResult};
use super::types::*;
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::str::FromStr;
use tandem_app as services;
use tandem_domain::{
    GradeSystem, IntakeId, OrganisationId, PersonId, ProgrammeId, ValidationErrors,
};

/// Parses an id from the path; an id that cannot exist is simply not found.
fn id<T: FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

/// `201 Created` with a `Location` header and the created resource.
fn created<T: serde::Serialize>(location: String, body: T) -> Response {
    (StatusCode::CREATED, [(LOCATION, location)], Json(body)).into_response()
}

// ---------------------------------------------------------------------------------------------

pub async fn scheme(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<SchemeOut>> {
    let dashboard = services::dashboard::summary(&state.app, user.actor()).await?;
    Ok(Json(SchemeOut::new(user.actor().scheme_id, dashboard)))
}

// ---------------------------------------------------------------------------------------------

pub async fn list_organisations(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<OrganisationOut>>> {
    let orgs = services::organisations::list(&state.app, user.actor()).await?;
    Ok(Json(orgs.into_iter().map(Into::into).collect()))
}

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

pub async fn get_organisation(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<OrganisationOut>> {
    let org =
        services::organisations::get(&state.app, user.actor(), id::<OrganisationId>(&raw)?).await?;
    Ok(Json(org.into()))
}

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

pub async fn list_programmes(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<ProgrammeOut>>> {
    let list = services::programmes::list(&state.app, user.actor()).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

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

pub async fn get_programme(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<ProgrammeOut>> {
    let p = services::programmes::get(&state.app, user.actor(), id::<ProgrammeId>(&raw)?).await?;
    Ok(Json(p.into()))
}

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

pub async fn list_intakes(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<IntakeOut>>> {
    let list = services::intakes::list(&state.app, user.actor(), id::<ProgrammeId>(&raw)?).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

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

pub async fn get_intake(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<IntakeOut>> {
    let (intake, _programme) =
        services::intakes::get(&state.app, user.actor(), id::<IntakeId>(&raw)?).await?;
    Ok(Json(intake.into()))
}

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
        };
        Ok((search, offset))
    }
}

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
    }))
}

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

pub async fn get_person(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<PersonOut>> {
    let view = services::people::get(&state.app, user.actor(), id::<PersonId>(&raw)?).await?;
    Ok(Json(view.into()))
}

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
