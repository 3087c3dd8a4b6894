//! Evaluation pages: figures, charts beside their tables, exports and the printable report.
//!
//! Everything shown comes from `tandem_app::evaluation`, already suppressed; these handlers only
//! localise it. Filters are GET parameters (intake, organisation, compare), so a filtered view
//! can be bookmarked and works without JavaScript. Charts are SVG drawn by the template macros in
//! `evaluation/charts.html`, each beside the table it draws.

use crate::render::{PageCtx, render, ser};
use crate::{AppError, AppState, PageError, PageResult};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use minijinja::context;
use serde::Deserialize;
use tandem_app::evaluation::{self, ReportFilter};
use tandem_domain::ProgrammeId;
use tandem_people_io::Format;

/// This area's templates (name, source); names start with `evaluation/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "evaluation/charts.html",
        include_str!("../../templates/evaluation/charts.html"),
    ),
    (
        "evaluation/index.html",
        include_str!("../../templates/evaluation/index.html"),
    ),
    (
        "evaluation/programme.html",
        include_str!("../../templates/evaluation/programme.html"),
    ),
    (
        "evaluation/report.html",
        include_str!("../../templates/evaluation/report.html"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/evaluation", get(index))
        .route("/evaluation/programmes/{id}", get(programme))
        .route("/evaluation/programmes/{id}/report", get(printable))
        .route("/evaluation/programmes/{id}/tables/{file}", get(download))
        .route("/evaluation/programmes/{id}/research.zip", get(research))
}

/// The filters as typed in the address; unknown or malformed values are ignored (the whole
/// programme is shown), ids of another programme's intakes are not found.
#[derive(Debug, Default, Deserialize)]
pub struct FilterQuery {
    intake: Option<String>,
    organisation: Option<String>,
    compare: Option<String>,
}

impl FilterQuery {
    pub(crate) fn filter(&self) -> ReportFilter {
        fn id<T: std::str::FromStr>(v: &Option<String>) -> Option<T> {
            v.as_deref().and_then(|s| s.trim().parse().ok())
        }
        ReportFilter {
            intake: id(&self.intake),
            organisation: id(&self.organisation),
            compare_intake: id(&self.compare),
        }
    }

    /// The same filters as a query string for links (downloads, the printable report).
    fn query(&self, f: &ReportFilter) -> String {
        let mut parts = Vec::new();
        if let Some(i) = f.intake {
            parts.push(format!("intake={i}"));
        }
        if let Some(o) = f.organisation {
            parts.push(format!("organisation={o}"));
        }
        if let Some(c) = f.compare_intake {
            parts.push(format!("compare={c}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

async fn index(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let programmes = evaluation::programmes(&state.app, actor).await?;
    if programmes.is_empty() {
        return Err(PageError(AppError::Forbidden));
    }
    let pooled = match evaluation::pooled(&state.app, actor).await {
        Ok(r) => Some(r),
        Err(AppError::Forbidden) => None,
        Err(e) => return Err(e.into()),
    };
    let local = pooled.as_ref().map(|r| r.localise(ctx.lang));
    Ok(render(
        &state,
        &ctx,
        "evaluation/index.html",
        context! {
            programmes => ser(&programmes),
            pooled => ser(&local),
            level => pooled.as_ref().map(|r| r.level),
        },
    ))
}

async fn programme(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<ProgrammeId>,
    Query(q): Query<FilterQuery>,
) -> PageResult {
    page(state, ctx, id, q, "evaluation/programme.html").await
}

async fn printable(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<ProgrammeId>,
    Query(q): Query<FilterQuery>,
) -> PageResult {
    page(state, ctx, id, q, "evaluation/report.html").await
}

async fn page(
    state: AppState,
    ctx: PageCtx,
    id: ProgrammeId,
    q: FilterQuery,
    template: &str,
) -> PageResult {
    let actor = ctx.actor()?;
    let report = evaluation::programme_report(&state.app, actor, id, q.filter()).await?;
    let local = report.localise(ctx.lang);
    let query = q.query(&report.filter);
    Ok(render(
        &state,
        &ctx,
        template,
        context! {
            report => ser(&report),
            local => ser(&local),
            query => query,
            base => format!("/evaluation/programmes/{id}"),
        },
    ))
}

async fn download(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, file)): Path<(ProgrammeId, String)>,
    Query(q): Query<FilterQuery>,
) -> PageResult {
    let actor = ctx.actor()?;
    let (name, format) = match file.rsplit_once('.') {
        Some((n, "csv")) => (n, Format::Csv),
        Some((n, "xlsx")) => (n, Format::Xlsx),
        _ => return Err(PageError(AppError::NotFound)),
    };
    let f =
        evaluation::table_export(&state.app, actor, id, q.filter(), name, format, ctx.lang).await?;
    let disposition = format!("attachment; filename=\"{}\"", f.file_name);
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        f.bytes,
    )
        .into_response())
}

async fn research(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<ProgrammeId>,
) -> PageResult {
    let actor = ctx.actor()?;
    let f = evaluation::research_export(&state.app, actor, id).await?;
    let disposition = format!("attachment; filename=\"{}\"", f.file_name);
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        f.bytes,
    )
        .into_response())
}
