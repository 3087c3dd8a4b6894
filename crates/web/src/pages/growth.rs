//! Pages of personal growth: a relationship's goals (`/relationships/{id}/goals`, `/goals/{id}`),
//! the scheme coordinator's goal counts (`/goal-counts`), the reflective log (`/reflections`),
//! the CPD record (`/cpd`, printable at `/cpd/print`, as CSV at `/cpd/export.csv`) and the opt-in
//! directory's listing (`/directory/listing`; the directory itself is `pages/peers.rs`).
//!
//! Everything works as plain forms without JavaScript; the printable CPD page is a document of
//! its own with a print style sheet served here (the content security policy allows only style
//! sheets from this site, never inline styles).

use crate::forms::{Choice, FormData, form_with_errors, parse_date, parse_id, see_other};
use crate::i18n::I18n;
use crate::render::PageCtx;
use crate::render::{render, ser};
use crate::{AppError, AppState, PageResult};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::Datelike;
use minijinja::{Value, context};
use std::collections::BTreeMap;
use tandem_app::growth as service;
use tandem_domain::growth::{
    CpdInput, GoalId, GoalInput, GoalStatus, ReflectionId, ReflectionInput, hours_text, parse_hours,
};
use tandem_domain::{FrameworkDimension, RelationshipId, ValidationErrors};

/// This area's templates (name, source); names start with `growth/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "growth/goals.html",
        include_str!("../../templates/growth/goals.html"),
    ),
    (
        "growth/goal.html",
        include_str!("../../templates/growth/goal.html"),
    ),
    (
        "growth/goal_counts.html",
        include_str!("../../templates/growth/goal_counts.html"),
    ),
    (
        "growth/reflections.html",
        include_str!("../../templates/growth/reflections.html"),
    ),
    (
        "growth/reflection.html",
        include_str!("../../templates/growth/reflection.html"),
    ),
    (
        "growth/cpd.html",
        include_str!("../../templates/growth/cpd.html"),
    ),
    (
        "growth/cpd_table.html",
        include_str!("../../templates/growth/cpd_table.html"),
    ),
    (
        "growth/cpd_print.html",
        include_str!("../../templates/growth/cpd_print.html"),
    ),
    (
        "growth/listing.html",
        include_str!("../../templates/growth/listing.html"),
    ),
];

/// The printable CPD page's style sheet (screen and print).
const PRINT_CSS: &str = include_str!("../../templates/growth/print.css");

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/relationships/{id}/goals", get(goals_page).post(add_goal))
        .route("/goals/{id}", get(goal_page).post(update_goal))
        .route("/goal-counts", get(goal_counts))
        .route("/reflections", get(reflections_page).post(add_reflection))
        .route("/reflections/{id}", get(reflection_page))
        .route("/reflections/{id}/sharing", post(share_reflection))
        .route("/cpd", get(cpd_page).post(add_cpd))
        .route("/cpd/{id}/delete", post(delete_cpd))
        .route("/cpd/print", get(cpd_print))
        .route("/cpd/print.css", get(print_css))
        .route("/cpd/export.csv", get(cpd_csv))
        .route("/directory/listing", get(listing_page).post(listing_post))
}

fn dimension_options() -> Vec<Choice> {
    FrameworkDimension::ALL
        .into_iter()
        .map(|d| Choice {
            value: d.code().to_string(),
            label: format!("applications.framework.{}", d.code()),
        })
        .collect()
}

fn status_options() -> Vec<Choice> {
    GoalStatus::ALL
        .into_iter()
        .map(|s| Choice {
            value: s.code().to_string(),
            label: format!("growth.goal_status.{}", s.code()),
        })
        .collect()
}

/// The ticked dimensions; an unknown code is a field error (a forged form), never ignored.
fn dimensions(form: &FormData, errors: &mut ValidationErrors) -> Vec<FrameworkDimension> {
    let mut out = Vec::new();
    for code in form.all("dimensions") {
        match FrameworkDimension::from_code(code) {
            Some(d) => out.push(d),
            None => errors.add("dimensions", "error.growth.dimension_unknown"),
        }
    }
    out
}

/// An optional relationship id from a select (empty = none). An id that is not one's own is
/// refused by the service; one that is not even an id, here.
fn relationship_field(
    form: &FormData,
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<RelationshipId> {
    match form.get(field).trim() {
        "" => None,
        raw => match raw.parse() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add(field, "error.growth.not_your_relationship");
                None
            }
        },
    }
}

