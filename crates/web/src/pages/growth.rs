//! Pages of relationships in motion: growth.

use crate::AppState;
use axum::Router;

/// This area's templates (name, source); names start with `growth/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}
