//! API of e-mailed sign-in links and single sign-on per organisation.

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