async fn relationship_options(
    state: &AppState,
    ctx: &PageCtx,
    current: bool,
) -> Result<Vec<Value>, AppError> {
    let i18n = I18n::shared();
    Ok(
        service::relationship_choices(&state.app, ctx.actor()?, current)
            .await?
            .into_iter()
            .map(|c| {
                let kind = i18n.t(ctx.lang, &format!("growth.kind.{}", c.kind.code()));
                let label = if c.with.is_empty() {
                    kind
                } else {
                    format!("{kind}: {}", c.with.join(", "))
                };
                context! { value => c.id.to_string(), label => label }
            })
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------
// Goals

fn goal_input(form: &FormData, parse: &mut ValidationErrors) -> GoalInput {
    let status = match form.get("status") {
        "" => None,
        code => {
            let s = GoalStatus::from_code(code);
            if s.is_none() {
                parse.add("status", "error.growth.status_required");
            }
            s
        }
    };
    // The date comes as the NHS day/month/year fields; the domain reads it as ISO text under
    // the strict date rule, so the pages and the API refuse the same dates.
    let held_on = parse_date(form, "appraisal_on", parse)
        .map(|d| d.to_string())
        .unwrap_or_default();
    GoalInput {
        title: form.get("title").to_string(),
        dimensions: dimensions(form, parse),
        status,
        progress_note: form.get("progress_note").to_string(),
        appraisal: tandem_domain::appraisal::CitationInput {
            kind: form.get("appraisal_kind").to_string(),
            held_on,
        },
    }
}

async fn goals_vars(
    state: &AppState,
    ctx: &PageCtx,
    id: RelationshipId,
    form: Option<&FormData>,
) -> Result<Value, AppError> {
    let view = service::goals(&state.app, ctx.actor()?, id).await?;
    // The mentee's summary for their line manager is linked from here when it is theirs.
    let appraisal_link = tandem_app::appraisal::summary_page(&state.app, ctx.actor()?, id)
        .await
        .is_ok();
    let mut values: BTreeMap<String, Value> = BTreeMap::new();
    values.insert("status".into(), "not_started".into());
    if let Some(f) = form {
        values.extend(f.values());
    }
    let kind = form.map(|f| f.get("appraisal_kind")).unwrap_or_default();
    Ok(context! {
        view => ser(&view),
        form => values,
        status_options => ser(&status_options()),
        dimension_options => ser(&dimension_options()),
        appraisal_options => ser(&super::appraisal::kind_options(ctx.lang.tag(), kind)),
        appraisal_link => appraisal_link,
    })
}

async fn goals_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let id = parse_id(&id)?;
    let vars = goals_vars(&state, &ctx, id, None).await?;
    Ok(render(&state, &ctx, "growth/goals.html", vars))
}

async fn add_goal(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(raw): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let id: RelationshipId = parse_id(&raw)?;
    let mut parse = ValidationErrors::new();
    let input = goal_input(&form, &mut parse);
    let result = if parse.is_empty() {
        service::add_goal(&state.app, ctx.actor()?, id, input)
            .await
            .map(|_| ())
    } else {
        Err(AppError::Validation(parse))
    };
    match result {
        Ok(()) => Ok(see_other(
            &format!("/relationships/{id}/goals"),
            "notice.created",
        )),
        Err(e) => {
            let vars = goals_vars(&state, &ctx, id, Some(&form)).await?;
            Ok(form_with_errors(&state, &ctx, "growth/goals.html", e, vars))
        }
    }
}

async fn goal_vars(
    state: &AppState,
    ctx: &PageCtx,
    id: GoalId,
    form: Option<&FormData>,
) -> Result<Value, AppError> {
    let view = service::get_goal(&state.app, ctx.actor()?, id).await?;
    let mut values: BTreeMap<String, Value> = BTreeMap::new();
    values.insert("title".into(), view.goal.title.clone().into());
    values.insert("status".into(), view.goal.status.code().into());
    values.insert(
        "progress_note".into(),
        view.goal.progress_note.clone().into(),
    );
    values.insert(
        "dimensions".into(),
        Value::from(
            view.goal
                .dimensions
                .iter()
                .map(|d| d.code().to_string())
                .collect::<Vec<_>>(),
        ),
    );
    if let Some(a) = view.goal.appraisal {
        values.insert("appraisal_kind".into(), a.kind.code().into());
        values.insert(
            "appraisal_on-day".into(),
            a.held_on.day().to_string().into(),
        );
        values.insert(
            "appraisal_on-month".into(),
            a.held_on.month().to_string().into(),
        );
        values.insert(
            "appraisal_on-year".into(),
            a.held_on.year().to_string().into(),
        );
    }
    if let Some(f) = form {
        values.remove("dimensions");
        values.extend(f.values());
    }
    let kind = values
        .get("appraisal_kind")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    Ok(context! {
        view => ser(&view),
        form => values,
        status_options => ser(&status_options()),
        dimension_options => ser(&dimension_options()),
        appraisal_options => ser(&super::appraisal::kind_options(ctx.lang.tag(), &kind)),
    })
}

async fn goal_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let id = parse_id(&id)?;
    let vars = goal_vars(&state, &ctx, id, None).await?;
    Ok(render(&state, &ctx, "growth/goal.html", vars))
}

