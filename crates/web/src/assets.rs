//! Static files embedded in the binary and served under `/assets/`.
//!
//! The `nhsuk-frontend` files come from the npm package pinned by `package-lock.json` (see
//! `build.rs`) and carry the package version in their names; Tandem's own small stylesheet and
//! script are addressed with a content hash in the query. Either way a changed file gets a new
//! URL, so every asset can be cached for a year.

use crate::AppState;
use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/nhsuk_assets.rs"));

/// Tandem's own assets: (name, content type, bytes).
static OWN_FILES: &[(&str, &str, &[u8])] = &[
    (
        "tandem.css",
        "text/css; charset=utf-8",
        include_bytes!("../static/tandem.css"),
    ),
    (
        "tandem.js",
        "text/javascript; charset=utf-8",
        include_bytes!(concat!(env!("OUT_DIR"), "/tandem.js")),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../static/favicon.svg"),
    ),
];

pub(crate) fn router() -> Router<AppState> {
    Router::new().route("/assets/{*path}", get(serve_asset))
}

async fn serve_asset(Path(path): Path<String>) -> Response {
    match find(&path) {
        Some((ctype, bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(ctype)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// Looks an asset up by its name under `/assets/`.
pub fn find(name: &str) -> Option<(&'static str, &'static [u8])> {
    NHSUK_FILES
        .iter()
        .chain(OWN_FILES.iter())
        .find(|(n, _, _)| *n == name)
        .map(|(_, c, b)| (*c, *b))
}

/// URL of an asset for use in pages: versioned NHS files as they are, Tandem's own with a hash.
pub fn url(name: &str) -> String {
    match name {
        "nhsuk.css" => format!("/assets/nhsuk-frontend-{NHSUK_VERSION}.min.css"),
        "nhsuk.js" => format!("/assets/nhsuk-frontend-{NHSUK_VERSION}.min.js"),
        own => {
            static HASHES: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
            let hashes = HASHES.get_or_init(|| {
                OWN_FILES
                    .iter()
                    .map(|(n, _, b)| (*n, hex::encode(&Sha256::digest(b)[..6])))
                    .collect()
            });
            match hashes.iter().find(|(n, _)| *n == own) {
                Some((n, h)) => format!("/assets/{n}?v={h}"),
                None => format!("/assets/{own}"),
            }
        }
    }
}
