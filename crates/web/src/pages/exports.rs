//! The coordinators' exports page (`/exports`): the six exports of scheme records with CSV and
//! XLSX links, narrowed by a programme or intake chosen in a GET form (no JavaScript), and the
//! downloads themselves (`/exports/{kind}`). Handlers only translate; `tandem_app::exports`
//! decides who gets which rows.

use crate::api::exports::{ExportQuery, read_query};
use crate::forms::form_with_errors;
use crate::render::{PageCtx, render, ser};
use crate::{AppError, AppState, PageError, PageResult};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use minijinja::context;
use serde::Serialize;
use tandem_app::exports::{self, ExportKind};

pub(crate) const TEMPLATES: &[(&str, &str)] = &[(
    "exports/index.html",
    include_str!("../../templates/exports/index.html"),
)];

pub(super) fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/exports", axum::routing::get(index))
        .route("/exports/{kind}", axum::routing::get(download))
}

/// One export on the page.
#[derive(Serialize)]
struct Entry {
    code: &'static str,
    title: &'static str,
    about: String,
    csv: String,
    xlsx: String,
}

async fn page(
    state: &AppState,
    ctx: &PageCtx,
    q: &ExportQuery,
) -> Result<minijinja::Value, PageError> {
    let actor = ctx.actor()?;
    let choices = exports::choices(&state.app, actor).await?;
    let mut filter: Vec<(&str, String)> = Vec::new();
    for (k, v) in [("programme", &q.programme), ("intake", &q.intake)] {
        if let Some(v) = v.as_deref().filter(|v| !v.trim().is_empty()) {
            filter.push((k, v.trim().to_string()));
        }
    }
    let link = |code: &str, format: &str| {
        let qs: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("format", format)
            .extend_pairs(filter.iter().map(|(k, v)| (*k, v.as_str())))
            .finish();
        format!("/exports/{code}?{qs}")
    };
    let entries: Vec<Entry> = ExportKind::ALL
        .into_iter()
        .map(|k| Entry {
            code: k.code(),
            title: k.title_key(),
            about: k.title_key().replace("exports.kind.", "exports.about."),
            csv: link(k.code(), "csv"),
            xlsx: link(k.code(), "xlsx"),
        })
        .collect();
    let programme_options: Vec<minijinja::Value> = choices
        .iter()
        .map(|p| context! { value => p.id.to_string(), label => p.name.clone() })
        .collect();
    let intake_options: Vec<minijinja::Value> = choices
        .iter()
        .flat_map(|p| {
            p.intakes.iter().map(move |(id, name)| {
                context! { value => id.to_string(), label => format!("{} – {name}", p.name) }
            })
        })
        .collect();
    Ok(context! {
        entries => ser(&entries),
        programme_options => programme_options,
        intake_options => intake_options,
        form => context! {
            programme => q.programme.clone().unwrap_or_default(),
            intake => q.intake.clone().unwrap_or_default(),
        },
        organisation_only => !actor.is_scheme_coordinator(),
        limit => exports::MAX_ROWS,
    })
}

async fn index(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<ExportQuery>,
) -> PageResult {
    let page = page(&state, &ctx, &q).await?;
    Ok(render(&state, &ctx, "exports/index.html", page))
}

async fn download(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(kind): Path<String>,
    Query(q): Query<ExportQuery>,
) -> PageResult {
    let actor = ctx.actor()?;
    let kind = ExportKind::from_code(&kind).ok_or(PageError(AppError::NotFound))?;
    let result = match read_query(&q) {
        Ok((format, scope)) => {
            exports::export(&state.app, actor, kind, scope, format, ctx.lang).await
        }
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(file) => {
            let disposition = format!("attachment; filename=\"{}\"", file.file_name);
            Ok((
                [
                    (header::CONTENT_TYPE, file.content_type.to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                file.bytes,
            )
                .into_response())
        }
        Err(e @ AppError::Validation(_)) => {
            let page = page(&state, &ctx, &q).await?;
            Ok(form_with_errors(
                &state,
                &ctx,
                "exports/index.html",
                e,
                page,
            ))
        }
        Err(e) => Err(PageError(e)),
    }
}
