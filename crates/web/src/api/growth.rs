//! API of relationships in motion: growth.

use crate::AppState;
use axum::routing::MethodRouter;
use serde_json::{Map, Value};

/// This area's routes (paths below `/api`).
pub(super) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![]
}

/// This area's OpenAPI paths (with the `/api` prefix).
pub(super) fn paths() -> Map<String, Value> {
    Map::new()
}

/// This area's OpenAPI schemas.
pub(super) fn schemas() -> Map<String, Value> {
    Map::new()
}
