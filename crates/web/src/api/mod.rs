//! The JSON API under `/api`: `/api/v1/...` for the resources and `/api/openapi.json` for their
//! description.
//!
//! Handlers are thin: authenticate the bearer token ([`auth`]), read the input, call one service
//! (`crate::services`, which authorises, validates, writes and audits) and serialise the answer
//! ([`types`]). Every failure is a JSON error body ([`error`]). The routes are listed once, in
//! [`routes`], which builds the router and lets the tests compare it with the OpenAPI document.

mod applications;
pub mod auth;
pub mod error;
mod growth;
mod handlers;
mod matching;
mod mentors;
pub mod openapi;
mod pairs;
mod people_io;
mod sessions;
mod sets;
pub mod types;

use crate::{AppError, AppState};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use error::{ApiError, MAX_JSON_BYTES};
use std::sync::OnceLock;

pub use people_io::XLSX_MIME;

/// Every route of the API router: path (below `/api`) and its method router. The router is built
/// from this list alone, so the coverage test can hold the OpenAPI document against it.
fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    use handlers::*;
    let json = || DefaultBodyLimit::max(MAX_JSON_BYTES);
    vec![
        ("/openapi.json", get(openapi_json)),
        ("/v1/scheme", get(scheme)),
        (
            "/v1/organisations",
            get(list_organisations)
                .post(create_organisation)
                .layer(json()),
        ),
        (
            "/v1/organisations/{id}",
            get(get_organisation)
                .put(put_organisation)
                .patch(patch_organisation)
                .layer(json()),
        ),
        (
            "/v1/programmes",
            get(list_programmes).post(create_programme).layer(json()),
        ),
        (
            "/v1/programmes/{id}",
            get(get_programme).put(put_programme).layer(json()),
        ),
        (
            "/v1/programmes/{id}/intakes",
            get(list_intakes).post(create_intake).layer(json()),
        ),
        (
            "/v1/intakes/{id}",
            get(get_intake).put(put_intake).layer(json()),
        ),
        (
            "/v1/people",
            get(list_people).post(create_person).layer(json()),
        ),
        (
            "/v1/people/{id}",
            get(get_person).put(put_person).layer(json()),
        ),
        (
            "/v1/people/import",
            post(people_io::import)
                .layer(DefaultBodyLimit::max(tandem_people_io::MAX_UPLOAD_BYTES)),
        ),
        ("/v1/people/export", get(people_io::export)),
    ]
    .into_iter()
    .chain(applications::routes())
    .chain(mentors::routes())
    .chain(matching::routes())
    .chain(sessions::routes())
    .chain(sets::routes())
    .chain(growth::routes())
    .chain(pairs::routes())
    .collect()
}

/// The paths of the API router as the OpenAPI document writes them (with the `/api` prefix).
/// Exists for the test that checks the document describes exactly the router.
pub fn route_paths() -> Vec<String> {
    routes()
        .into_iter()
        .map(|(p, _)| format!("/api{p}"))
        .collect()
}

/// Routes of the JSON API, mounted at `/api` by [`crate::app`].
pub fn router() -> Router<AppState> {
    let mut router = Router::new();
    for (path, method_router) in routes() {
        router = router.route(path, method_router);
    }
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// The OpenAPI document, built once (it does not change while the process runs).
async fn openapi_json() -> Response {
    static DOC: OnceLock<String> = OnceLock::new();
    let body =
        DOC.get_or_init(|| serde_json::to_string_pretty(&openapi::document()).unwrap_or_default());
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body.as_str(),
    )
        .into_response()
}

async fn not_found() -> Response {
    ApiError::App(AppError::NotFound).into_response()
}

async fn method_not_allowed() -> Response {
    let body = serde_json::json!({
        "error": { "code": "method_not_allowed", "message": "This method is not allowed on this path.", "fields": [] }
    });
    (StatusCode::METHOD_NOT_ALLOWED, axum::Json(body)).into_response()
}
