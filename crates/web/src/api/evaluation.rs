//! API of evaluation: the programmes the caller may evaluate, a programme's report as JSON (every
//! figure already suppressed, as on the page) and its tables as CSV or XLSX. Handlers only
//! translate; `tandem_app::evaluation` decides what may be seen.

use super::auth::ApiUser;
use super::doc;
use super::error::ApiResult;
use crate::pages::evaluation::FilterQuery;
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tandem_app::evaluation::Cell;
use tandem_app::evaluation::{self, Shown};
use tandem_domain::ProgrammeId;
use tandem_i18n::Lang;
use tandem_people_io::Format;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_programmes))
        .routes(routes!(get_report))
        .routes(routes!(get_table))
        .routes(routes!(get_research_export))
}

/// A programme the caller may evaluate.
#[derive(Serialize, ToSchema)]
pub struct EvaluableProgramme {
    pub id: String,
    pub name: String,
    /// Empty when the caller sees the whole programme; otherwise the organisations whose slice
    /// they may see (an organisation coordinator).
    pub organisations: Vec<String>,
}

/// One figure. `shown` is `exact`, `rounded`, `zero`, `fewer_than` (value is the threshold),
/// `secondary` (hidden so another hidden figure cannot be worked out), `statistic`, `p`,
/// `percent`, `interval` or `withheld` (a statistic not shown or undefined).
#[derive(Serialize, ToSchema)]
pub struct Figure {
    pub shown: String,
    pub value: Option<f64>,
    /// Interval bounds (`interval` only).
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// The figure as the page shows it (English).
    pub text: String,
}

/// One row of a table.
#[derive(Serialize, ToSchema)]
pub struct ReportRow {
    pub label: String,
    pub figures: Vec<Figure>,
}

/// One table of the report.
#[derive(Serialize, ToSchema)]
pub struct ReportTable {
    /// Stable name, also the file name of its download.
    pub name: String,
    pub section: String,
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<ReportRow>,
    pub notes: Vec<String>,
}

/// A programme's evaluation, every figure suppressed by the scheme's rule.
#[derive(Serialize, ToSchema)]
pub struct EvaluationReport {
    pub programme_id: String,
    /// `scheme` (exact counts) or `below` (rounded counts).
    pub level: String,
    pub threshold: u32,
    pub rounding: u32,
    pub min_for_statistics: u32,
    /// The highest Barr level reached (`1`, `2a`, `2b`, `3`, `4a`, `4b`), if any.
    pub evidence: Option<String>,
    /// The suppression rule in words (English).
    pub rule: String,
    pub tables: Vec<ReportTable>,
}

fn figure(s: &Shown, text: String) -> Figure {
    let (shown, value, low, high) = match s {
        Shown::Count(Cell::Exact(v)) => ("exact", Some(*v as f64), None, None),
        Shown::Count(Cell::Rounded(v)) => ("rounded", Some(*v as f64), None, None),
        Shown::Count(Cell::Zero) => ("zero", Some(0.0), None, None),
        Shown::Count(Cell::FewerThan(n)) => ("fewer_than", Some(f64::from(*n)), None, None),
        Shown::Count(Cell::Secondary) => ("secondary", None, None, None),
        Shown::Percent(Some(p)) => ("percent", Some(*p), None, None),
        Shown::Statistic(Some(v)) => ("statistic", Some(*v), None, None),
        Shown::P(Some(p)) => ("p", Some(*p), None, None),
        Shown::Interval(Some((l, h))) => ("interval", None, Some(*l), Some(*h)),
        Shown::Percent(None) | Shown::Statistic(None) | Shown::P(None) | Shown::Interval(None) => {
            ("withheld", None, None, None)
        }
    };
    Figure {
        shown: shown.into(),
        value,
        low,
        high,
        text,
    }
}

/// The programmes the caller may evaluate.
#[utoipa::path(get, path = "/v1/evaluation/programmes", operation_id = "listEvaluableProgrammes", tag = "evaluation",
    responses((status = 200, description = "Programmes the caller may evaluate.", body = Vec<EvaluableProgramme>), (status = 403, response = doc::Forbidden)))]
