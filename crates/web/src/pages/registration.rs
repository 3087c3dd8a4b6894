//! Pages of self-registration, e-mail and employment confirmation, and nominations.

use crate::AppState;
use axum::Router;

/// This area's templates (name, source); names start with `registration/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}
