//! Pages of the profile a person keeps.

use crate::AppState;
use axum::Router;

/// This area's templates (name, source); names start with `profiles/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}
