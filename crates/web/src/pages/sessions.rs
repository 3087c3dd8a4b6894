//! Pages of relationships in motion: sessions.

use crate::AppState;
use axum::Router;

/// This area's templates (name, source); names start with `sessions/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}
