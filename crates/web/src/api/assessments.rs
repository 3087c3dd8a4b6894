//! A programme's assessment scores over the API: `POST /api/v1/programmes/{id}/assessments/import`
//! with a CSV or XLSX body (columns e-mail, instrument, dimension, score). A dry run (the
//! default) checks every row and writes nothing; `dry_run=false` writes all rows in one
//! transaction, or refuses with 422 listing every bad row, having written nothing. The service
//! does the reading, checking and writing (see docs/assessments.md).

use super::auth::ApiUser;
use super::doc;
use super::error::{ApiError, ApiResult, bytes_rejection};
use super::people_io::{flag, format_of};
use crate::AppState;
use crate::i18n::{I18n, Lang};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tandem_app::{AppError, assessments};
use tandem_domain::ProgrammeId;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_scores))
        .layer(axum::extract::DefaultBodyLimit::max(
            tandem_people_io::MAX_UPLOAD_BYTES,
        ))
}

/// One problem with one row (the value itself is never repeated).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AssessmentRowProblem)]
pub struct RowProblemOut {
    /// Spreadsheet row; the header is row 1.
    pub line: usize,
    /// `email`, `instrument`, `dimension`, `score` or `file`.
    pub column: &'static str,
    pub code: &'static str,
    pub message: String,
}

/// What an assessment scores file holds, and (not a dry run) what was written.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AssessmentImport)]
pub struct ImportOut {
    pub dry_run: bool,
    pub valid: bool,
    /// Valid rows (scores) and the people they belong to.
    pub rows: usize,
    pub people: usize,
    pub problems: Vec<RowProblemOut>,
    /// Scores written (0 for a dry run).
    pub imported: usize,
}

/// Imports a programme's assessment scores (coordinators of that programme only). A dry run (the default) checks every row and writes nothing; `dry_run=false` writes all rows, or nothing when any row names an unknown person, instrument or dimension or a score outside the instrument's range (422, every problem by row).
#[utoipa::path(post, path = "/v1/programmes/{id}/assessments/import", operation_id = "importAssessmentScores", tag = "programmes",
    params(("id" = String, Path, description = "The programme's id."),
        ("dry_run" = Option<bool>, Query, description = "`true` (default) to check only; `false` to import.")),
    request_body(description = "The file, with a header row: e-mail, instrument, dimension, score.",
        content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses(
        (status = 200, description = "What the file holds and, unless a dry run, what was imported.", body = ImportOut),
        (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound),
        (status = 413, response = doc::TooLarge), (status = 415, response = doc::UnsupportedMediaType),
        (status = 422, description = "The file cannot be read, or (`dry_run=false`) some rows have problems: nothing was written.", body = ImportOut),
    ))]
pub async fn import_scores(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let programme: ProgrammeId = raw.parse().map_err(|_| ApiError::App(AppError::NotFound))?;
    let dry_run = form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes())
        .find(|(k, _)| k == "dry_run")
        .map(|(_, v)| v.into_owned());
    let dry_run = flag("dry_run", dry_run.as_deref(), true)?;
    let format = format_of(&headers)?;
    let bytes = body.map_err(bytes_rejection)?;
    let (app, actor) = (&state.app, user.actor());
    let (preview, done) = if dry_run {
        let p = assessments::preview_import(app, actor, programme, &bytes, format).await?;
        (p, None)
    } else {
        assessments::import_now(app, actor, programme, &bytes, format).await?
    };
    let i18n = I18n::shared();
    let out = ImportOut {
        dry_run,
        valid: preview.is_valid(),
        rows: preview.rows,
        people: preview.people,
        problems: preview
            .problems
            .iter()
            .map(|p| RowProblemOut {
                line: p.line,
                column: p.column,
                code: p.message,
                message: i18n.t(Lang::EnGb, p.message),
            })
            .collect(),
        imported: done.map_or(0, |d| d.scores),
    };
    let status = if !dry_run && !out.valid {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, Json(out)).into_response())
}
