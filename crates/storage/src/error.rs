//! The storage error and its mapping from driver errors.
//!
//! Unique violations are recognised by the driver's error *kind*, never by constraint or index
//! names, because SQLite and PostgreSQL report those differently; each operation knows which
//! field its unique constraints protect and names it in [`StoreError::Conflict`].

use sqlx::error::ErrorKind;

#[derive(thiserror::Error, Debug)]
pub enum StoreError {
    /// The record does not exist, or a record it refers to (scheme, organisation, person…)
    /// does not exist.
    #[error("not found")]
    NotFound,
    /// A unique rule was broken; the string names the field, e.g. `"email"` or `"name"`.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("invalid url: {0}")]
    InvalidUrl(String),
    /// The request can never succeed as given (e.g. a role granted in a scope it cannot have);
    /// the string names what is wrong. Forms validate first, so this indicates a caller bug.
    #[error("invalid: {0}")]
    Invalid(String),
    #[error("database error")]
    Database(#[source] Box<dyn std::error::Error + Send + Sync>),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Maps a driver error with no unique rule in play.
pub(crate) fn db(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(ref d) if d.kind() == ErrorKind::ForeignKeyViolation => {
            StoreError::NotFound
        }
        other => StoreError::Database(Box::new(other)),
    }
}

/// Whether the driver error is a unique (or primary key) violation.
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.kind() == ErrorKind::UniqueViolation)
}

/// Maps a driver error, naming `field` when a unique rule was broken.
pub(crate) fn db_or_conflict(e: sqlx::Error, field: &str) -> StoreError {
    if is_unique_violation(&e) {
        StoreError::Conflict(field.to_string())
    } else {
        db(e)
    }
}

/// A stored value this version cannot read (e.g. an unknown enum code): data corruption or a
/// newer schema, reported as a database error.
#[derive(thiserror::Error, Debug)]
#[error("stored value not understood: {0}")]
pub(crate) struct Corrupt(pub String);

pub(crate) fn corrupt(what: impl Into<String>) -> StoreError {
    StoreError::Database(Box::new(Corrupt(what.into())))
}
