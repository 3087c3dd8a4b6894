//! The API's error responses and its JSON body extractor.
//!
//! Every failure leaves the API as one JSON shape,
//! `{"error": {"code", "message", "fields": [{"field", "code", "message"}]}}`: service errors are
//! rendered by [`crate::error::json_response`], and the failures that happen before a service is
//! reached (malformed JSON, a wrong content type, an oversized body, a value of the wrong type) are
//! rendered here in the same shape. axum's own rejections answer in plain text, so they never
//! reach a client unconverted.

use crate::AppError;
use crate::i18n::Lang;
use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

/// An error leaving the API.
#[derive(Debug)]
pub enum ApiError {
    /// A service's error (authorisation, validation, not found, ...).
    App(AppError),
    /// The bearer token was sent but is not valid (RFC 6750 `invalid_token`).
    InvalidToken,
    /// The body is not syntactically valid JSON.
    MalformedJson(String),
    /// The body is JSON but a value has the wrong type or an unknown code.
    InvalidValue { field: String, detail: String },
    /// A request the API cannot read (a malformed query string, a missing parameter).
    BadRequest(String),
    /// The body's content type is not one this operation accepts.
    UnsupportedMediaType(&'static str),
    /// The body is larger than this operation accepts.
    TooLarge,
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            // The pages' message for this names a size placeholder the API has no value for.
            AppError::PayloadTooLarge => ApiError::TooLarge,
            other => ApiError::App(other),
        }
    }
}

impl From<tandem_storage::StoreError> for ApiError {
    fn from(e: tandem_storage::StoreError) -> Self {
        ApiError::App(e.into())
    }
}

impl From<tandem_domain::ValidationErrors> for ApiError {
    fn from(e: tandem_domain::ValidationErrors) -> Self {
        ApiError::App(AppError::Validation(e))
    }
}

/// Result type of API handlers.
pub type ApiResult<T> = Result<T, ApiError>;

/// The `WWW-Authenticate` challenge of a request without credentials (RFC 6750 §3).
pub const CHALLENGE: &str = "Bearer realm=\"tandem\"";
/// The challenge when a token was sent but is unknown or revoked.
pub const CHALLENGE_INVALID: &str = "Bearer realm=\"tandem\", error=\"invalid_token\"";

fn body(code: &str, message: &str, fields: Vec<serde_json::Value>) -> serde_json::Value {
    serde_json::json!({ "error": { "code": code, "message": message, "fields": fields } })
}

/// The answer to every API request while the database holds no scheme: `503` with the code
/// `setup.required`, until an administrator has used the set-up page (or `tandem init`).
pub fn setup_required() -> Response {
    let message = tandem_i18n::I18n::shared().t(Lang::EnGb, "error.setup.required");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        axum::Json(body("setup.required", &message, vec![])),
    )
        .into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, json) = match self {
            // English messages: an API client keys on `code`; the messages are for a developer.
            ApiError::App(e) => {
                let unauthenticated = matches!(e, AppError::Unauthenticated);
                let mut res = crate::error::json_response(&e, Lang::EnGb);
                if unauthenticated {
                    res.headers_mut().insert(
                        header::WWW_AUTHENTICATE,
                        HeaderValue::from_static(CHALLENGE),
                    );
                }
                return res;
            }
            ApiError::InvalidToken => {
                let mut res = crate::error::json_response(&AppError::Unauthenticated, Lang::EnGb);
                res.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static(CHALLENGE_INVALID),
                );
                return res;
            }
            ApiError::MalformedJson(detail) => (
                StatusCode::BAD_REQUEST,
                body(
                    "malformed_json",
                    &format!("The request body is not valid JSON: {detail}"),
                    vec![],
                ),
            ),
            ApiError::BadRequest(detail) => (
                StatusCode::BAD_REQUEST,
                body("bad_request", &detail, vec![]),
            ),
            ApiError::InvalidValue { field, detail } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                body(
                    "validation",
                    "Some values are not valid.",
                    vec![
                        serde_json::json!({ "field": field, "code": "error.invalid_value", "message": detail }),
                    ],
                ),
            ),
            ApiError::UnsupportedMediaType(expected) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                body(
                    "unsupported_media_type",
                    &format!("Send the body as {expected}."),
                    vec![],
                ),
            ),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                body(
                    "payload_too_large",
                    "The request body is too large.",
                    vec![],
                ),
            ),
        };
        (status, axum::Json(json)).into_response()
    }
}

