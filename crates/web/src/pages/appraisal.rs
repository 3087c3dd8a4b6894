//! Pages of goals tied to appraisal: the mentee's summary for their line manager
//! (`/relationships/{id}/appraisal-summary`, withdrawn at `…/withdraw`) and the manager's
//! single-use link (`/appraisal-summary/{token}`).
//!
//! The link's GET only checks it and offers a button; the POST opens the summary, once. E-mail
//! security scanners follow links in messages with GET, so a link that opened on GET would be
//! used up before the manager ever saw it. Both work without an account and without JavaScript.

use crate::forms::{Choice, FormData, form_with_errors, parse_id, see_other};
use crate::render::{PageCtx, error_page_for, render, ser};
use crate::{AppState, PageResult};
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use minijinja::{Value, context};
use std::collections::BTreeMap;
use tandem_app::appraisal as service;
use tandem_domain::RelationshipId;
use tandem_domain::appraisal::{AppraisalKind, SummaryLinkProblem};

/// This area's templates (name, source); names start with `appraisal/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "appraisal/mentee.html",
        include_str!("../../templates/appraisal/mentee.html"),
    ),
    (
        "appraisal/manager_open.html",
        include_str!("../../templates/appraisal/manager_open.html"),
    ),
    (
        "appraisal/manager.html",
        include_str!("../../templates/appraisal/manager.html"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/relationships/{id}/appraisal-summary",
            get(mentee_page).post(share),
        )
        .route(
            "/relationships/{id}/appraisal-summary/withdraw",
            post(withdraw),
        )
        .route(
            "/appraisal-summary/{token}",
            get(manager_check).post(manager_open),
        )
}

/// The kinds a goal form offers to a reader in `lang_tag`, plus `current` (a kind already
/// stored stays choosable whatever the language).
pub(crate) fn kind_options(lang_tag: &str, current: &str) -> Vec<Choice> {
    let mut kinds: Vec<AppraisalKind> = AppraisalKind::offered_for(lang_tag).to_vec();
    if let Some(k) = AppraisalKind::from_code(current)
        && !kinds.contains(&k)
    {
        kinds.push(k);
    }
    kinds
        .into_iter()
        .map(|k| Choice {
            value: k.code().to_string(),
            label: k.label_key(),
        })
        .collect()
}

async fn mentee_vars(
    state: &AppState,
    ctx: &PageCtx,
    id: RelationshipId,
    form: Option<&FormData>,
) -> Result<Value, crate::AppError> {
    let page = service::summary_page(&state.app, ctx.actor()?, id).await?;
    let mut values: BTreeMap<String, Value> = BTreeMap::new();
    if let Some(f) = form {
        values.extend(f.values());
    }
    Ok(context! { page => ser(&page), form => values })
}

async fn mentee_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(raw): Path<String>,
) -> PageResult {
    let id = parse_id(&raw)?;
    let vars = mentee_vars(&state, &ctx, id, None).await?;
    Ok(render(&state, &ctx, "appraisal/mentee.html", vars))
}

async fn share(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(raw): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let id: RelationshipId = parse_id(&raw)?;
    match service::share_summary(&state.app, ctx.actor()?, id, form.get("summary")).await {
        Ok(_) => Ok(see_other(
            &format!("/relationships/{id}/appraisal-summary"),
            "notice.saved",
        )),
        Err(e) => {
            let vars = mentee_vars(&state, &ctx, id, Some(&form)).await?;
            Ok(form_with_errors(
                &state,
                &ctx,
                "appraisal/mentee.html",
                e,
                vars,
            ))
        }
    }
}

async fn withdraw(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(raw): Path<String>,
) -> PageResult {
    let id: RelationshipId = parse_id(&raw)?;
    match service::withdraw_summary(&state.app, ctx.actor()?, id).await {
        Ok(()) => Ok(see_other(
            &format!("/relationships/{id}/appraisal-summary"),
            "notice.saved",
        )),
        Err(e) => {
            let vars = mentee_vars(&state, &ctx, id, None).await?;
            Ok(form_with_errors(
                &state,
                &ctx,
                "appraisal/mentee.html",
                e,
                vars,
            ))
        }
    }
}

/// A link that cannot be used: its own translated page (404 unknown, 410 otherwise).
fn link_refused(state: &AppState, ctx: &PageCtx, problem: SummaryLinkProblem) -> Response {
    let status = match problem {
        SummaryLinkProblem::Unknown => StatusCode::NOT_FOUND,
        _ => StatusCode::GONE,
    };
    error_page_for(
        state,
        Some(ctx),
        ctx.lang,
        status,
        problem.message_key(),
        &ctx.path,
    )
}

async fn manager_check(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
) -> PageResult {
    Ok(match service::check_link(&state.app, &token).await? {
        Some(p) => link_refused(&state, &ctx, p),
        None => render(
            &state,
            &ctx,
            "appraisal/manager_open.html",
            context! { token => token },
        ),
    })
}

async fn manager_open(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
) -> PageResult {
    Ok(match service::open_link(&state.app, &token).await? {
        Err(p) => link_refused(&state, &ctx, p),
        Ok(view) => render(
            &state,
            &ctx,
            "appraisal/manager.html",
            context! { view => ser(&view) },
        ),
    })
}
