//! The administrator's list of notices that could not be delivered, with "Try again".

use crate::forms::see_other;
use crate::render::{PageCtx, render, ser};
use crate::{AppState, PageResult};
use axum::extract::{Path, State};
use minijinja::context;
use tandem_app::notify::dead_letters;

pub(crate) const TEMPLATES: &[(&str, &str)] = &[(
    "notices/dead.html",
    include_str!("../../templates/notices/dead.html"),
)];

pub(super) fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/notices/dead", get(list))
        .route("/notices/dead/{id}/retry", post(retry))
}

async fn list(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let letters = dead_letters::list(&state.app, actor).await?;
    let page = context! { letters => ser(&letters) };
    Ok(render(&state, &ctx, "notices/dead.html", page))
}

async fn retry(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let queued = dead_letters::retry(&state.app, actor, &id).await?;
    Ok(see_other(
        "/notices/dead",
        if queued {
            "notice.notice_queued_again"
        } else {
            "notice.notice_not_dead"
        },
    ))
}