/// Largest JSON body accepted (a person, a programme with its rules or an intake is a few KiB).
pub const MAX_JSON_BYTES: usize = 256 * 1024;

/// A JSON request body whose rejections are API errors in the API's shape.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(r: JsonRejection) -> ApiError {
    match r {
        JsonRejection::MissingJsonContentType(_) => {
            ApiError::UnsupportedMediaType("application/json")
        }
        JsonRejection::JsonSyntaxError(e) => {
            ApiError::MalformedJson(strip_position(&inner_text(&e.body_text())))
        }
        JsonRejection::JsonDataError(e) => {
            let (field, detail) = split_path(&inner_text(&e.body_text()));
            ApiError::InvalidValue { field, detail }
        }
        JsonRejection::BytesRejection(b) => bytes_rejection(b),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
        other => ApiError::MalformedJson(other.body_text()),
    }
}

/// Maps a failure to read the body: over the limit is 413, anything else a bad request.
pub fn bytes_rejection(b: BytesRejection) -> ApiError {
    if b.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::TooLarge
    } else {
        ApiError::MalformedJson(b.body_text())
    }
}

/// axum prefixes its rejection texts with a sentence of its own; the part after it is serde's.
fn inner_text(text: &str) -> String {
    const PREFIXES: [&str; 2] = [
        "Failed to deserialize the JSON body into the target type: ",
        "Failed to parse the request body as JSON: ",
    ];
    PREFIXES
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text)
        .to_string()
}

/// serde_json ends its messages with " at line L column C"; a client wants the field instead.
fn strip_position(s: &str) -> String {
    match s.rfind(" at line ") {
        Some(i) if s[i..].contains(" column ") => s[..i].to_string(),
        _ => s.to_string(),
    }
}

/// Splits serde's "path: message" (as written by `serde_path_to_error`) into the field path and
/// the message. A path is made of field names, `.` and `[n]` only, so a message head such as
/// "invalid type" (which has a space) is never mistaken for one. At the top level there is no
/// path; "missing field `x`" then names the field itself.
pub(crate) fn split_path(text: &str) -> (String, String) {
    let text = strip_position(text);
    if let Some((head, rest)) = text.split_once(": ")
        && !head.is_empty()
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-'))
    {
        return (head.to_string(), rest.to_string());
    }
    if let Some(rest) = text.strip_prefix("missing field `")
        && let Some((name, _)) = rest.split_once('`')
    {
        return (name.to_string(), text.clone());
    }
    ("body".to_string(), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_path_is_split_from_the_message() {
        let (f, m) = split_path(
            "rules.session_cap: invalid type: string \"three\", expected u32 at line 1 column 40",
        );
        assert_eq!(f, "rules.session_cap");
        assert_eq!(m, "invalid type: string \"three\", expected u32");
    }

    #[test]
    fn a_sequence_index_stays_in_the_path() {
        let (f, _) = split_path("places[2].places: invalid value: integer `-1`, expected u32");
        assert_eq!(f, "places[2].places");
    }

    #[test]
    fn a_message_head_with_a_space_is_not_a_path() {
        let (f, m) = split_path("invalid type: sequence, expected struct X at line 1 column 1");
        assert_eq!(f, "body");
        assert_eq!(m, "invalid type: sequence, expected struct X");
    }

    #[test]
    fn a_missing_top_level_field_is_named() {
        let (f, _) = split_path("missing field `name` at line 1 column 2");
        assert_eq!(f, "name");
    }
}
