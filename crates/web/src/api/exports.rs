//! The coordinators' exports of scheme records as files: `GET /api/v1/exports/{kind}` with
//! `format=csv|xlsx` and an optional `programme` or `intake`. The use case
//! (`tandem_app::exports`) authorises, narrows to the caller's scope, writes and audits; the
//! headings are in the caller's own language.

use super::auth::ApiUser;
use super::doc;
use super::error::{ApiError, ApiResult};
use crate::{AppError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tandem_app::exports::{self, ExportKind, ExportScope};
use tandem_domain::ValidationErrors;
use tandem_people_io::Format;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_export))
}

#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    pub format: Option<String>,
    pub programme: Option<String>,
    pub intake: Option<String>,
}

/// Reads the format and the filter; a value that is not one is a field error.
pub(crate) fn read_query(q: &ExportQuery) -> Result<(Format, ExportScope), ValidationErrors> {
    let mut e = ValidationErrors::new();
    let format = match q
        .format
        .as_deref()
        .map(|s| s.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("" | "csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        Some(_) => {
            e.add("format", "error.unknown_export_format");
            Format::Csv
        }
    };
    fn id<T: std::str::FromStr>(
        e: &mut ValidationErrors,
        field: &str,
        v: &Option<String>,
    ) -> Option<T> {
        match v.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => s.parse().ok().or_else(|| {
                e.add(field, "exports.error.invalid_filter");
                None
            }),
        }
    }
    let scope = ExportScope {
        programme: id(&mut e, "programme", &q.programme),
        intake: id(&mut e, "intake", &q.intake),
    };
    e.into_result().map(|()| (format, scope))
}

/// One export of the scheme's records as a file, headings in the caller's language: the scheme
/// coordinator gets every row, an organisation coordinator the rows about people taking part
/// through their organisations (a member from elsewhere shown by organisation only). Kinds:
/// `applications`, `relationships`, `sessions`, `set-attendance`, `workshops`, `projects`.
#[utoipa::path(get, path = "/v1/exports/{kind}", operation_id = "getSchemeExport", tag = "exports",
    params(("kind" = String, Path, description = "Which export: `applications`, `relationships`, `sessions`, `set-attendance`, `workshops` or `projects`."),
        ("format" = Option<String>, Query, description = "`csv` (default) or `xlsx`."),
        ("programme" = Option<String>, Query, description = "Only this programme."),
        ("intake" = Option<String>, Query, description = "Only this intake (workshops: its programme).")),
    responses(
        (status = 200, description = "The file, as an attachment.",
            content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
    ))]
pub async fn get_export(
    State(state): State<AppState>,
    user: ApiUser,
    Path(kind): Path<String>,
    query: Result<Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let Query(q) = query.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    let kind = ExportKind::from_code(&kind).ok_or(AppError::NotFound)?;
    let (format, scope) = read_query(&q)?;
    let lang = user.0.person.language;
    let file = exports::export(&state.app, user.actor(), kind, scope, format, lang).await?;
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
