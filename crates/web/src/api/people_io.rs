//! People import (CSV or XLSX body) and export over the API.
//!
//! `POST /api/v1/people/import?dry_run=true` answers with the preview: how each column was read,
//! every row, what would happen to it, and its problems and warnings; nothing is written.
//! `dry_run=false` imports only a file whose every row is valid, in one transaction, and
//! otherwise refuses with 422 and the same row problems, having written nothing. Columns are
//! mapped from their headings, or as `map=Heading=field` parameters say (the command line's
//! `--map`). `POST /api/v1/organisations/import` does the same for a consortium's organisations,
//! and `/api/v1/organisations/{id}/grades` reads and replaces a council's own grade list. The
//! service does the parsing, checking and committing; this module reads the body and the content
//! type and shapes the answers.

use super::auth::ApiUser;
use super::doc::{self, FieldError};
use super::error::{ApiError, ApiResult, bytes_rejection};
use crate::AppState;
use crate::i18n::{I18n, Lang};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tandem_app as services;
use tandem_app::import::{
    ColumnView, ImportOutcome, ImportPreview, LocalGrades, OrganisationsOutcome,
    OrganisationsPreview, RowView,
};
use tandem_domain::ValidationErrors;
use tandem_people_io::{Field, Format};
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`). An upload may be as large as
/// the import accepts, not just a JSON body.
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ParameterSchemas::openapi())
        .routes(routes!(import))
        .routes(routes!(import_organisations))
        .layer(axum::extract::DefaultBodyLimit::max(
            tandem_people_io::MAX_UPLOAD_BYTES,
        ))
        .routes(routes!(export))
        .routes(routes!(get_local_grades, put_local_grades))
}

/// MIME type of an XLSX workbook.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The import's query: `dry_run`, and any number of `map=Heading=field`.
#[derive(Debug, Default)]
pub struct ImportParams {
    pub dry_run: Option<String>,
    pub map: Vec<(String, Field)>,
}

impl ImportParams {
    /// Reads the raw query (repeated `map` parameters are what serde's query reader cannot
    /// take). A `map` that is not `Heading=field` with a known field is a field error on `map`.
    fn read(raw: Option<&str>) -> Result<Self, ValidationErrors> {
        let mut params = ImportParams::default();
        let mut e = ValidationErrors::new();
        for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            match k.as_ref() {
                "dry_run" => params.dry_run = Some(v.into_owned()),
                "map" => match v.rsplit_once('=').and_then(|(h, f)| {
                    Field::from_code(f)
                        .filter(|_| !h.trim().is_empty())
                        .map(|f| (h.trim().to_string(), f))
                }) {
                    Some(m) => params.map.push(m),
                    None => e.add_with("map", "import.bad_map", &[("value", v.as_ref())]),
                },
                _ => {}
            }
        }
        e.into_result().map(|()| params)
    }
}

/// Schemas only parameters use (utoipa collects those of bodies and responses by itself).
#[derive(utoipa::OpenApi)]
#[openapi(components(schemas(ExportFormat)))]
struct ParameterSchemas;

/// A format the export writes.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)] // Only its schema is used: the parameter is read as text and checked.
enum ExportFormat {
    Csv,
    Xlsx,
}

#[derive(Debug, Default, Deserialize)]
pub struct ExportParams {
    pub format: Option<String>,
}

/// One problem in one cell.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CellError)]
pub struct CellErrorOut {
    pub column: String,
    /// Stable code, e.g. `import.unknown_organisation`, `import.organisation_not_allowed`.
    pub code: String,
    /// English text for a developer.
    pub message: String,
    pub params: BTreeMap<String, String>,
}

/// One data row of the file (`line` is the spreadsheet row; the header is row 1).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ImportRow)]
pub struct ImportRowOut {
    /// Spreadsheet row; the header is row 1. Rows are records: a quoted line break inside a
    /// cell does not move later rows.
    pub line: usize,
    pub email: String,
    /// What importing the row does once the file is valid.
    #[schema(value_type = RowAction)]
    pub action: &'static str,
    pub errors: Vec<CellErrorOut>,
    /// What the import does besides, without stopping it: `import.new_local_grade` (a grade new
    /// to a council's own list, added to it by the import).
    pub warnings: Vec<CellErrorOut>,
}

fn cell_errors(errors: &[tandem_app::import::CellError]) -> Vec<CellErrorOut> {
    let i18n = I18n::shared();
    errors
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
        .collect()
}

impl From<&RowView> for ImportRowOut {
    fn from(r: &RowView) -> Self {
        ImportRowOut {
            line: r.line,
            email: r.email.clone(),
            action: r.action,
            errors: cell_errors(&r.errors),
            warnings: cell_errors(&r.warnings),
        }
    }
}

/// A column of the file and the field it was read as.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ImportColumn)]
pub struct ImportColumnOut {
    /// The heading as written.
    pub heading: String,
    /// The field the column was read as (`ignore`: not read).
    #[schema(value_type = ImportField)]
    pub field: &'static str,
    /// The field suggested from the heading alone.
    #[schema(value_type = ImportField)]
    pub suggested: &'static str,
}

impl From<&ColumnView> for ImportColumnOut {
    fn from(c: &ColumnView) -> Self {
        ImportColumnOut {
            heading: c.heading.clone(),
            field: c.field,
            suggested: c.suggested,
        }
    }
}

/// A field a column can be mapped to (`map=Heading=field`).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // Only its schema is used: the service names the field.
enum ImportField {
    GivenName,
    FamilyName,
    FullName,
    FamilyNamePrefix,
    Email,
    Organisation,
    JobTitle,
    Profession,
    GradeSystem,
    Grade,
    LineManagerEmail,
    Language,
    EmployeeNumber,
    Ignore,
}

/// What importing a row does.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // Only its schema is used: the service names the action.
enum RowAction {
    Create,
    Update,
    Unchanged,
}

/// Answer of an import: the preview (dry run) or what was imported.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ImportAnswer {
    Preview(ImportPreviewOut),
    Outcome(ImportOutcomeOut),
}

fn always_true() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    doc::schema(serde_json::json!({ "type": "boolean", "const": true }))
}

fn always_false() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    doc::schema(serde_json::json!({ "type": "boolean", "const": false }))
}

/// Answer of a dry run.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ImportPreview)]
pub struct ImportPreviewOut {
    /// Always `true`.
    #[schema(schema_with = always_true)]
    pub dry_run: bool,
    /// Whether the file can be imported as it is.
    pub valid: bool,
    pub creates: usize,
    pub updates: usize,
    pub unchanged: usize,
    pub rows_with_errors: usize,
    pub rows_with_warnings: usize,
    /// How each column of the file was read.
    pub columns: Vec<ImportColumnOut>,
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
            rows_with_warnings: p.rows_with_warnings,
            columns: p.columns.iter().map(ImportColumnOut::from).collect(),
            rows: p.rows.iter().map(ImportRowOut::from).collect(),
        }
    }
}

/// Answer of a committed import.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ImportOutcome)]
pub struct ImportOutcomeOut {
    /// Always `false`.
    #[schema(schema_with = always_false)]
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
pub(super) fn format_of(headers: &HeaderMap) -> ApiResult<Format> {
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

pub(super) fn flag(name: &str, raw: Option<&str>, default: bool) -> Result<bool, ValidationErrors> {
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
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ImportRefused)]
pub struct ImportRefusedOut {
    pub error: ImportRefusedDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportRefusedDetail {
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldError>,
    /// The rows with problems (real runs only; a file that cannot be read has none).
    #[schema(required = false)]
    pub rows: Vec<ImportRowOut>,
}

fn rows_refused(preview: &ImportPreview) -> Response {
    let rows: Vec<ImportRowOut> = preview
        .rows
        .iter()
        .filter(|r| !r.errors.is_empty())
        .map(ImportRowOut::from)
        .collect();
    let fields = rows
        .iter()
        .flat_map(|r| {
            r.errors.iter().map(move |e| FieldError {
                field: format!("rows.{}.{}", r.line, e.column),
                code: e.code.clone(),
                message: e.message.clone(),
            })
        })
        .collect();
    let body = ImportRefusedOut {
        error: ImportRefusedDetail {
            code: "validation".into(),
            message: format!(
                "{} row(s) have problems; nothing was imported.",
                preview.rows_with_errors
            ),
            fields,
            rows,
        },
    };
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

/// Imports people from an HR extract. A dry run (the default) validates every row and writes nothing; `dry_run=false` writes all rows in one transaction, or nothing when any row has a problem. People are matched by e-mail (invisible characters removed; look-alike letters from other alphabets refused): a re-import updates them. Columns are read as their headings suggest (ESR, AFAS and council headings are recognised, and a full-name column is split), or as `map` says. A grade new to a council's own list is a warning, and the import adds it to the list.
#[utoipa::path(post, path = "/v1/people/import", operation_id = "importPeople", tag = "people",
    params(("dry_run" = Option<bool>, Query, description = "`true` (default) to preview only; `false` to import."),
        ("map" = Option<Vec<String>>, Query, description = "`Heading=field`, repeatable: read the column with that heading (case, spaces and hyphens ignored) as that field (see `ImportField`), instead of the suggestion.")),
    request_body(description = "The file, with a header row naming the columns (see the people export).",
        content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses(
        (status = 200, description = "The preview (dry run) or what was imported.", body = ImportAnswer),
        (status = 400, response = doc::BadRequest), (status = 403, response = doc::Forbidden),
        (status = 413, response = doc::TooLarge), (status = 415, response = doc::UnsupportedMediaType),
        (status = 422, description = "The file cannot be read (an error on `file`), a parameter is not valid, or (`dry_run=false`) some rows have problems: nothing was written.", body = ImportRefusedOut),
    ))]
pub async fn import(
    State(state): State<AppState>,
    user: ApiUser,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let params = ImportParams::read(query.as_deref())?;
    // A dry run is the default: writing needs an explicit `dry_run=false`.
    let dry_run = flag("dry_run", params.dry_run.as_deref(), true)?;
    let format = format_of(&headers)?;
    let bytes = body.map_err(bytes_rejection)?;
    let (app, actor) = (&state.app, user.actor());
    if dry_run {
        let preview =
            services::import::dry_run_mapped(app, actor, &bytes, format, &params.map).await?;
        let answer = ImportAnswer::Preview(ImportPreviewOut::from(&preview));
        return Ok(Json(answer).into_response());
    }
    match services::import::preview_and_commit_mapped(app, actor, &bytes, format, &params.map)
        .await?
    {
        Ok(outcome) => Ok(Json(ImportAnswer::Outcome(outcome.into())).into_response()),
        Err(preview) => Ok(rows_refused(&preview)),
    }
}

/// Exports the people the caller may see in the import's columns (an organisation coordinator gets only their organisations' employments).
#[utoipa::path(get, path = "/v1/people/export", operation_id = "exportPeople", tag = "people",
    params(("format" = Option<ExportFormat>, Query, description = "File format (default `csv`).")),
    responses(
        (status = 200, description = "The file, as an attachment.",
            content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 403, response = doc::Forbidden), (status = 422, response = doc::Invalid),
    ))]
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

// ----- organisations -------------------------------------------------------------------------

/// One row of an organisations file.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OrganisationImportRow)]
pub struct OrganisationRowOut {
    /// Spreadsheet row; the header is row 1.
    pub line: usize,
    pub name: String,
    /// `create`, or `unchanged` for an organisation the scheme has already (same name, ignoring case).
    #[schema(value_type = OrganisationRowAction)]
    pub action: &'static str,
    pub errors: Vec<CellErrorOut>,
}

/// What importing an organisations row does.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // Only its schema is used.
enum OrganisationRowAction {
    Create,
    Unchanged,
}

/// Answer of an organisations dry run.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OrganisationsImportPreview)]
pub struct OrganisationsPreviewOut {
    /// Always `true`.
    #[schema(schema_with = always_true)]
    pub dry_run: bool,
    pub valid: bool,
    pub creates: usize,
    pub unchanged: usize,
    pub rows_with_errors: usize,
    pub rows: Vec<OrganisationRowOut>,
}

impl From<&OrganisationsPreview> for OrganisationsPreviewOut {
    fn from(p: &OrganisationsPreview) -> Self {
        OrganisationsPreviewOut {
            dry_run: true,
            valid: p.is_valid(),
            creates: p.creates,
            unchanged: p.unchanged,
            rows_with_errors: p.rows_with_errors,
            rows: p
                .rows
                .iter()
                .map(|r| OrganisationRowOut {
                    line: r.line,
                    name: r.name.clone(),
                    action: r.action,
                    errors: cell_errors(&r.errors),
                })
                .collect(),
        }
    }
}

/// Answer of a committed organisations import.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OrganisationsImportOutcome)]
pub struct OrganisationsOutcomeOut {
    /// Always `false`.
    #[schema(schema_with = always_false)]
    pub dry_run: bool,
    pub created: usize,
    pub unchanged: usize,
}

impl From<OrganisationsOutcome> for OrganisationsOutcomeOut {
    fn from(o: OrganisationsOutcome) -> Self {
        OrganisationsOutcomeOut {
            dry_run: false,
            created: o.created,
            unchanged: o.unchanged,
        }
    }
}

/// Answer of an organisations import: the preview (dry run) or what was imported.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum OrganisationsAnswer {
    Preview(OrganisationsPreviewOut),
    Outcome(OrganisationsOutcomeOut),
}

/// The 422 of a real organisations import over a file with bad rows: nothing was written.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OrganisationsImportRefused)]
pub struct OrganisationsRefusedOut {
    pub error: OrganisationsRefusedDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationsRefusedDetail {
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldError>,
    /// The rows with problems.
    pub rows: Vec<OrganisationRowOut>,
}

/// Imports the scheme's organisations from a spreadsheet with the columns `name`, `kind` (`nhs_trust`, `local_authority`, `independent_provider`, `charity`, `dutch_care_organisation`) and `country` (`GB`, `NL`); the scheme coordinator only. A dry run (the default) checks every row and writes nothing; `dry_run=false` adds all new organisations in one transaction, or nothing when any row has a problem. Organisations the scheme has already (same name, ignoring case) are reported unchanged, never duplicated.
#[utoipa::path(post, path = "/v1/organisations/import", operation_id = "importOrganisations", tag = "people",
    params(("dry_run" = Option<bool>, Query, description = "`true` (default) to preview only; `false` to import.")),
    request_body(description = "The file, with a header row naming the columns.",
        content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses(
        (status = 200, description = "The preview (dry run) or what was imported.", body = OrganisationsAnswer),
        (status = 400, response = doc::BadRequest), (status = 403, response = doc::Forbidden),
        (status = 413, response = doc::TooLarge), (status = 415, response = doc::UnsupportedMediaType),
        (status = 422, description = "The file cannot be read (an error on `file`), a parameter is not valid, or (`dry_run=false`) some rows have problems: nothing was written.", body = OrganisationsRefusedOut),
    ))]
pub async fn import_organisations(
    State(state): State<AppState>,
    user: ApiUser,
    params: Result<Query<OrganisationsParams>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let Query(params) = params.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    let dry_run = flag("dry_run", params.dry_run.as_deref(), true)?;
    let format = format_of(&headers)?;
    let bytes = body.map_err(bytes_rejection)?;
    let (app, actor) = (&state.app, user.actor());
    if dry_run {
        let preview = services::import::preview_organisations(app, actor, &bytes, format).await?;
        let answer = OrganisationsAnswer::Preview(OrganisationsPreviewOut::from(&preview));
        return Ok(Json(answer).into_response());
    }
    match services::import::import_organisations(app, actor, &bytes, format).await? {
        Ok(outcome) => Ok(Json(OrganisationsAnswer::Outcome(outcome.into())).into_response()),
        Err(preview) => {
            let out = OrganisationsPreviewOut::from(&preview);
            let rows: Vec<OrganisationRowOut> = out
                .rows
                .into_iter()
                .filter(|r| !r.errors.is_empty())
                .collect();
            let fields = rows
                .iter()
                .flat_map(|r| {
                    r.errors.iter().map(move |e| FieldError {
                        field: format!("rows.{}.{}", r.line, e.column),
                        code: e.code.clone(),
                        message: e.message.clone(),
                    })
                })
                .collect();
            let body = OrganisationsRefusedOut {
                error: OrganisationsRefusedDetail {
                    code: "validation".into(),
                    message: format!(
                        "{} row(s) have problems; nothing was imported.",
                        preview.rows_with_errors
                    ),
                    fields,
                    rows,
                },
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response())
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct OrganisationsParams {
    pub dry_run: Option<String>,
}

// ----- a council's grades ----------------------------------------------------------------------

/// A council's own grade list.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = LocalGrades)]
pub struct LocalGradesOut {
    #[schema(value_type = uuid::Uuid)]
    pub organisation_id: String,
    /// In the council's order.
    pub grades: Vec<String>,
}

impl From<LocalGrades> for LocalGradesOut {
    fn from(l: LocalGrades) -> Self {
        LocalGradesOut {
            organisation_id: l.organisation.id.to_string(),
            grades: l.grades,
        }
    }
}

/// A council's grade list as sent.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = LocalGradesInput)]
pub struct LocalGradesIn {
    /// The whole list, in order; blank entries are dropped and repeats kept once.
    pub grades: Vec<String>,
}

fn organisation(raw: &str) -> ApiResult<tandem_domain::OrganisationId> {
    raw.parse()
        .map_err(|_| ApiError::App(tandem_app::AppError::NotFound))
}

/// A council's own grade list (the scheme coordinator, or a coordinator of that council). Anything but a council is not found.
#[utoipa::path(get, path = "/v1/organisations/{id}/grades", operation_id = "getLocalGrades", tag = "people",
    params(("id" = uuid::Uuid, Path, description = "Id of the council (an organisation of kind `local_authority`).")),
    responses((status = 200, description = "The list.", body = LocalGradesOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
pub async fn get_local_grades(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<LocalGradesOut>> {
    let list =
        services::import::local_grades(&state.app, user.actor(), organisation(&raw)?).await?;
    Ok(Json(list.into()))
}

/// Replaces a council's own grade list. People keep the grades they hold.
#[utoipa::path(put, path = "/v1/organisations/{id}/grades", operation_id = "replaceLocalGrades", tag = "people",
    params(("id" = uuid::Uuid, Path, description = "Id of the council (an organisation of kind `local_authority`).")),
    request_body = LocalGradesIn,
    responses((status = 200, description = "The list as saved.", body = LocalGradesOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 422, response = doc::Invalid)))]
pub async fn put_local_grades(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    super::error::ApiJson(body): super::error::ApiJson<LocalGradesIn>,
) -> ApiResult<Json<LocalGradesOut>> {
    let list = services::import::set_local_grades(
        &state.app,
        user.actor(),
        organisation(&raw)?,
        &body.grades,
    )
    .await?;
    Ok(Json(list.into()))
}
