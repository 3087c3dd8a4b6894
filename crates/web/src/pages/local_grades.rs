//! A council's own grade list: seen and edited by the scheme coordinator or the council's
//! coordinator. Councils grade staff on their own scales, and people imports add to the list.

use crate::forms::{FormData, form_with_errors, see_other};
use crate::render::{PageCtx, render, ser};
use crate::{AppError, AppState, PageResult};
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Form, Router};
use minijinja::context;
use tandem_app::import;
use tandem_domain::OrganisationId;

/// This area's templates (name, source); names start with `local_grades/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[(
    "local_grades/edit.html",
    include_str!("../../templates/local_grades/edit.html"),
)];

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/organisations/{id}/grades", get(show).post(save))
}

fn organisation_id(raw: &str) -> Result<OrganisationId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let list = import::local_grades(&state.app, actor, organisation_id(&id)?).await?;
    let form = context! { grades => list.grades.join("\n") };
    Ok(render(
        &state,
        &ctx,
        "local_grades/edit.html",
        context! { list => ser(&list), form => form },
    ))
}

async fn save(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = organisation_id(&id)?;
    let grades: Vec<String> = form.get("grades").lines().map(str::to_string).collect();
    Ok(
        match import::set_local_grades(&state.app, actor, id, &grades).await {
            Ok(_) => see_other(&format!("/organisations/{id}/grades"), "notice.saved"),
            Err(e) => {
                let list = import::local_grades(&state.app, actor, id).await?;
                let page = context! {
                    list => ser(&list),
                    form => context! { grades => form.get("grades") },
                };
                form_with_errors(&state, &ctx, "local_grades/edit.html", e, page)
            }
        },
    )
}
