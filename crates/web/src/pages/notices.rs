//! People's choice of e-mails: the preferences page (each signed-in person, for themselves) and
//! the one-click unsubscribe page an e-mail links to (no session needed: the signed link is the
//! authority, and an RFC 8058 mail client POSTs `List-Unsubscribe=One-Click` to it without a
//! CSRF token, which the page middleware allows for this path only).

use crate::forms::{FormData, form_with_errors, see_other};
use crate::render::{PageCtx, render, render_status, ser};
use crate::{AppState, PageResult};
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use minijinja::context;
use tandem_app::notify::preferences::{self, Mode};

/// This area's templates (name, source); names start with `notices/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "notices/preferences.html",
        include_str!("../../templates/notices/preferences.html"),
    ),
    (
        "notices/unsubscribe.html",
        include_str!("../../templates/notices/unsubscribe.html"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/notices/preferences", get(show).post(save))
        .route("/unsubscribe/{token}", get(confirm).post(unsubscribe))
}

fn modes() -> minijinja::Value {
    let list: Vec<_> = Mode::ALL
        .iter()
        .map(|m| context! { value => m.code(), label => format!("notices.preferences.mode.{}", m.code()) })
        .collect();
    minijinja::Value::from(list)
}

async fn show(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let prefs = preferences::mine(&state.app, actor).await?;
    Ok(render(
        &state,
        &ctx,
        "notices/preferences.html",
        context! { prefs => ser(&prefs), modes => modes() },
    ))
}

async fn save(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let current = preferences::mine(&state.app, actor).await?;
    let mut choices = Vec::new();
    for p in current.iter().filter(|p| !p.essential) {
        let raw = form.get(p.kind);
        if raw.is_empty() {
            continue;
        }
        let mode = Mode::from_code(raw).ok_or(crate::AppError::BadRequest("mode"))?;
        choices.push((p.kind.to_string(), mode));
    }
    match preferences::set_mine(&state.app, actor, &choices).await {
        Ok(_) => Ok(see_other("/notices/preferences", "notice.saved")),
        Err(e) => Ok(form_with_errors(
            &state,
            &ctx,
            "notices/preferences.html",
            e,
            context! { prefs => ser(&current), modes => modes() },
        )),
    }
}

async fn confirm(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
) -> PageResult {
    let link = preferences::unsubscribe_link(&state.app, &token).await?;
    Ok(page(&state, &ctx, &token, link, false))
}

async fn unsubscribe(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
) -> PageResult {
    let done = preferences::unsubscribe(&state.app, &token).await?;
    Ok(page(&state, &ctx, &token, done, true))
}

fn page(
    state: &AppState,
    ctx: &PageCtx,
    token: &str,
    link: Option<preferences::Unsubscribe>,
    done: bool,
) -> axum::response::Response {
    match link {
        Some(l) => render(
            state,
            ctx,
            "notices/unsubscribe.html",
            context! { link => ser(&l), token => token, done => done },
        ),
        // A bad or forged link: a clear page, nothing changed.
        None => render_status(
            state,
            ctx,
            StatusCode::NOT_FOUND,
            "notices/unsubscribe.html",
            context! { bad => true },
        ),
    }
}
