//! The use cases' one error type. It says what went wrong in the user's terms and carries
//! translation keys, never HTTP: `tandem-web` decides the status code and whether it becomes an
//! error page, an inline form message or a JSON body; the command line prints it.

use crate::Refusal;
use tandem_domain::ValidationErrors;
use tandem_storage::{StoreError, UniqueField};

/// Everything that can go wrong in a use case, as the user should hear about it.
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
    /// A unique value is already taken (e.g. an e-mail address, an organisation's name).
    #[error("conflict on {field}")]
    Conflict { field: UniqueField },
    /// The request is understood and allowed, but the state of things refuses it (an offer
    /// past its deadline, a run whose inputs changed, no places left); the [`Refusal`] says why
    /// and carries what its explanation needs.
    #[error("refused: {0}")]
    Refused(Refusal),
    /// An upload over the size limit.
    #[error("payload too large")]
    PayloadTooLarge,
    /// Input that cannot be made sense of (a malformed choice or id in a form).
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// Too many attempts from this client or for this address or account in a while (rate
    /// limits and the progressive delay after failed sign-ins); worth trying again after
    /// `retry_after` seconds. Nothing was done or written.
    #[error("too many requests")]
    TooManyRequests { retry_after: u64 },
    /// This instance is at its limit for memory-hungry work (password hashing) and the request
    /// waited as long as it may; worth trying again after `retry_after` seconds.
    #[error("busy")]
    Busy { retry_after: u64 },
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

    /// The headline message's key and placeholder values.
    pub fn message(&self) -> (&'static str, Vec<(String, String)>) {
        match self {
            Self::Refused(r) => {
                let (key, params) = r.message();
                (key, owned(params))
            }
            Self::TooManyRequests { retry_after } | Self::Busy { retry_after } => (
                self.message_key(),
                vec![("seconds".to_string(), retry_after.to_string())],
            ),
            other => (other.message_key(), vec![]),
        }
    }

    /// Wraps any error as internal.
    pub fn internal<E: std::error::Error + Send + Sync + 'static>(e: E) -> Self {
        Self::Internal(Box::new(e))
    }

    /// Translation key of the headline message.
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "error.page.unauthenticated",
            Self::Forbidden => "error.page.forbidden",
            Self::NotFound => "error.page.not_found",
            Self::Validation(_) => "error.page.validation",
            Self::Conflict { .. } => "error.page.conflict",
            Self::Refused(r) => r.message().0,
            Self::PayloadTooLarge => "error.page.payload_too_large",
            Self::BadRequest(_) => "error.page.bad_request",
            Self::TooManyRequests { .. } => "security.error.too_many",
            Self::Busy { .. } => "security.error.busy",
            Self::Internal(_) => "error.page.internal",
        }
    }

    /// Field errors for forms and the JSON body: a conflict becomes an error on its field, and
    /// so does a refusal about a form's field (see [`Refusal::field`]).
    pub fn field_errors(&self) -> Vec<FieldProblem> {
        match self {
            Self::Validation(v) => v
                .errors
                .iter()
                .map(|e| (e.field.clone(), e.message.clone(), e.params.clone()))
                .collect(),
            Self::Conflict { field } => {
                vec![(
                    field.name().to_string(),
                    conflict_key(*field).to_string(),
                    vec![],
                )]
            }
            Self::Refused(r) => match r.field() {
                Some(field) => {
                    let (key, params) = r.message();
                    vec![(field.to_string(), key.to_string(), owned(params))]
                }
                None => vec![],
            },
            _ => vec![],
        }
    }

    /// Converts a conflict into a validation error on its field, so forms can show it inline.
    pub fn into_validation(self) -> Self {
        match self {
            Self::Conflict { field } => {
                let mut e = ValidationErrors::new();
                e.add(field.name(), conflict_key(field));
                Self::Validation(e)
            }
            other => other,
        }
    }

    /// Seconds worth waiting before trying again, for the `Retry-After` header.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::TooManyRequests { retry_after } | Self::Busy { retry_after } => {
                Some(*retry_after)
            }
            _ => None,
        }
    }

    /// Logs server-side detail once (internal errors only; no personal data is in these).
    pub fn log(&self) {
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
}

/// One field problem: field name, translation key, placeholder values.
pub type FieldProblem = (String, String, Vec<(String, String)>);

fn owned(params: Vec<(&'static str, String)>) -> Vec<(String, String)> {
    params
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

/// Translation key used when a unique field is already taken: the one place a taken value
/// becomes words.
pub fn conflict_key(field: UniqueField) -> &'static str {
    match field {
        // A clash found only on writing (another request took the address meanwhile) may be with
        // a person the actor cannot see: the answer that tells nothing about who.
        UniqueField::Email => "error.email_unavailable",
        UniqueField::Name => "error.name_taken",
        UniqueField::Role => "error.applications.already_applied",
        UniqueField::Id
        | UniqueField::Person
        | UniqueField::Places
        | UniqueField::Attendance
        | UniqueField::Run
        | UniqueField::Ranking
        | UniqueField::Token
        | UniqueField::Form => "error.already_exists",
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Conflict { field } => Self::Conflict { field },
            // A use case explains the refusals it expects in its own terms (with the deadline,
            // the cap…); one that reaches here is a race it did not foresee.
            StoreError::Refused(_) => Self::Refused(Refusal::ChangedMeanwhile),
            other => Self::Internal(Box::new(other)),
        }
    }
}

impl From<ValidationErrors> for AppError {
    fn from(e: ValidationErrors) -> Self {
        Self::Validation(e)
    }
}

/// Result type of the use cases.
pub type AppResult<T> = Result<T, AppError>;
