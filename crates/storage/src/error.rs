//! The storage error and its mapping from driver errors.
//!
//! Unique violations are recognised by the driver's error *kind*, never by constraint or index
//! names, because SQLite and PostgreSQL report those differently; each operation knows which
//! field its unique constraints protect and names it as a [`UniqueField`] in
//! [`StoreError::Conflict`]. A change that the state of the data refuses (a lost race, a deadline,
//! a cap) is a [`StoreError::Refused`] with its [`Clash`], so callers decide on a typed reason,
//! never on a string.

use sqlx::error::ErrorKind;

/// A value that must be unique and is already taken: what a unique (or primary key) rule
/// protects. The use cases turn it into an error on the form field of the same name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UniqueField {
    /// The record's own id: a create retried with the same id, or a record that exists already.
    Id,
    /// An e-mail address: a person's within their scheme, an account's across all schemes.
    Email,
    /// An organisation's name within its scheme.
    Name,
    /// The person of an account: a person has at most one account.
    Person,
    /// The role of an application: one application per person, intake and role.
    Role,
    /// An intake's places: each organisation is listed at most once.
    Places,
    /// A workshop's attendance: each person is listed at most once.
    Attendance,
    /// A match run's number within its intake (two runs started at the same moment).
    Run,
    /// A mentee's shortlist ranking: each mentor is ranked at most once.
    Ranking,
    /// A token's hash (browser sessions, API tokens, line managers' links).
    Token,
    /// An intake's application form (two first saves at the same moment).
    Form,
}

impl UniqueField {
    /// Every field, for exhaustive checks (e.g. that each has its message in every language).
    /// Each field names the next one in a `match` without a wildcard, so a new field does not
    /// compile until it takes its place in the chain.
    pub fn all() -> Vec<UniqueField> {
        let mut all = Vec::new();
        let mut next = Some(Self::Id);
        while let Some(f) = next {
            next = match f {
                Self::Id => Some(Self::Email),
                Self::Email => Some(Self::Name),
                Self::Name => Some(Self::Person),
                Self::Person => Some(Self::Role),
                Self::Role => Some(Self::Places),
                Self::Places => Some(Self::Attendance),
                Self::Attendance => Some(Self::Run),
                Self::Run => Some(Self::Ranking),
                Self::Ranking => Some(Self::Token),
                Self::Token => Some(Self::Form),
                Self::Form => None,
            };
            all.push(f);
        }
        all
    }

    /// The field's name as forms and API bodies know it (stable: API clients read it).
    pub fn name(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Email => "email",
            Self::Name => "name",
            Self::Person => "person",
            Self::Role => "role",
            Self::Places => "places",
            Self::Attendance => "attendance",
            Self::Run => "run",
            Self::Ranking => "ranking",
            Self::Token => "token_hash",
            Self::Form => "form",
        }
    }
}

impl std::fmt::Display for UniqueField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why the state of the data refused a change that was well-formed: someone else acted first, a
/// deadline or a cap stands in the way, or the caller's view is out of date. Nothing was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Clash {
    /// An offer was answered after its deadline.
    OfferClosed,
    /// An offer was let lapse before its deadline.
    OfferStillOpen,
    /// A member answered an offer they had answered already; or a survey request was answered
    /// (or declined) already.
    AlreadyAnswered,
    /// An agreement was edited since the caller read it (its version moved on).
    VersionChanged,
    /// The record is no longer in the status the change starts from (a relationship or an
    /// application moved on, e.g. someone else decided or it was withdrawn).
    StatusChanged,
    /// One more session would pass the programme's cap on sessions.
    SessionsCap,
    /// The session's minutes would pass the programme's cap on minutes.
    MinutesCap,
    /// A booked session would overlap another live session of one of the members.
    Overlap,
    /// A session changed since the caller saw it (its sequence moved on).
    Stale,
    /// Publishing a run whose inputs (the applications it read) changed since it ran.
    InputsChanged,
    /// Publishing a run that is no longer a draft (published already, or superseded).
    RunNotDraft,
    /// Moving a set meeting whose attendance is recorded already.
    AttendanceRecorded,
    /// Changing a set meeting's rota once a presenter's issue is recorded.
    IssuesRecorded,
    /// Approving an application when the organisation's places for the intake are all taken.
    PlacesFull,
    /// A line manager's link that was used already.
    LinkUsed,
    /// A line manager's link past its expiry.
    LinkExpired,
    /// First-run set-up of a database that holds a scheme already (or lost the race to another).
    SchemeExists,
    /// A set-up code that is unknown, used or expired.
    SetupCodeInvalid,
    /// Changing a survey that someone has answered: its questions stay as answered.
    SurveyAnswered,
    /// Answering a survey request outside the time its wave is open.
    WaveClosed,
}

#[derive(thiserror::Error, Debug)]
pub enum StoreError {
    /// The record does not exist, or a record it refers to (scheme, organisation, person…)
    /// does not exist.
    #[error("not found")]
    NotFound,
    /// A unique rule was broken: `field` is already taken.
    #[error("conflict: {field}")]
    Conflict { field: UniqueField },
    /// The state of the data refused the change (see [`Clash`]); nothing was written.
    #[error("refused: {0:?}")]
    Refused(Clash),
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
pub(crate) fn db_or_conflict(e: sqlx::Error, field: UniqueField) -> StoreError {
    if is_unique_violation(&e) {
        StoreError::Conflict { field }
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
