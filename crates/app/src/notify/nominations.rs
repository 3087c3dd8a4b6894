//! Renders the notice telling a person they were nominated into an intake.

use super::{Queued, Recipient, Rendered};
use crate::{AppResult, Context};

/// Renders a nomination notice; `None` while the nomination is no longer open.
pub async fn render(
    _ctx: &Context,
    _notice: &Queued,
    _to: &Recipient,
) -> AppResult<Option<Rendered>> {
    Ok(None)
}
