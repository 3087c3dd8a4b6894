//! The JSON API under `/api`: `/api/v1/...` for the resources and `/api/openapi.json` for their
//! description.
//!
//! Handlers are thin: authenticate the bearer token ([`auth`]), read the input, call one service
//! (`tandem_app`, which authorises, validates, writes and audits) and serialise the answer
//! ([`types`] and each area's wire types). Every failure is a JSON error body ([`error`]). Routes
//! and their documentation are registered together (utoipa-axum), so the router and the OpenAPI
//! document cannot drift apart; [`doc`] holds what the document's parts share.

mod applications;
mod appraisal;
mod assessments;
mod audit;
pub mod auth;
mod doc;
pub mod error;
mod evaluation;
pub(crate) mod exports;
mod growth;
mod handlers;
mod matching;
mod mentors;
mod notices;
mod pairs;
mod peers;
mod people_io;
mod profiles;
mod registration;
mod rights;
mod roles;
mod sessions;
mod sets;
mod setup;
mod sso;
mod surveys;
mod tokens;
pub mod types;
mod wire;

use crate::{AppError, AppState};
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use error::ApiError;
use serde_json::Value;
use std::sync::OnceLock;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use people_io::XLSX_MIME;

/// Every route of the API with its documentation: each area's router registers its handlers
/// together with their `#[utoipa::path]` descriptions, so a route cannot exist undocumented.
fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(doc::ApiDoc::openapi())
        .routes(routes!(openapi_json))
        .merge(handlers::router())
        .merge(people_io::router())
        .merge(assessments::router())
        .merge(applications::router())
        .merge(mentors::router())
        .merge(growth::router())
        .merge(peers::router())
        .merge(appraisal::router())
        .merge(sessions::router())
        .merge(matching::router())
        .merge(sets::router())
        .merge(pairs::router())
        .merge(setup::router())
        .merge(notices::router())
        .merge(surveys::router())
        .merge(evaluation::router())
        .merge(roles::router())
        .merge(registration::router())
        .merge(profiles::router())
        .merge(sso::router())
        .merge(audit::router())
        .merge(tokens::router())
        .merge(rights::router())
        .merge(exports::router())
}

/// The OpenAPI 3.1 document served at `/api/openapi.json`, built once (it does not change while
/// the process runs).
pub fn document() -> Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let bounds: Vec<doc::Bound> = [
            types::BOUNDS,
            applications::BOUNDS,
            mentors::BOUNDS,
            growth::BOUNDS,
            peers::BOUNDS,
            appraisal::BOUNDS,
            matching::BOUNDS,
            setup::BOUNDS,
        ]
        .concat();
        doc::finish(documented().into_openapi(), &bounds)
    })
    .clone()
}

/// Routes of the JSON API, mounted at `/api` by [`crate::app`].
pub fn router() -> Router<AppState> {
    let (router, _) = documented().split_for_parts();
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// This document. Needs no authentication.
#[utoipa::path(get, path = "/openapi.json", operation_id = "getOpenApi", tag = "meta", security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document.", body = Object)))]
async fn openapi_json() -> Response {
    static BODY: OnceLock<String> = OnceLock::new();
    let body = BODY.get_or_init(|| serde_json::to_string_pretty(&document()).unwrap_or_default());
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
