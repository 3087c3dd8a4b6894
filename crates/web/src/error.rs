//! The one place where an [`AppError`] meets HTTP: its status code, its stable `code` in JSON
//! bodies, and how it leaves a handler.
//!
//! - The API renders it as `{"error": {"code", "message", "fields": [...]}}` ([`json_response`]).
//! - Page handlers return [`PageError`], which carries the error itself (never a JSON body) to the
//!   page middleware in [`crate::session`], which knows the reader's language and session and
//!   renders an NHS.UK error page, or sends a signed-out reader to sign in. Forms that show field
//!   errors inline take them from [`inline_errors`] before that (`forms::form_with_errors`).
//!
//! Internal detail is logged with no personal data and never shown, so a database message can
//! never reach a browser.

use crate::i18n::{I18n, Lang};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use tandem_app::AppError;
use tandem_domain::ValidationErrors;

/// The HTTP status of each kind of error.
pub fn status(e: &AppError) -> StatusCode {
    match e {
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Conflict { .. } | AppError::Refused(_) => StatusCode::CONFLICT,
        AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
        AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The stable machine-readable code of the JSON body. A refusal about a form's field (recruitment)
/// has always read like a taken value on that field, `conflict` with the reason in `fields`; the
/// other refusals are `refused` with the reason in `message`.
pub fn code(e: &AppError) -> &'static str {
    match e {
        AppError::Unauthenticated => "unauthenticated",
        AppError::Forbidden => "forbidden",
        AppError::NotFound => "not_found",
        AppError::Validation(_) => "validation",
        AppError::Conflict { .. } => "conflict",
        AppError::Refused(r) if r.field().is_some() => "conflict",
        AppError::Refused(_) => "refused",
        AppError::PayloadTooLarge => "payload_too_large",
        AppError::BadRequest(_) => "bad_request",
        AppError::TooManyRequests { .. } => "too_many_requests",
        AppError::Busy { .. } => "busy",
        AppError::Internal(_) => "internal",
    }
}

fn pairs(params: &[(String, String)]) -> Vec<(&str, &str)> {
    params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// The placeholder values of an API message as a person reads them (a date in words); the
/// machine-readable `code` beside it stays as it is.
fn in_words(lang: Lang, params: Vec<(String, String)>) -> Vec<(String, String)> {
    params
        .into_iter()
        .map(|(k, v)| {
            let v = tandem_i18n::dates::param(lang, &v);
            (k, v)
        })
        .collect()
}

/// The API's JSON rendering: `{"error": {"code", "message", "fields": [{"field", "code", "message"}]}}`.
pub fn to_json(e: &AppError, i18n: &I18n, lang: Lang) -> serde_json::Value {
    let fields: Vec<serde_json::Value> = e
        .field_errors()
        .into_iter()
        .map(|(field, key, params)| {
            let params = in_words(lang, params);
            serde_json::json!({ "field": field, "code": key, "message": i18n.t_with(lang, &key, &pairs(&params)) })
        })
        .collect();
    let (key, params) = e.message();
    let params = in_words(lang, params);
    serde_json::json!({
        "error": {
            "code": code(e),
            "message": i18n.t_with(lang, key, &pairs(&params)),
            "fields": fields,
        }
    })
}

/// Whether a form shows this error in its own error summary, re-rendered with what was typed,
/// rather than an error page: its field errors, a taken value, and every refusal by the state of
/// things (a cap reached, a deadline passed, too early). The reader keeps their work and sees why;
/// an error page is for what the form cannot help with (not found, forbidden, a fault).
pub fn shown_on_form(e: &AppError) -> bool {
    matches!(
        e,
        AppError::Validation(_) | AppError::Conflict { .. } | AppError::Refused(_)
    )
}

/// What a form shows in its error summary instead of an error page: its field errors, a taken
/// value on its field, or a refusal. A refusal about one of the form's fields is shown against
/// that field; any other refusal is a problem of the whole form, listed in the summary with a
/// link to `anchor` (the id of where the reader acts on it: the form's first field or its
/// button). Anything else comes back as it was, for the error page.
pub fn inline_errors(e: AppError, anchor: &str) -> Result<ValidationErrors, AppError> {
    match e {
        AppError::Validation(v) => Ok(v),
        e @ (AppError::Conflict { .. } | AppError::Refused(_)) => {
            let mut problems = e.field_errors();
            if problems.is_empty()
                && let AppError::Refused(r) = &e
            {
                let (key, params) = r.message();
                let params = params
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect();
                problems.push((anchor.to_string(), key.to_string(), params));
            }
            if problems.is_empty() {
                return Err(e);
            }
            let mut v = ValidationErrors::new();
            for (field, key, params) in &problems {
                v.add_with(field, key, &pairs(params));
            }
            Ok(v)
        }
        other => Err(other),
    }
}

/// The JSON response of an error, logged once when internal.
pub fn json_response(e: &AppError, lang: Lang) -> Response {
    e.log();
    let mut res = (status(e), axum::Json(to_json(e, I18n::shared(), lang))).into_response();
    if matches!(e, AppError::Unauthenticated) {
        res.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    with_retry_after(e, res)
}

/// Adds `Retry-After` (seconds) to the response of an error worth retrying later (a rate limit,
/// a busy server), so well-behaved clients wait as long as they should.
pub fn with_retry_after(e: &AppError, mut res: Response) -> Response {
    if let Some(secs) = e.retry_after() {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    res
}

/// A page handler's error. It leaves the handler as a bodiless response carrying the error, which
/// the page middleware renders in the reader's language (see the module documentation).
#[derive(Debug)]
pub struct PageError(pub AppError);

/// What the page middleware finds on a failed page response.
#[derive(Clone, Debug)]
pub struct PageFailure(pub Arc<AppError>);

/// Result type of page handlers.
pub type PageResult<T = Response> = Result<T, PageError>;

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut res = status(&self.0).into_response();
        res.extensions_mut().insert(PageFailure(Arc::new(self.0)));
        res
    }
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl From<tandem_storage::StoreError> for PageError {
    fn from(e: tandem_storage::StoreError) -> Self {
        Self(e.into())
    }
}

impl From<tandem_domain::ValidationErrors> for PageError {
    fn from(e: tandem_domain::ValidationErrors) -> Self {
        Self(AppError::Validation(e))
    }
}
