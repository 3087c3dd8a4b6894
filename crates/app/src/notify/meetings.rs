//! Renderers of the meetings notices (see [`super::render`] for which kinds come here).

use super::{Queued, Recipient, Rendered};
use crate::{AppError, AppResult, Context};

/// Renders one of this module's kinds, or `None` when it is no longer relevant.
pub async fn render(
    _ctx: &Context,
    notice: &Queued,
    _to: &Recipient,
) -> AppResult<Option<Rendered>> {
    Err(AppError::internal(std::io::Error::other(format!(
        "no renderer for {} yet",
        notice.kind
    ))))
}
