//! The pages behind the coordinators' menus (issue #17, item 2): "Applications to review"
//! (`/reviews`: the applications waiting for the reader's decision, not their own) and their
//! staff's relationships (`/staff-relationships`: status and last activity, never content).
//! The homes themselves are rendered by the dashboard handler with the templates here.
//! `tandem_app::homes` decides who sees which rows.

use crate::render::{PageCtx, render, ser};
use crate::{AppState, PageResult};
use axum::extract::State;
use minijinja::context;

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "homes/todos.html",
        include_str!("../../templates/homes/todos.html"),
    ),
    (
        "homes/organisation.html",
        include_str!("../../templates/homes/organisation.html"),
    ),
    (
        "homes/scheme.html",
        include_str!("../../templates/homes/scheme.html"),
    ),
    (
        "homes/staff_table.html",
        include_str!("../../templates/homes/staff_table.html"),
    ),
    (
        "homes/reviews.html",
        include_str!("../../templates/homes/reviews.html"),
    ),
    (
        "homes/staff.html",
        include_str!("../../templates/homes/staff.html"),
    ),
];

pub(super) fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/reviews", axum::routing::get(reviews))
        .route("/staff-relationships", axum::routing::get(staff))
}

async fn reviews(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let list = tandem_app::homes::applications_to_review(&state.app, actor).await?;
    Ok(render(
        &state,
        &ctx,
        "homes/reviews.html",
        context! { applications => ser(&list), max => tandem_app::homes::PAGE },
    ))
}

async fn staff(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let list = tandem_app::homes::all_staff_relationships(&state.app, actor).await?;
    Ok(render(
        &state,
        &ctx,
        "homes/staff.html",
        context! { staff => ser(&list), staff_caption => "homes.staff.caption" },
    ))
}
