//! Survey pages: the builder for coordinators and the answering pages for participants.

use crate::AppState;
use axum::Router;

/// This area's templates (name, source); names start with `surveys/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}
