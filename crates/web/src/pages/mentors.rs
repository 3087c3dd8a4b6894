//! Pages of the scheme journey: mentors.

use crate::AppState;
use axum::Router;

/// This area's templates (name, source); names start with `mentors/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}
