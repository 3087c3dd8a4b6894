//! One user-facing error shape for pages and the API.
//!
//! Services return [`AppError`]; the API renders it as a JSON body with per-field details, pages
//! render it as an NHS.UK error page (or, for form validation, as an error summary with inline
//! messages, done by the form's handler). Internal detail is logged with a reference number and
//! never shown, so a database message can never leak personal data or schema to a browser.

use crate::i18n::{I18n, Lang};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tandem_domain::ValidationErrors;
use tandem_storage::StoreError;

/// Everything that can go wrong in a request, as the user should hear about it.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not signed in (or the API token is missing or unknown).
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but the policy says no.
    #[error("forbidden")]
    Forbidden,
    /// No such thing, or the actor may not know it exists.
    #[error("not found")]
    NotFound,
    /// The submission has field errors (translation keys per field).
    #[error("invalid input")]
    Validation(ValidationErrors),
    /// A unique value is already taken (e.g. `email`, `name`).
    #[error("conflict on {field}")]
    Conflict { field: String },
    /// The request is understood and allowed, but the state of things refuses it (an offer
    /// past its deadline, a run whose inputs changed, no places left). `key` is the translation
    /// key of the explanation shown to the user, `params` fill its placeholders.
    #[error("refused: {key}")]
    Refused {
        key: &'static str,
        params: Vec<(String, String)>,
    },
    /// An upload or body over the size limit.
    #[error("payload too large")]
    PayloadTooLarge,
    /// A request the server cannot make sense of (malformed form, bad id, failed CSRF check).
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// Anything else; the detail is logged, the user sees a reference only.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    /// Builds a validation error with a single field problem.
    pub fn field(field: &str, key: &str) -> Self {
        let mut e = ValidationErrors::new();
        e.add(field, key);
        Self::Validation(e)
    }

    /// A refusal with its explanation (see [`AppError::Refused`]).
    pub fn refused(key: &'static str, params: &[(&str, &str)]) -> Self {
        Self::Refused {
            key,
            params: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// The headline message's key and placeholder values.
    pub fn message(&self) -> (&'static str, Vec<(String, String)>) {
        match self {
            Self::Refused { key, params } => (key, params.clone()),
            other => (other.message_key(), vec![]),
        }
    }

    /// Wraps any error as internal.
    pub fn internal<E: std::error::Error + Send + Sync + 'static>(e: E) -> Self {
        Self::Internal(Box::new(e))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict { .. } | Self::Refused { .. } => StatusCode::CONFLICT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable machine-readable code used in the JSON body.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "unauthenticated",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::Validation(_) => "validation",
            Self::Conflict { .. } => "conflict",
            Self::Refused { .. } => "refused",
            Self::PayloadTooLarge => "payload_too_large",
            Self::BadRequest(_) => "bad_request",
            Self::Internal(_) => "internal",
        }
    }

    /// Translation key of the headline message.
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "error.page.unauthenticated",
            Self::Forbidden => "error.page.forbidden",
            Self::NotFound => "error.page.not_found",
            Self::Validation(_) => "error.page.validation",
            Self::Conflict { .. } => "error.page.conflict",
            Self::Refused { key, .. } => key,
            Self::PayloadTooLarge => "error.page.payload_too_large",
            Self::BadRequest(_) => "error.page.bad_request",
            Self::Internal(_) => "error.page.internal",
        }
    }

    /// Field errors for the JSON body and forms: a conflict becomes an error on its field.
    pub fn field_errors(&self) -> Vec<FieldProblem> {
        match self {
            Self::Validation(v) => v
                .errors
                .iter()
                .map(|e| (e.field.clone(), e.message.clone(), e.params.clone()))
                .collect(),
            Self::Conflict { field } => {
                vec![(field.clone(), conflict_key(field).to_string(), vec![])]
            }
            _ => vec![],
        }
    }

    /// Converts a conflict into a validation error on its field, so forms can show it inline.
    pub fn into_validation(self) -> Self {
        match self {
            Self::Conflict { field } => {
                let mut e = ValidationErrors::new();
                e.add(&field, conflict_key(&field));
                Self::Validation(e)
            }
            other => other,
        }
    }

    /// Logs server-side detail once (internal errors only; no personal data is in these).
    pub(crate) fn log(&self) {
        if let Self::Internal(e) = self {
            let mut chain = e.to_string();
            let mut src = e.source();
            while let Some(s) = src {
                chain.push_str(": ");
                chain.push_str(&s.to_string());
                src = s.source();
            }
            tracing::error!(error = %chain, "internal error");
        }
    }

    /// The API's JSON rendering: `{"error": {"code", "message", "fields": [{"field", "message"}]}}`.
    pub fn to_json(&self, i18n: &I18n, lang: Lang) -> serde_json::Value {
        let fields: Vec<serde_json::Value> = self
            .field_errors()
            .into_iter()
            .map(|(field, key, params)| {
                let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                serde_json::json!({ "field": field, "code": key, "message": i18n.t_with(lang, &key, &params) })
            })
            .collect();
        let (key, params) = self.message();
        let params: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        serde_json::json!({
            "error": {
                "code": self.code(),
                "message": i18n.t_with(lang, key, &params),
                "fields": fields,
            }
        })
    }

    /// JSON response in the given language (the API uses this directly).
    pub fn into_json_response(self, i18n: &I18n, lang: Lang) -> Response {
        self.log();
        let mut res = (self.status(), axum::Json(self.to_json(i18n, lang))).into_response();
        if matches!(self, Self::Unauthenticated) {
            res.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        res
    }
}

/// One field problem: field name, translation key, placeholder values.
pub type FieldProblem = (String, String, Vec<(String, String)>);

/// Translation key used when a unique field is already taken.
pub fn conflict_key(field: &str) -> &'static str {
    match field {
        "email" => "error.email_taken",
        "name" => "error.name_taken",
        "role" => "error.applications.already_applied",
        _ => "error.already_exists",
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Conflict(field) => Self::Conflict { field },
            other => Self::Internal(Box::new(other)),
        }
    }
}

impl From<ValidationErrors> for AppError {
    fn from(e: ValidationErrors) -> Self {
        Self::Validation(e)
    }
}

/// Marker placed on error responses so the page layer can re-render them as HTML in the reader's
/// language with the site chrome (see `pages::render_error_pages`).
#[derive(Clone, Debug)]
pub struct ErrorMarker {
    pub status: StatusCode,
    pub message_key: &'static str,
    pub params: Vec<(String, String)>,
}

/// Default rendering: English JSON, marked so that page routes turn it into an HTML page.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (message_key, params) = self.message();
        let marker = ErrorMarker {
            status: self.status(),
            message_key,
            params,
        };
        let mut res = self.into_json_response(I18n::shared(), Lang::EnGb);
        res.extensions_mut().insert(marker);
        res
    }
}

/// Result type of services and handlers.
pub type AppResult<T> = Result<T, AppError>;