async fn update_goal(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(raw): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let id: GoalId = parse_id(&raw)?;
    let mut parse = ValidationErrors::new();
    let input = goal_input(&form, &mut parse);
    let result = if parse.is_empty() {
        service::update_goal(&state.app, ctx.actor()?, id, input).await
    } else {
        Err(AppError::Validation(parse))
    };
    match result {
        Ok(g) => Ok(see_other(
            &format!("/relationships/{}/goals", g.relationship_id),
            "notice.saved",
        )),
        Err(e) => {
            let vars = goal_vars(&state, &ctx, id, Some(&form)).await?;
            Ok(form_with_errors(&state, &ctx, "growth/goal.html", e, vars))
        }
    }
}

async fn goal_counts(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let counts = service::goal_counts(&state.app, ctx.actor()?).await?;
    let rows: Vec<Value> = counts
        .iter()
        .map(|(s, n)| context! { status => s.code(), count => n })
        .collect();
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    Ok(render(
        &state,
        &ctx,
        "growth/goal_counts.html",
        context! { rows => rows, total => total },
    ))
}

// ---------------------------------------------------------------------------------------------
// Reflective log

async fn reflections_vars(
    state: &AppState,
    ctx: &PageCtx,
    form: Option<&FormData>,
) -> Result<Value, AppError> {
    let log = service::reflective_log(&state.app, ctx.actor()?).await?;
    let mut values: BTreeMap<String, Value> = BTreeMap::new();
    if let Some(f) = form {
        values.extend(f.values());
    }
    Ok(context! {
        log => ser(&log),
        form => values,
        dimension_options => ser(&dimension_options()),
        link_options => relationship_options(state, ctx, false).await?,
        share_options => relationship_options(state, ctx, true).await?,
    })
}

async fn reflections_page(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let vars = reflections_vars(&state, &ctx, None).await?;
    Ok(render(&state, &ctx, "growth/reflections.html", vars))
}

async fn add_reflection(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let mut parse = ValidationErrors::new();
    let input = ReflectionInput {
        written_on: parse_date(&form, "written_on", &mut parse),
        text: form.get("text").to_string(),
        relationship_id: relationship_field(&form, "relationship_id", &mut parse),
        dimensions: dimensions(&form, &mut parse),
    };
    let share = relationship_field(&form, "shared_with", &mut parse);
    let result = if parse.is_empty() {
        service::add_reflection(&state.app, ctx.actor()?, input, share).await
    } else {
        // A date that cannot be read must not be stored as something else: nothing is written.
        Err(AppError::Validation(parse))
    };
    match result {
        Ok(r) => Ok(see_other(
            &format!("/reflections/{}", r.id),
            "notice.created",
        )),
        Err(e) => {
            let vars = reflections_vars(&state, &ctx, Some(&form)).await?;
            Ok(form_with_errors(
                &state,
                &ctx,
                "growth/reflections.html",
                e,
                vars,
            ))
        }
    }
}

async fn reflection_vars(
    state: &AppState,
    ctx: &PageCtx,
    id: ReflectionId,
) -> Result<Value, AppError> {
    let view = service::get_reflection(&state.app, ctx.actor()?, id).await?;
    let share_options = if view.mine {
        relationship_options(state, ctx, true).await?
    } else {
        Vec::new()
    };
    let mut values: BTreeMap<String, Value> = BTreeMap::new();
    values.insert(
        "shared_with".into(),
        view.reflection
            .shared_with
            .map(|r| r.to_string())
            .unwrap_or_default()
            .into(),
    );
    Ok(context! {
        view => ser(&view),
        form => values,
        share_options => share_options,
    })
}

async fn reflection_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let id = parse_id(&id)?;
    let vars = reflection_vars(&state, &ctx, id).await?;
    Ok(render(&state, &ctx, "growth/reflection.html", vars))
}