pub async fn list_programmes(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<EvaluableProgramme>>> {
    let list = evaluation::programmes(&state.app, user.actor()).await?;
    Ok(Json(
        list.into_iter()
            .map(|e| EvaluableProgramme {
                id: e.id.to_string(),
                name: e.name,
                organisations: e.organisations.iter().map(|o| o.to_string()).collect(),
            })
            .collect(),
    ))
}

/// A programme's evaluation report, narrowed by intake and organisation, with an optional
/// comparison intake. Organisation coordinators get their organisation's slice.
#[utoipa::path(get, path = "/v1/evaluation/programmes/{id}", operation_id = "getEvaluationReport", tag = "evaluation",
    params(("id" = String, Path, description = "The programme."),
        ("intake" = Option<String>, Query, description = "Only this intake."),
        ("organisation" = Option<String>, Query, description = "Only this organisation's slice."),
        ("compare" = Option<String>, Query, description = "Compare `intake` with this intake.")),
    responses((status = 200, description = "The report.", body = EvaluationReport), (status = 404, response = doc::NotFound)))]
pub async fn get_report(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<ProgrammeId>,
    Query(q): Query<FilterQuery>,
) -> ApiResult<Json<EvaluationReport>> {
    let report = evaluation::programme_report(&state.app, user.actor(), id, q.filter()).await?;
    let local = report.localise(Lang::EnGb);
    let tables = report
        .tables
        .iter()
        .zip(local.tables)
        .map(|(t, l)| ReportTable {
            name: l.name,
            section: l.section.into(),
            caption: l.caption,
            columns: t.columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: t
                .rows
                .iter()
                .zip(l.rows)
                .map(|(r, lr)| ReportRow {
                    label: lr.label,
                    figures: r
                        .cells
                        .iter()
                        .zip(lr.cells)
                        .map(|(c, text)| figure(c, text))
                        .collect(),
                })
                .collect(),
            notes: l.notes,
        })
        .collect();
    Ok(Json(EvaluationReport {
        programme_id: id.to_string(),
        level: report.level.into(),
        threshold: report.rule.threshold,
        rounding: report.rule.rounding,
        min_for_statistics: report.rule.min_for_statistics,
        evidence: report.evidence.map(|b| b.code().to_owned()),
        rule: local.rule,
        tables,
    }))
}

/// One table of the report as a file: `{name}.csv` or `{name}.xlsx`, in English.
#[utoipa::path(get, path = "/v1/evaluation/programmes/{id}/tables/{file}", operation_id = "getEvaluationTable", tag = "evaluation",
    params(("id" = String, Path, description = "The programme."),
        ("file" = String, Path, description = "The table's name and format, e.g. `participation.csv`."),
        ("intake" = Option<String>, Query, description = "Only this intake."),
        ("organisation" = Option<String>, Query, description = "Only this organisation's slice."),
        ("compare" = Option<String>, Query, description = "Compare `intake` with this intake.")),
    responses(
        (status = 200, description = "The table, as an attachment.",
            content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 404, response = doc::NotFound)))]
pub async fn get_table(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, file)): Path<(ProgrammeId, String)>,
    Query(q): Query<FilterQuery>,
) -> ApiResult<Response> {
    let (name, format) = match file.rsplit_once('.') {
        Some((n, "csv")) => (n, Format::Csv),
        Some((n, "xlsx")) => (n, Format::Xlsx),
        _ => return Err(AppError::NotFound.into()),
    };
    let f = evaluation::table_export(
        &state.app,
        user.actor(),
        id,
        q.filter(),
        name,
        format,
        Lang::EnGb,
    )
    .await?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", f.file_name))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (CONTENT_TYPE, HeaderValue::from_static(f.content_type)),
            (CONTENT_DISPOSITION, disposition),
        ],
        f.bytes,
    )
        .into_response())
}

/// The anonymised research export: a zip of `answers.csv`, `scores.csv` and the codebook
/// (`codebook.csv`, `codebook.md`), from respondents who agreed to research use only, numbered
/// afresh in every export. Evaluators and the scheme coordinator.
#[utoipa::path(get, path = "/v1/evaluation/programmes/{id}/research-export", operation_id = "getResearchExport", tag = "evaluation",
    params(("id" = String, Path, description = "The programme.")),
    responses(
        (status = 200, description = "The zip, as an attachment.", content((Vec<u8> = "application/zip"))),
        (status = 404, response = doc::NotFound)))]
pub async fn get_research_export(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<ProgrammeId>,
) -> ApiResult<Response> {
    let f = evaluation::research_export(&state.app, user.actor(), id).await?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", f.file_name))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (CONTENT_TYPE, HeaderValue::from_static(f.content_type)),
            (CONTENT_DISPOSITION, disposition),
        ],
        f.bytes,
    )
        .into_response())
}
