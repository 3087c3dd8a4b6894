//! Evaluation pages: figures, charts beside their tables, exports and the printable report.

use crate::AppState;
use axum::Router;

/// This area's templates (name, source); names start with `evaluation/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}