async fn share_reflection(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(raw): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let id: ReflectionId = parse_id(&raw)?;
    let mut parse = ValidationErrors::new();
    let target = relationship_field(&form, "shared_with", &mut parse);
    let result = if parse.is_empty() {
        service::share_reflection(&state.app, ctx.actor()?, id, target)
            .await
            .map(|_| ())
    } else {
        Err(AppError::Validation(parse))
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/reflections/{id}"), "notice.saved")),
        Err(e) => {
            let vars = reflection_vars(&state, &ctx, id).await?;
            Ok(form_with_errors(
                &state,
                &ctx,
                "growth/reflection.html",
                e,
                vars,
            ))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// CPD

/// The record's lines as the pages and the CSV show them (labels in the page's language).
async fn cpd_vars(
    state: &AppState,
    ctx: &PageCtx,
    form: Option<&FormData>,
) -> Result<Value, AppError> {
    let record = service::cpd_record(&state.app, ctx.actor()?).await?;
    let mut values: BTreeMap<String, Value> = BTreeMap::new();
    if let Some(f) = form {
        values.extend(f.values());
    }
    Ok(context! {
        rows => ser(&service::cpd_rows(&record, ctx.lang)),
        total_hours => hours_text(record.totals.minutes),
        participatory_hours => hours_text(record.totals.participatory_minutes),
        meets_nmc => record.meets_nmc,
        name => record.name,
        form => values,
        printing => false,
    })
}

async fn cpd_page(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let vars = cpd_vars(&state, &ctx, None).await?;
    Ok(render(&state, &ctx, "growth/cpd.html", vars))
}

async fn add_cpd(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let mut parse = ValidationErrors::new();
    let raw_hours = form.get("hours").trim();
    let minutes = if raw_hours.is_empty() {
        None
    } else {
        let m = parse_hours(raw_hours);
        if m.is_none() {
            parse.add("hours", "error.growth.hours_invalid");
        }
        m
    };
    let input = CpdInput {
        activity: form.get("activity").to_string(),
        done_on: parse_date(&form, "done_on", &mut parse),
        minutes,
        participatory: form.get("participatory") == "yes",
        reflection: form.get("reflection").to_string(),
    };
    let result = if parse.is_empty() {
        service::add_cpd(&state.app, ctx.actor()?, input)
            .await
            .map(|_| ())
    } else {
        Err(AppError::Validation(parse))
    };
    match result {
        Ok(()) => Ok(see_other("/cpd", "notice.created")),
        Err(e) => {
            let vars = cpd_vars(&state, &ctx, Some(&form)).await?;
            Ok(form_with_errors(&state, &ctx, "growth/cpd.html", e, vars))
        }
    }
}

async fn delete_cpd(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(raw): Path<String>,
) -> PageResult {
    let id = parse_id(&raw)?;
    service::delete_cpd(&state.app, ctx.actor()?, id).await?;
    Ok(see_other("/cpd", "notice.saved"))
}

async fn cpd_print(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let mut vars = cpd_vars(&state, &ctx, None).await?;
    vars = context! { printed_on => state.app.now().date_naive().to_string(), printing => true, ..vars };
    Ok(render(&state, &ctx, "growth/cpd_print.html", vars))
}

async fn print_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        PRINT_CSS,
    )
        .into_response()
}

async fn cpd_csv(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let record = service::cpd_record(&state.app, ctx.actor()?).await?;
    let body = service::cpd_csv(&record, ctx.lang);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"cpd-record.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

// ---------------------------------------------------------------------------------------------
// Directory

async fn listing_vars(
    state: &AppState,
    ctx: &PageCtx,
    form: Option<&FormData>,
) -> Result<Value, AppError> {
    let listing = service::my_listing(&state.app, ctx.actor()?).await?;
    let mut values: BTreeMap<String, Value> = BTreeMap::new();
    if let Some(l) = &listing {
        values.insert("interests".into(), l.interests.clone().into());
        values.insert(
            "dimensions".into(),
            Value::from(
                l.dimensions
                    .iter()
                    .map(|d| d.code().to_string())
                    .collect::<Vec<_>>(),
            ),
        );
    }
    if let Some(f) = form {
        values.remove("dimensions");
        values.extend(f.values());
    }
    Ok(context! {
        listed => listing.is_some(),
        form => values,
        dimension_options => ser(&dimension_options()),
    })
}

async fn listing_page(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let vars = listing_vars(&state, &ctx, None).await?;
    Ok(render(&state, &ctx, "growth/listing.html", vars))
}

async fn listing_post(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    if form.get("action") == "opt_out" {
        service::opt_out(&state.app, actor).await?;
        return Ok(see_other("/directory/listing", "notice.saved"));
    }
    let mut parse = ValidationErrors::new();
    let dims = dimensions(&form, &mut parse);
    let result = if parse.is_empty() {
        service::opt_in(&state.app, actor, form.get("interests"), &dims)
            .await
            .map(|_| ())
    } else {
        Err(AppError::Validation(parse))
    };
    match result {
        Ok(()) => Ok(see_other("/directory/listing", "notice.saved")),
        Err(e) => {
            let vars = listing_vars(&state, &ctx, Some(&form)).await?;
            Ok(form_with_errors(
                &state,
                &ctx,
                "growth/listing.html",
                e,
                vars,
            ))
        }
    }
}
