//! Pages of e-mailed sign-in links and single sign-on per organisation.

use crate::AppState;
use axum::Router;

/// This area's templates (name, source); names start with `sso/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}
