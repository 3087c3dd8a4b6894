//! Issue #17's story fixes on the pages: an organisation coordinator opening one of their own
//! staff's relationships gets its status (no content) instead of a refusal, and a member of a
//! declined match reads what the decline means for them (`story/declined.html`, included by the
//! relationship page).

use crate::render::{PageCtx, render, ser};
use crate::{AppState, PageError, PageResult};
use minijinja::context;
use tandem_app::AppError;
use tandem_domain::RelationshipId;

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "story/status.html",
        include_str!("../../templates/story/status.html"),
    ),
    (
        "story/declined.html",
        include_str!("../../templates/story/declined.html"),
    ),
];

/// The relationship's status page when the full page was refused as not the actor's to see:
/// policy decides again ([`tandem_app::story::relationship_status`]); when that refuses too,
/// the first refusal stands, so another organisation's relationship stays hidden as before.
pub(crate) async fn status_or(
    state: &AppState,
    ctx: &PageCtx,
    id: RelationshipId,
    refused: AppError,
) -> PageResult {
    if !matches!(refused, AppError::NotFound | AppError::Forbidden) {
        return Err(PageError(refused));
    }
    let actor = ctx.actor()?;
    match tandem_app::story::relationship_status(&state.app, actor, id).await {
        Ok(v) => Ok(render(
            state,
            ctx,
            "story/status.html",
            context! { v => ser(&v) },
        )),
        Err(_) => Err(PageError(refused)),
    }
}
