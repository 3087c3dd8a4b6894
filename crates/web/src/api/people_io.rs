//! People import (CSV or XLSX body) and export over the API.
//!
//! `POST /api/v1/people/import?dry_run=true` answers with the preview: every row, what would
//! happen to it, and its problems; nothing is written. `dry_run=false` imports only a file whose
//! every row is valid, in one transaction, and otherwise refuses with 422 and the same row
//! problems, having written nothing. The service does the parsing, checking and committing; this
//! module reads the body and the content type and shapes the answers.

use super::auth::ApiUser;
use super::error::{ApiError, ApiResult, bytes_rejection};
use crate::AppState;
use crate::i18n::{I18n, Lang};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tandem_app as services;
use tandem_app::import::{ImportOutcome, ImportPreview, RowView};
use tandem_domain::ValidationErrors;
use tandem_people_io::Format;

/// MIME type of an XLSX workbook.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[derive(Debug, Default, Deserialize)]
pub struct ImportParams {
    pub dry_run: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ExportParams {
    pub format: Option<String>,
}

/// One problem in one cell.
#[derive(Debug, Serialize)]
pub struct CellErrorOut {
    pub column: String,
    /// Stable code (a translation key).
    pub code: String,
    /// English text for a developer.
    pub message: String,
    pub params: BTreeMap<String, String>,
}

/// One data row of the file (`line` is the spreadsheet row; the header is row 1).
#[derive(Debug, Serialize)]
pub struct ImportRowOut {
    pub line: usize,
    pub email: String,
    /// `create`, `update` or `unchanged`: what importing the row does once the file is valid.
    pub action: &'static str,
    pub errors: Vec<CellErrorOut>,
}

impl From<&RowView> for ImportRowOut {
    fn from(r: &RowView) -> Self {
        let i18n = I18n::shared();
        ImportRowOut {
            line: r.line,
            email: r.email.clone(),
            action: r.action,
            errors: r
                .errors
                .iter()
                .map(|e| {
                    let params: Vec<(&str, &str)> = e
                        .params
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    CellErrorOut {
                        column: e.column.clone(),
                        code: e.message.clone(),
                        message: i18n.t_with(Lang::EnGb, &e.message, &params),
                        params: e.params.iter().cloned().collect(),
                    }
                })
                .collect(),
        }
    }
}

/// Answer of a dry run.
#[derive(Debug, Serialize)]
pub struct ImportPreviewOut {
    pub dry_run: bool,
    /// Whether the file can be imported as it is.
    pub valid: bool,
    pub creates: usize,
    pub updates: usize,
    pub unchanged: usize,
    pub rows_with_errors: usize,
    pub rows: Vec<ImportRowOut>,
}

impl From<&ImportPreview> for ImportPreviewOut {
    fn from(p: &ImportPreview) -> Self {
        ImportPreviewOut {
            dry_run: true,
            valid: p.is_valid(),
            creates: p.creates,
            updates: p.updates,
            unchanged: p.unchanged,
            rows_with_errors: p.rows_with_errors,
            rows: p.rows.iter().map(ImportRowOut::from).collect(),
        }
    }
}

/// Answer of a committed import.
#[derive(Debug, Serialize)]
pub struct ImportOutcomeOut {
    pub dry_run: bool,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl From<ImportOutcome> for ImportOutcomeOut {
    fn from(o: ImportOutcome) -> Self {
        ImportOutcomeOut {
            dry_run: false,
            created: o.created,
            updated: o.updated,
            unchanged: o.unchanged,
        }
    }
}

/// The body's format from its content type (parameters such as `charset` are ignored).
fn format_of(headers: &HeaderMap) -> ApiResult<Format> {
    let expected = "text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let ct = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .ok_or(ApiError::UnsupportedMediaType(expected))?;
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "text/csv" => Ok(Format::Csv),
        XLSX_MIME => Ok(Format::Xlsx),
        _ => Err(ApiError::UnsupportedMediaType(expected)),
    }
}

fn flag(name: &str, raw: Option<&str>, default: bool) -> Result<bool, ValidationErrors> {
    match raw.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") => Ok(default),
        Some("true" | "1" | "yes") => Ok(true),
        Some("false" | "0" | "no") => Ok(false),
        Some(_) => {
            let mut e = ValidationErrors::new();
            e.add(name, "error.not_true_or_false");
            Err(e)
        }
    }
}

/// The 422 of a real run over a file with bad rows: the usual error body, with one field error
/// per bad cell (`rows.<line>.<column>`) and the bad rows themselves, as the dry run lists them.
fn rows_refused(preview: &ImportPreview) -> Response {
    let bad: Vec<ImportRowOut> = preview
        .rows
        .iter()
        .filter(|r| !r.errors.is_empty())
        .map(ImportRowOut::from)
        .collect();
    let fields: Vec<serde_json::Value> = bad
        .iter()
        .flat_map(|r| {
            r.errors.iter().map(move |e| {
                serde_json::json!({ "field": format!("rows.{}.{}", r.line, e.column), "code": e.code, "message": e.message })
            })
        })
        .collect();
    let body = serde_json::json!({
        "error": {
            "code": "validation",
            "message": format!("{} row(s) have problems; nothing was imported.", preview.rows_with_errors),
            "fields": fields,
            "rows": bad,
        }
    });
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

pub async fn import(
    State(state): State<AppState>,
    user: ApiUser,
    params: Result<Query<ImportParams>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let Query(params) = params.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    // A dry run is the default: writing needs an explicit `dry_run=false`.
    let dry_run = flag("dry_run", params.dry_run.as_deref(), true)?;
    let format = format_of(&headers)?;
    let bytes = body.map_err(bytes_rejection)?;
    if dry_run {
        let preview = services::import::preview(&state.app, user.actor(), &bytes, format).await?;
        return Ok(Json(ImportPreviewOut::from(&preview)).into_response());
    }
    match services::import::preview_and_commit(&state.app, user.actor(), &bytes, format).await? {
        Ok(outcome) => Ok(Json(ImportOutcomeOut::from(outcome)).into_response()),
        Err(preview) => Ok(rows_refused(&preview)),
    }
}

pub async fn export(
    State(state): State<AppState>,
    user: ApiUser,
    params: Result<Query<ExportParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let Query(params) = params.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    let format = match params
        .format
        .as_deref()
        .map(|s| s.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("" | "csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        Some(_) => {
            let mut e = ValidationErrors::new();
            e.add("format", "error.unknown_export_format");
            return Err(e.into());
        }
    };
    let file = services::export::export(&state.app, user.actor(), format).await?;
    let disposition =
        HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.file_name))
            .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (CONTENT_TYPE, HeaderValue::from_static(file.content_type)),
            (CONTENT_DISPOSITION, disposition),
        ],
        file.bytes,
    )
        .into_response())
}
