//! Pages granting and revoking roles.

use crate::AppState;
use axum::Router;

/// This area's templates (name, source); names start with `roles/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}
